import { sql, type Insertable } from 'kysely';
import type { Scope } from '#src/core/access/policy.ts';
import { unitAndBelow, validOn } from '#src/db/query-helpers.ts';
import type { Db } from '#src/server/context.ts';
import type { ContributionDeliveryTable, ContributionTable } from './support.table.ts';

export interface ContributionFilter {
  schoolId?: string | undefined;
  pairId?: string | undefined;
  campaignId?: string | undefined;
  state?: string | undefined;
}

/** The contributions a scope sees: all; those received by a school of the area; those a school receives or gives. */
function scoped(db: Db, scope: Scope, onDate: string) {
  let q = db.selectFrom('contribution as c').innerJoin('school as rs', 'rs.id', 'c.school_id').leftJoin('school as ds', 'ds.id', 'c.donor_school_id');
  if (scope.kind === 'school') q = q.where((eb) => eb.or([eb('c.school_id', '=', scope.schoolId), eb('c.donor_school_id', '=', scope.schoolId)]));
  if (scope.kind === 'area') {
    q = q.where(
      sql<boolean>`exists (select 1 from school_location sl where sl.school_id = c.school_id and ${validOn('sl', onDate)} and sl.admin_unit_id in ${unitAndBelow(scope.adminUnitId)})`,
    );
  }
  return q;
}

const contributionColumns = [
  'c.id',
  'c.donor_kind',
  'c.donor_name',
  'c.donor_school_id',
  'c.anonymous',
  'c.kind',
  'c.description',
  'c.quantity',
  'c.unit',
  'c.value_vnd',
  'c.school_id',
  'c.pair_id',
  'c.campaign_id',
  'c.expected_on',
  'c.state',
  'c.cancel_reason',
  'c.created_at',
  'rs.name as school_name',
  'rs.short_name as school_short_name',
  'ds.name as donor_school_name',
] as const;

export async function listContributionRows(db: Db, scope: Scope, onDate: string, f: ContributionFilter, limit: number, offset: number) {
  let q = scoped(db, scope, onDate).select(contributionColumns);
  if (f.schoolId) q = q.where((eb) => eb.or([eb('c.school_id', '=', f.schoolId!), eb('c.donor_school_id', '=', f.schoolId!)]));
  if (f.pairId) q = q.where('c.pair_id', '=', f.pairId);
  if (f.campaignId) q = q.where('c.campaign_id', '=', f.campaignId);
  if (f.state) q = q.where('c.state', '=', f.state as never);
  const rows = await q
    .select(sql<number>`count(*) over ()`.as('total'))
    .orderBy('c.created_at', 'desc')
    .orderBy('c.id')
    .limit(limit)
    .offset(offset)
    .execute();
  return rows;
}

export async function findContribution(db: Db, id: string, lock = false) {
  let q = db
    .selectFrom('contribution as c')
    .innerJoin('school as rs', 'rs.id', 'c.school_id')
    .leftJoin('school as ds', 'ds.id', 'c.donor_school_id')
    .select(contributionColumns)
    .where('c.id', '=', id);
  if (lock) q = q.forUpdate('c');
  return q.executeTakeFirst();
}
export type ContributionJoined = NonNullable<Awaited<ReturnType<typeof findContribution>>>;

export async function insertContribution(db: Db, values: Insertable<ContributionTable>) {
  return db.insertInto('contribution').values(values).returning('id').executeTakeFirstOrThrow();
}

export async function setContributionState(db: Db, id: string, state: ContributionTable['state']['__update__'], now: Date, cancelReason?: string) {
  await db
    .updateTable('contribution')
    .set({ state, updated_at: now, ...(cancelReason !== undefined ? { cancel_reason: cancelReason } : {}) })
    .where('id', '=', id)
    .execute();
}

export async function listDeliveryRows(db: Db, contributionIds: string[]) {
  if (!contributionIds.length) return [];
  return db.selectFrom('contribution_delivery').selectAll().where('contribution_id', 'in', contributionIds).orderBy('delivered_on').orderBy('created_at').execute();
}

export async function findDelivery(db: Db, id: string, lock = false) {
  let q = db.selectFrom('contribution_delivery').selectAll().where('id', '=', id);
  if (lock) q = q.forUpdate();
  return q.executeTakeFirst();
}

export async function insertDelivery(db: Db, values: Insertable<ContributionDeliveryTable>) {
  return db.insertInto('contribution_delivery').values(values).returningAll().executeTakeFirstOrThrow();
}

export async function updateDeliveryAmounts(db: Db, id: string, valueVnd: number, quantity: string) {
  await db.updateTable('contribution_delivery').set({ value_vnd: valueVnd, quantity }).where('id', '=', id).execute();
}

export async function markDeliveryAcknowledged(db: Db, id: string, userId: string | null, at: Date) {
  await db.updateTable('contribution_delivery').set({ acknowledged_at: at, acknowledged_by_user_id: userId }).where('id', '=', id).execute();
}

/** The next number of the hand-over minutes in a school's register of the year (the upsert locks the counter). */
export async function takeMinutesNumber(db: Db, issuerSchoolId: string, year: number): Promise<number> {
  const row = await db
    .insertInto('support_minutes_counter')
    .values({ issuer_school_id: issuerSchoolId, year, last_seq: 1 })
    .onConflict((oc) => oc.columns(['issuer_school_id', 'year']).doUpdateSet({ last_seq: sql<number>`support_minutes_counter.last_seq + 1` }))
    .returning('last_seq')
    .executeTakeFirstOrThrow();
  return row.last_seq;
}

export async function schoolNames(db: Db, ids: string[]) {
  if (!ids.length) return [];
  return db.selectFrom('school').select(['id', 'name', 'short_name']).where('id', 'in', ids).execute();
}

export async function pairSchoolIds(db: Db, pairId: string): Promise<string[] | null> {
  const pair = await db.selectFrom('pair').select(['id', 'campaign_id']).where('id', '=', pairId).executeTakeFirst();
  if (!pair) return null;
  return (await db.selectFrom('pair_member').select('school_id').where('pair_id', '=', pairId).execute()).map((r) => r.school_id);
}

export async function campaignOf(db: Db, campaignId: string) {
  return db.selectFrom('campaign').select(['id', 'number', 'issuer', 'issued_on', 'title']).where('id', '=', campaignId).executeTakeFirst();
}

export async function pairCampaignId(db: Db, pairId: string) {
  return (await db.selectFrom('pair').select('campaign_id').where('id', '=', pairId).executeTakeFirst())?.campaign_id ?? null;
}

/** Totals from the deliveries themselves (what counts today), by school, pair, campaign and kind, in a scope. */
export async function deliverySums(db: Db, scope: Scope, onDate: string) {
  return scoped(db, scope, onDate)
    .innerJoin('contribution_delivery as d', 'd.contribution_id', 'c.id')
    .select([
      'c.school_id',
      'rs.name as school_name',
      'c.pair_id',
      'c.campaign_id',
      'c.kind',
      sql<number>`sum(d.value_vnd)::bigint`.as('value_vnd'),
      sql<string>`sum(d.quantity)::text`.as('quantity'),
      sql<number>`count(*)::bigint`.as('deliveries'),
    ])
    .groupBy(['c.school_id', 'rs.name', 'c.pair_id', 'c.campaign_id', 'c.kind'])
    .orderBy('rs.name')
    .orderBy('c.kind')
    .execute();
}

/** Every contribution of a scope with its deliveries, for the export. */
export async function exportRows(db: Db, scope: Scope, onDate: string) {
  return scoped(db, scope, onDate)
    .leftJoin('contribution_delivery as d', 'd.contribution_id', 'c.id')
    .select(contributionColumns)
    .select(['d.id as delivery_id', 'd.delivered_on', 'd.description as delivery_description', 'd.quantity as delivery_quantity', 'd.value_vnd as delivery_value_vnd', 'd.minutes_number', 'd.handed_over_by', 'd.received_by', 'd.acknowledged_at'])
    .orderBy('c.created_at')
    .orderBy('d.delivered_on')
    .execute();
}
