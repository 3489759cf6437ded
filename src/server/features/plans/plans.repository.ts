/** The plan tables: plans, their versions and approvals, and the activities linked to their items. */
import { sql, type Insertable, type Updateable } from 'kysely';
import type { Db } from '#src/server/context.ts';
import type { PairPlanRow, PlanApprovalRow, PlanApprovalTable, PlanVersionRow, PlanVersionTable } from './plan.table.ts';

export async function findPlan(db: Db, pairId: string, schoolYear: string): Promise<PairPlanRow | undefined> {
  return db.selectFrom('pair_plan').selectAll().where('pair_id', '=', pairId).where('school_year', '=', schoolYear).executeTakeFirst();
}

export async function findPlanById(db: Db, id: string): Promise<PairPlanRow | undefined> {
  return db.selectFrom('pair_plan').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The plan of a pair and year, created if absent (the caller holds the pair's row lock). */
export async function ensurePlan(db: Db, pairId: string, schoolYear: string): Promise<PairPlanRow> {
  const found = await findPlan(db, pairId, schoolYear);
  if (found) return found;
  return db.insertInto('pair_plan').values({ pair_id: pairId, school_year: schoolYear }).returningAll().executeTakeFirstOrThrow();
}

export async function listPlansOfPair(db: Db, pairId: string) {
  return db
    .selectFrom('pair_plan as p')
    .select(['p.id', 'p.school_year'])
    .select((eb) => [
      eb.selectFrom('plan_version as v').select(sql<number>`max(v.version)`.as('n')).whereRef('v.plan_id', '=', 'p.id').as('latest_version'),
      eb.selectFrom('plan_version as v').select('v.status').whereRef('v.plan_id', '=', 'p.id').orderBy('v.version', 'desc').limit(1).as('latest_status'),
      eb.selectFrom('plan_version as v').select('v.version').whereRef('v.plan_id', '=', 'p.id').where('v.status', '=', 'approved').as('approved_version'),
    ])
    .where('p.pair_id', '=', pairId)
    .orderBy('p.school_year', 'desc')
    .execute();
}

export async function listVersions(db: Db, planId: string): Promise<PlanVersionRow[]> {
  return db.selectFrom('plan_version').selectAll().where('plan_id', '=', planId).orderBy('version', 'desc').execute();
}

export async function findVersion(db: Db, planId: string, version: number): Promise<PlanVersionRow | undefined> {
  return db.selectFrom('plan_version').selectAll().where('plan_id', '=', planId).where('version', '=', version).executeTakeFirst();
}

export async function latestVersion(db: Db, planId: string): Promise<PlanVersionRow | undefined> {
  return db.selectFrom('plan_version').selectAll().where('plan_id', '=', planId).orderBy('version', 'desc').limit(1).executeTakeFirst();
}

export async function approvedVersion(db: Db, planId: string): Promise<PlanVersionRow | undefined> {
  return db.selectFrom('plan_version').selectAll().where('plan_id', '=', planId).where('status', '=', 'approved').executeTakeFirst();
}

export async function insertVersion(db: Db, values: Insertable<PlanVersionTable>): Promise<PlanVersionRow> {
  return db.insertInto('plan_version').values(values).returningAll().executeTakeFirstOrThrow();
}

export async function updateVersion(db: Db, id: string, values: Updateable<PlanVersionTable>): Promise<PlanVersionRow> {
  return db.updateTable('plan_version').set(values).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
}

export async function listApprovals(db: Db, versionIds: readonly string[]): Promise<PlanApprovalRow[]> {
  if (versionIds.length === 0) return [];
  return db.selectFrom('plan_approval').selectAll().where('plan_version_id', 'in', versionIds).orderBy('approved_at').execute();
}

export async function insertApproval(db: Db, values: Insertable<PlanApprovalTable>): Promise<void> {
  await db.insertInto('plan_approval').values(values).execute();
}

export async function deleteApprovals(db: Db, versionId: string): Promise<number> {
  const r = await db.deleteFrom('plan_approval').where('plan_version_id', '=', versionId).executeTakeFirst();
  return Number(r.numDeletedRows);
}

