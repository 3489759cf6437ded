/** Scanned copies of the paper original of an MoU, kept with its version. */
import { createHash, randomUUID } from 'node:crypto';
import { mkdir, readFile, unlink, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { DomainError, ForbiddenError } from '#src/core/errors.ts';
import { MAX_SCAN_BYTES, SCAN_EXTENSIONS, sniffScanType } from '#src/core/mou/file-type.ts';
import type { ScanDto } from '#src/core/pairs/dto.ts';
import { isoDateInHanoi } from '#src/core/vn/format.ts';
import type { CallContext, Db } from '#src/server/context.ts';
import { recordAudit } from '#src/server/features/audit/audit.service.ts';
import { MouNotFoundError, PairConflictError, ScanNotFoundError } from './pairs.errors.ts';
import { findMouRow, findScanRow, insertScan, latestMouRow, listScanRows, signedMouRow } from './pairs.repository.ts';
import type { MouScanTable } from './pair.table.ts';
import type { Selectable } from 'kysely';
import { isAdmin, leaderSchoolOf, loadPairFor } from './pairs.service.ts';

export class ScanTypeRefusedError extends DomainError {
  constructor() {
    super('SCAN_TYPE_REFUSED', 415, {}, 'file');
  }
}

export class ScanTooLargeError extends DomainError {
  constructor() {
    super('SCAN_TOO_LARGE', 413, { megabytes: MAX_SCAN_BYTES / 1024 / 1024 }, 'file');
  }
}

export const scanDto = (r: Selectable<MouScanTable>, version: number): ScanDto => ({
  id: r.id,
  mouVersion: version,
  fileName: r.file_name,
  mediaType: r.media_type,
  sizeBytes: r.size_bytes,
  sha256: r.sha256,
  uploadedAt: r.uploaded_at.toISOString(),
});

export const uploadsDir = (dataDir: string | undefined) => join(dataDir ?? './data', 'uploads');

export async function listScans(db: Db, ctx: CallContext, pairId: string, now: Date, versions: Map<string, number>): Promise<ScanDto[]> {
  await loadPairFor(db, ctx, pairId, isoDateInHanoi(now));
  const rows = await listScanRows(db, [...versions.keys()]);
  return rows.map((r) => scanDto(r, versions.get(r.mou_id) ?? 0));
}

/** A file name safe to show and to send back: no path, no control characters, at most 150 characters. */
function cleanFileName(name: string, ext: string): string {
  const base = name.split(/[\\/]/u).pop()!.normalize('NFC').replace(/[\p{Cc}"<>|:*?]/gu, '').trim().slice(0, 150);
  if (!base) return `ban-scan.${ext}`;
  return /\.[A-Za-z0-9]{1,5}$/u.test(base) ? base.replace(/\.[A-Za-z0-9]{1,5}$/u, `.${ext}`) : `${base}.${ext}`;
}

/**
 * Keep the scanned original of a version (by default the one in force, else the latest
 * draft signed on paper). The file's type comes from its content; the file is written
 * before the row, and removed again if the transaction fails.
 */
export async function uploadScan(
  trx: Db,
  ctx: CallContext,
  pairId: string,
  input: { version?: number | undefined; fileName: string; bytes: Buffer; truncated: boolean },
  now: Date,
  dataDir: string | undefined,
): Promise<ScanDto> {
  const { pair, members } = await loadPairFor(trx, ctx, pairId, isoDateInHanoi(now), true);
  if (!leaderSchoolOf(ctx.actor, members) && !isAdmin(ctx.actor)) throw new ForbiddenError();
  if (pair.state !== 'approved' && pair.state !== 'active' && pair.state !== 'completed') throw new PairConflictError('PAIR_NOT_ACTIVE');
  if (input.truncated || input.bytes.length > MAX_SCAN_BYTES) throw new ScanTooLargeError();
  const mediaType = sniffScanType(input.bytes);
  if (!mediaType) throw new ScanTypeRefusedError();
  const mou = input.version ? await findMouRow(trx, pairId, input.version) : ((await signedMouRow(trx, pairId)) ?? (await latestMouRow(trx, pairId)));
  if (!mou) throw new MouNotFoundError();
  const ext = SCAN_EXTENSIONS[mediaType];
  const key = `mou-scans/${now.getUTCFullYear()}/${randomUUID()}.${ext}`;
  const path = join(uploadsDir(dataDir), key);
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, input.bytes, { mode: 0o600 });
  try {
    const row = await insertScan(trx, {
      mou_id: mou.id,
      file_name: cleanFileName(input.fileName, ext),
      media_type: mediaType,
      size_bytes: input.bytes.length,
      sha256: createHash('sha256').update(input.bytes).digest('hex'),
      storage_key: key,
      uploaded_by_user_id: ctx.actor?.userId ?? null,
      uploaded_at: now,
    });
    const out = scanDto(row, mou.version);
    await recordAudit(trx, ctx, { action: 'mou.scan.upload', entity: 'pair', entityId: pairId, after: out });
    return out;
  } catch (err) {
    await unlink(path).catch(() => {});
    throw err;
  }
}

export async function readScan(db: Db, ctx: CallContext, pairId: string, scanId: string, now: Date, dataDir: string | undefined) {
  await loadPairFor(db, ctx, pairId, isoDateInHanoi(now));
  const row = await findScanRow(db, pairId, scanId);
  if (!row) throw new ScanNotFoundError();
  const bytes = await readFile(join(uploadsDir(dataDir), row.storage_key)).catch(() => {
    throw new ScanNotFoundError();
  });
  return { bytes, fileName: row.file_name, mediaType: row.media_type };
}
