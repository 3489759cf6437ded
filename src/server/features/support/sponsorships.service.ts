/**
 * Sponsorships (nhận đỡ đầu): a teacher or an organisation takes on a student of a school with
 * a monthly or yearly amount. The student's own school's authorised staff manage it
 * (`sponsorship.*` rows of the one policy); each payment is one entry of the public ledger (an
 * allow-list: never the student); the sponsor sees only their own sponsorships and, of the
 * student, only what the consents allow (`sponsorMaySee`), each such read logged in
 * `beneficiary_access_log`. See docs/support.md and docs/privacy.md.
 */
import type { Kysely } from 'kysely';
import { authorize } from '#src/core/access/guard.ts';
import { can, decide, personOf, type Action, type Resource } from '#src/core/access/policy.ts';
import { ConflictError, DomainError, ValidationError } from '#src/core/errors.ts';
import type { Actor } from '#src/core/roles.ts';
import type { GuardianConsent, OwnConsent } from '#src/core/support/beneficiary.ts';
import type { PaymentCorrectionDto, PaymentDto, SponsorViewDto, SponsorshipDto } from '#src/core/support/dto.ts';
import type { CanonicalValue } from '#src/core/support/ledger.ts';
import {
  REMIND_DAYS_BEFORE,
  addDays,
  endSponsorshipSchema,
  givenName,
  isDueDate,
  newSponsorshipSchema,
  nextDue,
  paymentCorrectionSchema,
  paymentSchema,
  sponsorMaySee,
  sponsorshipConsentProblem,
  type ConsentFacts,
  type NewPayment,
  type NewSponsorship,
  type PaymentCorrection,
  type Schedule,
} from '#src/core/support/sponsorship.ts';
import { formatDate, formatVnd, isoDateInHanoi } from '#src/core/vn/format.ts';
import type { Database } from '#src/db/schema.ts';
import type { CallContext, Db } from '#src/server/context.ts';
import { recordAudit } from '#src/server/features/audit/audit.service.ts';
import { notify } from '#src/server/features/notifications/notifications.service.ts';
import { findBeneficiary, insertAccessLog } from './beneficiaries.repository.ts';
import { findEnabledUserByUsername } from '#src/server/features/users/users.repository.ts';
import { appendLedgerEntry } from './ledger.service.ts';
import {
  claimReminder,
  findSponsorship,
  insertPayment,
  insertPaymentCorrection,
  insertSponsorship,
  listPayments,
  listSchoolSponsorships,
  countSponsoredBy,
  listSponsoredBy,
  twinnedSchoolIds,
  runningWithSponsor,
  NOT_CORRECTED,
  updateSponsorship,
  type PaymentWithCorrection,
  type SponsorshipJoined,
} from './sponsorships.repository.ts';
import type { BeneficiaryRow } from './support.table.ts';

export class SponsorshipNotFoundError extends DomainError {
  constructor() {
    super('SPONSORSHIP_NOT_FOUND', 404);
  }
}

function parse<T>(schema: { safeParse(v: unknown): { success: true; data: T } | { success: false; error: { issues: { path: PropertyKey[]; params?: unknown }[] } } }, input: unknown): T {
  const r = schema.safeParse(input);
  if (!r.success) {
    const issue = r.error.issues[0]!;
    throw new ValidationError(issue.path.map(String).join('.') || 'body', (issue.params as { key?: string } | undefined)?.key ?? 'invalid');
  }
  return r.data;
}

export class PaymentNotFoundError extends DomainError {
  constructor() {
    super('SPONSORSHIP_PAYMENT_NOT_FOUND', 404);
  }
}

const scheduleOf = (s: SponsorshipJoined): Schedule => ({ frequency: s.frequency, startsOn: s.starts_on, endsOn: s.ends_on, endedOn: s.ended_on });

/** What a payment counts today: its correction's amount (0 when reversed), else the amount recorded. */
export const countedVnd = (p: PaymentWithCorrection): number => Number(p.correction_kind === null ? p.amount_vnd : p.corrected_amount_vnd);

/** The periods paid: a reversed payment never happened, so its period is due again. */
const paidPeriods = (payments: readonly PaymentWithCorrection[]) => new Set(payments.filter((p) => p.correction_kind !== 'reversal').map((p) => p.period_on));

const paidSum = (payments: readonly PaymentWithCorrection[]) => payments.reduce((a, p) => a + countedVnd(p), 0);

const correctionDto = (p: PaymentWithCorrection): PaymentCorrectionDto | null =>
  p.correction_kind === null
    ? null
    : { kind: p.correction_kind, amountVnd: Number(p.corrected_amount_vnd), reason: p.correction_reason ?? '', correctedAt: p.corrected_at!.toISOString(), ledgerSeq: Number(p.correction_ledger_seq) };

const paymentDto = (p: PaymentWithCorrection): PaymentDto => ({
  id: p.id,
  periodOn: p.period_on,
  paidOn: p.paid_on,
  amountVnd: Number(p.amount_vnd),
  ledgerSeq: Number(p.ledger_seq),
  countedVnd: countedVnd(p),
  correction: correctionDto(p),
});

const factsOf = (s: { school_id: string; sponsor_user_id: string | null }): Resource => ({ school: { schoolId: s.school_id, unitChain: [] }, sponsorship: { sponsorUserId: s.sponsor_user_id } });

function staffDto(s: SponsorshipJoined, payments: PaymentWithCorrection[], ctx: CallContext): SponsorshipDto {
  const paid = paidPeriods(payments);
  const facts = factsOf(s);
  const next = nextDue(scheduleOf(s), paid);
  return {
    id: s.id,
    schoolId: s.school_id,
    schoolName: s.school_name,
    beneficiaryId: s.beneficiary_id,
    sponsorKind: s.sponsor_kind,
    sponsorName: s.sponsor_name,
    sponsorUsername: s.sponsor_username ?? null,
    anonymous: s.anonymous,
    frequency: s.frequency,
    amountVnd: Number(s.amount_vnd),
    startsOn: s.starts_on,
    endsOn: s.ends_on,
    endedOn: s.ended_on,
    endReason: s.end_reason,
    nextDueOn: next,
    paidVnd: paidSum(payments),
    payments: payments.map(paymentDto),
    actions: {
      pay: next !== null && can(ctx.actor, 'sponsorship.pay', facts),
      end: s.ended_on === null && can(ctx.actor, 'sponsorship.end', facts),
      correctPayment: payments.some((p) => p.correction_kind === null) && can(ctx.actor, 'sponsorship.correctPayment', facts),
    },
  };
}

const consentFacts = (b: BeneficiaryRow): ConsentFacts => ({
  personKind: b.person_kind,
  birthDate: b.birth_date,
  guardianConsent: b.guardian_consent as GuardianConsent | null,
  ownConsent: b.own_consent as OwnConsent | null,
  erased: b.erased_at !== null,
});

/** Write to the beneficiary's access log (who, what, why): every change and every sponsor's read. */
async function logAccess(db: Db, ctx: CallContext, b: { id: string; school_id: string }, action: Action, allowed: boolean, reason: string) {
  const actor = personOf(ctx.actor);
  await insertAccessLog(db, {
    actor_user_id: actor?.userId ?? null,
    actor_username: actor?.username ?? ctx.via ?? ctx.actor?.username ?? null,
    actor_role: ctx.actor?.role ?? null,
    beneficiary_id: b.id,
    school_id: b.school_id,
    action,
    allowed,
    reason,
    request_id: ctx.requestId,
  });
}

/**
 * A staff action on a sponsorship (decision 0004): someone who may not see it at all (another
 * school, the department, a teacher) gets the answer of a sponsorship that does not exist (404);
 * someone who sees it (its school's staff, its sponsor in their own view) but may not do this
 * gets 403. The same rule for reading, paying, ending and correcting a payment.
 */
async function loadFor(db: Db, ctx: CallContext, id: string, action: 'sponsorship.read' | 'sponsorship.pay' | 'sponsorship.end' | 'sponsorship.correctPayment', lock = false) {
  const s = await findSponsorship(db, id, lock);
  if (!s) throw new SponsorshipNotFoundError();
  const facts = factsOf(s);
  if (!can(ctx.actor, 'sponsorship.read', facts) && !can(ctx.actor, 'sponsorship.sponsorView', facts)) throw new SponsorshipNotFoundError();
  authorize(ctx.actor, action, facts);
  return s;
}

/**
 * The account named as the sponsor (or an organisation's contact) of a student of `schoolId`:
 * enabled, and one the policy lets be named (`sponsorship.sponsor`: staff of the student's own
 * school or of a school twinned with it today). Anyone else is refused exactly as an unknown
 * username is, so the answer never tells whether an account outside that circle exists.
 */
async function sponsorAccount(db: Db, username: string, schoolId: string): Promise<{ id: string; display_name: string }> {
  const u = await findEnabledUserByUsername(db, username.trim().toLowerCase());
  const candidate: Actor | null = u ? { userId: u.id, username: u.username, role: u.role, schoolId: u.school_id, adminUnitId: u.admin_unit_id } : null;
  if (!u || !can(candidate, 'sponsorship.sponsor', { school: { schoolId, unitChain: [] }, twinnedSchoolIds: await twinnedSchoolIds(db, schoolId) })) {
    throw new ValidationError('sponsorUsername', 'sponsor_not_in_reach');
  }
  return u;
}

export async function createSponsorship(trx: Db, logDb: Db, ctx: CallContext, input: NewSponsorship, now: Date): Promise<SponsorshipDto> {
  const x = parse(newSponsorshipSchema, input);
  const b = await findBeneficiary(trx, x.beneficiaryId, true);
  if (!b) throw new SponsorshipNotFoundError();
  const d = decide(ctx.actor, 'sponsorship.create', { school: { schoolId: b.school_id, unitChain: [] } });
  if (!d.allowed) {
    // The refusal stays in the access log (outside the failing transaction); the caller learns nothing.
    await logAccess(logDb, ctx, b, 'sponsorship.create', false, 'refused');
    throw new SponsorshipNotFoundError();
  }
  const problem = sponsorshipConsentProblem(consentFacts(b));
  if (problem) throw new ValidationError(problem.field, problem.key);
  const sponsor = x.sponsorUsername === undefined ? null : await sponsorAccount(trx, x.sponsorUsername, b.school_id);
  const row = await insertSponsorship(trx, {
    school_id: b.school_id,
    beneficiary_id: b.id,
    sponsor_kind: x.sponsorKind,
    sponsor_name: x.sponsorKind === 'person' ? sponsor!.display_name : x.sponsorName!,
    sponsor_user_id: sponsor?.id ?? null,
    anonymous: x.anonymous,
    frequency: x.frequency,
    amount_vnd: x.amountVnd,
    starts_on: x.startsOn,
    ends_on: x.endsOn ?? null,
    created_by_user_id: personOf(ctx.actor)?.userId ?? null,
    created_at: now,
    updated_at: now,
  });
  await logAccess(trx, ctx, b, 'sponsorship.create', true, 'Nhận đỡ đầu (nhà trường ghi nhận)');
  const s = (await findSponsorship(trx, row.id))!;
  const dto = staffDto(s, [], ctx);
  await recordAudit(trx, ctx, { action: 'sponsorship.create', entity: 'sponsorship', entityId: row.id, after: { ...dto, actions: undefined } });
  return dto;
}

export async function listSponsorships(db: Db, ctx: CallContext, schoolId: string): Promise<SponsorshipDto[]> {
  authorize(ctx.actor, 'sponsorship.read', { school: { schoolId, unitChain: [] } });
  const rows = await listSchoolSponsorships(db, schoolId);
  const payments = await listPayments(
    db,
    rows.map((r) => r.id),
  );
  return rows.map((r) => staffDto(r, payments.filter((p) => p.sponsorship_id === r.id), ctx));
}

export async function getSponsorship(db: Db, ctx: CallContext, id: string): Promise<SponsorshipDto> {
  const s = await loadFor(db, ctx, id, 'sponsorship.read');
  return staffDto(s, await listPayments(db, [id]), ctx);
}

/**
 * The public fields of a payment as the ledger records them (an explicit allow-list: never the
 * student, never free text). A reversed payment counts 0 ₫ of 0 periods.
 */
function paymentPayload(s: SponsorshipJoined, p: { id: string; paidOn: string; amountVnd: number; reversed?: boolean }): Record<string, CanonicalValue> {
  return {
    paymentId: p.id,
    sponsorshipId: s.id,
    donor: s.anonymous ? null : s.sponsor_name,
    donorKind: s.sponsor_kind,
    kind: 'cash',
    quantity: p.reversed ? '0' : '1',
    unit: s.frequency === 'monthly' ? 'tháng' : 'năm',
    valueVnd: p.amountVnd,
    deliveredOn: p.paidOn,
    schoolId: s.school_id,
    schoolName: s.school_name,
    pairId: null,
    campaignId: null,
    minutesNumber: '',
  };
}

export async function recordPayment(trx: Db, ctx: CallContext, id: string, input: NewPayment, now: Date): Promise<SponsorshipDto> {
  const x = parse(paymentSchema, input);
  const s = await loadFor(trx, ctx, id, 'sponsorship.pay', true);
  const today = isoDateInHanoi(now);
  if (x.paidOn > today) throw new ValidationError('paidOn', 'date_in_future');
  const before = await listPayments(trx, [id]);
  const paid = paidPeriods(before);
  const schedule = scheduleOf(s);
  const period = x.periodOn ?? nextDue(schedule, paid);
  if (period === null) throw new ConflictError('SPONSORSHIP_NOTHING_DUE');
  if (!isDueDate(schedule, period)) throw new ValidationError('periodOn', 'not_a_due_date');
  if (paid.has(period)) throw new ConflictError('SPONSORSHIP_PERIOD_PAID', 'periodOn', { period: formatDate(period) });
  const amount = x.amountVnd ?? Number(s.amount_vnd);
  const paymentId = crypto.randomUUID();
  const entry = await appendLedgerEntry(trx, { kind: 'payment', correctsSeq: null, payload: paymentPayload(s, { id: paymentId, paidOn: x.paidOn, amountVnd: amount }) }, now);
  const row = await insertPayment(trx, {
    id: paymentId,
    sponsorship_id: id,
    period_on: period,
    paid_on: x.paidOn,
    amount_vnd: amount,
    ledger_seq: entry.seq,
    recorded_by_user_id: personOf(ctx.actor)?.userId ?? null,
    created_at: now,
  });
  await updateSponsorship(trx, id, { updated_at: now });
  const withNone: PaymentWithCorrection = { ...row, ...NOT_CORRECTED };
  await recordAudit(trx, ctx, { action: 'sponsorship.pay', entity: 'sponsorship', entityId: id, after: { ...paymentDto(withNone) } });
  return staffDto(s, [...before, withNone].sort((a, b) => a.period_on.localeCompare(b.period_on)), ctx);
}

/**
 * Correct a payment recorded in error: a reversal (it never happened) or the amount actually
 * paid. Nothing is rewritten: the correction is a new row referencing the payment and a new
 * ledger entry of kind `correction` referencing the payment's entry (it replaces it in the
 * totals). A payment is corrected once (409 after). Only staff who may record the school's
 * payments may correct them (403 for the sponsor, 404 for whoever may not see the sponsorship;
 * nothing changed).
 */
export async function correctPayment(trx: Db, ctx: CallContext, id: string, paymentId: string, input: PaymentCorrection, now: Date): Promise<SponsorshipDto> {
  const s = await loadFor(trx, ctx, id, 'sponsorship.correctPayment', true);
  const x = parse(paymentCorrectionSchema, input);
  const payments = await listPayments(trx, [id]);
  const p = payments.find((q) => q.id === paymentId);
  if (!p) throw new PaymentNotFoundError();
  if (p.correction_kind !== null) throw new ConflictError('SPONSORSHIP_PAYMENT_CORRECTED', 'paymentId', { date: formatDate(isoDateInHanoi(p.corrected_at!)) });
  const amount = x.kind === 'reversal' ? 0 : x.amountVnd!;
  if (amount === Number(p.amount_vnd)) throw new ValidationError('amountVnd', 'payment_correction_no_change');
  const reason = x.reason.trim();
  const entry = await appendLedgerEntry(
    trx,
    { kind: 'correction', correctsSeq: Number(p.ledger_seq), payload: paymentPayload(s, { id: p.id, paidOn: p.paid_on, amountVnd: amount, reversed: x.kind === 'reversal' }) },
    now,
  );
  const c = await insertPaymentCorrection(trx, {
    payment_id: p.id,
    sponsorship_id: id,
    kind: x.kind,
    amount_vnd: amount,
    reason,
    ledger_seq: entry.seq,
    corrected_by_user_id: personOf(ctx.actor)?.userId ?? null,
    created_at: now,
  });
  await updateSponsorship(trx, id, { updated_at: now });
  const after: PaymentWithCorrection = { ...p, correction_kind: c.kind, corrected_amount_vnd: amount, correction_reason: reason, correction_ledger_seq: entry.seq, corrected_at: now };
  await recordAudit(trx, ctx, { action: 'sponsorship.correctPayment', entity: 'sponsorship_payment', entityId: p.id, before: paymentDto(p), after: paymentDto(after) });
  return staffDto(
    s,
    payments.map((q) => (q.id === p.id ? after : q)),
    ctx,
  );
}

export async function endSponsorship(trx: Db, ctx: CallContext, id: string, input: { endedOn: string; reason: string }, now: Date): Promise<SponsorshipDto> {
  const x = parse(endSponsorshipSchema, input);
  const s = await loadFor(trx, ctx, id, 'sponsorship.end', true);
  if (s.ended_on) throw new ConflictError('SPONSORSHIP_ENDED');
  if (x.endedOn < s.starts_on) throw new ValidationError('endedOn', 'ends_before_start');
  await updateSponsorship(trx, id, { ended_on: x.endedOn, end_reason: x.reason, updated_at: now });
  await recordAudit(trx, ctx, { action: 'sponsorship.end', entity: 'sponsorship', entityId: id, before: { endedOn: null }, after: { endedOn: x.endedOn, reason: x.reason } });
  return getSponsorship(trx, ctx, id);
}

// ---------------------------------------------------------------------------
// The sponsor's own view ("Học sinh tôi đỡ đầu")

async function sponsorDto(db: Db, ctx: CallContext, s: SponsorshipJoined, payments: PaymentWithCorrection[], today: string): Promise<SponsorViewDto> {
  const b = await findBeneficiary(db, s.beneficiary_id);
  const shows = b ? sponsorMaySee(consentFacts(b), today) : 'nothing';
  // Reading the student's given name is a read of personal data: logged, the reason stated by the app.
  if (b && shows !== 'nothing') await logAccess(db, ctx, b, 'sponsorship.sponsorView', true, 'Người đỡ đầu xem học sinh mình đỡ đầu');
  return {
    id: s.id,
    schoolName: s.school_name,
    student: b && shows === 'given-name-and-class' && b.full_name ? { givenName: givenName(b.full_name), className: b.class_name } : null,
    frequency: s.frequency,
    amountVnd: Number(s.amount_vnd),
    startsOn: s.starts_on,
    endsOn: s.ends_on,
    endedOn: s.ended_on,
    nextDueOn: nextDue(scheduleOf(s), paidPeriods(payments)),
    paidVnd: paidSum(payments),
    payments: payments.map((p) => {
      const c = correctionDto(p);
      return { id: p.id, periodOn: p.period_on, paidOn: p.paid_on, amountVnd: Number(p.amount_vnd), countedVnd: countedVnd(p), correction: c && { kind: c.kind, amountVnd: c.amountVnd, correctedAt: c.correctedAt } };
    }),
  };
}

export async function mySponsorships(db: Db, ctx: CallContext, now: Date): Promise<SponsorViewDto[]> {
  authorize(ctx.actor, 'sponsorship.mine');
  const me = personOf(ctx.actor);
  if (!me) return [];
  const rows = await listSponsoredBy(db, me.userId);
  const payments = await listPayments(
    db,
    rows.map((r) => r.id),
  );
  const today = isoDateInHanoi(now);
  const out: SponsorViewDto[] = [];
  for (const r of rows) out.push(await sponsorDto(db, ctx, r, payments.filter((p) => p.sponsorship_id === r.id), today));
  return out;
}

/**
 * How many sponsorships the caller is the sponsor of: what the support page needs to offer
 * "Học sinh tôi đỡ đầu" or not, without reading any student (so without writing the
 * beneficiaries' access log as the list does when it shows a given name).
 */
export async function mySponsorshipCount(db: Db, ctx: CallContext): Promise<number> {
  authorize(ctx.actor, 'sponsorship.mine');
  const me = personOf(ctx.actor);
  return me ? countSponsoredBy(db, me.userId) : 0;
}

export async function mySponsorship(db: Db, ctx: CallContext, id: string, now: Date): Promise<SponsorViewDto> {
  const s = await findSponsorship(db, id);
  if (!s) throw new SponsorshipNotFoundError();
  authorize(ctx.actor, 'sponsorship.sponsorView', factsOf(s), { onWho: () => new SponsorshipNotFoundError() });
  return sponsorDto(db, ctx, s, await listPayments(db, [id]), isoDateInHanoi(now));
}

// ---------------------------------------------------------------------------
// Reminders before each payment is due

const BATCH = 500;

/**
 * Remind each sponsor of the next unpaid due date from `REMIND_DAYS_BEFORE` days before it
 * (and when it is overdue), once per due date (`sponsorship_reminder`): however often and on
 * however many nodes the job runs. The notification never names the student.
 */
export async function runSponsorshipReminders(db: Kysely<Database>, now: Date): Promise<{ reminded: number }> {
  const today = isoDateInHanoi(now);
  const horizon = addDays(today, REMIND_DAYS_BEFORE);
  let reminded = 0;
  let after: string | null = null;
  for (;;) {
    const rows = await runningWithSponsor(db, today, after, BATCH);
    if (!rows.length) break;
    after = rows[rows.length - 1]!.id;
    const payments = await listPayments(
      db,
      rows.map((r) => r.id),
    );
    for (const s of rows) {
      const due = nextDue(scheduleOf(s), paidPeriods(payments.filter((p) => p.sponsorship_id === s.id)), horizon);
      if (due === null) continue;
      const told = await db.transaction().execute(async (trx) => {
        if (!(await claimReminder(trx, s.id, due, now))) return false;
        await notify(trx, {
          userIds: [s.sponsor_user_id!],
          kind: 'sponsorship.paymentDue',
          params: { amount: formatVnd(Number(s.amount_vnd)), dueOn: formatDate(due), school: s.school_name },
          link: '/app/support/mine',
        });
        return true;
      });
      if (told) reminded++;
    }
    if (rows.length < BATCH) break;
  }
  return { reminded };
}
