import type { NewUser } from '#src/core/accounts.ts';
import type { Actor, Role } from '#src/core/roles.ts';
import { systemContext, type CallContext } from '#src/server/context.ts';
import { createUser as createUserService, type UserDto } from '#src/server/features/users/users.service.ts';
import { createAdminUnit, type AdminUnit } from './admin-units.ts';
import type { FactoryDb } from './db.ts';
import { createSchool, type FactorySchool } from './schools.ts';
import { unique } from './unique.ts';

/** The password of every account the factories create. */
export const FACTORY_PASSWORD = 'Factory@2025';

export type UserOverrides = Partial<Omit<NewUser, 'role' | 'schoolCode' | 'adminUnitCode'>> & {
  /** For school roles: the user's school (default: a new school). */
  school?: FactorySchool;
  /** For area officers: the area they oversee (default: a new district). */
  unit?: AdminUnit;
};

export interface FactoryUser extends UserDto {
  password: string;
  /** The subject of access decisions, as a signed-in request would carry it. */
  actor: Actor;
  /** A service call context acting as this user. */
  ctx: CallContext;
  school: FactorySchool | null;
  unit: AdminUnit | null;
}

/**
 * An account of `role`, created as an operator creates one (`chungtay user add`): the
 * users service, with an Argon2 hash of {@link FACTORY_PASSWORD} unless told otherwise.
 * School roles get a new school and area officers a new district unless given one.
 */
export async function createUser(db: FactoryDb, role: Role, overrides: UserOverrides = {}): Promise<FactoryUser> {
  const { school: givenSchool, unit: givenUnit, ...fields } = overrides;
  const schoolRole = role === 'school-leader' || role === 'school-coordinator' || role === 'teacher';
  const school = schoolRole ? (givenSchool ?? (await createSchool(db))) : null;
  const unit = role === 'area-officer' ? (givenUnit ?? (await createAdminUnit(db, { kind: 'district' }))) : null;
  const input: NewUser = {
    username: unique(role.split('-')[0]!),
    displayName: `Người dùng ${role}`,
    password: FACTORY_PASSWORD,
    ...fields,
    role,
    ...(school ? { schoolCode: school.code } : {}),
    ...(unit ? { adminUnitCode: unit.code } : {}),
  };
  const dto = await db.transaction().execute((trx) => createUserService(trx, systemContext('test-factory'), input));
  const actor: Actor = { userId: dto.id, username: dto.username, role, schoolId: dto.schoolId, adminUnitId: dto.adminUnitId };
  return { ...dto, password: input.password ?? FACTORY_PASSWORD, actor, ctx: { actor, requestId: null }, school, unit };
}

export const createDepartmentAdmin = (db: FactoryDb, overrides: UserOverrides = {}) => createUser(db, 'department-admin', overrides);
export const createAreaOfficer = (db: FactoryDb, overrides: UserOverrides = {}) => createUser(db, 'area-officer', overrides);
export const createSchoolLeader = (db: FactoryDb, overrides: UserOverrides = {}) => createUser(db, 'school-leader', overrides);
export const createCoordinator = (db: FactoryDb, overrides: UserOverrides = {}) => createUser(db, 'school-coordinator', overrides);
export const createTeacher = (db: FactoryDb, overrides: UserOverrides = {}) => createUser(db, 'teacher', overrides);
