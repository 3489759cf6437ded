import type { Insertable, RawBuilder, Updateable } from 'kysely';
import type { Db } from '#src/server/context.ts';
import type { MatchingRunTable } from './matching.table.ts';

// ---- wishes

export async function listWishRows(db: Db, campaignId: string, schoolIds: string[] | null) {
  let q = db
    .selectFrom('matching_wish as w')
    .innerJoin('school as s', 's.id', 'w.school_id')
    .innerJoin('school as p', 'p.id', 'w.partner_id')
    .select([
      'w.school_id',
      'w.partner_id',
      'w.rank',
      'w.updated_at',
      's.short_name as school_short_name',
      'p.short_name as partner_short_name',
      'p.name as partner_name',
      'p.code as partner_code',
      'p.level as partner_level',
      'p.area_type as partner_area_type',
    ])
    .where('w.campaign_id', '=', campaignId);
  if (schoolIds) {
    if (!schoolIds.length) return [];
    q = q.where('w.school_id', 'in', schoolIds);
  }
  return q.orderBy('w.school_id').orderBy('w.rank').execute();
}

export async function replaceWishRows(db: Db, campaignId: string, schoolId: string, partnerIds: string[], userId: string | null, now: Date) {
  await db.deleteFrom('matching_wish').where('campaign_id', '=', campaignId).where('school_id', '=', schoolId).execute();
  if (!partnerIds.length) return;
  await db
    .insertInto('matching_wish')
    .values(partnerIds.map((partnerId, i) => ({ campaign_id: campaignId, school_id: schoolId, partner_id: partnerId, rank: i + 1, updated_by_user_id: userId, updated_at: now })))
    .execute();
}

/** Every wish of a campaign among the given schools (both ends in the set). */
export async function wishesAmong(db: Db, campaignId: string, schoolIds: string[]) {
  if (!schoolIds.length) return [];
  return db
    .selectFrom('matching_wish')
    .select(['school_id', 'partner_id', 'rank'])
    .where('campaign_id', '=', campaignId)
    .where('school_id', 'in', schoolIds)
    .where('partner_id', 'in', schoolIds)
    .orderBy('school_id')
    .orderBy('rank')
    .execute();
}

// ---- schools as the engine sees them (a read-only snapshot; the registry owns these rows)

export async function engineSchoolRows(
  db: Db,
  filter: { levels: string[]; areaTypes: string[]; schoolIds?: string[] | undefined; scope?: RawBuilder<string> },
) {
  let q = db
    .selectFrom('school')
    .select(['id', 'code', 'name', 'short_name', 'level', 'area_type', 'latitude', 'longitude', 'students'])
    .where('status', '=', 'active')
    .where('area_type', 'in', filter.areaTypes as ('inner-city' | 'suburban' | 'mountainous')[]);
  if (filter.levels.length) q = q.where('level', 'in', filter.levels);
  if (filter.scope) q = q.where('id', 'in', filter.scope);
  if (filter.schoolIds) {
    if (!filter.schoolIds.length) return [];
    q = q.where('id', 'in', filter.schoolIds);
  }
  return q.orderBy('id').execute();
}

export async function schoolNamesByIds(db: Db, ids: string[]) {
  if (!ids.length) return [];
  return db.selectFrom('school').select(['id', 'name', 'short_name', 'level', 'area_type']).where('id', 'in', ids).execute();
}

// ---- runs

export async function insertRun(db: Db, values: Insertable<MatchingRunTable>) {
  return db.insertInto('matching_run').values(values).returning('id').executeTakeFirstOrThrow();
}

/** Update a run; with `onlyIf`, only while its status is one of those. */
export async function updateRun(db: Db, id: string, values: Updateable<MatchingRunTable>, onlyIf?: ('queued' | 'running')[]) {
  let q = db.updateTable('matching_run').set(values).where('id', '=', id);
  if (onlyIf) q = q.where('status', 'in', onlyIf);
  await q.execute();
}

export async function findRunRow(db: Db, id: string, lock = false) {
  let q = db.selectFrom('matching_run').selectAll().where('id', '=', id);
  if (lock) q = q.forUpdate();
  return q.executeTakeFirst();
}

export async function listRunRows(db: Db, campaignId: string | undefined, limit: number, createdByUserId?: string) {
  let q = db
    .selectFrom('matching_run')
    .select(['id', 'campaign_id', 'parent_run_id', 'label', 'mode', 'status', 'phase', 'progress', 'params', 'summary', 'error', 'accepted', 'created_by', 'created_at', 'finished_at', 'heartbeat_at']);
  if (campaignId) q = q.where('campaign_id', '=', campaignId);
  if (createdByUserId) q = q.where('created_by_user_id', '=', createdByUserId);
  return q.orderBy('created_at', 'desc').orderBy('id').limit(limit).execute();
}
