import { sql, type Insertable, type RawBuilder, type Updateable } from 'kysely';
import type { Scope } from '#src/core/access/policy.ts';
import type { Role } from '#src/core/roles.ts';
import type { Db } from '#src/server/context.ts';
import { schoolIdsInScope } from '#src/server/features/schools/schools.repository.ts';
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

// accounts: the administration's list, one account, changes.

/** The columns an account is shown with: its school and area by name. */
function withNames(db: Db) {
  return db
    .selectFrom('app_user')
    .leftJoin('school', 'school.id', 'app_user.school_id')
    .leftJoin('admin_unit', 'admin_unit.id', 'app_user.admin_unit_id')
    .select([
      'app_user.id',
      'app_user.username',
      'app_user.display_name',
      'app_user.email',
      'app_user.role',
      'app_user.school_id',
      'app_user.admin_unit_id',
      'app_user.locale',
      'app_user.disabled_at',
      'app_user.created_at',
      sql<boolean>`app_user.password_hash is null`.as('invited'),
      'school.code as school_code',
      'school.name as school_name',
      'admin_unit.code as admin_unit_code',
      'admin_unit.name as admin_unit_name',
    ]);
}
export type AccountRow = Awaited<ReturnType<ReturnType<typeof withNames>['executeTakeFirstOrThrow']>>;

export interface AccountListFilter {
  /** Folded words of the search, each the start of a word of the name, username or e-mail. */
  words: string[];
  role?: Role | undefined;
  schoolId?: string | undefined;
  status: 'all' | 'active' | 'invited' | 'disabled';
  limit: number;
  offset: number;
}

const escapeLike = (s: string) => s.replace(/[\\%_]/gu, (c) => `\\${c}`);

function listCondition(scope: Scope, onDate: string, f: AccountListFilter): RawBuilder<boolean> {
  const and: RawBuilder<boolean>[] = [];
  // An area officer and a school leader see the accounts of their schools (never an admin or an officer).
  if (scope.kind !== 'all') and.push(sql<boolean>`app_user.school_id in ${schoolIdsInScope(scope, onDate)}`);
  if (f.role) and.push(sql<boolean>`app_user.role = ${f.role}`);
  if (f.schoolId) and.push(sql<boolean>`app_user.school_id = ${f.schoolId}`);
  if (f.status === 'disabled') and.push(sql<boolean>`app_user.disabled_at is not null`);
  if (f.status === 'active') and.push(sql<boolean>`app_user.disabled_at is null and app_user.password_hash is not null`);
  if (f.status === 'invited') and.push(sql<boolean>`app_user.disabled_at is null and app_user.password_hash is null`);
  // search_key is ' word word … ': a word start is ' w' (served by the trigram index).
  for (const w of f.words) and.push(sql<boolean>`app_user.search_key like ${`% ${escapeLike(w)}%`}`);
  return and.length ? sql<boolean>`(${sql.join(and, sql` and `)})` : sql<boolean>`true`;
}

/** A page of the accounts in scope, by name, and how many there are. */
export async function listAccounts(db: Db, scope: Scope, onDate: string, f: AccountListFilter) {
  const where = listCondition(scope, onDate, f);
  const [rows, count] = await Promise.all([
    withNames(db).where(where).orderBy('app_user.display_name').orderBy('app_user.id').limit(f.limit).offset(f.offset).execute(),
    db.selectFrom('app_user').select((eb) => eb.fn.countAll<number>().as('n')).where(where).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.n) };
}

export async function findAccount(db: Db, id: string) {
  return withNames(db).where('app_user.id', '=', id).executeTakeFirst();
}

/** The account, locked for a change (two managers at once). */
export async function lockAccount(db: Db, id: string) {
  return db.selectFrom('app_user').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function updateAccount(db: Db, id: string, values: Updateable<AppUserTable>) {
  await db.updateTable('app_user').set(values).where('id', '=', id).execute();
}

export async function findSchoolIdById(db: Db, id: string) {
  return (await db.selectFrom('school').select('id').where('id', '=', id).executeTakeFirst())?.id ?? null;
}

export async function adminUnitExists(db: Db, id: string) {
  return Boolean(await db.selectFrom('admin_unit').select('id').where('id', '=', id).executeTakeFirst());
}

export async function findUserById(db: Db, id: string) {
  return db.selectFrom('app_user').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Which of these e-mail addresses an account has already (lower-cased). */
export async function findTakenEmails(db: Db, emails: readonly string[]): Promise<string[]> {
  if (!emails.length) return [];
  const rows = await db.selectFrom('app_user').select(sql<string>`lower(email)`.as('email')).where(sql<boolean>`lower(email) = any(${[...emails]}::text[])`).execute();
  return rows.map((r) => r.email);
}
