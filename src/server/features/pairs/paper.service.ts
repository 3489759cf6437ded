/**
 * Paper steps: most schools have no account on day one and answer on paper. The department
 * (or the officer of the area the school stands in) records the school's acceptance of a
 * pair, or its signature of an MoU version, on the school's behalf, with the scanned letter.
 * Each record is one transaction and one audit row; the step then counts exactly as the
 * school's own (the last acceptance makes the pair `accepted`, the last signature puts the
 * version in force) and is shown as "xác nhận trên giấy" wherever it appears.
 */
import { createHash, randomUUID } from 'node:crypto';
import { z } from 'zod';
import { authorize } from '#src/core/access/guard.ts';
import { can, type Principal, type Resource } from '#src/core/access/policy.ts';
import { ValidationError } from '#src/core/errors.ts';
import { MAX_SCAN_BYTES } from '#src/core/mou/limits.ts';
import type { MouVersionDto, PaperRecordDto } from '#src/core/pairs/dto.ts';
import { transition } from '#src/core/pairs/state-machine.ts';
import { isoDateText } from '#src/core/text-schema.ts';
import { isoDateInHanoi } from '#src/core/vn/format.ts';
import type { CallContext, Db } from '#src/server/context.ts';
import { recordAudit } from '#src/server/features/audit/audit.service.ts';
import { FileNotFoundError, type FileStore } from '#src/server/files/file-store.ts';
import { checkUpload, uploadFileName, UploadTooLargeError } from '#src/server/files/upload-check.ts';
import { addSignature, documentNumberField, getMouVersion } from './mou.service.ts';
import type { PaperRecordTable } from './paper.table.ts';
import { schoolsWithLeaderAccount } from '#src/server/features/users/users.repository.ts';
import { findPaperRecord, insertPaperRecord, listPaperRecords, type PaperRecordWithName } from './paper.repository.ts';
import { PaperRecordNotFoundError, PairConflictError } from './pairs.errors.ts';
import { findMouById, updateMember, updatePair, type MemberRow } from './pairs.repository.ts';
import { loadPairFor, stateRefusal, userIdOf } from './pairs.service.ts';

/** The scanned letter: a PDF or a photo, sent in the multipart field `file` (as the MoU scans). */
export const LETTER_UPLOAD = { field: 'file', allowed: ['pdf', 'image'], maxBytes: MAX_SCAN_BYTES } as const;
export const letterTooLarge = () => new UploadTooLargeError(LETTER_UPLOAD.field, LETTER_UPLOAD.maxBytes);

/** The query of both recording routes (the body is the letter). */
export const paperAcceptanceQuery = z.strictObject({
  schoolId: z.string().uuid(),
  /** The date written on the letter (not after today). */
  datedOn: isoDateText('date_format'),
});
export const paperSignatureQuery = paperAcceptanceQuery.extend({
  /** The version printed and signed (the latest draft), and its SHA-256 as the page showed it. */
  version: z.coerce.number().int().min(1),
  sha256: z.string().regex(/^[0-9a-f]{64}$/u),
  /** With the last signature only: the number written on the paper original from the first party's register. */
  documentNumber: z.coerce.number().pipe(documentNumberField).optional(),
});

export interface Letter {
  fileName: string;
  bytes: Buffer;
  truncated: boolean;
}

export const toPaperRecordDto = (r: PaperRecordWithName, versions: Map<string, number> = new Map()): PaperRecordDto => ({
  id: r.id,
  kind: r.kind,
  schoolId: r.school_id,
  mouVersion: r.mou_id ? (versions.get(r.mou_id) ?? null) : null,
  datedOn: r.dated_on,
  fileName: r.file_name,
  mediaType: r.media_type,
  sizeBytes: r.size_bytes,
  recordedBy: r.recorded_by_name ?? null,
  recordedAt: r.recorded_at.toISOString(),
});

/** What the caller may record on paper for each member school now (the pair page's buttons). */
export function paperActionsFor(actor: Principal | null, facts: Resource, schoolId: string): ('accept' | 'sign')[] {
  const r = { ...facts, memberSchoolId: schoolId };
  const out: ('accept' | 'sign')[] = [];
  if (can(actor, 'pair.acceptOnPaper', r)) out.push('accept');
  if (can(actor, 'mou.signOnPaper', r)) out.push('sign');
  return out;
}

export async function listPaperRecordDtos(db: Db, pairId: string, versions: Map<string, number>): Promise<PaperRecordDto[]> {
  return (await listPaperRecords(db, pairId)).map((r) => toPaperRecordDto(r, versions));
}

/**
 * Check the letter, store it, then run `write` (which inserts the record): the file is
 * removed again if the transaction fails.
 */
async function withLetter<T>(letter: Letter, now: Date, files: FileStore, write: (stored: { key: string; fileName: string; mediaType: 'application/pdf' | 'image/jpeg' | 'image/png' | 'image/webp'; bytes: Buffer }) => Promise<T>): Promise<T> {
  if (letter.truncated) throw letterTooLarge();
  const checked = await checkUpload(letter.bytes, LETTER_UPLOAD);
  const key = `paper-letters/${now.getUTCFullYear()}/${randomUUID()}.${checked.extension}`;
  await files.put(key, checked.bytes);
  try {
    // LETTER_UPLOAD admits only PDFs and photos.
    return await write({ key, fileName: uploadFileName(letter.fileName, checked.extension, 'thu-xac-nhan'), mediaType: checked.mediaType as PaperRecordTable['media_type'], bytes: checked.bytes });
  } catch (err) {
    await files.delete(key).catch(() => {});
    throw err;
  }
}

const notAfterToday = (datedOn: string, today: string) => {
  if (datedOn > today) throw new ValidationError('datedOn', 'date_not_in_future');
};

const memberOf = (members: readonly MemberRow[], schoolId: string) => members.find((m) => m.school_id === schoolId);

/**
 * Record a member school's acceptance made on paper. Counts as the school's answer: the
 * last acceptance makes the pair `accepted`.
 */
export async function recordPaperAcceptance(
  trx: Db,
  ctx: CallContext,
  pairId: string,
  input: z.infer<typeof paperAcceptanceQuery> & { letter: Letter },
  now: Date,
  files: FileStore,
): Promise<PaperRecordDto> {
  const today = isoDateInHanoi(now);
  const { pair, members, facts } = await loadPairFor(trx, ctx, pairId, today, true);
  authorize(ctx.actor, 'pair.acceptOnPaper', { ...facts, memberSchoolId: input.schoolId }, {
    onState: (d) => (d.code ? new PairConflictError(d.code, 'schoolId') : stateRefusal(pair.state, 'accept')()),
  });
  notAfterToday(input.datedOn, today);
  const member = memberOf(members, input.schoolId)!;
  return withLetter(input.letter, now, files, async (stored) => {
    const row = await insertPaperRecord(trx, {
      pair_id: pairId,
      school_id: input.schoolId,
      kind: 'acceptance',
      mou_id: null,
      dated_on: input.datedOn,
      file_name: stored.fileName,
      media_type: stored.mediaType,
      size_bytes: stored.bytes.length,
      sha256: createHash('sha256').update(stored.bytes).digest('hex'),
      storage_key: stored.key,
      recorded_by_user_id: userIdOf(ctx),
      recorded_at: now,
    });
    await updateMember(trx, pairId, member.school_id, { accepted_at: now, responded_by_user_id: null });
    const allAccepted = members.every((m) => m.school_id === member.school_id || m.accepted_at);
    const state = allAccepted ? transition(pair.state, 'accept') : pair.state;
    if (state !== pair.state) await updatePair(trx, pairId, { state, updated_at: now });
    await recordAudit(trx, ctx, {
      action: 'pair.accept.paper',
      entity: 'pair',
      entityId: pairId,
      before: { state: pair.state },
      after: { state, schoolId: member.school_id, onPaper: { recordId: row.id, datedOn: input.datedOn, sha256: row.sha256, fileName: row.file_name } },
    });
    const named = (await listPaperRecords(trx, pairId)).find((r) => r.id === row.id)!;
    return toPaperRecordDto(named);
  });
}

/**
 * Record a member school's signature, made on paper, of the latest draft (the version and
 * hash the page showed, as a leader signing in the app). The last signature puts the
 * version in force, numbered from the counter or with the number written on the original.
 */
export async function recordPaperSignature(
  trx: Db,
  ctx: CallContext,
  pairId: string,
  input: z.infer<typeof paperSignatureQuery> & { letter: Letter },
  now: Date,
  files: FileStore,
  publicUrl: string,
): Promise<MouVersionDto> {
  const today = isoDateInHanoi(now);
  const { pair, members, facts } = await loadPairFor(trx, ctx, pairId, today, true);
  authorize(ctx.actor, 'mou.signOnPaper', { ...facts, memberSchoolId: input.schoolId }, { onState: stateRefusal(pair.state, 'sign') });
  notAfterToday(input.datedOn, today);
  return withLetter(input.letter, now, files, async (stored) => {
    const signed = await addSignature(trx, {
      pair,
      members,
      schoolId: input.schoolId,
      version: input.version,
      sha256: input.sha256,
      signedByUserId: null,
      signedAt: now,
      documentNumber: input.documentNumber,
      today,
    });
    const mou = await findMouById(trx, signed.row.id);
    const row = await insertPaperRecord(trx, {
      pair_id: pairId,
      school_id: input.schoolId,
      kind: 'signature',
      mou_id: mou!.id,
      dated_on: input.datedOn,
      file_name: stored.fileName,
      media_type: stored.mediaType,
      size_bytes: stored.bytes.length,
      sha256: createHash('sha256').update(stored.bytes).digest('hex'),
      storage_key: stored.key,
      recorded_by_user_id: userIdOf(ctx),
      recorded_at: now,
    });
    await recordAudit(trx, ctx, {
      action: signed.complete ? 'mou.sign.paper.complete' : 'mou.sign.paper',
      entity: 'pair',
      entityId: pairId,
      after: { ...signed.audit, onPaper: { recordId: row.id, datedOn: input.datedOn, sha256: row.sha256, fileName: row.file_name } },
    });
    return getMouVersion(trx, ctx, pairId, signed.row.version, now, publicUrl);
  });
}

/** The scanned letter of a paper record, for anyone who may see the pair. */
export async function readPaperLetter(db: Db, ctx: CallContext, pairId: string, recordId: string, now: Date, files: FileStore) {
  await loadPairFor(db, ctx, pairId, isoDateInHanoi(now));
  const row = await findPaperRecord(db, pairId, recordId);
  if (!row) throw new PaperRecordNotFoundError();
  const bytes = await files.get(row.storage_key).catch((err: unknown) => {
    throw err instanceof FileNotFoundError ? new PaperRecordNotFoundError() : err;
  });
  return { bytes, fileName: row.file_name, mediaType: row.media_type };
}

/**
 * Of these schools, those with no enabled leader account today (the matching page's
 * "chưa có tài khoản"): their answers will come on paper.
 */
export async function schoolsWithoutAccount(db: Db, schoolIds: readonly string[]): Promise<string[]> {
  const ids = [...new Set(schoolIds)];
  const withAccount = new Set<string>();
  for (let i = 0; i < ids.length; i += 5000) for (const id of await schoolsWithLeaderAccount(db, ids.slice(i, i + 5000))) withAccount.add(id);
  return ids.filter((id) => !withAccount.has(id));
}
