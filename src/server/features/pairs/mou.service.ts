import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { isoDateText, multiLineText, singleLineText } from '#src/core/text-schema.ts';
import { phaseLabel } from '#src/core/campaigns/campaign.ts';
import { ValidationError } from '#src/core/errors.ts';
import { diffMou } from '#src/core/mou/diff.ts';
import { diffFields } from '#src/core/versions/diff.ts';
import type { MouContent } from '#src/core/mou/types.ts';
import {
  abbreviateUnit,
  documentNumberText,
  documentSymbol,
  hashMouVersion,
  mouContentSchema,
  mouPartySchema,
  normaliseVerificationCode,
  SIGNATORY_TITLES,
  verificationCodeFrom,
  type DocumentKind,
  type MouParty,
} from '#src/core/mou/version.ts';
import type { MouDiffDto, MouVersionDto, MouVersionSummaryDto, SignatureDto, VerificationDto } from '#src/core/pairs/dto.ts';
import { transition } from '#src/core/pairs/state-machine.ts';
import { isoDateInHanoi } from '#src/core/vn/format.ts';
import type { CallContext, Db } from '#src/server/context.ts';
import { recordAudit } from '#src/server/features/audit/audit.service.ts';
import { findCampaignRow } from '#src/server/features/campaigns/campaigns.repository.ts';
import { verificationUrl, type CampaignRef, type MouDocumentInput, type SignatureRecord } from '#src/documents/layout.ts';
import { renderMouDocx } from '#src/documents/mou-docx.ts';
import { renderMouPdf } from '#src/documents/mou-pdf.ts';
import type { CampaignRow } from '#src/server/features/campaigns/campaign.table.ts';
import { DocumentNumberTakenError, MouFrozenError, MouNotFoundError, PairConflictError, VerificationCodeUnknownError } from './pairs.errors.ts';
import {
  advanceCounter,
  findRegisterEntry,
  findMouByCode,
  findMouById,
  findMouRow,
  findNoticeByCode,
  findPairRow,
  insertMou,
  insertRegisterEntry,
  insertSignature,
  latestMouRow,
  listMouRows,
  listSignatureRows,
  signedMouRow,
  takeNextNumber,
  updateMou,
  updatePair,
} from './pairs.repository.ts';
import type { MouRow, MouSignatureRow, PairRow } from './pair.table.ts';
import type { MemberRow } from './pairs.repository.ts';
import { draftColumns, partyTitle, resolveParties } from './mou-draft.service.ts';
import { basisOfVersion, campaignBasisOf, renderedContentOf } from './mou-fill.ts';
import { phaseWithinCampaign } from '#src/core/mou/placeholders.ts';
import { loadPairFor, ownSchoolOf, stateRefusal, userIdOf } from './pairs.service.ts';
import { authorize } from '#src/core/access/guard.ts';
// notify
import { onMouSigned } from '#src/server/features/notifications/pair-events.ts';

export const DEFAULT_PUBLIC_URL = 'http://localhost:3000';

// ---------------------------------------------------------------------------
// DTOs

/** A signature row, with the paper record when the school signed on paper (listSignatureRows). */
type SignatureRow = MouSignatureRow & {
  paper_id?: string | null;
  paper_dated_on?: string | null;
  paper_recorded_at?: Date | null;
  paper_recorded_by?: string | null;
};

const signatureDto = (s: SignatureRow): SignatureDto => ({
  schoolId: s.school_id,
  signatoryName: s.signatory_name,
  signatoryTitle: s.signatory_title,
  signedAt: s.signed_at.toISOString(),
  sha256: s.content_sha256,
  electronic: s.signed_by_user_id !== null,
  onPaper: s.paper_id
    ? { recordId: s.paper_id, signedOn: s.paper_dated_on!, recordedBy: s.paper_recorded_by ?? null, recordedAt: s.paper_recorded_at!.toISOString() }
    : null,
});

export const partiesOf = (row: MouRow): MouParty[] => z.array(mouPartySchema).parse(row.parties);
export const contentOf = (row: MouRow): MouContent => row.content as MouContent;

/** A version without its text (the list of versions); `signatures` may hold other versions' too. */
export function versionSummaryDto(row: MouRow, signatures: SignatureRow[], publicUrl: string): MouVersionSummaryDto {
  return {
    version: row.version,
    status: row.status,
    place: row.place,
    datedOn: row.dated_on,
    phase: row.phase,
    sha256: row.content_sha256,
    number: row.number,
    signedOn: row.signed_on,
    verificationCode: row.verification_code,
    verifyUrl: row.verification_code ? verificationUrl(publicUrl, row.verification_code) : null,
    changeNote: row.change_note,
    fromNoticeId: row.from_notice_id,
    createdAt: row.created_at.toISOString(),
    signatures: signatures.filter((s) => s.mou_id === row.id).map(signatureDto),
  };
}

/** With its text as written (placeholders kept) and as the documents show it (`rendered`). */
function versionDto(row: MouRow, signatures: SignatureRow[], publicUrl: string, campaign: CampaignRow): MouVersionDto {
  return { ...versionSummaryDto(row, signatures, publicUrl), venue: row.venue, parties: partiesOf(row), content: contentOf(row), rendered: renderedContentOf(row, campaign) };
}

async function campaignOfPair(db: Db, campaignId: string): Promise<CampaignRow> {
  const campaign = await findCampaignRow(db, campaignId);
  if (!campaign) throw new MouNotFoundError();
  return campaign;
}

export async function listMouVersions(db: Db, ctx: CallContext, pairId: string, now: Date, publicUrl: string): Promise<MouVersionSummaryDto[]> {
  await loadPairFor(db, ctx, pairId, isoDateInHanoi(now));
  const rows = await listMouRows(db, pairId);
  const sigs = await listSignatureRows(db, rows.map((r) => r.id));
  return rows.map((r) => versionSummaryDto(r, sigs, publicUrl));
}

export async function getMouVersion(db: Db, ctx: CallContext, pairId: string, version: number | 'current', now: Date, publicUrl: string): Promise<MouVersionDto> {
  const { pair } = await loadPairFor(db, ctx, pairId, isoDateInHanoi(now));
  const row = await pickVersion(db, pairId, version);
  const sigs = await listSignatureRows(db, [row.id]);
  return versionDto(row, sigs, publicUrl, await campaignOfPair(db, pair.campaign_id));
}

/** "current": the version in force if there is one, otherwise the latest draft. */
async function pickVersion(db: Db, pairId: string, version: number | 'current'): Promise<MouRow> {
  const row = version === 'current' ? ((await signedMouRow(db, pairId)) ?? (await latestMouRow(db, pairId))) : await findMouRow(db, pairId, version);
  if (!row) throw new MouNotFoundError();
  return row;
}

// ---------------------------------------------------------------------------
// Drafting

export const saveDraftSchema = z.strictObject({
  /** The version the editor started from: refused if someone saved another since. */
  baseVersion: z.number().int().min(1),
  place: singleLineText().min(1).max(100),
  venue: singleLineText().max(200).nullable(),
  datedOn: isoDateText('date_format'),
  phase: z.string().trim().refine((v) => /^\d{4}-\d{4}$/u.test(v) && Number(v.slice(5)) >= Number(v.slice(0, 4)), { params: { key: 'phase_format' } }),
  parties: z
    .array(
      z.strictObject({
        schoolId: z.string().uuid(),
        signatoryName: singleLineText().min(1).max(120),
        signatoryTitle: z.enum(SIGNATORY_TITLES),
        representatives: z.array(z.strictObject({ name: singleLineText().min(1).max(120), position: singleLineText().min(1).max(120) })).max(20).default([]),
      }),
    )
    .min(2),
  content: mouContentSchema,
  changeNote: multiLineText().max(500).optional(),
});
export type SaveDraftInput = z.infer<typeof saveDraftSchema>;

/**
 * Save an edited draft as a new version. Leaders of the pair's schools and the
 * department edit; once signed, the text only changes through a written notice.
 */
export async function saveMouDraft(trx: Db, ctx: CallContext, pairId: string, input: SaveDraftInput, now: Date, publicUrl: string): Promise<MouVersionDto> {
  const { pair, members, facts } = await loadPairFor(trx, ctx, pairId, isoDateInHanoi(now), true);
  authorize(ctx.actor, 'mou.edit', facts, {
    onState: () => (pair.state === 'active' || pair.state === 'completed' || pair.state === 'terminated' ? new MouFrozenError() : new PairConflictError('PAIR_NOT_APPROVED')),
  });
  const latest = await latestMouRow(trx, pairId, true);
  if (!latest) throw new MouNotFoundError();
  if (latest.status !== 'draft') throw new MouFrozenError();
  if (latest.version !== input.baseVersion) throw new PairConflictError('MOU_VERSION_CONFLICT', 'baseVersion', { latest: latest.version });
  if (input.parties.length !== members.length || !members.every((m) => input.parties.some((p) => p.schoolId === m.school_id))) {
    throw new ValidationError('parties', 'parties_must_match_pair');
  }
  // The phase lies within the campaign's period: its placeholders fill the title, the basis and Điều 3.
  const campaign = await campaignOfPair(trx, pair.campaign_id);
  if (!phaseWithinCampaign(input.phase, campaign.phase_start_year, campaign.phase_end_year)) {
    throw new ValidationError('phase', 'phase_outside_campaign', { start: campaign.phase_start_year, end: campaign.phase_end_year, number: campaign.number });
  }
  const ordered = members.map((m) => input.parties.find((p) => p.schoolId === m.school_id)!);
  const { parties } = await resolveParties(trx, members, input.datedOn, ordered);
  const text = { place: input.place, venue: input.venue || null, datedOn: input.datedOn, phase: input.phase, parties, content: input.content };
  const sha = hashMouVersion(text);
  const sigs = await listSignatureRows(trx, [latest.id]);
  if (sha === latest.content_sha256) return versionDto(latest, sigs, publicUrl, campaign);
  const row = await insertMou(trx, {
    created_at: now,
    pair_id: pairId,
    version: latest.version + 1,
    ...draftColumns(text),
    change_note: input.changeNote || null,
    created_by_user_id: userIdOf(ctx),
    issuer_school_id: parties[0]!.schoolId,
  });
  await recordAudit(trx, ctx, {
    action: 'mou.save',
    entity: 'pair',
    entityId: pairId,
    before: { version: latest.version, sha256: latest.content_sha256 },
    after: { version: row.version, sha256: sha, changes: diffMou(contentOf(latest), text.content).length, changeNote: row.change_note },
  });
  return versionDto(row, [], publicUrl, campaign);
}

export async function diffMouVersions(db: Db, ctx: CallContext, pairId: string, from: number, to: number, now: Date): Promise<MouDiffDto> {
  await loadPairFor(db, ctx, pairId, isoDateInHanoi(now));
  const [a, b] = await Promise.all([findMouRow(db, pairId, from), findMouRow(db, pairId, to)]);
  if (!a || !b) throw new MouNotFoundError();
  const pa = partiesOf(a);
  const pb = partiesOf(b);
  const reps = (p: MouParty) => p.representatives.map((r) => `${r.name}, ${r.position}`).join('; ');
  const meta = diffFields([
    ['place', a.place, b.place],
    ['venue', a.venue, b.venue],
    ['datedOn', a.dated_on, b.dated_on],
    ['phase', a.phase, b.phase],
    ...pb.flatMap((p, i) => {
      const q = pa[i];
      return [
        [`parties.${i}.name`, q ? partyTitle(q) : null, partyTitle(p)],
        [`parties.${i}.signatory`, q ? `${q.signatoryTitle} ${q.signatoryName}` : null, `${p.signatoryTitle} ${p.signatoryName}`],
        [`parties.${i}.representatives`, q ? reps(q) : null, reps(p)],
      ] as const;
    }),
  ]);
  return { from, to, changes: diffMou(contentOf(a), contentOf(b)), meta };
}

// ---------------------------------------------------------------------------
// Signing

/**
 * A number from the issuer's own register of outgoing documents ("Số" written there by
 * hand), instead of the app's counter: unique per issuer, year and kind.
 */
export const documentNumberField = z.number().int().min(1).max(99_999);

export const signSchema = z.strictObject({
  version: z.number().int().min(1),
  /** The SHA-256 of the text the leader read: refused if the text changed since. */
  sha256: z.string().regex(/^[0-9a-f]{64}$/u),
  /** With the last signature only: the number from the first party's register (default: the next of the app's counter). */
  documentNumber: documentNumberField.optional(),
});

/**
 * A leader signs the latest draft for their school. The signature records who, when
 * and the SHA-256 of the version. When every school has signed, the version is in
 * force: numbered in the first party's register, given a verification code, the pair
 * becomes active (or, for an amendment, the version it replaces is superseded).
 */
export async function signMou(trx: Db, ctx: CallContext, pairId: string, input: z.infer<typeof signSchema>, now: Date, publicUrl: string): Promise<MouVersionDto> {
  const today = isoDateInHanoi(now);
  // The pair row is the lock every change of the pair takes: two leaders signing at the
  // same moment are served one after the other.
  const { pair, members, facts } = await loadPairFor(trx, ctx, pairId, today, true);
  authorize(ctx.actor, 'mou.sign', facts, { onState: stateRefusal(pair.state, 'sign') });
  const schoolId = ownSchoolOf(ctx);
  const signed = await addSignature(trx, { pair, members, schoolId, version: input.version, sha256: input.sha256, signedByUserId: userIdOf(ctx)!, signedAt: now, documentNumber: input.documentNumber, today });
  await recordAudit(trx, ctx, {
    action: signed.complete ? 'mou.sign.complete' : 'mou.sign',
    entity: 'pair',
    entityId: pairId,
    after: signed.audit,
  });
  return versionDto(signed.row, await listSignatureRows(trx, [signed.row.id]), publicUrl, await campaignOfPair(trx, pair.campaign_id));
}

export interface AddSignatureInput {
  pair: PairRow;
  members: readonly MemberRow[];
  schoolId: string;
  version: number;
  sha256: string;
  /** Null for a signature made on paper and recorded on the school's behalf. */
  signedByUserId: string | null;
  signedAt: Date;
  documentNumber?: number | undefined;
  today: string;
}

/**
 * A school's signature of the latest draft (checked: the version, its hash, not signed
 * twice), in the caller's transaction, the pair row already locked. When every school has
 * signed, the version comes into force. The caller writes the one audit row.
 */
export async function addSignature(trx: Db, input: AddSignatureInput): Promise<{ row: MouRow; complete: boolean; audit: Record<string, unknown> }> {
  const { pair, members, schoolId, today } = input;
  const latest = await latestMouRow(trx, pair.id, true);
  if (!latest || latest.version !== input.version || latest.status !== 'draft') throw new PairConflictError('MOU_NOT_SIGNABLE', 'version');
  if (pair.state === 'active' && !latest.from_notice_id) throw new MouFrozenError();
  if (latest.content_sha256 !== input.sha256) throw new PairConflictError('MOU_HASH_MISMATCH', 'sha256');
  const sigs = await listSignatureRows(trx, [latest.id]);
  if (sigs.some((s) => s.school_id === schoolId)) throw new PairConflictError('MOU_ALREADY_SIGNED');
  const party = partiesOf(latest).find((p) => p.schoolId === schoolId)!;
  await insertSignature(trx, {
    mou_id: latest.id,
    school_id: schoolId,
    signatory_name: party.signatoryName,
    signatory_title: party.signatoryTitle,
    signed_by_user_id: input.signedByUserId,
    signed_at: input.signedAt,
    content_sha256: latest.content_sha256,
  });
  const signedSchools = new Set([...sigs.map((s) => s.school_id), schoolId]);
  const complete = members.every((m) => signedSchools.has(m.school_id));
  let row = latest;
  if (complete) {
    const previous = await signedMouRow(trx, pair.id);
    if (previous) await updateMou(trx, previous.id, { status: 'superseded' });
    if (previous?.number && input.documentNumber !== undefined) throw new ValidationError('documentNumber', 'number_kept_by_amendment', { number: previous.number });
    const numbering = previous?.number
      ? { number: previous.number, number_year: previous.number_year, number_seq: previous.number_seq }
      : await issueNumber(trx, 'mou', partiesOf(latest)[0]!, latest.id, today, input.documentNumber);
    row = await updateMou(trx, latest.id, {
      status: 'signed',
      signed_on: today,
      // The legal basis as signed: the campaign's record may be edited later, the document may not.
      campaign_basis: JSON.stringify(campaignBasisOf(await campaignOfPair(trx, pair.campaign_id))),
      ...numbering,
      verification_code: await newVerificationCode(trx),
    });
    if (pair.state === 'approved') {
      await updatePair(trx, pair.id, { state: transition(pair.state, 'sign'), updated_at: input.signedAt });
    }
  } else if (input.documentNumber !== undefined) {
    throw new ValidationError('documentNumber', 'number_with_last_signature');
  }
  // notify
  await onMouSigned(trx, pair.id, schoolId, latest.version, complete);
  return {
    row,
    complete,
    audit: {
      version: latest.version,
      sha256: latest.content_sha256,
      schoolId,
      number: row.number,
      signedOn: row.signed_on,
      state: complete && pair.state === 'approved' ? 'active' : pair.state,
    },
  };
}

/**
 * The number of a document in the issuer's register for the year of `issuedOn`: the one
 * entered from the school's own register, else the next of the app's counter (which then
 * continues after any number entered). The register's unique key (issuer, year, kind, seq)
 * refuses a number given twice, even to two requests at the same moment: 409 on
 * `documentNumber`.
 */
export async function issueNumber(trx: Db, kind: DocumentKind, issuer: Pick<MouParty, 'schoolId' | 'shortName'>, refId: string, issuedOn: string, entered?: number) {
  const year = Number(issuedOn.slice(0, 4));
  const seq = entered ?? (await takeNextNumber(trx, issuer.schoolId, year, kind));
  const number = documentNumberText(seq, documentSymbol(kind, issuer.shortName));
  const taken = () => new DocumentNumberTakenError(number, year);
  if (entered !== undefined) {
    if (await findRegisterEntry(trx, issuer.schoolId, year, kind, seq)) throw taken();
    await advanceCounter(trx, issuer.schoolId, year, kind, seq);
  }
  try {
    await insertRegisterEntry(trx, { issuer_school_id: issuer.schoolId, year, seq, kind, number, ref_id: refId, issued_on: issuedOn });
  } catch (err) {
    if ((err as { code?: string }).code === '23505') throw taken();
    throw err;
  }
  return { number, number_year: year, number_seq: seq };
}

/** A fresh verification code, unused by any MoU or notice. */
export async function newVerificationCode(db: Db): Promise<string> {
  for (;;) {
    const code = verificationCodeFrom(randomBytes(8));
    if (!(await findMouByCode(db, code)) && !(await findNoticeByCode(db, code))) return code;
  }
}

// ---------------------------------------------------------------------------
// Documents

export const campaignRefOf = (c: CampaignRow, basis = campaignBasisOf(c)): CampaignRef => {
  const [y, m, d] = basis.issuedOn.split('-').map(Number) as [number, number, number];
  return { number: basis.number, issuer: basis.issuer, date: { year: y, month: m, day: d }, movementTitle: basis.title, phase: phaseLabel(c.phase_start_year, c.phase_end_year) };
};

export const calendarDate = (iso: string) => {
  const [year, month, day] = iso.slice(0, 10).split('-').map(Number) as [number, number, number];
  return { year, month, day };
};

/** "01/GN-THCP" → { seq: 1, symbol: "GN-THCP" }; a draft has no number yet. */
export function numberOf(number: string | null, fallbackSymbol: string) {
  const m = number ? /^(\d+)\/(.+)$/u.exec(number) : null;
  return m ? { seq: Number(m[1]), symbol: m[2]! } : { seq: null, symbol: fallbackSymbol };
}

export const signatoryName = (p: MouParty): string => (p.unitLine ? `${p.name} ${abbreviateUnit(p.unitLine)}` : p.name);

/** The layout input of a version, as the document renderers take it. */
export function mouDocumentInput(campaign: CampaignRow, row: MouRow, signatures: SignatureRow[], publicUrl: string): MouDocumentInput {
  const parties = partiesOf(row);
  // Placeholders are filled now, from the version and its campaign (as signed).
  const content = renderedContentOf(row, campaign);
  // Signature blocks: the first party (the host, who numbers the MoU) on the right, as
  // in the seed MoU; a group keeps the order of the title.
  const order = parties.length === 2 ? [1, 0] : parties.map((_, i) => i);
  const signatories = order.map((i) => {
    const p = parties[i]!;
    return { schoolName: signatoryName(p), title: p.signatoryTitle, name: p.signatoryName };
  });
  // Electronic signatures, and paper ones recorded through the platform with their letter
  // ("xác nhận trên giấy"); a paper signature entered without one (the demo's 2023 MoU)
  // leaves the space for the handwritten signature.
  const records: SignatureRecord[] = signatures
    .filter((s) => s.mou_id === row.id && (s.signed_by_user_id !== null || s.paper_id))
    .map((s) => ({
      signatory: order.indexOf(parties.findIndex((p) => p.schoolId === s.school_id)),
      signedAt: s.signed_at.toISOString(),
      versionSha256: s.content_sha256,
      ...(s.paper_id
        ? { onPaper: { signedOn: calendarDate(s.paper_dated_on!), recordedBy: s.paper_recorded_by ?? '—', recordedAt: s.paper_recorded_at!.toISOString() } }
        : {}),
    }))
    .filter((s) => s.signatory >= 0);
  return {
    number: numberOf(row.number, documentSymbol('mou', parties[0]!.shortName)),
    place: row.place,
    ...(row.venue ? { venue: row.venue } : {}),
    date: calendarDate(row.dated_on),
    schools: parties.map((p) => ({ name: p.name, unitLine: p.unitLine, shortName: p.shortName, representatives: p.representatives })),
    campaign: { ...campaignRefOf(campaign, basisOfVersion(row, campaign)), ...(row.phase ? { phase: row.phase } : {}) },
    preamble: content.preamble,
    articles: content.articles,
    signatories,
    ...(records.length ? { signatures: records } : {}),
    ...(row.verification_code ? { verification: { code: row.verification_code, url: verificationUrl(publicUrl, row.verification_code) } } : {}),
  };
}

export interface RenderedDocument {
  bytes: Buffer;
  fileName: string;
  contentType: string;
}

export const CONTENT_TYPES = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
} as const;

/** The MoU (a version, or the one in force, else the latest draft) as DOCX or PDF bytes. */
export async function renderMouDocument(db: Db, ctx: CallContext, pairId: string, opts: { format: 'pdf' | 'docx'; version?: number | undefined }, now: Date, publicUrl: string): Promise<RenderedDocument> {
  const { pair } = await loadPairFor(db, ctx, pairId, isoDateInHanoi(now));
  const row = await pickVersion(db, pairId, opts.version ?? 'current');
  const [campaign, sigs] = await Promise.all([findCampaignRow(db, pair.campaign_id), listSignatureRows(db, [row.id])]);
  if (!campaign) throw new MouNotFoundError();
  const input = mouDocumentInput(campaign, row, sigs, publicUrl);
  const bytes = opts.format === 'pdf' ? await renderMouPdf(input) : await renderMouDocx(input);
  const symbol = (row.number ?? `du-thao-${documentSymbol('mou', partiesOf(row)[0]!.shortName)}`).replace(/[^A-Za-z0-9-]+/gu, '-');
  return { bytes, fileName: `bien-ban-ghi-nho-${symbol}-v${row.version}.${opts.format}`.replace(/Đ/gu, 'D'), contentType: CONTENT_TYPES[opts.format] };
}

// ---------------------------------------------------------------------------
// Public verification

/**
 * What the QR code on a document opens: the parties, the dates and the hash of the
 * signed text, so that anyone holding a copy can check it. Public, no sign-in.
 */
export async function verifyCode(db: Db, rawCode: string): Promise<VerificationDto> {
  const code = normaliseVerificationCode(rawCode);
  if (!code) throw new VerificationCodeUnknownError(rawCode.slice(0, 20));
  const mou = await findMouByCode(db, code);
  if (mou) {
    const pair = await findPairRow(db, mou.pair_id);
    const campaign = pair ? await findCampaignRow(db, pair.campaign_id) : undefined;
    if (!pair || !campaign) throw new VerificationCodeUnknownError(code);
    const parties = partiesOf(mou);
    const sigs = await listSignatureRows(db, [mou.id]);
    return {
      code,
      kind: 'mou',
      title: `Biên bản ghi nhớ giữa ${parties.map(partyTitle).join(' và ')}`,
      number: mou.number,
      datedOn: mou.dated_on,
      place: mou.place,
      status: mou.status === 'superseded' ? 'superseded' : pair.state === 'terminated' || pair.state === 'completed' ? 'ended' : 'in-force',
      signedOn: mou.signed_on,
      sha256: mou.content_sha256,
      campaign: { number: campaign.number, title: campaign.title },
      parties: parties.map((p) => ({ name: partyTitle(p), signatoryName: p.signatoryName, signatoryTitle: p.signatoryTitle })),
      signatures: sigs.map((s) => ({
        party: partyTitle(parties.find((p) => p.schoolId === s.school_id) ?? parties[0]!),
        signatoryName: s.signatory_name,
        signedAt: s.signed_at.toISOString(),
        electronic: s.signed_by_user_id !== null,
      })),
    };
  }
  const notice = await findNoticeByCode(db, code);
  if (notice) {
    const pair = await findPairRow(db, notice.pair_id);
    const campaign = pair ? await findCampaignRow(db, pair.campaign_id) : undefined;
    const target = await findMouById(db, notice.mou_id);
    if (!pair || !campaign || !target) throw new VerificationCodeUnknownError(code);
    const parties = partiesOf(target);
    const sender = parties.find((p) => p.schoolId === notice.sender_school_id) ?? parties[0]!;
    const verb = { amend: 'sửa đổi', supplement: 'bổ sung', cancel: 'hủy bỏ' }[notice.kind];
    return {
      code,
      kind: 'notice',
      title: `Thông báo đề nghị ${verb} Biên bản ghi nhớ số ${target.number ?? ''}`.trim(),
      number: notice.number,
      datedOn: notice.dated_on,
      place: notice.place,
      status: notice.status,
      signedOn: notice.dated_on,
      sha256: notice.content_sha256,
      campaign: { number: campaign.number, title: campaign.title },
      parties: parties.map((p) => ({ name: partyTitle(p), signatoryName: p.signatoryName, signatoryTitle: p.signatoryTitle })),
      signatures: [{ party: partyTitle(sender), signatoryName: notice.signatory_name, signedAt: notice.sent_at.toISOString(), electronic: true }],
    };
  }
  throw new VerificationCodeUnknownError(code);
}


// ---------------------------------------------------------------------------
// plans: what a yearly plan cites of the MoU

export interface MouReference {
  /** "01/GN-THCP", null while no version is signed. */
  number: string | null;
  /** The signing day, else the draft's date. */
  datedOn: string;
  signed: boolean;
  /** The clauses of Điều 1 (Mục tiêu), as the documents show them. */
  objectives: string[];
}

/** The MoU in force (else the latest draft) as a yearly plan cites it: its number, date and Điều 1's objectives. */
export async function mouReferenceOf(db: Db, pairId: string, campaign: CampaignRow): Promise<MouReference | null> {
  const row = (await signedMouRow(db, pairId)) ?? (await latestMouRow(db, pairId));
  if (!row) return null;
  const content = renderedContentOf(row, campaign);
  const objectives = content.articles.find((a) => a.number === 1)?.clauses ?? [];
  return { number: row.number, datedOn: row.signed_on ?? row.dated_on, signed: row.status === 'signed', objectives };
}
