import type { Db } from '#src/server/context.ts';

export interface AuditEntryInsert {
  actorUserId: string | null;
  actorUsername: string | null;
  action: string;
  entity: string;
  entityId: string | null;
  before: unknown;
  after: unknown;
  requestId: string | null;
  schoolIds?: string[];
  pairId?: string | null;
}

export async function insertAuditEntry(db: Db, e: AuditEntryInsert): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      actor_user_id: e.actorUserId,
      actor_username: e.actorUsername,
      action: e.action,
      entity: e.entity,
      entity_id: e.entityId,
      before: e.before === undefined ? null : JSON.stringify(e.before),
      after: e.after === undefined ? null : JSON.stringify(e.after),
      request_id: e.requestId,
      school_ids: e.schoolIds ?? [],
      pair_id: e.pairId ?? null,
    })
    .execute();
}

export async function listAuditEntries(db: Db, filter: { entity?: string; entityId?: string; limit: number; offset: number }) {
  let q = db.selectFrom('audit_log').selectAll().orderBy('id', 'desc').limit(filter.limit).offset(filter.offset);
  if (filter.entity) q = q.where('entity', '=', filter.entity);
  if (filter.entityId) q = q.where('entity_id', '=', filter.entityId);
  return q.execute();
}

/** The member schools of a pair (an audit row about the pair concerns them). */
export async function schoolIdsOfPair(db: Db, pairId: string): Promise<string[]> {
  const rows = await db.selectFrom('pair_member').select('school_id').where('pair_id', '=', pairId).orderBy('school_id').execute();
  return rows.map((r) => r.school_id);
}

/** The school of a user, if any. */
export async function schoolIdsOfUser(db: Db, userId: string): Promise<string[]> {
  const row = await db.selectFrom('app_user').select('school_id').where('id', '=', userId).executeTakeFirst();
  return row?.school_id ? [row.school_id] : [];
}
