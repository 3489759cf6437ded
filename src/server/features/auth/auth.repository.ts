import type { Db } from '#src/server/context.ts';

export async function countRecentFailures(db: Db, by: { username: string; ip: string; since: Date }) {
  const row = await db
    .selectFrom('login_failure')
    .select((eb) => [
      eb.fn.count<number>(eb.case().when('username', '=', by.username).then(1).end()).as('byUser'),
      eb.fn.count<number>(eb.case().when('ip', '=', by.ip).then(1).end()).as('byIp'),
      eb.fn.min('at').as('oldest'),
    ])
    .where('at', '>', by.since)
    .where((eb) => eb.or([eb('username', '=', by.username), eb('ip', '=', by.ip)]))
    .executeTakeFirstOrThrow();
  return { byUser: Number(row.byUser), byIp: Number(row.byIp), oldest: row.oldest as Date | null };
}

export async function insertLoginFailure(db: Db, username: string, ip: string, at: Date) {
  await db.insertInto('login_failure').values({ username, ip, at }).execute();
}

export async function clearLoginFailures(db: Db, username: string) {
  await db.deleteFrom('login_failure').where('username', '=', username).execute();
}

export async function insertSession(db: Db, s: { tokenHash: string; userId: string; csrfToken: string; expiresAt: Date }) {
  await db
    .insertInto('session')
    .values({ token_hash: s.tokenHash, user_id: s.userId, csrf_token: s.csrfToken, expires_at: s.expiresAt })
    .execute();
}

export async function findSessionWithUser(db: Db, tokenHash: string, now: Date) {
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
    .where('session.token_hash', '=', tokenHash)
    .where('session.expires_at', '>', now)
    .where('app_user.disabled_at', 'is', null)
    .executeTakeFirst();
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
