import { sql, type RawBuilder } from 'kysely';
import { queryTemplate, type Slot } from '#src/db/query-template.ts';
import type { Db } from '#src/server/context.ts';

export interface ThrottlePolicy {
  /** Tries allowed before the first delay. */
  freeTries: number;
  firstDelaySeconds: number;
  maxDelaySeconds: number;
  /** After this long without an attempt the count starts again. */
  forgetAfterMs: number;
}

/**
 * Reserve one sign-in attempt for a throttle key, atomically: one upsert under the row's lock
 * counts the attempt (before the password is checked) and, from the `freeTries`-th on, sets a
 * delay that doubles with each further attempt. Returns null when the key is blocked now.
 */
export async function reserveLoginAttempt(db: Db, key: { username: string; ip: string }, now: Date, policy: ThrottlePolicy) {
  const forgetBefore = new Date(now.getTime() - policy.forgetAfterMs);
  const next = sql<number>`(case when t.last_attempt_at < ${forgetBefore} then 1 else t.failures + 1 end)`;
  const delay = (n: RawBuilder<number>) =>
    sql`case when ${n} >= ${policy.freeTries}
      then ${now}::timestamptz + least(${policy.firstDelaySeconds}::float8 * power(2, ${n} - ${policy.freeTries}), ${policy.maxDelaySeconds}::float8) * interval '1 second'
    end`;
  const row = await sql<{ failures: number }>`
    insert into login_throttle as t (username, ip, failures, last_attempt_at, blocked_until)
    values (${key.username}, ${key.ip}, 1, ${now}, ${delay(sql<number>`1`)})
    on conflict (username, ip) do update
      set failures = ${next}, last_attempt_at = ${now}, blocked_until = ${delay(next)}
      where t.blocked_until is null or t.blocked_until <= ${now}
    returning failures`.execute(db);
  return row.rows[0] ?? null;
}

export async function findThrottle(db: Db, key: { username: string; ip: string }) {
  return db.selectFrom('login_throttle').selectAll().where('username', '=', key.username).where('ip', '=', key.ip).executeTakeFirst();
}

/** A successful sign-in: the username's throttle at this address ends; its try no longer counts for the address. */
export async function clearLoginThrottle(db: Db, key: { username: string; ip: string }) {
  await db.deleteFrom('login_throttle').where('username', '=', key.username).where('ip', '=', key.ip).execute();
  await db
    .updateTable('login_throttle')
    .set((eb) => ({ failures: sql<number>`greatest(${eb.ref('failures')} - 1, 0)` }))
    .where('username', '=', '')
    .where('ip', '=', key.ip)
    .execute();
}

export async function listActiveThrottles(db: Db, now: Date) {
  return db
    .selectFrom('login_throttle')
    .selectAll()
    .where('blocked_until', '>', now)
    .orderBy('blocked_until', 'desc')
    .limit(500)
    .execute();
}

export async function deleteThrottle(db: Db, id: string) {
  return db.deleteFrom('login_throttle').where('id', '=', id).returningAll().executeTakeFirst();
}

export async function insertSession(
  db: Db,
  s: { tokenHash: string; userId: string; csrfToken: string; expiresAt: Date; userAgent?: string | null; ip?: string | null },
) {
  await db
    .insertInto('session')
    .values({
      token_hash: s.tokenHash,
      user_id: s.userId,
      csrf_token: s.csrfToken,
      expires_at: s.expiresAt,
      user_agent: s.userAgent?.slice(0, 300) ?? null,
      ip: s.ip ?? null,
    })
    .execute();
}

function sessionWithUser(db: Db) {
  return db
    .selectFrom('session')
    .innerJoin('app_user', 'app_user.id', 'session.user_id')
    .leftJoin('school', 'school.id', 'app_user.school_id')
    .leftJoin('admin_unit', 'admin_unit.id', 'app_user.admin_unit_id')
    .select([
      'session.token_hash',
      'session.csrf_token',
      'session.expires_at',
      'app_user.id as user_id',
      'app_user.username',
      'app_user.display_name',
      'app_user.role',
      'app_user.school_id',
      'app_user.admin_unit_id',
      'app_user.locale',
      'school.name as school_name',
      'admin_unit.name as admin_unit_name',
    ])
    .where('app_user.disabled_at', 'is', null);
}

export async function findSessionWithUser(db: Db, tokenHash: string, now: Date) {
  return sessionWithUser(db).where('session.token_hash', '=', tokenHash).where('session.expires_at', '>', now).executeTakeFirst();
}

/**
 * The session of a request and the data generation (migration 0033), in one round trip
 * (decision 0040): compiled once, run as a prepared statement with a generic plan (the token's
 * unique index whatever the values). Read on every signed-in request, so that an ended session,
 * a disabled account or a changed role or scope counts on the very next request on every node,
 * and a response cache hit needs no other query.
 */
const sessionAndGeneration = queryTemplate(
  (db: Db, _shape: null, slot: Slot) =>
    sessionWithUser(db)
      .select(sql<string>`(select n::text from data_generation)`.as('data_generation'))
      .where('session.token_hash', '=', slot('tokenHash'))
      .where('session.expires_at', '>', slot<Date>('now')),
  { prepared: true, maxShapes: 1 },
);

export async function findSessionAndGeneration(db: Db, tokenHash: string, now: Date) {
  const rows = await sessionAndGeneration.execute(db, null, { tokenHash, now });
  return rows[0];
}

export async function deleteSession(db: Db, tokenHash: string) {
  return db.deleteFrom('session').where('token_hash', '=', tokenHash).returning('user_id').executeTakeFirst();
}

export async function deleteExpiredSessions(db: Db, now: Date) {
  await db.deleteFrom('session').where('expires_at', '<=', now).execute();
}

export async function updateUserLocale(db: Db, userId: string, locale: 'vi' | 'en') {
  await db.updateTable('app_user').set({ locale }).where('id', '=', userId).execute();
}

// accounts: one's own sessions.

/** End every session of a user, but the one kept (by its token hash); returns how many ended. */
export async function deleteSessionsOfUser(db: Db, userId: string, keepTokenHash?: string): Promise<number> {
  let q = db.deleteFrom('session').where('user_id', '=', userId);
  if (keepTokenHash) q = q.where('token_hash', '<>', keepTokenHash);
  const rows = await q.returning('id').execute();
  return rows.length;
}

export async function listSessionsOfUser(db: Db, userId: string, now: Date) {
  return db
    .selectFrom('session')
    .select(['id', 'token_hash', 'created_at', 'expires_at', 'user_agent', 'ip'])
    .where('user_id', '=', userId)
    .where('expires_at', '>', now)
    .orderBy('created_at', 'desc')
    .limit(200)
    .execute();
}

export async function deleteSessionById(db: Db, userId: string, id: string) {
  return db.deleteFrom('session').where('user_id', '=', userId).where('id', '=', id).returning(['id', 'token_hash']).executeTakeFirst();
}

export async function updatePasswordHash(db: Db, userId: string, passwordHash: string, now: Date) {
  await db.updateTable('app_user').set({ password_hash: passwordHash, updated_at: now }).where('id', '=', userId).execute();
}
