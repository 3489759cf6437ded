/**
 * Evidence of an activity: photos and minutes (PDF, DOCX, images), kept in the file store.
 * Every file passes `checkUpload` (type from the content; an image is decoded and encoded
 * again, which drops its EXIF — GPS position, device — since these are photos of children);
 * an image also gets a small thumbnail for the page. The file is stored before its row, and
 * removed again if the transaction fails.
 */
import { createHash, randomUUID } from 'node:crypto';
import sharp from 'sharp';
import { authorize } from '#src/core/access/guard.ts';
import { personOf } from '#src/core/access/policy.ts';
import type { ActivityFileDto } from '#src/core/activities/dto.ts';
import type { CallContext, Db } from '#src/server/context.ts';
import { recordAudit } from '#src/server/features/audit/audit.service.ts';
import { FileNotFoundError, type FileStore } from '#src/server/files/file-store.ts';
import { checkUpload, imageWork, uploadFileName, UploadTooLargeError } from '#src/server/files/upload-check.ts';
import { newsShowsPhoto } from '#src/server/features/news/news.service.ts';
import { activityChanged } from './activity-events.ts';
import { ActivityConflictError, ActivityFileNotFoundError } from './activities.errors.ts';
import { deleteFileRow, findFileRow, insertFile, listPersonRows } from './activities.repository.ts';
import { fileDto, loadActivityFor } from './activities.service.ts';

/** 15 MB: a phone photo is 3–8 MB; minutes of several scanned pages fit too. */
export const MAX_EVIDENCE_BYTES = 15 * 1024 * 1024;
export const EVIDENCE_UPLOAD = { field: 'file', allowed: ['image', 'pdf', 'docx'], maxBytes: MAX_EVIDENCE_BYTES } as const;
export const evidenceTooLarge = () => new UploadTooLargeError(EVIDENCE_UPLOAD.field, EVIDENCE_UPLOAD.maxBytes);
/** The thumbnail's longer side, in pixels. */
const THUMBNAIL_SIZE = 480;


export async function uploadEvidence(
  trx: Db,
  ctx: CallContext,
  activityId: string,
  input: { fileName: string; bytes: Buffer; truncated: boolean },
  now: Date,
  files: FileStore,
): Promise<ActivityFileDto> {
  const loaded = await loadActivityFor(trx, ctx, activityId, now, true);
  authorize(ctx.actor, 'activity.uploadEvidence', loaded.facts, { onState: () => new ActivityConflictError('ACTIVITY_PAIR_NOT_ACTIVE') });
  if (loaded.activity.status === 'cancelled') throw new ActivityConflictError('ACTIVITY_CLOSED');
  if (input.truncated) throw evidenceTooLarge();
  const checked = await checkUpload(input.bytes, EVIDENCE_UPLOAD);
  const isImage = checked.mediaType.startsWith('image/');
  const id = randomUUID();
  const folder = `activities/${now.getUTCFullYear()}/${activityId}`;
  const key = `${folder}/${id}.${checked.extension}`;
  let thumbnailKey: string | null = null;
  let size: { width: number | null; height: number | null } = { width: null, height: null };
  if (isImage) {
    const meta = await sharp(checked.bytes).metadata();
    size = { width: meta.width ?? null, height: meta.height ?? null };
    const thumb = await imageWork(() =>
      sharp(checked.bytes).resize(THUMBNAIL_SIZE, THUMBNAIL_SIZE, { fit: 'inside', withoutEnlargement: true }).webp({ quality: 80 }).toBuffer(),
    );
    thumbnailKey = `${folder}/${id}.thumb.webp`;
    await files.put(thumbnailKey, thumb);
  }
  await files.put(key, checked.bytes);
  try {
    const row = await insertFile(trx, {
      id,
      activity_id: activityId,
      kind: isImage ? 'photo' : 'minutes',
      file_name: uploadFileName(input.fileName, checked.extension, 'minh-chung'),
      media_type: checked.mediaType,
      size_bytes: checked.bytes.length,
      sha256: createHash('sha256').update(checked.bytes).digest('hex'),
      storage_key: key,
      thumbnail_key: thumbnailKey,
      ...size,
      uploaded_by_user_id: personOf(ctx.actor)?.userId ?? null,
      uploaded_at: now,
    });
    const out = fileDto(row);
    await recordAudit(trx, ctx, { action: 'activity.evidence.upload', entity: 'activity', entityId: activityId, pairId: loaded.activity.pair_id, after: out });
    const a = loaded.activity;
    await activityChanged(trx, {
      kind: 'evidence',
      activityId,
      pairId: a.pair_id,
      hostSchoolId: a.host_school_id,
      title: a.title,
      startsOn: a.starts_on,
      endsOn: a.ends_on,
      status: a.status,
      personUserIds: (await listPersonRows(trx, [activityId])).map((p) => p.user_id),
      byUserId: personOf(ctx.actor)?.userId ?? null,
      at: now,
    });
    return out;
  } catch (err) {
    await files.delete(key).catch(() => {});
    if (thumbnailKey) await files.delete(thumbnailKey).catch(() => {});
    throw err;
  }
}

/** A file of an activity the caller may see (the thumbnail of an image when asked). */
export async function readEvidence(db: Db, ctx: CallContext, activityId: string, fileId: string, thumbnail: boolean, now: Date, files: FileStore) {
  await loadActivityFor(db, ctx, activityId, now);
  const row = await findFileRow(db, activityId, fileId);
  if (!row || (thumbnail && !row.thumbnail_key)) throw new ActivityFileNotFoundError();
  const key = thumbnail ? row.thumbnail_key! : row.storage_key;
  const bytes = await files.get(key).catch((err: unknown) => {
    throw err instanceof FileNotFoundError ? new ActivityFileNotFoundError() : err;
  });
  return { bytes, fileName: thumbnail ? row.file_name.replace(/\.[A-Za-z0-9]+$/u, '.webp') : row.file_name, mediaType: thumbnail ? 'image/webp' : row.media_type };
}

// plans-e2e
/**
 * Take an evidence file off an activity (a wrong photo, minutes of another meeting): by the host
 * school's leader or coordinator while the activity is not reported, nor while its news post shows
 * the photo. The row goes and the audit row is written in one transaction; the file and its
 * thumbnail leave the file store once that transaction committed (a failed one keeps them).
 */
export async function deleteEvidence(db: Db, ctx: CallContext, activityId: string, fileId: string, now: Date, files: FileStore): Promise<void> {
  const keys = await db.transaction().execute(async (trx) => {
    const loaded = await loadActivityFor(trx, ctx, activityId, now, true);
    authorize(ctx.actor, 'activity.deleteEvidence', loaded.facts, { onState: () => new ActivityConflictError('ACTIVITY_PAIR_NOT_ACTIVE') });
    const row = await findFileRow(trx, activityId, fileId);
    if (!row) throw new ActivityFileNotFoundError();
    if (loaded.activity.status === 'reported') throw new ActivityConflictError('ACTIVITY_EVIDENCE_REPORTED');
    if (await newsShowsPhoto(trx, activityId, fileId)) throw new ActivityConflictError('ACTIVITY_EVIDENCE_IN_NEWS');
    await deleteFileRow(trx, fileId);
    await recordAudit(trx, ctx, { action: 'activity.evidence.delete', entity: 'activity', entityId: activityId, pairId: loaded.activity.pair_id, before: { ...fileDto(row), sha256: row.sha256 }, after: null });
    return [row.storage_key, ...(row.thumbnail_key ? [row.thumbnail_key] : [])];
  });
  for (const key of keys) await files.delete(key);
}
