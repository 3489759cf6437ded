import type { Insertable } from 'kysely';
import type { Db } from '#src/server/context.ts';
import type { AppUserTable } from './user.table.ts';

export async function findUserByUsername(db: Db, username: string) {
  return db.selectFrom('app_user').selectAll().where('username', '=', username).executeTakeFirst();
}

export async function insertUser(db: Db, values: Insertable<AppUserTable>) {
  return db.insertInto('app_user').values(values).returningAll().executeTakeFirstOrThrow();
}

export async function countUsers(db: Db): Promise<number> {
  const row = await db.selectFrom('app_user').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function findSchoolIdByCode(db: Db, code: string) {
  return (await db.selectFrom('school').select('id').where('code', '=', code).executeTakeFirst())?.id ?? null;
}

/** The unit with this code that is valid today (or the latest one when none is). */
export async function findAdminUnitIdByCode(db: Db, code: string) {
  const row = await db
    .selectFrom('admin_unit')
    .select('id')
    .where('code', '=', code)
    .orderBy('valid_from', 'desc')
    .executeTakeFirst();
  return row?.id ?? null;
}
