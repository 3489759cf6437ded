import { hash } from '@node-rs/argon2';
import { newUserSchema, type NewUser } from '#src/core/accounts.ts';
import { ConflictError, DomainError, ValidationError } from '#src/core/errors.ts';
import { authorize } from '#src/core/access/guard.ts';

import { SCHOOL_ROLES } from '#src/core/roles.ts';
import { recordAudit } from '#src/server/features/audit/audit.service.ts';
import type { CallContext, Db } from '#src/server/context.ts';
import { cleanText, foldForSearch } from '#src/core/vn/text.ts';
import { isoDateInHanoi } from '#src/core/vn/format.ts';
import type { Resource } from '#src/core/access/policy.ts';
import { isSystem, scopeFor } from '#src/core/access/policy.ts';
import { checkNewPassword, sendInvitation } from '#src/server/features/auth/account.service.ts';
import { NotFoundError } from '#src/core/errors.ts';
import type { AccountDto, CreatedUserDto, UserListDto, UserListQuery, UserPatch } from '#src/core/accounts.ts';
import type { Role } from '#src/core/roles.ts';
import { schoolFactOn } from '#src/server/access/facts.repository.ts';
import { deleteSessionsOfUser } from '#src/server/features/auth/auth.repository.ts';
import {
  adminUnitExists,
  findAccount,
  findAdminUnitIdByCode,
  findSchoolIdById,
  findSchoolIdByCode,
  findUserByUsername,
  insertUser,
  listAccounts,
  lockAccount,
  updateAccount,
  type AccountRow,
} from './users.repository.ts';

/** Argon2id with the library's defaults (m=19 MiB, t=2, p=1: OWASP's minimum). */
export function hashPassword(password: string): Promise<string> {
  return hash(password);
}

/** The account created (src/core/accounts.ts: `createdUserDto`). */
export type UserDto = CreatedUserDto;

/**
 * Create an account. Department admins may do it in the app; operators do it
 * with `chungtay user add` (system context).
 */
export async function createUser(
  trx: Db,
  ctx: CallContext,
  input: NewUser,
  now: Date = new Date(),
  /** onboarding: invited by a run from the registry (its own mail limit per sender). */
  opts: { onboarding?: boolean } = {},
): Promise<UserDto> {
  // Who may create accounts at all, before anything about the request is looked up.
  authorize(ctx.actor, 'user.list');
  const parsed = newUserSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ValidationError(String(issue.path[0] ?? ''), (issue as { params?: { key?: string } }).params?.key ?? 'invalid');
  }
  const u = parsed.data;
  if (!u.password && !u.email) throw new ValidationError('email', 'invitation_needs_email');
  // A password a person chose in the app is checked against the common ones (the CLI and the demo set their own).
  if (u.password && !isSystem(ctx.actor)) checkNewPassword(u.password, u.username, 'password');
  if (await findUserByUsername(trx, u.username)) {
    throw new ConflictError('USERNAME_TAKEN', 'username', { username: u.username });
  }
  let schoolId: string | null = null;
  let adminUnitId: string | null = null;
  if (SCHOOL_ROLES.includes(u.role)) {
    if (u.schoolId) {
      schoolId = await findSchoolIdById(trx, u.schoolId);
      if (!schoolId) throw new ValidationError('schoolId', 'unknown_school');
    } else {
      if (!u.schoolCode) throw new ValidationError('schoolCode', 'role_needs_school');
      schoolId = await findSchoolIdByCode(trx, u.schoolCode);
      if (!schoolId) throw new DomainError('SCHOOL_NOT_FOUND', 400, { code: u.schoolCode }, 'schoolCode');
    }
  }
  authorize(ctx.actor, 'user.create', await accountFacts(trx, u.role, schoolId, now));
  if (u.role === 'area-officer') {
    if (!u.adminUnitCode) throw new ValidationError('adminUnitCode', 'role_needs_area');
    adminUnitId = await findAdminUnitIdByCode(trx, u.adminUnitCode);
    if (!adminUnitId) throw new DomainError('ADMIN_UNIT_NOT_FOUND', 400, { code: u.adminUnitCode }, 'adminUnitCode');
  }
  const row = await insertUser(trx, {
    username: u.username,
    display_name: cleanText(u.displayName),
    email: u.email?.toLowerCase() ?? null,
    password_hash: u.password ? await hashPassword(u.password) : null,
    role: u.role,
    school_id: schoolId,
    admin_unit_id: adminUnitId,
    locale: u.locale ?? 'vi',
    disabled_at: null,
  });
  const dto: UserDto = {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    role: row.role,
    schoolId: row.school_id,
    adminUnitId: row.admin_unit_id,
  };
  await recordAudit(trx, ctx, { action: 'user.create', entity: 'user', entityId: row.id, after: { ...dto, invited: !u.password } });
  if (!u.password) await sendInvitation(trx, ctx, row.id, now, opts);
  return dto;
}

// accounts: the administration of accounts (list, read, change, disable), under the access policy.

/** The facts the policy needs about an account: its role and, for school roles, where its school stands today. */
export async function accountFacts(db: Db, role: Role, schoolId: string | null, now: Date): Promise<Resource> {
  return { accountRole: role, ...(schoolId ? { school: await schoolFactOn(db, schoolId, isoDateInHanoi(now)) } : {}) };
}

export function accountDto(r: AccountRow): AccountDto {
  return {
    id: r.id,
    username: r.username,
    displayName: r.display_name,
    email: r.email,
    role: r.role,
    status: r.disabled_at ? 'disabled' : r.invited ? 'invited' : 'active',
    locale: r.locale,
    school: r.school_id ? { id: r.school_id, code: r.school_code ?? '', name: r.school_name ?? '' } : null,
    area: r.admin_unit_id ? { id: r.admin_unit_id, code: r.admin_unit_code ?? '', name: r.admin_unit_name ?? '' } : null,
    createdAt: r.created_at.toISOString(),
    disabledAt: r.disabled_at?.toISOString() ?? null,
  };
}

/** The accounts the caller may see (the department all, an area officer its area's schools, a leader its school). */
export async function listUsers(db: Db, ctx: CallContext, query: UserListQuery, now: Date): Promise<UserListDto> {
  authorize(ctx.actor, 'user.list');
  const scope = scopeFor(ctx.actor, 'user.read');
  if (!scope) return { items: [], total: 0, totalExact: true };
  const words = query.q ? foldForSearch(query.q).split(' ').filter(Boolean) : [];
  const { rows, total, totalExact } = await listAccounts(db, scope, isoDateInHanoi(now), {
    words,
    role: query.role,
    schoolId: query.schoolId,
    status: query.status,
    limit: query.limit,
    offset: query.offset,
  });
  return { items: rows.map(accountDto), total, totalExact };
}

/** An account the caller may see; 404 for one it may not (its existence is not told). */
export async function getUser(db: Db, ctx: CallContext, id: string, now: Date): Promise<AccountDto> {
  authorize(ctx.actor, 'user.list');
  const row = await findAccount(db, id);
  if (!row) throw new NotFoundError('user');
  authorize(ctx.actor, 'user.read', await accountFacts(db, row.role, row.school_id, now), { onWho: () => new NotFoundError('user') });
  return accountDto(row);
}

/** Lock an account the caller may see and manage; its facts as they are. */
async function loadManaged(trx: Db, ctx: CallContext, id: string, action: 'user.update' | 'user.disable' | 'user.invite', now: Date) {
  authorize(ctx.actor, 'user.list');
  const row = await lockAccount(trx, id);
  if (!row) throw new NotFoundError('user');
  const facts = await accountFacts(trx, row.role, row.school_id, now);
  authorize(ctx.actor, 'user.read', facts, { onWho: () => new NotFoundError('user') });
  authorize(ctx.actor, action, facts);
  return row;
}

const SCHOOL_ROLE_SET = new Set<Role>(SCHOOL_ROLES);

/**
 * Change an account's name, e-mail, language, role, school or area. The caller must manage the
 * account as it is and as it will be (a leader cannot make a teacher a leader, an area officer
 * cannot move one to a school outside its area). Nobody changes their own role, school or area.
 */
export async function updateUser(trx: Db, ctx: CallContext, id: string, patch: UserPatch, now: Date): Promise<AccountDto> {
  const row = await loadManaged(trx, ctx, id, 'user.update', now);
  const self = ctx.actor && 'userId' in ctx.actor && ctx.actor.userId === id;
  const role = patch.role ?? row.role;
  let schoolId = patch.schoolId !== undefined ? patch.schoolId : row.school_id;
  let adminUnitId = patch.adminUnitId !== undefined ? patch.adminUnitId : row.admin_unit_id;
  if (!SCHOOL_ROLE_SET.has(role)) schoolId = null;
  if (role !== 'area-officer') adminUnitId = null;
  if (SCHOOL_ROLE_SET.has(role)) {
    if (!schoolId) throw new ValidationError('schoolId', 'role_needs_school');
    if (schoolId !== row.school_id && !(await findSchoolIdById(trx, schoolId))) throw new ValidationError('schoolId', 'unknown_school');
  }
  if (role === 'area-officer') {
    if (!adminUnitId) throw new ValidationError('adminUnitId', 'role_needs_area');
    if (adminUnitId !== row.admin_unit_id && !(await adminUnitExists(trx, adminUnitId))) throw new ValidationError('adminUnitId', 'unknown_unit');
  }
  const authorityChanges = role !== row.role || schoolId !== row.school_id || adminUnitId !== row.admin_unit_id;
  if (authorityChanges) {
    if (self) throw new ValidationError(patch.role !== undefined ? 'role' : 'schoolId', 'own_account_authority');
    authorize(ctx.actor, 'user.update', await accountFacts(trx, role, schoolId, now));
  }
  const before = accountDto((await findAccount(trx, id))!);
  await updateAccount(trx, id, {
    ...(patch.displayName !== undefined ? { display_name: cleanText(patch.displayName) } : {}),
    ...(patch.email !== undefined ? { email: patch.email ? patch.email.toLowerCase() : null } : {}),
    ...(patch.locale !== undefined ? { locale: patch.locale } : {}),
    role,
    school_id: schoolId,
    admin_unit_id: adminUnitId,
    updated_at: now,
  });
  const after = accountDto((await findAccount(trx, id))!);
  await recordAudit(trx, ctx, { action: 'user.update', entity: 'user', entityId: id, before: changedFields(before, after), after: changedFields(after, before) });
  return after;
}

/** The fields of `a` that differ from `b` (what an audit row shows). */
function changedFields(a: AccountDto, b: AccountDto): Partial<AccountDto> {
  return Object.fromEntries(Object.entries(a).filter(([k, v]) => JSON.stringify(v) !== JSON.stringify(b[k as keyof AccountDto]))) as Partial<AccountDto>;
}

/**
 * Disable an account (it can no longer sign in, and every session it has ends at once) or
 * enable it again. Nobody disables their own account.
 */
export async function setUserDisabled(trx: Db, ctx: CallContext, id: string, disabled: boolean, now: Date): Promise<AccountDto> {
  const row = await loadManaged(trx, ctx, id, 'user.disable', now);
  if (ctx.actor && 'userId' in ctx.actor && ctx.actor.userId === id) throw new ValidationError('id', 'own_account_disable');
  if (Boolean(row.disabled_at) === disabled) return accountDto((await findAccount(trx, id))!);
  await updateAccount(trx, id, { disabled_at: disabled ? now : null, updated_at: now });
  const sessionsEnded = disabled ? await deleteSessionsOfUser(trx, id) : 0;
  await recordAudit(trx, ctx, {
    action: disabled ? 'user.disable' : 'user.enable',
    entity: 'user',
    entityId: id,
    before: { disabledAt: row.disabled_at?.toISOString() ?? null },
    after: { disabledAt: disabled ? now.toISOString() : null, ...(disabled ? { sessionsEnded } : {}) },
  });
  return accountDto((await findAccount(trx, id))!);
}

/** Send a new invitation to an invited account (the earlier link stops working). */
export async function reinviteUser(trx: Db, ctx: CallContext, id: string, now: Date) {
  await loadManaged(trx, ctx, id, 'user.invite', now);
  return sendInvitation(trx, ctx, id, now);
}
