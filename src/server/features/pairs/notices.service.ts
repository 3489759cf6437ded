/**
 * Written notices (Điều 5 of the MoU): a party that wants to amend, supplement or cancel
 * the MoU in force notifies the other party in writing; the other party accepts or
 * rejects. An accepted amendment or supplement becomes a new draft version that both
 * leaders sign again; an accepted cancellation ends the pair. Nothing else changes an
 * MoU in force.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { isoDateText, multiLineText } from '#src/core/text-schema.ts';
import { ValidationError } from '#src/core/errors.ts';
import { describeChanges, noticeKindOf } from '#src/core/mou/diff.ts';
import { canonicalJson } from '#src/core/mou/hash.ts';
import type { MouContent } from '#src/core/mou/types.ts';
import { documentSymbol, mouContentSchema } from '#src/core/mou/version.ts';
import { NOTICE_KINDS, type NoticeAction, type NoticeDto } from '#src/core/pairs/dto.ts';
import { can, personOf, type Principal, type Resource } from '#src/core/access/policy.ts';
import { transition } from '#src/core/pairs/state-machine.ts';
import { isoDateInHanoi } from '#src/core/vn/format.ts';
import type { CallContext, Db } from '#src/server/context.ts';
import { recordAudit } from '#src/server/features/audit/audit.service.ts';
import { findCampaignRow } from '#src/server/features/campaigns/campaigns.repository.ts';
import { verificationUrl, type NoticeDocumentInput, type SchoolParty } from '#src/documents/layout.ts';
import { renderNoticeDocx } from '#src/documents/mou-docx.ts';
import { renderNoticePdf } from '#src/documents/mou-pdf.ts';
import { MouNotFoundError, NoticeNotFoundError, PairConflictError } from './pairs.errors.ts';
import {
  findMouById,
  findNoticeRow,
  findOpenNotice,
  insertMou,
  insertNotice,
  insertNoticeResponse,
  latestMouRow,
  listNoticeResponses,
  listNoticeRows,
  signedMouRow,
  updateNotice,
  updatePair,
} from './pairs.repository.ts';
import type { MouNoticeRow } from './pair.table.ts';
import {
  calendarDate,
  campaignRefOf,
  CONTENT_TYPES,
  contentOf,
  documentNumberField,
  issueNumber,
  newVerificationCode,
  numberOf,
  partiesOf,
  signatoryName,
  type RenderedDocument,
} from './mou.service.ts';
import { draftColumns, placeOf } from './mou-draft.service.ts';
import { fillValuesOf } from './mou-fill.ts';
import { renderMouContent } from '#src/core/mou/placeholders.ts';
import { loadPairFor, ownSchoolOf, userIdOf } from './pairs.service.ts';
import { authorize } from '#src/core/access/guard.ts';
// notify
import { onNoticeAnswered, onNoticeSent } from '#src/server/features/notifications/pair-events.ts';

export const sendNoticeSchema = z.strictObject({
  kind: z.enum(NOTICE_KINDS),
  reason: multiLineText().min(5).max(5000),
  /** The whole text as proposed (amend, supplement): the notice states the differences. */
  proposedContent: mouContentSchema.optional(),
  /** Cancellation: the day the MoU ends (today or later). */
  effectiveOn: isoDateText('date_format').optional(),
  /** The number from the sender's own register of outgoing documents (default: the next of the app's counter). */
  documentNumber: documentNumberField.optional(),
});
export type SendNoticeInput = z.infer<typeof sendNoticeSchema>;

export const respondNoticeSchema = z.strictObject({
  decision: z.enum(['accept', 'reject']),
  note: multiLineText().max(2000).optional(),
});

type NoticeResponseRows = Awaited<ReturnType<typeof listNoticeResponses>>;

/** Why a school may not answer a notice now (beyond the policy), or null when it may: the answer route's state checks. */
function respondRefusal(n: MouNoticeRow, schoolId: string, responses: NoticeResponseRows): 'NOTICE_NOT_OPEN' | 'NOTICE_OWN' | 'NOTICE_ALREADY_ANSWERED' | null {
  if (n.status !== 'sent') return 'NOTICE_NOT_OPEN';
  if (n.sender_school_id === schoolId) return 'NOTICE_OWN';
  if (responses.some((r) => r.notice_id === n.id && r.school_id === schoolId)) return 'NOTICE_ALREADY_ANSWERED';
  return null;
}

/** Why a notice may not be withdrawn now (beyond the policy), or null when it may: the withdraw route's state check. */
function withdrawRefusal(n: MouNoticeRow): 'NOTICE_NOT_OPEN' | null {
  return n.status !== 'sent' ? 'NOTICE_NOT_OPEN' : null;
}

/**
 * What the caller may do to a notice now: the same `can()` and the same state checks as
 * `respondNotice` and `withdrawNotice`, so the page offers exactly what the routes accept.
 */
export function noticeActionsFor(actor: Principal | null, facts: Resource, n: MouNoticeRow, responses: NoticeResponseRows): NoticeAction[] {
  const own = personOf(actor)?.schoolId;
  const actions: NoticeAction[] = [];
  if (own && can(actor, 'notice.respond', facts) && respondRefusal(n, own, responses) === null) actions.push('respond');
  if (can(actor, 'notice.withdraw', { ...facts, noticeSenderSchoolId: n.sender_school_id }) && withdrawRefusal(n) === null) actions.push('withdraw');
  return actions;
}

/** `signedOn`: the day each MoU version was signed by all (when known), so a notice follows the re-signing it led to. */
function noticeDto(
  n: MouNoticeRow,
  responses: NoticeResponseRows,
  versions: Map<string, number>,
  signedOn: Map<string, string | null>,
  actions: NoticeAction[],
): NoticeDto {
  return {
    id: n.id,
    kind: n.kind,
    status: n.status,
    number: n.number,
    senderSchoolId: n.sender_school_id,
    mouVersion: versions.get(n.mou_id) ?? null,
    reason: n.reason,
    proposedText: (n.proposed_text as string[]) ?? [],
    proposedContent: (n.proposed_content as MouContent | null) ?? null,
    effectiveOn: n.effective_on,
    datedOn: n.dated_on,
    place: n.place,
    sentAt: n.sent_at.toISOString(),
    signatoryName: n.signatory_name,
    sha256: n.content_sha256,
    verificationCode: n.verification_code,
    resultingMouVersion: n.resulting_mou_id ? (versions.get(n.resulting_mou_id) ?? null) : null,
    resultingMouSignedOn: n.resulting_mou_id ? (signedOn.get(n.resulting_mou_id) ?? null) : null,
    responses: responses
      .filter((r) => r.notice_id === n.id)
      .map((r) => ({ schoolId: r.school_id, decision: r.decision, note: r.note, respondedAt: r.responded_at.toISOString() })),
    actions,
  };
}

export async function listNotices(db: Db, ctx: CallContext, pairId: string, now: Date, versions: Map<string, number>, signedOn: Map<string, string | null> = new Map()): Promise<NoticeDto[]> {
  const { facts } = await loadPairFor(db, ctx, pairId, isoDateInHanoi(now));
  const rows = await listNoticeRows(db, pairId);
  const responses = await listNoticeResponses(db, rows.map((r) => r.id));
  return rows.map((r) => noticeDto(r, responses, versions, signedOn, noticeActionsFor(ctx.actor, facts, r, responses)));
}

export async function sendNotice(trx: Db, ctx: CallContext, pairId: string, input: SendNoticeInput, now: Date): Promise<NoticeDto> {
  const today = isoDateInHanoi(now);
  const { pair, facts } = await loadPairFor(trx, ctx, pairId, today, true);
  authorize(ctx.actor, 'notice.send', facts, { onState: () => new PairConflictError('PAIR_NOT_ACTIVE') });
  const schoolId = ownSchoolOf(ctx);
  const signed = await signedMouRow(trx, pairId);
  if (!signed) throw new MouNotFoundError();
  if (await findOpenNotice(trx, pairId)) throw new PairConflictError('NOTICE_OPEN_EXISTS');
  const latest = await latestMouRow(trx, pairId);
  if (latest && latest.status === 'draft') throw new PairConflictError('MOU_AMENDMENT_PENDING');

  let proposedText: string[] = [];
  let proposedContent: MouContent | null = null;
  let effectiveOn: string | null = null;
  let kind = input.kind;
  if (input.kind === 'cancel') {
    effectiveOn = input.effectiveOn ?? today;
    if (effectiveOn < today) throw new ValidationError('effectiveOn', 'date_in_past');
  } else {
    if (!input.proposedContent) throw new ValidationError('proposedContent', 'required');
    proposedContent = input.proposedContent;
    // The notice quotes the text as the documents show it (placeholders filled as the MoU in force fills them).
    const campaign = await findCampaignRow(trx, pair.campaign_id);
    if (!campaign) throw new MouNotFoundError();
    const values = fillValuesOf(signed, campaign);
    const before = renderMouContent(contentOf(signed), values);
    const after = renderMouContent(proposedContent, values);
    proposedText = describeChanges(before, after);
    if (proposedText.length === 0) throw new ValidationError('proposedContent', 'notice_no_change');
    // The kind follows the content: only additions make a supplement, any other change an amendment.
    kind = noticeKindOf(before, after);
  }
  const parties = partiesOf(signed);
  const sender = parties.find((p) => p.schoolId === schoolId)!;
  const text = { kind, reason: input.reason, proposedText, proposedContent, effectiveOn, mou: signed.content_sha256, sender: schoolId, datedOn: today };
  const sha = createHash('sha256').update(canonicalJson(text)).digest('hex');
  const row = await insertNotice(trx, {
    pair_id: pairId,
    mou_id: signed.id,
    kind,
    sender_school_id: schoolId,
    reason: input.reason,
    proposed_content: proposedContent ? JSON.stringify(proposedContent) : null,
    proposed_text: JSON.stringify(proposedText),
    effective_on: effectiveOn,
    place: sender.schoolId === parties[0]!.schoolId ? signed.place : placeOf(sender.unitLine),
    dated_on: today,
    number: null,
    number_year: null,
    number_seq: null,
    content_sha256: sha,
    verification_code: await newVerificationCode(trx),
    status: 'sent',
    sent_by_user_id: userIdOf(ctx)!,
    sent_at: now,
    signatory_name: sender.signatoryName,
    signatory_title: sender.signatoryTitle,
  });
  const numbered = await issueNumber(trx, 'notice', sender, row.id, today, input.documentNumber);
  const final = await updateNotice(trx, row.id, numbered);
  await recordAudit(trx, ctx, {
    action: 'notice.send',
    entity: 'pair',
    entityId: pairId,
    after: { noticeId: row.id, kind, ...(kind !== input.kind ? { kindAsked: input.kind } : {}), number: numbered.number, proposedText, effectiveOn },
  });
  // notify
  await onNoticeSent(trx, pairId, schoolId);
  return noticeDto(final, [], new Map([[signed.id, signed.version]]), new Map(), noticeActionsFor(ctx.actor, facts, final, []));
}

/**
 * The other party answers. Every other school must accept; one rejection closes the
 * notice. On acceptance an amendment becomes a new draft to sign, a cancellation ends
 * the pair on the stated day.
 */
export async function respondNotice(
  trx: Db,
  ctx: CallContext,
  pairId: string,
  noticeId: string,
  input: z.infer<typeof respondNoticeSchema>,
  now: Date,
): Promise<NoticeDto> {
  const today = isoDateInHanoi(now);
  const { pair, members, facts } = await loadPairFor(trx, ctx, pairId, today, true);
  authorize(ctx.actor, 'notice.respond', facts);
  const schoolId = ownSchoolOf(ctx);
  const notice = await findNoticeRow(trx, pairId, noticeId, true);
  if (!notice) throw new NoticeNotFoundError();
  const responses = await listNoticeResponses(trx, [noticeId]);
  const refusal = respondRefusal(notice, schoolId, responses);
  if (refusal) throw new PairConflictError(refusal);
  if (input.decision === 'reject' && !input.note) throw new ValidationError('note', 'required');
  await insertNoticeResponse(trx, { notice_id: noticeId, school_id: schoolId, decision: input.decision, note: input.note || null, responded_by_user_id: userIdOf(ctx)! });

  const recipients = members.filter((m) => m.school_id !== notice.sender_school_id).map((m) => m.school_id);
  const accepted = new Set([...responses.filter((r) => r.decision === 'accept').map((r) => r.school_id), ...(input.decision === 'accept' ? [schoolId] : [])]);
  let updated = notice;
  const after: Record<string, unknown> = { noticeId, decision: input.decision, note: input.note ?? null };
  const target = await findMouById(trx, notice.mou_id);
  const versions = new Map<string, number>(target ? [[target.id, target.version]] : []);
  if (input.decision === 'reject') {
    updated = await updateNotice(trx, noticeId, { status: 'rejected', closed_at: now });
    after.status = 'rejected';
  } else if (recipients.every((id) => accepted.has(id))) {
    if (!target) throw new MouNotFoundError();
    if (notice.kind === 'cancel') {
      const state = transition(pair.state, 'terminate');
      await updatePair(trx, pairId, { state, ended_on: notice.effective_on ?? today, end_reason: notice.reason, updated_at: now });
      updated = await updateNotice(trx, noticeId, { status: 'accepted', closed_at: now });
      Object.assign(after, { status: 'accepted', pairState: state, endedOn: notice.effective_on ?? today });
    } else {
      // The agreed text, to be signed again by both; its parties and place are those of
      // the MoU in force, dated the day of the agreement.
      const parties = partiesOf(target);
      const content = notice.proposed_content as MouContent;
      const text = { place: target.place, venue: target.venue, datedOn: today, phase: target.phase, parties, content };
      const latest = await latestMouRow(trx, pairId);
      const draft = await insertMou(trx, {
        created_at: now,
        pair_id: pairId,
        version: (latest?.version ?? target.version) + 1,
        ...draftColumns(text),
        change_note: `Theo Thông báo số ${notice.number ?? ''}`.trim(),
        created_by_user_id: userIdOf(ctx),
        issuer_school_id: target.issuer_school_id,
        from_notice_id: noticeId,
      });
      versions.set(draft.id, draft.version);
      updated = await updateNotice(trx, noticeId, { status: 'accepted', closed_at: now, resulting_mou_id: draft.id });
      Object.assign(after, { status: 'accepted', amendmentVersion: draft.version });
    }
  }
  await recordAudit(trx, ctx, { action: `notice.${input.decision}`, entity: 'pair', entityId: pairId, after });
  // notify
  await onNoticeAnswered(trx, pairId, notice.sender_school_id, schoolId, input.decision);
  const answered = await listNoticeResponses(trx, [noticeId]);
  return noticeDto(updated, answered, versions, new Map(), noticeActionsFor(ctx.actor, facts, updated, answered));
}

/** The sender takes back a notice not yet answered. */
export async function withdrawNotice(trx: Db, ctx: CallContext, pairId: string, noticeId: string, now: Date): Promise<NoticeDto> {
  const { facts } = await loadPairFor(trx, ctx, pairId, isoDateInHanoi(now), true);
  const notice = await findNoticeRow(trx, pairId, noticeId, true);
  if (!notice) throw new NoticeNotFoundError();
  authorize(ctx.actor, 'notice.withdraw', { ...facts, noticeSenderSchoolId: notice.sender_school_id });
  const refusal = withdrawRefusal(notice);
  if (refusal) throw new PairConflictError(refusal);
  const updated = await updateNotice(trx, noticeId, { status: 'withdrawn', closed_at: now });
  await recordAudit(trx, ctx, { action: 'notice.withdraw', entity: 'pair', entityId: pairId, after: { noticeId, status: 'withdrawn' } });
  const responses = await listNoticeResponses(trx, [noticeId]);
  return noticeDto(updated, responses, new Map(), new Map(), noticeActionsFor(ctx.actor, facts, updated, responses));
}

export async function renderNoticeDocument(db: Db, ctx: CallContext, pairId: string, noticeId: string, format: 'pdf' | 'docx', now: Date, publicUrl: string): Promise<RenderedDocument> {
  const { pair } = await loadPairFor(db, ctx, pairId, isoDateInHanoi(now));
  const notice = await findNoticeRow(db, pairId, noticeId);
  if (!notice) throw new NoticeNotFoundError();
  const [target, campaign] = await Promise.all([findMouById(db, notice.mou_id), findCampaignRow(db, pair.campaign_id)]);
  if (!target || !campaign) throw new MouNotFoundError();
  const parties = partiesOf(target);
  const sender = parties.find((p) => p.schoolId === notice.sender_school_id) ?? parties[0]!;
  const others = parties.filter((p) => p.schoolId !== sender.schoolId);
  const toParty = (p: (typeof parties)[number]): SchoolParty => ({ name: p.name, unitLine: p.unitLine, shortName: p.shortName });
  const recipient: SchoolParty =
    others.length === 1
      ? toParty(others[0]!)
      : {
          name: others.slice(0, -1).map((p) => `${p.name} ${p.unitLine}`.trim()).join(', ') + (others.length > 1 ? ` và ${others[others.length - 1]!.name}` : ''),
          unitLine: others[others.length - 1]?.unitLine ?? '',
          shortName: others.map((p) => p.shortName).join(', '),
        };
  const input: NoticeDocumentInput = {
    number: numberOf(notice.number, documentSymbol('notice', sender.shortName)),
    place: notice.place,
    date: calendarDate(notice.dated_on),
    kind: notice.kind,
    sender: toParty(sender),
    recipient,
    mou: { number: target.number ?? '…', date: calendarDate(target.dated_on), campaign: { ...campaignRefOf(campaign), ...(target.phase ? { phase: target.phase } : {}) } },
    reason: notice.reason.split(/\n+/u).filter((p) => p.trim()),
    proposedText: (notice.proposed_text as string[]) ?? [],
    ...(notice.effective_on ? { effectiveDate: calendarDate(notice.effective_on) } : {}),
    signatory: { schoolName: signatoryName(sender), title: notice.signatory_title as NoticeDocumentInput['signatory']['title'], name: notice.signatory_name },
    signatures: [{ signatory: 0, signedAt: notice.sent_at.toISOString(), versionSha256: notice.content_sha256 }],
    ...(notice.verification_code ? { verification: { code: notice.verification_code, url: verificationUrl(publicUrl, notice.verification_code) } } : {}),
  };
  const bytes = format === 'pdf' ? await renderNoticePdf(input) : await renderNoticeDocx(input);
  const symbol = (notice.number ?? 'thong-bao').replace(/[^A-Za-z0-9-]+/gu, '-');
  return { bytes, fileName: `thong-bao-${symbol}.${format}`, contentType: CONTENT_TYPES[format] };
}
