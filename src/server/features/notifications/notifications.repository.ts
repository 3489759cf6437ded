import { sql } from 'kysely';
import type { Db } from '#src/server/context.ts';
import type { Channel } from './notification.table.ts';

/**
 * The people (enabled accounts among `userIds`) with their e-mail and language, and the choices
 * they made for `kinds` (`userId:kind` → channel; none: the kind's default).
 */
export async function choicesOf(db: Db, userIds: readonly string[], kinds: readonly string[]) {
  const [users, prefs] = await Promise.all([
    db.selectFrom('app_user').select(['id', 'email', 'locale']).where(sql<boolean>`id = any(${[...userIds]}::uuid[])`).where('disabled_at', 'is', null).execute(),
    db
      .selectFrom('notification_preference')
      .select(['user_id', 'kind', 'channel'])
      .where(sql<boolean>`user_id = any(${[...userIds]}::uuid[])`)
      .where('kind', 'in', [...kinds])
      .execute(),
  ]);
  return {
    users: new Map(users.map((u) => [u.id, { email: u.email, locale: u.locale as 'vi' | 'en' }])),
    choices: new Map(prefs.map((p) => [`${p.user_id}:${p.kind}`, p.channel as Channel | 'off'])),
  };
}

/** Leaders (and, when asked, coordinators) of the schools. */
export async function schoolStaffIds(db: Db, schoolIds: readonly string[], roles: readonly string[] = ['school-leader']): Promise<string[]> {
  if (schoolIds.length === 0) return [];
  const rows = await db
    .selectFrom('app_user')
    .select('id')
    .where('school_id', 'in', [...schoolIds])
    .where('role', 'in', [...roles] as never[])
    .where('disabled_at', 'is', null)
    .execute();
  return rows.map((r) => r.id);
}

export async function departmentAdminIds(db: Db): Promise<string[]> {
  const rows = await db.selectFrom('app_user').select('id').where('role', '=', 'department-admin').where('disabled_at', 'is', null).execute();
  return rows.map((r) => r.id);
}

/** Tell every node that these people's notifications changed (sent when the transaction commits). */
export async function signalChanged(db: Db, userIds: readonly string[]): Promise<void> {
  if (userIds.length === 0) return;
  await sql`select pg_notify('chungtay_notifications', u::text) from unnest(${[...new Set(userIds)]}::uuid[]) as u`.execute(db);
}

export async function unreadCount(db: Db, userId: string): Promise<number> {
  const row = await db
    .selectFrom('notification')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('user_id', '=', userId)
    .where('read_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function listForUser(db: Db, userId: string, q: { unread?: boolean | undefined; limit: number; offset: number }) {
  let query = db.selectFrom('notification').selectAll().where('user_id', '=', userId);
  if (q.unread) query = query.where('read_at', 'is', null);
  return query.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(q.limit).offset(q.offset).execute();
}

// notification rows and preferences -------------------------------------------

/** One of the person's notifications (another person's is not found). */
export async function findOwnNotification(db: Db, userId: string, id: string) {
  return db.selectFrom('notification').select(['id', 'read_at']).where('id', '=', id).where('user_id', '=', userId).executeTakeFirst();
}

export async function markNotificationRead(db: Db, id: string, now: Date): Promise<void> {
  await db.updateTable('notification').set({ read_at: now }).where('id', '=', id).execute();
}

/** Mark every unread notification of the person read; how many were. */
export async function markAllNotificationsRead(db: Db, userId: string, now: Date): Promise<number> {
  const result = await db.updateTable('notification').set({ read_at: now }).where('user_id', '=', userId).where('read_at', 'is', null).executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** The person's choices (kinds not listed: the kind's default). */
export async function listPreferences(db: Db, userId: string) {
  return db.selectFrom('notification_preference').select(['kind', 'channel']).where('user_id', '=', userId).execute();
}

/** The person's choice for one kind, if any. */
export async function findPreference(db: Db, userId: string, kind: string) {
  return db.selectFrom('notification_preference').select('channel').where('user_id', '=', userId).where('kind', '=', kind).executeTakeFirst();
}

/** The kinds the person chose to have in the digest. */
export async function digestKindsOf(db: Db, userId: string): Promise<string[]> {
  return (await db.selectFrom('notification_preference').select('kind').where('user_id', '=', userId).where('channel', '=', 'digest').execute()).map((r) => r.kind);
}

/** Set the person's channel for a kind (made or replaced). */
export async function upsertPreference(db: Db, userId: string, kind: string, channel: Channel | 'off', now: Date): Promise<void> {
  await db
    .insertInto('notification_preference')
    .values({ user_id: userId, kind, channel, updated_at: now })
    .onConflict((oc) => oc.columns(['user_id', 'kind']).doUpdateSet({ channel, updated_at: now }))
    .execute();
}
