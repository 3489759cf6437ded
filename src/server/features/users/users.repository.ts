import { sql, type Insertable, type RawBuilder, type Updateable } from 'kysely';
import type { Scope } from '#src/core/access/policy.ts';
import type { Role } from '#src/core/roles.ts';
import type { Db } from '#src/server/context.ts';
import { countBound, schoolIdsInScope } from '#src/server/features/schools/schools.repository.ts';
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

/**
 * A page of the accounts in scope, by name in Vietnamese order (then id: the index `app_user_display_name_vi_idx`), and
 * how many there are: exact for a search, and up to `countBound` without search words (decision
 * 0029, as the school list); beyond it `total` is the bound and `totalExact` is false.
 */
export async function listAccounts(db: Db, scope: Scope, onDate: string, f: AccountListFilter) {
  const where = listCondition(scope, onDate, f);
  // Without search words an exact count of 500,000 accounts read every one of them on every page:
  // count so far only. The bound is past this page, so the page after it is always offered.
  const bound = f.words.length ? null : countBound(f.offset, f.limit);
  const matching = db.selectFrom('app_user').select(sql<number>`1`.as('one')).where(where);
  const [rows, count] = await Promise.all([
    withNames(db).where(where).orderBy(sql`app_user.display_name collate "vi-x-icu"`).orderBy('app_user.id').limit(f.limit).offset(f.offset).execute(),
    db
      .selectFrom((bound === null ? matching : matching.limit(bound + 1)).as('matching'))
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow(),
  ]);
  const n = Number(count.n);
  return bound !== null && n > bound ? { rows, total: bound, totalExact: false } : { rows, total: n, totalExact: true };
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

// ---------------------------------------------------------------------------
// Accounts as other features read them (notifications, pairs, paper steps, activities,
// sponsorships, the audit log): every read of app_user lives in this file.

/** The enabled accounts among `userIds`, with the e-mail address and language to write to them in. */
export async function findEnabledContacts(db: Db, userIds: readonly string[]) {
  return db.selectFrom('app_user').select(['id', 'email', 'locale']).where(sql<boolean>`id = any(${[...userIds]}::uuid[])`).where('disabled_at', 'is', null).execute();
}

/** Ids of the enabled accounts of these schools with one of the roles (by default: their leaders). */
export async function enabledStaffIds(db: Db, schoolIds: readonly string[], roles: readonly Role[] = ['school-leader']): Promise<string[]> {
  if (schoolIds.length === 0) return [];
  const rows = await db
    .selectFrom('app_user')
    .select('id')
    .where('school_id', 'in', [...schoolIds])
    .where('role', 'in', [...roles])
    .where('disabled_at', 'is', null)
    .execute();
  return rows.map((r) => r.id);
}

/** The enabled accounts of these schools with one of the roles, each with its school and role. */
export async function listEnabledStaff(db: Db, schoolIds: readonly string[], roles: readonly ('school-leader' | 'school-coordinator')[]) {
  if (schoolIds.length === 0) return [];
  return db
    .selectFrom('app_user')
    .select(['id', 'school_id', 'role'])
    .where(sql<boolean>`school_id = any(${[...new Set(schoolIds)]}::uuid[])`)
    .where('role', 'in', [...roles])
    .where('disabled_at', 'is', null)
    .execute();
}

/** Ids of the enabled department admins. */
export async function enabledDepartmentAdminIds(db: Db): Promise<string[]> {
  const rows = await db.selectFrom('app_user').select('id').where('role', '=', 'department-admin').where('disabled_at', 'is', null).execute();
  return rows.map((r) => r.id);
}

/** The names of the enabled leaders of these schools, oldest account first (an MoU names them). */
export async function leaderNamesOfSchools(db: Db, schoolIds: string[]) {
  if (!schoolIds.length) return [];
  return db
    .selectFrom('app_user')
    .select(['school_id', 'display_name'])
    .where('school_id', 'in', schoolIds)
    .where('role', '=', 'school-leader')
    .where('disabled_at', 'is', null)
    .orderBy('created_at')
    .execute();
}

/**
 * Of these schools, those with an account that can answer for them: an enabled school
 * leader (only a leader accepts a pair or signs its MoU).
 */
export async function schoolsWithLeaderAccount(db: Db, schoolIds: readonly string[]): Promise<Set<string>> {
  if (!schoolIds.length) return new Set();
  const rows = await db
    .selectFrom('app_user')
    .select('school_id')
    .distinct()
    .where('school_id', 'in', [...schoolIds])
    .where('role', '=', 'school-leader')
    .where('disabled_at', 'is', null)
    .execute();
  return new Set(rows.map((r) => r.school_id!));
}

/** The enabled accounts of these schools, of any role, by name (only those among `userIds` when given). */
export async function enabledAccountsOfSchools(db: Db, schoolIds: readonly string[], userIds?: readonly string[]) {
  if (!schoolIds.length) return [];
  let q = db
    .selectFrom('app_user')
    .select(['id', 'school_id', 'display_name'])
    .where('school_id', 'in', schoolIds)
    .where('disabled_at', 'is', null);
  if (userIds) {
    if (!userIds.length) return [];
    q = q.where('id', 'in', userIds);
  }
  return q.orderBy(sql`display_name collate "vi-x-icu"`).execute();
}

/** An enabled account by its (lower-case) username, with its name. */
export async function findEnabledUserByUsername(db: Db, username: string) {
  return db.selectFrom('app_user').select(['id', 'username', 'display_name', 'role', 'school_id', 'admin_unit_id']).where('username', '=', username).where('disabled_at', 'is', null).executeTakeFirst();
}

/** The school of an account as a list: one id, or none (an admin, an officer, an unknown id). */
export async function schoolIdsOfUser(db: Db, userId: string): Promise<string[]> {
  const row = await db.selectFrom('app_user').select('school_id').where('id', '=', userId).executeTakeFirst();
  return row?.school_id ? [row.school_id] : [];
}
