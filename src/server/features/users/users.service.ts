import { hash } from '@node-rs/argon2';
import { newUserSchema, type NewUser } from '#src/core/accounts.ts';
import { ConflictError, DomainError, ValidationError } from '#src/core/errors.ts';
import { authorize } from '#src/core/access/guard.ts';

import { SCHOOL_ROLES } from '#src/core/roles.ts';
import { recordAudit } from '#src/server/features/audit/audit.service.ts';
import type { CallContext, Db } from '#src/server/context.ts';
import { findAdminUnitIdByCode, findSchoolIdByCode, findUserByUsername, insertUser } from './users.repository.ts';

/** Argon2id with the library's defaults (m=19 MiB, t=2, p=1: OWASP's minimum). */
export function hashPassword(password: string): Promise<string> {
  return hash(password);
}

export interface UserDto {
  id: string;
  username: string;
  displayName: string;
  role: string;
  schoolId: string | null;
  adminUnitId: string | null;
}

/**
 * Create an account. Department admins may do it in the app; operators do it
 * with `chungtay user add` (system context).
 */
export async function createUser(trx: Db, ctx: CallContext, input: NewUser): Promise<UserDto> {
  authorize(ctx.actor, 'user.create');
  const parsed = newUserSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ValidationError(String(issue.path[0] ?? ''), (issue as { params?: { key?: string } }).params?.key ?? 'invalid');
  }
  const u = parsed.data;
  if (await findUserByUsername(trx, u.username)) {
    throw new ConflictError('USERNAME_TAKEN', 'username', { username: u.username });
  }
  let schoolId: string | null = null;
  let adminUnitId: string | null = null;
  if (SCHOOL_ROLES.includes(u.role)) {
    if (!u.schoolCode) throw new ValidationError('schoolCode', 'role_needs_school');
    schoolId = await findSchoolIdByCode(trx, u.schoolCode);
    if (!schoolId) throw new DomainError('SCHOOL_NOT_FOUND', 400, { code: u.schoolCode }, 'schoolCode');
  }
  if (u.role === 'area-officer') {
    if (!u.adminUnitCode) throw new ValidationError('adminUnitCode', 'role_needs_area');
    adminUnitId = await findAdminUnitIdByCode(trx, u.adminUnitCode);
    if (!adminUnitId) throw new DomainError('ADMIN_UNIT_NOT_FOUND', 400, { code: u.adminUnitCode }, 'adminUnitCode');
  }
  const row = await insertUser(trx, {
    username: u.username,
    display_name: u.displayName,
    email: u.email ?? null,
    password_hash: await hashPassword(u.password),
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
  await recordAudit(trx, ctx, { action: 'user.create', entity: 'user', entityId: row.id, after: dto });
  return dto;
}
