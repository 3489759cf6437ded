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
    })
    .execute();
}

export async function listAuditEntries(db: Db, filter: { entity?: string; entityId?: string; limit: number; offset: number }) {
  let q = db.selectFrom('audit_log').selectAll().orderBy('id', 'desc').limit(filter.limit).offset(filter.offset);
  if (filter.entity) q = q.where('entity', '=', filter.entity);
  if (filter.entityId) q = q.where('entity_id', '=', filter.entityId);
  return q.execute();
}
