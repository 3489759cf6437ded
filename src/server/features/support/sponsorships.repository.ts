import { sql, type Insertable, type Updateable } from 'kysely';
import type { Scope } from '#src/core/access/policy.ts';
import { PAIRED_STATES } from '#src/core/pairs/state-machine.ts';
import { unitAndBelow, validOn } from '#src/db/query-helpers.ts';
import type { Db } from '#src/server/context.ts';
import type { SponsorshipPaymentCorrectionTable, SponsorshipPaymentRow, SponsorshipPaymentTable, SponsorshipTable } from './support.table.ts';

const columns = [
  'sp.id',
  'sp.school_id',
  'sp.beneficiary_id',
  'sp.sponsor_kind',
  'sp.sponsor_name',
  'sp.sponsor_user_id',
  'sp.anonymous',
  'sp.frequency',
  'sp.amount_vnd',
  'sp.starts_on',
  'sp.ends_on',
  'sp.ended_on',
  'sp.end_reason',
  'sp.created_at',
  's.name as school_name',
  'u.username as sponsor_username',
] as const;

function joined(db: Db) {
  return db.selectFrom('sponsorship as sp').innerJoin('school as s', 's.id', 'sp.school_id').leftJoin('app_user as u', 'u.id', 'sp.sponsor_user_id');
}

export async function findSponsorship(db: Db, id: string, lock = false) {
  let q = joined(db).select(columns).where('sp.id', '=', id);
  if (lock) q = q.forUpdate('sp');
  return q.executeTakeFirst();
}
export type SponsorshipJoined = NonNullable<Awaited<ReturnType<typeof findSponsorship>>>;

export async function listSchoolSponsorships(db: Db, schoolId: string) {
  return joined(db).select(columns).where('sp.school_id', '=', schoolId).orderBy('sp.created_at', 'desc').orderBy('sp.id').execute();
}

/** A beneficiary's sponsorships (for the export of the person's data). */
export async function listSponsorshipsOf(db: Db, beneficiaryId: string) {
  return joined(db).select(columns).where('sp.beneficiary_id', '=', beneficiaryId).orderBy('sp.starts_on').orderBy('sp.id').execute();
}

export async function listSponsoredBy(db: Db, userId: string) {
  return joined(db).select(columns).where('sp.sponsor_user_id', '=', userId).orderBy('sp.created_at', 'desc').orderBy('sp.id').execute();
}

/** How many sponsorships name this account as their sponsor (nothing else read: no student, no access log). */
export async function countSponsoredBy(db: Db, userId: string): Promise<number> {
  const row = await db.selectFrom('sponsorship').select((eb) => eb.fn.countAll<string>().as('n')).where('sponsor_user_id', '=', userId).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The schools twinned with a school today: its partners in every pair approved or active (`PAIRED_STATES`). */
export async function twinnedSchoolIds(db: Db, schoolId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('pair_member as own')
    .innerJoin('pair as p', 'p.id', 'own.pair_id')
    .innerJoin('pair_member as other', 'other.pair_id', 'own.pair_id')
    .select('other.school_id')
    .distinct()
    .where('own.school_id', '=', schoolId)
    .where('p.state', 'in', PAIRED_STATES)
    .where('other.school_id', '<>', schoolId)
    .execute();
  return rows.map((r) => r.school_id);
}

export async function insertSponsorship(db: Db, values: Insertable<SponsorshipTable>) {
  return db.insertInto('sponsorship').values(values).returning('id').executeTakeFirstOrThrow();
}

export async function updateSponsorship(db: Db, id: string, values: Updateable<SponsorshipTable>) {
  await db.updateTable('sponsorship').set(values).where('id', '=', id).execute();
}

/** A payment with its correction, if it was corrected (null columns otherwise). */
export type PaymentWithCorrection = SponsorshipPaymentRow & {
  correction_kind: 'reversal' | 'amount' | null;
  corrected_amount_vnd: number | null;
  correction_reason: string | null;
  correction_ledger_seq: number | null;
  corrected_at: Date | null;
};

export const NOT_CORRECTED = { correction_kind: null, corrected_amount_vnd: null, correction_reason: null, correction_ledger_seq: null, corrected_at: null } as const;

/** The payments of some sponsorships, each with its correction (period order, then the order recorded). */
export async function listPayments(db: Db, sponsorshipIds: string[]): Promise<PaymentWithCorrection[]> {
  if (!sponsorshipIds.length) return [];
  return db
    .selectFrom('sponsorship_payment as p')
    .leftJoin('sponsorship_payment_correction as c', 'c.payment_id', 'p.id')
    .selectAll('p')
    .select(['c.kind as correction_kind', 'c.amount_vnd as corrected_amount_vnd', 'c.reason as correction_reason', 'c.ledger_seq as correction_ledger_seq', 'c.created_at as corrected_at'])
    .where('p.sponsorship_id', 'in', sponsorshipIds)
    .orderBy('p.period_on')
    .orderBy('p.created_at')
    .orderBy('p.id')
    .execute();
}

export async function insertPayment(db: Db, values: Insertable<SponsorshipPaymentTable>) {
  return db.insertInto('sponsorship_payment').values(values).returningAll().executeTakeFirstOrThrow();
}

export async function insertPaymentCorrection(db: Db, values: Insertable<SponsorshipPaymentCorrectionTable>) {
  return db.insertInto('sponsorship_payment_correction').values(values).returningAll().executeTakeFirstOrThrow();
}

/** Payments as sum rows of the staff totals (cash, no pair, no campaign), in a scope. */
export async function paymentSums(db: Db, scope: Scope, onDate: string) {
  // A corrected payment counts what its correction says; a reversed one (0 ₫) is no payment at all.
  let q = db
    .selectFrom('sponsorship_payment as p')
    .innerJoin('sponsorship as sp', 'sp.id', 'p.sponsorship_id')
    .innerJoin('school as s', 's.id', 'sp.school_id')
    .leftJoin('sponsorship_payment_correction as c', 'c.payment_id', 'p.id')
    .where((eb) => eb.or([eb('c.kind', 'is', null), eb('c.kind', '<>', 'reversal')]));
  if (scope.kind === 'school') q = q.where('sp.school_id', '=', scope.schoolId);
  if (scope.kind === 'area') {
    q = q.where(
      sql<boolean>`exists (select 1 from school_location sl where sl.school_id = sp.school_id and ${validOn('sl', onDate)} and sl.admin_unit_id in ${unitAndBelow(scope.adminUnitId)})`,
    );
  }
  return q
    .select([
      'sp.school_id',
      's.name as school_name',
      sql<null>`null`.as('pair_id'),
      sql<null>`null`.as('campaign_id'),
      sql<string>`'cash'`.as('kind'),
      sql<number>`sum(coalesce(c.amount_vnd, p.amount_vnd))::bigint`.as('value_vnd'),
      sql<string>`count(*)::text`.as('quantity'),
      sql<number>`count(*)::bigint`.as('deliveries'),
    ])
    .groupBy(['sp.school_id', 's.name'])
    .execute();
}

/** Sponsorships that may have a payment due soon: running, with a sponsor's account. */
export async function runningWithSponsor(db: Db, today: string, afterId: string | null, limit: number) {
  let q = joined(db)
    .select(columns)
    .where('sp.sponsor_user_id', 'is not', null)
    .where((eb) => eb.or([eb('sp.ended_on', 'is', null), eb('sp.ended_on', '>=', today)]))
    .where((eb) => eb.or([eb('sp.ends_on', 'is', null), eb('sp.ends_on', '>=', today)]))
    .orderBy('sp.id')
    .limit(limit);
  if (afterId) q = q.where('sp.id', '>', afterId);
  return q.execute();
}

/** Claim the reminder of a due date: true when this call is the first. */
export async function claimReminder(db: Db, sponsorshipId: string, dueOn: string, now: Date): Promise<boolean> {
  const r = await db
    .insertInto('sponsorship_reminder')
    .values({ sponsorship_id: sponsorshipId, due_on: dueOn, sent_at: now })
    .onConflict((oc) => oc.columns(['sponsorship_id', 'due_on']).doNothing())
    .returning('due_on')
    .executeTakeFirst();
  return r !== undefined;
}
