import { sql } from 'kysely';
import type { Scope } from '#src/core/roles.ts';
import type { Db } from '#src/server/context.ts';
import { schoolCountQuery, schoolIdsInScope } from '#src/server/features/schools/schools.repository.ts';

function pairsInScope(db: Db, scope: Scope, onDate: string) {
  // The department sees every pair: no per-pair check of its schools.
  if (scope.kind === 'all') return db.selectFrom('pair');
  return db
    .selectFrom('pair')
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('pair_member')
          .select(sql`1`.as('one'))
          .whereRef('pair_member.pair_id', '=', 'pair.id')
          .where('pair_member.school_id', 'in', schoolIdsInScope(scope, onDate)),
      ),
    );
}

/** Every count of the dashboard in one query (one round trip instead of three). */
export async function countAll(db: Db, scope: Scope, onDate: string) {
  if (scope.kind !== 'all') return countInScope(db, scope, onDate);
  const pairs = () => pairsInScope(db, scope, onDate);
  // The activities are counted per pair as they are written (pair_activity_count, migration 0041):
  // the department sums every pair's row, an area or a school its pairs' rows, instead of
  // counting a million activities on every dashboard. A pair without activities has no row.
  const counted =
    scope.kind === 'all' ? db.selectFrom('pair_activity_count') : db.selectFrom('pair_activity_count').where('pair_activity_count.pair_id', 'in', pairs().select('pair.id'));
  const activityCounts = counted.select([
    sql<number>`coalesce(sum(pair_activity_count.activities), 0)`.as('all'),
    sql<number>`coalesce(sum(pair_activity_count.held), 0)`.as('done'),
  ]);
  const row = await db
    .selectFrom(activityCounts.as('a'))
    .select((eb) => [
      schoolCountQuery(db, scope, onDate).as('schools'),
      pairs().select(eb.fn.countAll<number>().as('n')).as('pairs'),
      pairs().select(eb.fn.countAll<number>().as('n')).where('pair.state', '=', 'active').as('active_pairs'),
      'a.all as activities',
      'a.done as activities_done',
    ])
    .executeTakeFirstOrThrow();
  return {
    schools: Number(row.schools),
    pairs: Number(row.pairs),
    activePairs: Number(row.active_pairs),
    activities: Number(row.activities),
    activitiesDone: Number(row.activities_done),
  };
}

/**
 * An area's or a school's counts: its schools found once (an area's are a walk of its units and
 * the schools located in them on the day, ~40 ms for a city at country scale), and its pairs once
 * from them, both kept for the four counts, where each count used to find them again.
 */
async function countInScope(db: Db, scope: Exclude<Scope, { kind: 'all' }>, onDate: string) {
  const { rows } = await sql<{ schools: string; pairs: string; active_pairs: string; activities: string; activities_done: string }>`
    with schools_in as materialized (select school.id from school where school.id in ${schoolIdsInScope(scope, onDate)}),
    pairs_in as materialized (select distinct pm.pair_id from pair_member pm where pm.school_id in (select id from schools_in))
    select
      (select count(*) from schools_in) as schools,
      (select count(*) from pairs_in) as pairs,
      (select count(*) from pair join pairs_in on pairs_in.pair_id = pair.id where pair.state = 'active') as active_pairs,
      coalesce(sum(c.activities), 0) as activities,
      coalesce(sum(c.held), 0) as activities_done
    from pair_activity_count c join pairs_in on pairs_in.pair_id = c.pair_id`.execute(db);
  const row = rows[0]!;
  return {
    schools: Number(row.schools),
    pairs: Number(row.pairs),
    activePairs: Number(row.active_pairs),
    activities: Number(row.activities),
    activitiesDone: Number(row.activities_done),
  };
}

/** The pairs a caller sees on the dashboard, with their schools' names. */
export async function listPairsWithSchools(db: Db, scope: Scope, onDate: string, limit: number) {
  return pairsInScope(db, scope, onDate)
    .innerJoin('campaign', 'campaign.id', 'pair.campaign_id')
    .select((eb) => [
      'pair.id',
      'pair.state',
      'campaign.number as campaign_number',
      eb
        .selectFrom('pair_member')
        .innerJoin('school', 'school.id', 'pair_member.school_id')
        .select(sql<string[]>`array_agg(school.name order by school.name)`.as('names'))
        .whereRef('pair_member.pair_id', '=', 'pair.id')
        .as('school_names'),
    ])
    .orderBy('pair.created_at')
    .limit(limit)
    .execute();
}

export async function listRecentActivities(db: Db, scope: Scope, onDate: string, limit: number) {
  return db
    .selectFrom('activity')
    .leftJoin('school', 'school.id', 'activity.host_school_id')
    .select(['activity.id', 'activity.title', 'activity.kind', 'activity.starts_on', 'activity.status', 'activity.place', 'school.name as host_name'])
    .where('activity.pair_id', 'in', pairsInScope(db, scope, onDate).select('pair.id'))
    .orderBy('activity.starts_on', 'desc')
    .limit(limit)
    .execute();
}
