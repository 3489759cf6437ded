import { scopeFor, type Principal, type Scope } from './access/policy.ts';

/** The five signed-in roles. The anonymous public has no session and no role. */
export const ROLES = [
  'department-admin',
  'area-officer',
  'school-leader',
  'school-coordinator',
  'teacher',
] as const;
export type Role = (typeof ROLES)[number];

export const SCHOOL_ROLES: readonly Role[] = ['school-leader', 'school-coordinator', 'teacher'];

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

/** Who is asking: the subject of every access decision. */
export interface Actor {
  userId: string;
  username: string;
  role: Role;
  /** Set for school roles: the one school the user belongs to. */
  schoolId: string | null;
  /** Set for area officers: the administrative unit they oversee. */
  adminUnitId: string | null;
}

export type { Scope } from './access/policy.ts';

/**
 * The part of the registry a caller may see: the scope of `school.read` in the access
 * policy (`src/core/access/policy.ts`). Services turn it into SQL filters.
 */
export function scopeOf(actor: Principal): Scope {
  const scope = scopeFor(actor, 'school.read');
  if (!scope) throw new Error(`${actor.username} (${actor.role}) has no school or area to see`);
  return scope;
}
