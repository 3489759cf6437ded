/**
 * Beneficiaries: sensitive personal data of children (Law 91/2025/QH15, Decree 356/2025).
 * Only the authorised staff of the beneficiary's own school read or change a record
 * (`beneficiary.*` rows of the one policy); every read, change and refusal is written to
 * `beneficiary_access_log` with the reason asked; everyone else sees counts, with groups
 * smaller than 5 shown as "< 5" and, where the rest would give one away, a further count (or
 * the total) "hidden" (secondary suppression, `maskTable`). No name ever reaches the audit log, the ledger, an export of
 * contributions or an e-mail. See docs/privacy.md.
 */
import { authorize } from '#src/core/access/guard.ts';
import { decide, personOf, type Action } from '#src/core/access/policy.ts';
import { DomainError, ValidationError } from '#src/core/errors.ts';
import {
  HARDSHIPS,
  beneficiaryPatchSchema,
  consentProblem,
  maskTable,
  newBeneficiarySchema,
  receivedSchema,
  retentionCutoff,
  type BeneficiaryPatch,
  type GuardianConsent,
  type MaskedCount,
  type NewBeneficiary,
  type OwnConsent,
} from '#src/core/support/beneficiary.ts';
import type { BeneficiaryDto, BeneficiarySummaryDto } from '#src/core/support/dto.ts';
import { isoDateInHanoi } from '#src/core/vn/format.ts';
import type { CallContext, Db } from '#src/server/context.ts';
import { recordAudit } from '#src/server/features/audit/audit.service.ts';
import {
  accessLogOf,
  beneficiaryCounts,
  dueForAnonymisation,
  findBeneficiary,
  insertAccessLog,
  insertBeneficiary,
  insertReceived,
  listBeneficiaryRows,
  listReceived,
  updateBeneficiary,
} from './beneficiaries.repository.ts';
import type { BeneficiaryRow } from './support.table.ts';
// sponsorships: the export of the person's data includes them
import { listPayments, listSponsorshipsOf } from './sponsorships.repository.ts';

export class BeneficiaryNotFoundError extends DomainError {
  constructor() {
    super('BENEFICIARY_NOT_FOUND', 404);
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

const dtoOf = (r: BeneficiaryRow, received: { received_on: string; what: string; value_vnd: number }[]): BeneficiaryDto => ({
  id: r.id,
  schoolId: r.school_id,
  personKind: r.person_kind,
  fullName: r.full_name,
  birthDate: r.birth_date,
  className: r.class_name,
  hardship: r.hardship,
  situation: r.situation,
  guardianConsent: r.guardian_consent as GuardianConsent | null,
  ownConsent: r.own_consent as OwnConsent | null,
  publishable: r.publishable,
  erased: r.erased_at !== null,
  received: received.map((s) => ({ receivedOn: s.received_on, what: s.what, valueVnd: Number(s.value_vnd) })),
});

/** What the audit log keeps of a record: never a name, a date of birth or a situation. */
const auditView = (r: BeneficiaryRow) => ({ id: r.id, schoolId: r.school_id, personKind: r.person_kind, hardship: r.hardship, publishable: r.publishable, erased: r.erased_at !== null });

/**
 * The guard of every beneficiary route: the policy's answer for the record's school, written
 * to the access log with the reason — a refusal too, through `logDb` (outside the caller's
 * transaction, so that it stays when the request fails).
 */
async function guard(db: Db, logDb: Db, ctx: CallContext, action: Action, schoolId: string, beneficiaryId: string | null, reason: string | null, logAllowed = true): Promise<void> {
  const d = decide(ctx.actor, action, { school: { schoolId, unitChain: [] } });
  const actor = personOf(ctx.actor);
  const row = {
    actor_user_id: actor?.userId ?? null,
    actor_username: actor?.username ?? ctx.via ?? ctx.actor?.username ?? null,
    actor_role: ctx.actor?.role ?? null,
    beneficiary_id: beneficiaryId,
    school_id: schoolId,
    action,
    allowed: d.allowed,
    reason,
    request_id: ctx.requestId,
  };
  if (!d.allowed) {
    await insertAccessLog(logDb, row);
    authorize(ctx.actor, action, { school: { schoolId, unitChain: [] } });
  }
  if (reason === null || reason.trim().length < 5) throw new ValidationError('reason', 'reason_required');
  if (logAllowed) await insertAccessLog(db, row);
}

async function load(db: Db, id: string, lock = false): Promise<BeneficiaryRow> {
  const row = await findBeneficiary(db, id, lock);
  if (!row) throw new BeneficiaryNotFoundError();
  return row;
}

function checkConsent(b: { personKind: 'student' | 'teacher'; birthDate: string; guardianConsent?: GuardianConsent | null; ownConsent?: OwnConsent | null; publishable: boolean }, today: string) {
  const p = consentProblem(b, today);
  if (p) throw new ValidationError(p.field, p.key);
}

export async function createBeneficiary(trx: Db, logDb: Db, ctx: CallContext, input: NewBeneficiary, now: Date): Promise<BeneficiaryDto> {
  const b = parse(newBeneficiarySchema, input);
  await guard(trx, logDb, ctx, 'beneficiary.create', b.schoolId, null, b.reason, false);
  const today = isoDateInHanoi(now);
  checkConsent(b, today);
  const row = await insertBeneficiary(trx, {
    school_id: b.schoolId,
    person_kind: b.personKind,
    full_name: b.fullName,
    birth_date: b.birthDate,
    class_name: b.className ?? null,
    hardship: b.hardship,
    situation: b.situation ?? null,
    guardian_consent: b.guardianConsent ? JSON.stringify(b.guardianConsent) : null,
    own_consent: b.ownConsent ? JSON.stringify(b.ownConsent) : null,
    publishable: b.publishable,
    created_by_user_id: personOf(ctx.actor)?.userId ?? null,
    created_at: now,
    updated_at: now,
  });
  await guard(trx, logDb, ctx, 'beneficiary.create', b.schoolId, row.id, b.reason);
  await recordAudit(trx, ctx, { action: 'beneficiary.create', entity: 'beneficiary', entityId: row.id, schoolIds: [row.school_id], after: auditView(row) });
  return dtoOf(row, []);
}

export async function listBeneficiaries(db: Db, ctx: CallContext, schoolId: string, reason: string | null): Promise<BeneficiaryDto[]> {
  await guard(db, db, ctx, 'beneficiary.read', schoolId, null, reason);
  const rows = await listBeneficiaryRows(db, schoolId);
  const received = await listReceived(db, rows.map((r) => r.id));
  return rows.map((r) => dtoOf(r, received.filter((s) => s.beneficiary_id === r.id)));
}

export async function readBeneficiary(db: Db, ctx: CallContext, id: string, reason: string | null): Promise<BeneficiaryDto> {
  const row = await load(db, id);
  await guard(db, db, ctx, 'beneficiary.read', row.school_id, id, reason);
  return dtoOf(row, await listReceived(db, [id]));
}

export async function updateBeneficiaryRecord(trx: Db, logDb: Db, ctx: CallContext, id: string, input: BeneficiaryPatch, now: Date): Promise<BeneficiaryDto> {
  const p = parse(beneficiaryPatchSchema, input);
  const before = await load(trx, id, true);
  await guard(trx, logDb, ctx, 'beneficiary.update', before.school_id, id, p.reason);
  if (before.erased_at) throw new DomainError('BENEFICIARY_ERASED', 409);
  const next = {
    personKind: p.personKind ?? before.person_kind,
    birthDate: p.birthDate ?? before.birth_date!,
    guardianConsent: p.guardianConsent ?? (before.guardian_consent as GuardianConsent | null),
    ownConsent: p.ownConsent ?? (before.own_consent as OwnConsent | null),
    publishable: p.publishable ?? before.publishable,
  };
  checkConsent(next, isoDateInHanoi(now));
  const row = await updateBeneficiary(trx, id, {
    ...(p.personKind !== undefined ? { person_kind: p.personKind } : {}),
    ...(p.fullName !== undefined ? { full_name: p.fullName } : {}),
    ...(p.birthDate !== undefined ? { birth_date: p.birthDate } : {}),
    ...(p.className !== undefined ? { class_name: p.className } : {}),
    ...(p.hardship !== undefined ? { hardship: p.hardship } : {}),
    ...(p.situation !== undefined ? { situation: p.situation } : {}),
    ...(p.guardianConsent !== undefined ? { guardian_consent: JSON.stringify(p.guardianConsent) } : {}),
    ...(p.ownConsent !== undefined ? { own_consent: JSON.stringify(p.ownConsent) } : {}),
    ...(p.publishable !== undefined ? { publishable: p.publishable } : {}),
    updated_at: now,
  });
  await recordAudit(trx, ctx, { action: 'beneficiary.update', entity: 'beneficiary', entityId: id, schoolIds: [row.school_id], before: auditView(before), after: auditView(row) });
  return dtoOf(row, await listReceived(trx, [id]));
}

export async function recordReceived(trx: Db, logDb: Db, ctx: CallContext, id: string, input: unknown, now: Date): Promise<BeneficiaryDto> {
  const r = parse(receivedSchema, input);
  const row = await load(trx, id, true);
  await guard(trx, logDb, ctx, 'beneficiary.update', row.school_id, id, r.reason);
  if (row.erased_at) throw new DomainError('BENEFICIARY_ERASED', 409);
  const s = await insertReceived(trx, { beneficiary_id: id, received_on: r.receivedOn, what: r.what, value_vnd: r.valueVnd });
  await updateBeneficiary(trx, id, { updated_at: now });
  await recordAudit(trx, ctx, { action: 'beneficiary.received', entity: 'beneficiary', entityId: id, schoolIds: [row.school_id], after: { supportId: s.id, valueVnd: r.valueVnd, receivedOn: r.receivedOn } });
  return dtoOf(row, await listReceived(trx, [id]));
}

/** The person's data as a file (the right of access): the record, what was received, and who opened it. */
export async function exportBeneficiary(db: Db, ctx: CallContext, id: string, reason: string | null) {
  const row = await load(db, id);
  await guard(db, db, ctx, 'beneficiary.export', row.school_id, id, reason);
  const log = await accessLogOf(db, id);
  const sponsorships = await listSponsorshipsOf(db, id);
  const payments = await listPayments(
    db,
    sponsorships.map((s) => s.id),
  );
  return {
    exportedAt: new Date().toISOString(),
    record: dtoOf(row, await listReceived(db, [id])),
    // Who sponsors the person, on what terms, and every payment recorded.
    sponsorships: sponsorships.map((s) => ({
      sponsor: s.sponsor_name,
      sponsorKind: s.sponsor_kind,
      shownAsAnonymous: s.anonymous,
      frequency: s.frequency,
      amountVnd: Number(s.amount_vnd),
      startsOn: s.starts_on,
      endsOn: s.ends_on,
      endedOn: s.ended_on,
      endReason: s.end_reason,
      payments: payments
        .filter((p) => p.sponsorship_id === s.id)
        .map((p) => ({
          periodOn: p.period_on,
          paidOn: p.paid_on,
          amountVnd: Number(p.amount_vnd),
          ledgerSeq: Number(p.ledger_seq),
          // A payment recorded in error and corrected: what counts, when and why.
          correction: p.correction_kind === null ? null : { kind: p.correction_kind, amountVnd: Number(p.corrected_amount_vnd), reason: p.correction_reason, correctedAt: p.corrected_at!.toISOString(), ledgerSeq: Number(p.correction_ledger_seq) },
        })),
    })),
    accessLog: log.map((l) => ({ at: l.at.toISOString(), by: l.actor_username, action: l.action, allowed: l.allowed, reason: l.reason })),
  };
}

const erasedValues = (now: Date, why: 'request' | 'retention') => ({
  full_name: null,
  birth_date: null,
  class_name: null,
  situation: null,
  guardian_consent: null,
  own_consent: null,
  publishable: false,
  erased_at: now,
  erased_reason: why,
  updated_at: now,
});

/** Erase on request: the personal data goes, the anonymous row (school, kind, category, what was received) stays for the totals. */
export async function eraseBeneficiary(trx: Db, logDb: Db, ctx: CallContext, id: string, input: { reason: string }, now: Date): Promise<BeneficiaryDto> {
  const row = await load(trx, id, true);
  await guard(trx, logDb, ctx, 'beneficiary.erase', row.school_id, id, input?.reason ?? null);
  if (row.erased_at) throw new DomainError('BENEFICIARY_ERASED', 409);
  const after = await updateBeneficiary(trx, id, erasedValues(now, 'request'));
  await recordAudit(trx, ctx, { action: 'beneficiary.erase', entity: 'beneficiary', entityId: id, schoolIds: [row.school_id], before: auditView(row), after: auditView(after) });
  return dtoOf(after, await listReceived(trx, [id]));
}

/** The retention job: anonymise every record idle for longer than the retention period. */
export async function anonymiseExpired(trx: Db, ctx: CallContext, now: Date): Promise<number> {
  const due = await dueForAnonymisation(trx, retentionCutoff(isoDateInHanoi(now)));
  for (const d of due) {
    await updateBeneficiary(trx, d.id, erasedValues(now, 'retention'));
    await insertAccessLog(trx, { actor_user_id: null, actor_username: ctx.via ?? 'system', actor_role: 'system', beneficiary_id: d.id, school_id: d.school_id, action: 'beneficiary.retention', allowed: true, reason: 'retention period ended', request_id: null });
  }
  if (due.length) await recordAudit(trx, ctx, { action: 'beneficiary.retention', entity: 'beneficiary', entityId: null, schoolIds: due.map((d) => d.school_id), after: { anonymised: due.length } });
  return due.length;
}

/** Counts only, small groups masked: for the partner school, the department, the public. */
export async function beneficiarySummary(db: Db, ctx: CallContext | null, schoolId: string | null): Promise<BeneficiarySummaryDto> {
  if (ctx) authorize(ctx.actor, 'beneficiary.summary');
  const rows = await beneficiaryCounts(db, schoolId);
  const sum = (f: (r: (typeof rows)[number]) => boolean) => rows.filter(f).reduce((a, r) => a + Number(r.n), 0);
  const total = sum(() => true);
  // Small groups "< 5", and secondary suppression so that no "< 5" can be worked out from the rest.
  const m = maskTable(total, [[sum((r) => r.person_kind === 'student'), sum((r) => r.person_kind === 'teacher')], HARDSHIPS.map((h) => sum((r) => r.hardship === h))]);
  const [kinds, hardships] = m.groups as [MaskedCount[], MaskedCount[]];
  return {
    total: m.total,
    students: kinds[0]!,
    teachers: kinds[1]!,
    byHardship: HARDSHIPS.map((h, i) => ({ hardship: h, count: hardships[i]! })),
    receivedVnd: total >= 5 ? rows.reduce((a, r) => a + Number(r.value_vnd), 0) : null,
  };
}
