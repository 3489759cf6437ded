import { describe, expect, it } from 'vitest';
import { ForbiddenError } from '#src/core/errors.ts';
import { PAIR_STATES, nextState, type PairEvent, type PairState } from '#src/core/pairs/state-machine.ts';
import { ROLES, scopeOf, type Actor, type Role } from '#src/core/roles.ts';
import { AccessRefusedError, authorize } from './guard.ts';
import { ACTIONS, CONDITIONS, PERMISSIONS, SYSTEM_ACTOR, can, decide, factsNeeded, scopeFor, type Resource } from './policy.ts';

const AREA = 'unit-bode-2025';
const OLD_DISTRICT = 'unit-longbien';
const PROVINCE = 'unit-hn';
const OTHER_AREA = 'unit-thanhxuan';

const person = (role: Role, extra: Partial<Actor> = {}): Actor => ({
  userId: `u-${role}`,
  username: role,
  role,
  schoolId: role === 'department-admin' || role === 'area-officer' ? null : 'school-a',
  adminUnitId: role === 'area-officer' ? AREA : null,
  ...extra,
});
const admin = person('department-admin');
const officer = person('area-officer');
const leader = person('school-leader');
const coordinator = person('school-coordinator');
const teacher = person('teacher');
const otherLeader = person('school-leader', { userId: 'u-other', schoolId: 'school-z' });

const inArea = (schoolId: string) => ({ schoolId, unitChain: ['unit-ward', AREA, PROVINCE] });
const elsewhere = (schoolId: string) => ({ schoolId, unitChain: [OTHER_AREA, PROVINCE] });

const pair = (state: PairState, over: Partial<NonNullable<Resource['pair']>> = {}): Resource => ({
  pair: {
    state,
    proposedBySchoolId: 'school-a',
    members: [
      { ...inArea('school-a'), answered: false },
      { ...elsewhere('school-b'), answered: false },
    ],
    ...over,
  },
});

describe('the permission table', () => {
  it('names every action, and only roles and conditions that exist', () => {
    expect(Object.keys(PERMISSIONS).sort()).toEqual([...ACTIONS].sort());
    for (const [action, rules] of Object.entries(PERMISSIONS)) {
      for (const [role, rule] of Object.entries(rules)) {
        expect(ROLES, `${action}: ${role}`).toContain(role);
        for (const c of rule!.when) expect(Object.keys(CONDITIONS), `${action}: ${c}`).toContain(c);
      }
    }
  });

  it('allows a pair step only in states where the state machine has that step', () => {
    const steps: [string, PairEvent][] = [
      ['pair.accept', 'accept'],
      ['pair.decline', 'decline'],
      ['pair.approve', 'approve'],
      ['pair.reject', 'reject'],
      ['pair.complete', 'complete'],
      ['pair.terminate', 'terminate'],
      ['pair.withdraw', 'withdraw'],
      // (`mou.sign` also holds while active: an amendment is signed without a change of state.)
    ];
    for (const [action, event] of steps) {
      for (const rule of Object.values(PERMISSIONS[action as keyof typeof PERMISSIONS])) {
        for (const s of rule!.states ?? []) expect(nextState(s, event), `${action} in ${s}`).not.toBeNull();
      }
    }
  });
});

describe('nothing is allowed by default', () => {
  it('refuses nobody (null, undefined) every action, whatever the resource', () => {
    for (const action of ACTIONS) {
      expect(can(null, action, pair('approved'))).toBe(false);
      expect(can(undefined, action, { school: inArea('school-a') })).toBe(false);
    }
    expect(scopeFor(null, 'school.read')).toBeNull();
    expect(() => authorize(null, 'school.list')).toThrow(ForbiddenError);
  });

  it('refuses an action not in the table and a role not in a row', () => {
    expect(can(admin, 'no.such.action' as never)).toBe(false);
    expect(can(teacher, 'pair.propose', { schools: [inArea('school-a'), inArea('school-b')] })).toBe(false);
    expect(can(coordinator, 'mou.sign', pair('approved'))).toBe(false);
  });

  it('refuses when a fact the rule needs is missing', () => {
    expect(can(officer, 'school.read', {})).toBe(false);
    expect(can(leader, 'pair.read', {})).toBe(false);
    expect(can(officer, 'matching.run.read', {})).toBe(false);
    expect(can(leader, 'school.editProfile', { school: { schoolId: 'school-a', unitChain: [] } })).toBe(false); // merged or not unknown
  });

  it('lets the explicit system actor do everything, and no look-alike of it', () => {
    for (const action of ACTIONS) expect(can(SYSTEM_ACTOR, action)).toBe(true);
    expect(can({ ...SYSTEM_ACTOR }, 'user.create')).toBe(false);
    expect(scopeFor(SYSTEM_ACTOR, 'school.read')).toEqual({ kind: 'all' });
  });
});

describe('tenants', () => {
  it('school staff read their own school and its pairs only', () => {
    for (const a of [leader, coordinator, teacher]) {
      expect(can(a, 'school.read', { school: inArea('school-a') })).toBe(true);
      expect(can(a, 'school.read', { school: inArea('school-b') })).toBe(false);
      expect(can(a, 'pair.read', pair('active'))).toBe(true);
    }
    expect(can(otherLeader, 'pair.read', pair('active'))).toBe(false);
    expect(scopeOf(teacher)).toEqual({ kind: 'school', schoolId: 'school-a' });
  });

  it('an area officer reads the schools standing in the area, and pairs with one of them', () => {
    expect(can(officer, 'school.read', { school: inArea('x') })).toBe(true);
    expect(can(officer, 'school.read', { school: elsewhere('x') })).toBe(false);
    expect(can(officer, 'school.read', { school: { schoolId: 'x', unitChain: [] } })).toBe(false);
    expect(can(officer, 'pair.read', pair('active'))).toBe(true);
    const outside = pair('active', { members: [{ ...elsewhere('p'), answered: false }, { ...elsewhere('q'), answered: false }] });
    expect(can(officer, 'pair.read', outside)).toBe(false);
    expect(scopeOf(officer)).toEqual({ kind: 'area', adminUnitId: AREA });
    expect(scopeFor(officer, 'pair.read')).toEqual({ kind: 'area', adminUnitId: AREA });
    expect(scopeFor(person('area-officer', { adminUnitId: null }), 'school.read')).toBeNull();
  });

  it('an area officer proposes pairs only of schools all in the area; a leader only with their own school', () => {
    expect(can(officer, 'pair.propose', { schools: [inArea('a'), inArea('b')] })).toBe(true);
    expect(can(officer, 'pair.propose', { schools: [inArea('a'), elsewhere('b')] })).toBe(false);
    expect(can(officer, 'pair.propose', { schools: [] })).toBe(false);
    expect(can(leader, 'pair.propose', { schools: [elsewhere('school-a'), elsewhere('b')] })).toBe(true);
    expect(can(leader, 'pair.propose', { schools: [inArea('c'), inArea('b')] })).toBe(false);
  });

  it('area officers see only their own matching runs', () => {
    expect(can(officer, 'matching.run.read', { createdByUserId: officer.userId })).toBe(true);
    expect(can(officer, 'matching.run.read', { createdByUserId: 'someone-else' })).toBe(false);
    expect(can(officer, 'matching.run.read', { createdByUserId: null })).toBe(false);
    expect(can(admin, 'matching.run.read', { createdByUserId: null })).toBe(true);
    expect(factsNeeded(officer, 'matching.run.read')).toEqual(['creator']);
    expect(factsNeeded(admin, 'matching.run.read')).toEqual([]);
  });
});

describe('a pair by state', () => {
  it('the department approves an accepted pair and nobody else does', () => {
    expect(can(admin, 'pair.approve', pair('accepted'))).toBe(true);
    expect(can(admin, 'pair.approve', pair('proposed'))).toBe(false);
    expect(decide(admin, 'pair.approve', pair('proposed'))).toEqual({ allowed: false, kind: 'state' });
    expect(can(officer, 'pair.approve', pair('accepted'))).toBe(false);
    expect(can(leader, 'pair.approve', pair('accepted'))).toBe(false);
  });

  it("a member school's leader answers a proposal once", () => {
    expect(can(leader, 'pair.accept', pair('proposed'))).toBe(true);
    const answered = pair('proposed', { members: [{ ...inArea('school-a'), answered: true }, { ...elsewhere('school-b'), answered: false }] });
    expect(decide(leader, 'pair.accept', answered)).toEqual({ allowed: false, kind: 'state', code: 'PAIR_ALREADY_ANSWERED' });
    expect(decide(otherLeader, 'pair.accept', pair('proposed'))).toEqual({ allowed: false, kind: 'who' });
  });

  it('only the proposing school withdraws, and only while the proposal is open', () => {
    expect(can(leader, 'pair.withdraw', pair('proposed'))).toBe(true);
    expect(can(leader, 'pair.withdraw', pair('accepted'))).toBe(false);
    expect(can(leader, 'pair.withdraw', pair('proposed', { proposedBySchoolId: 'school-b' }))).toBe(false);
    expect(can(admin, 'pair.withdraw', pair('accepted'))).toBe(true);
  });

  it('a scan of the paper original may be filed while approved, active or completed — for the page and the service alike', () => {
    const allowed = PAIR_STATES.filter((s) => can(leader, 'mou.uploadScan', pair(s)));
    expect(allowed).toEqual(['approved', 'active', 'completed']);
    expect(PAIR_STATES.filter((s) => can(admin, 'mou.uploadScan', pair(s)))).toEqual(allowed);
    expect(can(coordinator, 'mou.uploadScan', pair('active'))).toBe(false);
    expect(can(officer, 'mou.uploadScan', pair('active'))).toBe(false);
  });

  it("leaders manage their own school's steering committee members; the department all", () => {
    expect(can(leader, 'steering.manage', { ...pair('active'), memberSchoolId: 'school-a' })).toBe(true);
    expect(can(leader, 'steering.manage', { ...pair('active'), memberSchoolId: 'school-b' })).toBe(false);
    expect(can(admin, 'steering.manage', { ...pair('approved'), memberSchoolId: 'school-b' })).toBe(true);
    expect(can(admin, 'steering.manage', { ...pair('completed'), memberSchoolId: 'school-b' })).toBe(false);
  });

  it('only the sender withdraws a notice', () => {
    expect(can(leader, 'notice.withdraw', { ...pair('active'), noticeSenderSchoolId: 'school-a' })).toBe(true);
    expect(can(leader, 'notice.withdraw', { ...pair('active'), noticeSenderSchoolId: 'school-b' })).toBe(false);
  });
});

describe('an area officer moving a school (PUT /api/schools/{id}/location)', () => {
  const school = { school: inArea('s'), schoolMerged: false };
  const move = (over: Partial<NonNullable<Resource['move']>> = {}): Resource => ({
    ...school,
    move: {
      targetChain: ['unit-ward-2', AREA, PROVINCE],
      from: '2026-01-01',
      rewritten: [{ unitChain: ['unit-ward', AREA, PROVINCE], validFrom: '2025-07-01', validTo: null }],
      areaValidFrom: '2025-07-01',
      areaValidTo: null,
      ...over,
    },
  });

  it('moves a school of the area to a unit of the area from a day of the area', () => {
    expect(can(officer, 'school.setLocation', move())).toBe(true);
  });

  it('refuses a target unit outside the area, naming adminUnitId', () => {
    expect(decide(officer, 'school.setLocation', move({ targetChain: [OTHER_AREA, PROVINCE] }))).toEqual({
      allowed: false,
      kind: 'fact',
      code: 'LOCATION_UNIT_OUTSIDE_AREA',
      field: 'adminUnitId',
    });
    expect(() => authorize(officer, 'school.setLocation', move({ targetChain: [PROVINCE] }))).toThrow(AccessRefusedError);
  });

  it('refuses a date before the area existed, or one on which the school stood elsewhere, naming from', () => {
    const refused = { allowed: false, kind: 'fact', code: 'LOCATION_DATE_OUTSIDE_AREA', field: 'from' };
    expect(decide(officer, 'school.setLocation', move({ from: '2024-01-01' }))).toEqual(refused);
    const history = [
      { unitChain: ['unit-old-ward', OLD_DISTRICT, PROVINCE], validFrom: '1900-01-01', validTo: '2025-07-01' },
      { unitChain: ['unit-ward', AREA, PROVINCE], validFrom: '2025-07-01', validTo: null },
    ];
    expect(decide(officer, 'school.setLocation', move({ from: '2025-03-01', rewritten: history, areaValidFrom: '1900-01-01' }))).toEqual(refused);
    expect(decide(officer, 'school.setLocation', move({ from: '2026-03-01', rewritten: [] }))).toEqual(refused);
    expect(decide(officer, 'school.setLocation', move({ areaValidTo: '2025-12-31' }))).toEqual(refused);
  });

  it('refuses a school that is not in the area today, whatever the move', () => {
    expect(can(officer, 'school.setLocation', { ...move(), school: elsewhere('s') })).toBe(false);
  });

  it('lets the department move any school, from any date', () => {
    expect(can(admin, 'school.setLocation', {})).toBe(true);
  });
});

describe('school profile rights', () => {
  it('official fields: the department and the area; the profile: also the own leader, unless merged', () => {
    const own = { school: inArea('school-a'), schoolMerged: false };
    expect(can(officer, 'school.editOfficial', own)).toBe(true);
    expect(can(leader, 'school.editOfficial', own)).toBe(false);
    expect(can(leader, 'school.editProfile', own)).toBe(true);
    expect(can(leader, 'school.editProfile', { ...own, schoolMerged: true })).toBe(false);
    expect(can(coordinator, 'school.editProfile', own)).toBe(false);
    expect(can(teacher, 'school.editProfile', own)).toBe(false);
  });
});

describe('authorize', () => {
  it('throws the caller-chosen error for a state refusal, 403 otherwise', () => {
    class Conflict extends Error {}
    expect(() => authorize(admin, 'pair.approve', pair('active'), { onState: () => new Conflict() })).toThrow(Conflict);
    expect(() => authorize(leader, 'pair.approve', pair('accepted'), { onState: () => new Conflict() })).toThrow(ForbiddenError);
    expect(() => authorize(admin, 'pair.approve', pair('accepted'))).not.toThrow();
  });
});

describe('who may be named the sponsor of a student', () => {
  // The actor is the account named; the student's school is school-s, twinned with school-a.
  const student = (twinned: readonly string[] | undefined): Resource => ({ school: { schoolId: 'school-s', unitChain: [] }, ...(twinned ? { twinnedSchoolIds: twinned } : {}) });
  it("is any staff account of the student's school or of a school twinned with it, and nobody else", () => {
    for (const staff of [leader, coordinator, teacher]) {
      expect(can(staff, 'sponsorship.sponsor', student(['school-a'])), staff.role).toBe(true);
      expect(can({ ...staff, schoolId: 'school-s' }, 'sponsorship.sponsor', student([])), staff.role).toBe(true);
      // Not twinned (or the partners not loaded: a missing fact is a refusal).
      expect(can(staff, 'sponsorship.sponsor', student(['school-z'])), staff.role).toBe(false);
      expect(can(staff, 'sponsorship.sponsor', student(undefined)), staff.role).toBe(false);
    }
    expect(can(admin, 'sponsorship.sponsor', student(['school-a']))).toBe(false);
    expect(can(officer, 'sponsorship.sponsor', student(['school-a']))).toBe(false);
    expect(can(teacher, 'sponsorship.sponsor', { twinnedSchoolIds: ['school-a'] })).toBe(false);
  });
});
