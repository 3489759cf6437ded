import { sql, type RawBuilder } from 'kysely';
import type { Scope } from '#src/core/access/policy.ts';
import type { Db } from '#src/server/context.ts';
import { schoolIdsInScope } from '#src/server/features/schools/schools.repository.ts';

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

/** The viewer's filters (every one optional); dates are Hanoi calendar days, `to` included. */
export interface AuditFilter {
  actorUserId?: string | undefined;
  action?: string | undefined;
  entity?: string | undefined;
  entityId?: string | undefined;
  schoolId?: string | undefined;
  pairId?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  /** an area officer's own rows are shown besides its area's (its sign-ins, its changes) */
  ownUserId?: string | undefined;
  /** keyset: the rows after (older than) this row id */
  before?: number | undefined;
  limit: number;
}

const HANOI = 'Asia/Ho_Chi_Minh';

/**
 * The rows of `scope` matching `f`, newest first, a page at a time: keyset on (at, id), so
 * that each page costs the same however deep it is. Each filter has an index leading with
 * its column and followed by (at, id) (0022); the school filter and an area's scope use the
 * GIN index on `school_ids`.
 */
export async function searchAuditEntries(db: Db, scope: Scope, onDate: string, f: AuditFilter) {
  const { rows } = await auditSearchQuery(scope, onDate, f).execute(db);
  // bigserial comes back as text; ids stay far below 2^53.
  return rows.map((r) => ({ ...r, id: Number(r.id) }));
}

/** The query of `searchAuditEntries` (the benchmark reads its plan). */
export function auditSearchQuery(scope: Scope, onDate: string, f: AuditFilter) {
  const and: RawBuilder<boolean>[] = [];
  if (scope.kind === 'area') {
    const area = sql<boolean>`a.school_ids && array${schoolIdsInScope(scope, onDate)}::uuid[]`;
    and.push(f.ownUserId ? sql<boolean>`(${area} or a.actor_user_id = ${f.ownUserId}::uuid)` : area);
  }
  else if (scope.kind === 'school') and.push(sql<boolean>`a.school_ids @> array[${scope.schoolId}]::uuid[]`);
  if (f.actorUserId) and.push(sql<boolean>`a.actor_user_id = ${f.actorUserId}::uuid`);
  if (f.action) and.push(sql<boolean>`a.action = ${f.action}`);
  if (f.entity) and.push(sql<boolean>`a.entity = ${f.entity}`);
  if (f.entityId) and.push(sql<boolean>`a.entity_id = ${f.entityId}`);
  if (f.schoolId) and.push(sql<boolean>`a.school_ids @> array[${f.schoolId}]::uuid[]`);
  if (f.pairId) and.push(sql<boolean>`a.pair_id = ${f.pairId}::uuid`);
  if (f.from) and.push(sql<boolean>`a.at >= (${f.from}::date)::timestamp at time zone ${HANOI}`);
  if (f.to) and.push(sql<boolean>`a.at < (${f.to}::date + 1)::timestamp at time zone ${HANOI}`);
  if (f.before !== undefined) {
    and.push(sql<boolean>`(a.at, a.id) < ((select b.at from audit_log b where b.id = ${f.before}), ${f.before}::bigint)`);
  }
  const where = and.length ? sql.join(and, sql` and `) : sql`true`;
  return sql<AuditSearchRow>`
    select a.id, a.at, a.actor_user_id, a.actor_username, u.display_name as actor_name, a.action, a.entity, a.entity_id,
      a.before, a.after, a.school_ids, a.pair_id, a.request_id
    from audit_log a left join app_user u on u.id = a.actor_user_id
    where ${where}
    order by a.at desc, a.id desc
    limit ${f.limit}`;
}

export interface AuditSearchRow {
  id: number;
  at: Date;
  actor_user_id: string | null;
  actor_username: string | null;
  actor_name: string | null;
  action: string;
  entity: string;
  entity_id: string | null;
  before: unknown;
  after: unknown;
  school_ids: string[];
  pair_id: string | null;
  request_id: string | null;
}

/**
 * Every action the log holds, by a skip scan of the (action, at, id) index: one index probe per
 * distinct action, however many rows there are.
 */
export async function distinctAuditActions(db: Db): Promise<string[]> {
  const { rows } = await sql<{ action: string }>`
    with recursive t(action) as (
      (select action from audit_log order by action limit 1)
      union all
      select (select a.action from audit_log a where a.action > t.action order by a.action limit 1) from t where t.action is not null
    )
    select action from t where action is not null`.execute(db);
  return rows.map((r) => r.action);
}

/** Names of schools and pairs named by audit rows (the page's labels). */
export async function auditLabels(db: Db, schoolIds: readonly string[], pairIds: readonly string[]) {
  const [schools, pairs] = await Promise.all([
    schoolIds.length ? db.selectFrom('school').select(['id', 'name']).where('id', 'in', [...schoolIds]).execute() : [],
    pairIds.length
      ? sql<{ pair_id: string; label: string }>`
          select m.pair_id, string_agg(s.name, ' – ' order by m.position) as label
          from pair_member m join school s on s.id = m.school_id
          where m.pair_id = any(${[...pairIds]}::uuid[]) group by m.pair_id`.execute(db).then((r) => r.rows)
      : [],
  ]);
  return { schools: new Map(schools.map((s) => [s.id, s.name])), pairs: new Map(pairs.map((p) => [p.pair_id, p.label])) };
}

/** The member schools of a pair (an audit row about the pair concerns them). */
export async function schoolIdsOfPair(db: Db, pairId: string): Promise<string[]> {
  const rows = await db.selectFrom('pair_member').select('school_id').where('pair_id', '=', pairId).orderBy('school_id').execute();
  return rows.map((r) => r.school_id);
}

