/** All SQL of activities: records, participants, named people, evidence files, kinds, calendar feeds. */
import { sql, type Insertable, type Updateable } from 'kysely';
import type { Scope } from '#src/core/roles.ts';
import type { ActivityStatus } from '#src/core/activities/activity.ts';
import type { Db } from '#src/server/context.ts';
import { schoolIdsInScope } from '#src/server/features/schools/schools.repository.ts';
import { unitAndBelow, validOn } from '#src/db/query-helpers.ts';
import type { ActivityFileTable, ActivityParticipantTable, ActivityPersonTable, ActivityTable } from './activity.table.ts';

export interface ActivityFilter {
  pairId?: string | undefined;
  schoolId?: string | undefined;
  adminUnitId?: string | undefined;
  kind?: string[] | undefined;
  status?: ActivityStatus[] | undefined;
  schoolYear?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  /** Only planned activities whose last day is before `today`. */
  overdue?: boolean | undefined;
}

/** Activities the scope covers (a member school of the pair in it today) and the filter keeps. */
function activitiesIn(db: Db, scope: Scope, today: string, f: ActivityFilter) {
  let q = db.selectFrom('activity');
  const pairHasMemberIn = (ids: ReturnType<typeof schoolIdsInScope>) =>
    sql<boolean>`exists (select 1 from pair_member pm where pm.pair_id = activity.pair_id and pm.school_id in ${ids})`;
  if (scope.kind !== 'all') q = q.where(pairHasMemberIn(schoolIdsInScope(scope, today)));
  if (f.pairId) q = q.where('activity.pair_id', '=', f.pairId);
  if (f.schoolId) q = q.where(sql<boolean>`exists (select 1 from pair_member pm where pm.pair_id = activity.pair_id and pm.school_id = ${f.schoolId}::uuid)`);
  if (f.adminUnitId) {
    q = q.where(
      pairHasMemberIn(sql`(select sl.school_id from school_location sl where sl.admin_unit_id in ${unitAndBelow(f.adminUnitId)} and ${validOn('sl', today)})`),
    );
  }
  if (f.kind?.length) q = q.where('activity.kind', 'in', f.kind);
  if (f.status?.length) q = q.where('activity.status', 'in', f.status);
  if (f.schoolYear) q = q.where('activity.school_year', '=', f.schoolYear);
  // Overlap with [from, to]: a range that began before `from` still shows.
  if (f.from) q = q.where(sql<boolean>`coalesce(activity.ends_on, activity.starts_on) >= ${f.from}::date`);
  if (f.to) q = q.where('activity.starts_on', '<=', f.to);
  if (f.overdue) q = q.where('activity.status', '=', 'planned').where(sql<boolean>`coalesce(activity.ends_on, activity.starts_on) < ${today}::date`);
  return q;
}

const pairName = sql<string>`(select string_agg(s.short_name, ' – ' order by pm.position, s.short_name) from pair_member pm join school s on s.id = pm.school_id where pm.pair_id = activity.pair_id)`;

/** A page of the activities in scope, in date order (ties by id), with their host, pair name and participant sums. */
function activityPage(db: Db, scope: Scope, today: string, f: ActivityFilter, order: 'asc' | 'desc') {
  return activitiesIn(db, scope, today, f)
    .leftJoin('school as host', 'host.id', 'activity.host_school_id')
    .selectAll('activity')
    .select(['host.name as host_name', pairName.as('pair_name')])
    .select((eb) => [
      eb.selectFrom('activity_participant as p').whereRef('p.activity_id', '=', 'activity.id').select(sql<number>`coalesce(sum(p.teachers), 0)::int`.as('n')).as('teachers'),
      eb.selectFrom('activity_participant as p').whereRef('p.activity_id', '=', 'activity.id').select(sql<number>`coalesce(sum(p.staff), 0)::int`.as('n')).as('staff'),
      eb.selectFrom('activity_participant as p').whereRef('p.activity_id', '=', 'activity.id').select(sql<number>`coalesce(sum(p.students), 0)::int`.as('n')).as('students'),
    ])
    .orderBy('activity.starts_on', order)
    .orderBy('activity.id');
}

export async function listActivityRows(
  db: Db,
  scope: Scope,
  today: string,
  f: ActivityFilter,
  page: { limit: number; offset: number; order: 'asc' | 'desc' },
) {
  const [rows, count] = await Promise.all([
    activityPage(db, scope, today, f, page.order).limit(page.limit).offset(page.offset).execute(),
    activitiesIn(db, scope, today, f).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.n) };
}

/**
 * The next `limit` activities in ascending date order (ties by id) after `after` (the last row
 * of the previous batch; null: from the first), without a count: what an export reads batch by
 * batch, each batch a range of the order instead of a walk past every row before it.
 */
export async function activityRowsAfter(db: Db, scope: Scope, today: string, f: ActivityFilter, after: { startsOn: string; id: string } | null, limit: number) {
  let q = activityPage(db, scope, today, f, 'asc');
  if (after) q = q.where(sql<boolean>`(activity.starts_on, activity.id) > (${after.startsOn}::date, ${after.id}::uuid)`);
  return q.limit(limit).execute();
}

/**
 * Counts by status and participant sums per school and per kind (done and reported activities only).
 *
 * Two passes over the activities in scope, not three: the counts by kind and status (the totals
 * are their sums; a kind's `activities` its held ones), and the participants of the held
 * activities summed by school and kind (a school's totals are the sum of its kinds, a kind's the
 * sum of its schools). A school year of the country (273,000 activities, 480,000 participant
 * rows) joined the participants twice, each join sorted on disk (by name, and by kind for a
 * `count(distinct)`): docs/performance.md.
 */
export async function activityTotals(db: Db, scope: Scope, today: string, f: ActivityFilter) {
  const base = activitiesIn(db, scope, today, f);
  const held = sql<boolean>`activity.status in ('done', 'reported')`;
  const participants = base
    .innerJoin('activity_participant as p', 'p.activity_id', 'activity.id')
    .where(held)
    .groupBy(['p.school_id', 'activity.kind'])
    .select([
      'p.school_id',
      'activity.kind',
      sql<string>`sum(p.teachers)`.as('teachers'),
      sql<string>`sum(p.staff)`.as('staff'),
      sql<string>`sum(p.students)`.as('students'),
    ]);
  const [kinds, schoolKinds] = await Promise.all([
    base
      .groupBy('activity.kind')
      .select((eb) => [
        'activity.kind',
        eb.fn.countAll<string>().as('activities'),
        sql<string>`count(*) filter (where ${held})`.as('done'),
        sql<string>`count(*) filter (where activity.status = 'planned')`.as('planned'),
        sql<string>`count(*) filter (where activity.status = 'cancelled')`.as('cancelled'),
        sql<string>`count(*) filter (where activity.status = 'planned' and coalesce(activity.ends_on, activity.starts_on) < ${today}::date)`.as('overdue'),
      ])
      .orderBy('activity.kind')
      .execute(),
    // Named after summing (10,000 schools, not 480,000 rows), in the list's order (name, then id).
    db
      .selectFrom(participants.as('x'))
      .innerJoin('school', 'school.id', 'x.school_id')
      .select(['x.school_id', 'x.kind', 'school.name as school_name', 'x.teachers', 'x.staff', 'x.students'])
      .orderBy('school.name')
      .orderBy('x.school_id')
      .execute(),
  ]);
  const statuses = { activities: 0, done: 0, planned: 0, cancelled: 0, overdue: 0 };
  const byKind = new Map<string, { kind: string; activities: number; teachers: number; staff: number; students: number }>();
  for (const k of kinds) {
    for (const key of ['activities', 'done', 'planned', 'cancelled', 'overdue'] as const) statuses[key] += Number(k[key]);
    if (Number(k.done) > 0) byKind.set(k.kind, { kind: k.kind, activities: Number(k.done), teachers: 0, staff: 0, students: 0 });
  }
  const bySchool: { school_id: string; school_name: string; teachers: number; staff: number; students: number }[] = [];
  for (const r of schoolKinds) {
    const teachers = Number(r.teachers);
    const staff = Number(r.staff);
    const students = Number(r.students);
    const last = bySchool.at(-1);
    if (last?.school_id === r.school_id) {
      last.teachers += teachers;
      last.staff += staff;
      last.students += students;
    } else {
      bySchool.push({ school_id: r.school_id, school_name: r.school_name, teachers, staff, students });
    }
    // The two passes read at the same moment but not in one snapshot: a kind held in between
    // is added rather than dropped.
    let kind = byKind.get(r.kind);
    if (!kind) byKind.set(r.kind, (kind = { kind: r.kind, activities: 0, teachers: 0, staff: 0, students: 0 }));
    kind.teachers += teachers;
    kind.staff += staff;
    kind.students += students;
  }
  return { statuses, bySchool, byKind: [...byKind.values()] };
}

export async function findActivityRow(db: Db, id: string, lock = false) {
  let q = db.selectFrom('activity').selectAll().where('id', '=', id);
  if (lock) q = q.forUpdate();
  return q.executeTakeFirst();
}

export async function insertActivity(db: Db, values: Insertable<ActivityTable>) {
  return db.insertInto('activity').values(values).returningAll().executeTakeFirstOrThrow();
}

export async function updateActivity(db: Db, id: string, values: Updateable<ActivityTable>) {
  return db.updateTable('activity').set(values).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
}

export async function listParticipantRows(db: Db, activityIds: readonly string[]) {
  if (!activityIds.length) return [];
  return db
    .selectFrom('activity_participant as p')
    .innerJoin('school', 'school.id', 'p.school_id')
    .select(['p.activity_id', 'p.school_id', 'school.name as school_name', 'p.teachers', 'p.staff', 'p.students'])
    .where('p.activity_id', 'in', activityIds)
    .orderBy('school.name')
    .execute();
}

export async function replaceParticipants(db: Db, activityId: string, rows: Insertable<ActivityParticipantTable>[]) {
  await db.deleteFrom('activity_participant').where('activity_id', '=', activityId).execute();
  if (rows.length) await db.insertInto('activity_participant').values(rows).execute();
}

export async function listPersonRows(db: Db, activityIds: readonly string[]) {
  if (!activityIds.length) return [];
  return db.selectFrom('activity_person').selectAll().where('activity_id', 'in', activityIds).orderBy('display_name').execute();
}

export async function replacePeople(db: Db, activityId: string, rows: Insertable<ActivityPersonTable>[]) {
  await db.deleteFrom('activity_person').where('activity_id', '=', activityId).execute();
  if (rows.length) await db.insertInto('activity_person').values(rows).execute();
}

export async function listKindRows(db: Db, campaignId: string | null) {
  let q = db.selectFrom('activity_kind').selectAll();
  q = campaignId ? q.where((eb) => eb.or([eb('campaign_id', 'is', null), eb('campaign_id', '=', campaignId)])) : q.where('campaign_id', 'is', null);
  return q.orderBy('position').orderBy('code').execute();
}

export async function findKindRow(db: Db, code: string) {
  return db.selectFrom('activity_kind').selectAll().where('code', '=', code).executeTakeFirst();
}

export async function listFileRows(db: Db, activityId: string) {
  return db.selectFrom('activity_file').selectAll().where('activity_id', '=', activityId).orderBy('uploaded_at').orderBy('id').execute();
}

export async function findFileRow(db: Db, activityId: string, fileId: string) {
  return db.selectFrom('activity_file').selectAll().where('activity_id', '=', activityId).where('id', '=', fileId).executeTakeFirst();
}

export async function insertFile(db: Db, values: Insertable<ActivityFileTable>) {
  return db.insertInto('activity_file').values(values).returningAll().executeTakeFirstOrThrow();
}

export async function deleteFileRow(db: Db, fileId: string) {
  await db.deleteFrom('activity_file').where('id', '=', fileId).execute();
}

export async function findFeedUser(db: Db, tokenHash: string) {
  return db
    .selectFrom('calendar_feed')
    .innerJoin('app_user', 'app_user.id', 'calendar_feed.user_id')
    .select(['app_user.id', 'app_user.username', 'app_user.role', 'app_user.school_id', 'app_user.admin_unit_id', 'app_user.locale'])
    .where('calendar_feed.token_hash', '=', tokenHash)
    .where('app_user.disabled_at', 'is', null)
    .executeTakeFirst();
}

export async function findFeedOf(db: Db, userId: string) {
  return db.selectFrom('calendar_feed').selectAll().where('user_id', '=', userId).executeTakeFirst();
}

export async function upsertFeed(db: Db, userId: string, tokenHash: string, at: Date) {
  await db
    .insertInto('calendar_feed')
    .values({ user_id: userId, token_hash: tokenHash, created_at: at })
    .onConflict((oc) => oc.column('user_id').doUpdateSet({ token_hash: tokenHash, created_at: at }))
    .execute();
}

export async function deleteFeed(db: Db, userId: string) {
  const r = await db.deleteFrom('calendar_feed').where('user_id', '=', userId).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

// plans
/** The activities linked to a plan's items (any of its versions: item keys are stable). */
export async function activitiesOfPlan(db: Db, planId: string) {
  return db
    .selectFrom('activity')
    .select(['id', 'title', 'status', 'starts_on', 'plan_item_key'])
    .where('plan_id', '=', planId)
    .orderBy('starts_on')
    .orderBy('id')
    .execute();
}

/** Change the pair's activities that start on `startsOn`; their ids. */
export async function updateActivitiesOnDay(db: Db, pairId: string, startsOn: string, values: Updateable<ActivityTable>): Promise<string[]> {
  const rows = await db.updateTable('activity').set(values).where('pair_id', '=', pairId).where('starts_on', '=', startsOn).returning('id').execute();
  return rows.map((r) => r.id);
}

/** An activity of a kind on a day, of a pair the school (by code) is a member of. */
export async function findActivityOfSchoolOn(db: Db, schoolCode: string, startsOn: string, kind: string) {
  return db
    .selectFrom('activity')
    .innerJoin('pair_member as pm', 'pm.pair_id', 'activity.pair_id')
    .innerJoin('school as s', 's.id', 'pm.school_id')
    .select(['activity.id', 'activity.pair_id'])
    .where('s.code', '=', schoolCode)
    .where('activity.starts_on', '=', startsOn)
    .where('activity.kind', '=', kind)
    .executeTakeFirst();
}
