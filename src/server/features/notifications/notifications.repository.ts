import { sql } from 'kysely';
import type { Db } from '#src/server/context.ts';
import type { Channel } from './notification.table.ts';

export interface Recipient {
  id: string;
  email: string | null;
  locale: 'vi' | 'en';
  channel: Channel | 'off';
}

/** The people to tell, with their choice for `kind` (`fallback` when they made none); disabled accounts are left out. */
export async function recipientsFor(db: Db, userIds: readonly string[], kind: string, fallback: string): Promise<Recipient[]> {
  if (userIds.length === 0) return [];
  const { rows } = await sql<Recipient>`
    select u.id, u.email, u.locale, coalesce(p.channel, ${fallback}) as channel
    from app_user u left join notification_preference p on p.user_id = u.id and p.kind = ${kind}
    where u.id = any(${[...new Set(userIds)]}::uuid[]) and u.disabled_at is null`.execute(db);
  return rows;
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
