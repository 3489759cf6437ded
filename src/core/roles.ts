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

/**
 * The part of the registry a caller may see. Services turn it into SQL filters;
 * the rule itself lives here so it is the same for every feature.
 */
export type Scope =
  | { kind: 'all' }
  | { kind: 'area'; adminUnitId: string }
  | { kind: 'school'; schoolId: string };

export function scopeOf(actor: Actor): Scope {
  switch (actor.role) {
    case 'department-admin':
      return { kind: 'all' };
    case 'area-officer':
      if (!actor.adminUnitId) throw new Error(`area officer ${actor.username} has no area`);
      return { kind: 'area', adminUnitId: actor.adminUnitId };
    default:
      if (!actor.schoolId) throw new Error(`school user ${actor.username} has no school`);
      return { kind: 'school', schoolId: actor.schoolId };
  }
}
