import { describe, expect, it } from 'vitest';
import { can, ruleFor } from '#src/core/access/policy.ts';
import { ROLES, type Actor, type Role } from '#src/core/roles.ts';
import { fixedOwnSchool } from './own-school.ts';

const actor = (role: Role): Actor => ({
  userId: 'u',
  username: 'u',
  role,
  schoolId: ['school-leader', 'school-coordinator', 'teacher'].includes(role) ? 'own' : null,
  adminUnitId: role === 'area-officer' ? 'area' : null,
});
/** A school standing in the actor's area (when it has one). */
const school = (schoolId: string) => ({ schoolId, unitChain: ['commune', 'area'] });
const proposers = ROLES.filter((r) => ruleFor(actor(r), 'pair.propose'));
const managers = ROLES.filter((r) => ruleFor(actor(r), 'user.create'));

describe('the school a form fixes is the one the server accepts', () => {
  it.each(proposers)('propose a pair, as %s: the dialog fixes the own school exactly when a proposal without it is refused', (role) => {
    const a = actor(role);
    const own = fixedOwnSchool(a, 'pair.propose');
    // Two schools the dialog lets the user pick, neither its own.
    expect(can(a, 'pair.propose', { schools: [school('partner'), school('other')] })).toBe(own === null);
    // The dialog adds the own school to the partners chosen: allowed.
    if (own) expect(can(a, 'pair.propose', { schools: [school(own), school('partner')] })).toBe(true);
  });

  it.each(managers)('create a teacher account, as %s: the form fixes the own school exactly when another school is refused', (role) => {
    const a = actor(role);
    const own = fixedOwnSchool(a, 'user.create');
    expect(can(a, 'user.create', { accountRole: 'teacher', school: school('other') })).toBe(own === null);
    if (own) expect(can(a, 'user.create', { accountRole: 'teacher', school: school(own) })).toBe(true);
  });

  it('fixes the own school for a school leader only', () => {
    const fixed = (action: 'pair.propose' | 'user.create') => Object.fromEntries(ROLES.map((r) => [r, fixedOwnSchool(actor(r), action)]));
    const leaderOnly = { 'department-admin': null, 'area-officer': null, 'school-leader': 'own', 'school-coordinator': null, teacher: null };
    expect(fixed('pair.propose')).toEqual(leaderOnly);
    expect(fixed('user.create')).toEqual(leaderOnly);
  });
});
