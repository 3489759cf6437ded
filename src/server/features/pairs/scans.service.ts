/** Scanned copies of the paper original of an MoU, kept with its version. */
import { createHash, randomUUID } from 'node:crypto';
import { MAX_SCAN_BYTES } from '#src/core/mou/limits.ts';
import type { ScanDto } from '#src/core/pairs/dto.ts';
import { isoDateInHanoi } from '#src/core/vn/format.ts';
import type { CallContext, Db } from '#src/server/context.ts';
import { recordAudit } from '#src/server/features/audit/audit.service.ts';
import { FileNotFoundError, type FileStore } from '#src/server/files/file-store.ts';
import { checkUpload, uploadFileName, UploadTooLargeError, type DOCX_MEDIA_TYPE, type UploadMediaType } from '#src/server/files/upload-check.ts';
import { MouNotFoundError, PairConflictError, ScanNotFoundError } from './pairs.errors.ts';
import { findMouRow, findScanRow, insertScan, latestMouRow, listScanRows, signedMouRow } from './pairs.repository.ts';
import type { MouScanTable } from './pair.table.ts';
import type { Selectable } from 'kysely';
import { loadPairFor, userIdOf } from './pairs.service.ts';
import { authorize } from '#src/core/access/guard.ts';

/** A scan is a PDF or a photo of the paper original, sent in the multipart field `file`. */
export const SCAN_UPLOAD = { field: 'file', allowed: ['pdf', 'image'], maxBytes: MAX_SCAN_BYTES } as const;

export const scanTooLarge = () => new UploadTooLargeError(SCAN_UPLOAD.field, SCAN_UPLOAD.maxBytes);

export const scanDto = (r: Selectable<MouScanTable>, version: number): ScanDto => ({
  id: r.id,
  mouVersion: version,
  fileName: r.file_name,
  mediaType: r.media_type,
  sizeBytes: r.size_bytes,
  sha256: r.sha256,
  uploadedAt: r.uploaded_at.toISOString(),
});

export async function listScans(db: Db, ctx: CallContext, pairId: string, now: Date, versions: Map<string, number>): Promise<ScanDto[]> {
  await loadPairFor(db, ctx, pairId, isoDateInHanoi(now));
  const rows = await listScanRows(db, [...versions.keys()]);
  return rows.map((r) => scanDto(r, versions.get(r.mou_id) ?? 0));
}

/**
 * Keep the scanned original of a version (by default the one in force, else the latest
 * draft signed on paper). The file passes `checkUpload` (type from the content, a PDF must
 * parse, a photo is re-encoded without its EXIF); it is stored before the row, and removed
 * again if the transaction fails.
 */
export async function uploadScan(
  trx: Db,
  ctx: CallContext,
  pairId: string,
  input: { version?: number | undefined; fileName: string; bytes: Buffer; truncated: boolean },
  now: Date,
  files: FileStore,
): Promise<ScanDto> {
  const { facts } = await loadPairFor(trx, ctx, pairId, isoDateInHanoi(now), true);
  authorize(ctx.actor, 'mou.uploadScan', facts, { onState: () => new PairConflictError('PAIR_NOT_ACTIVE') });
  if (input.truncated) throw scanTooLarge();
  const checked = await checkUpload(input.bytes, SCAN_UPLOAD);
  const mou = input.version ? await findMouRow(trx, pairId, input.version) : ((await signedMouRow(trx, pairId)) ?? (await latestMouRow(trx, pairId)));
  if (!mou) throw new MouNotFoundError();
  const ext = checked.extension;
  const key = `mou-scans/${now.getUTCFullYear()}/${randomUUID()}.${ext}`;
  await files.put(key, checked.bytes);
  try {
    const row = await insertScan(trx, {
      mou_id: mou.id,
      file_name: uploadFileName(input.fileName, ext, 'ban-scan'),
      // SCAN_UPLOAD allows no Word files.
      media_type: checked.mediaType as Exclude<UploadMediaType, typeof DOCX_MEDIA_TYPE>,
      size_bytes: checked.bytes.length,
      sha256: createHash('sha256').update(checked.bytes).digest('hex'),
      storage_key: key,
      uploaded_by_user_id: userIdOf(ctx),
      uploaded_at: now,
    });
    const out = scanDto(row, mou.version);
    await recordAudit(trx, ctx, { action: 'mou.scan.upload', entity: 'pair', entityId: pairId, after: out });
    return out;
  } catch (err) {
    await files.delete(key).catch(() => {});
    throw err;
  }
}

export async function readScan(db: Db, ctx: CallContext, pairId: string, scanId: string, now: Date, files: FileStore) {
  await loadPairFor(db, ctx, pairId, isoDateInHanoi(now));
  const row = await findScanRow(db, pairId, scanId);
  if (!row) throw new ScanNotFoundError();
  const bytes = await files.get(row.storage_key).catch((err: unknown) => {
    throw err instanceof FileNotFoundError ? new ScanNotFoundError() : err;
  });
  return { bytes, fileName: row.file_name, mediaType: row.media_type };
}
