/**
 * Who may do what: the one access policy of Chung Tay. Pure (no I/O): services and the
 * pages' "allowed actions" ask `can(actor, action, resource)`, after loading the facts
 * about the resource that the rule names (`factsNeeded`). Nothing is allowed by default:
 * an action without a rule for the actor's role, a missing fact, or no actor at all is
 * refused. Jobs and the CLI act as `SYSTEM_ACTOR`, which may do everything a person
 * may do anywhere (it is the operator at the console).
 */
import type { PairState } from '#src/core/pairs/state-machine.ts';
import type { Actor, Role } from '#src/core/roles.ts';

/** Jobs, the CLI and the demo loader: an explicit actor, never a missing one. */
export interface SystemActor {
  readonly role: 'system';
  readonly userId: null;
  readonly username: string;
  readonly schoolId: null;
  readonly adminUnitId: null;
}

export const SYSTEM_ACTOR: SystemActor = Object.freeze({ role: 'system', userId: null, username: 'system', schoolId: null, adminUnitId: null });

/** A person signed in, or the system. */
export type Principal = Actor | SystemActor;

export const isSystem = (p: Principal | null | undefined): p is SystemActor => p?.role === 'system';
/** The person behind a principal (null for the system or nobody). */
export const personOf = (p: Principal | null | undefined): Actor | null => (p && p.role !== 'system' ? p : null);

export const ACTIONS = [
  // account
  'account.self',
  // registry
  'school.list',
  'school.read',
  'school.create',
  'school.editProfile',
  'school.editOfficial',
  'school.merge',
  'school.setLocation',
  'school.export',
  'school.import',
  'school.importTemplate',
  'adminUnit.read',
  'adminUnit.reorganize',
  'capabilityArea.read',
  'capabilityArea.create',
  // programme
  'campaign.read',
  'campaign.create',
  'campaign.update',
  'user.create',
  'audit.read',
  'loginThrottle.manage',
  'metrics.read',
  'dashboard.read',
  'search',
  // pairs
  'pair.list',
  'pair.read',
  'pair.partnerCandidates',
  'pair.propose',
  'pair.accept',
  'pair.decline',
  'pair.approve',
  'pair.reject',
  'pair.complete',
  'pair.terminate',
  'pair.withdraw',
  'mou.edit',
  'mou.sign',
  'mou.uploadScan',
  'notice.send',
  'notice.respond',
  'notice.withdraw',
  'steering.manage',
  // matching
  'matching.wishes.read',
  'matching.wishes.edit',
  'matching.run.list',
  'matching.run.start',
  'matching.run.read',
  'matching.run.accept',
  // activities
  'activity.list',
  'activity.read',
  'activity.create',
  'activity.edit',
  'activity.close',
  'activity.uploadEvidence',
  'activity.export',
  'calendar.feed',
  // paper
  'pair.acceptOnPaper',
  'mou.signOnPaper',
  // notify
  'mail.outbox',
  'notification.own',
  // support
  'support.list',
  'support.read',
  'support.pledge',
  'support.deliver',
  'support.correct',
  'support.cancel',
  'support.acknowledge',
  'support.export',
  'beneficiary.summary',
  'beneficiary.read',
  'beneficiary.create',
  'beneficiary.update',
  'beneficiary.export',
  'beneficiary.erase',
  // accounts
  'user.list',
  'user.read',
  'user.update',
  'user.disable',
  'user.invite',
  'audit.list',
  // paper
  'school.readPublicProfile',
  // phases
  'campaign.openNextPhase',
  'pair.chooseNextPhase',
  // news
  'news.list',
  'news.read',
  'news.draft',
  'news.edit',
  'news.publish',
  // plans
  'plan.read',
  'plan.edit',
  'plan.submit',
  'plan.approve',
  // sponsorships
  'sponsorship.read',
  'sponsorship.create',
  'sponsorship.end',
  'sponsorship.pay',
  'sponsorship.mine',
  'sponsorship.sponsorView',
  // onboarding
  'user.onboard',
  // sponsorship payment corrections
  'sponsorship.correctPayment',
  // news: unpublishing
  'news.unpublish',
  // plans-e2e
  'plan.withdraw',
  'activity.deleteEvidence',
  // sponsor
  'sponsorship.sponsor',
] as const;
export type Action = (typeof ACTIONS)[number];

/** A school and where it stands: its unit and every unit above it, on the date asked about. */
export interface SchoolFacts {
  schoolId: string;
  /**
   * The units whose area covers the school's unit that day: its own unit first, the units
   * above it, and the ended units it took over (an old district's commune became this one) with
   * theirs above; empty when it stands nowhere that day. Loaded by src/server/access/facts.repository.ts.
   */
  unitChain: readonly string[];
}

/**
 * Facts about the resource. A rule names the facts it needs; a fact not given is a
 * refusal, never a pass.
 */
export interface Resource {
  /** The school acted on (its unit chain as of the date the action concerns, usually today). */
  school?: SchoolFacts;
  /** A merged school's profile is the department's and the area's only. */
  schoolMerged?: boolean;
  /** A pair: state, member schools (unit chains as of today), proposer, answers. */
  pair?: {
    state: PairState;
    members: readonly (SchoolFacts & { answered: boolean })[];
    proposedBySchoolId: string | null;
  };
  /** Schools named in a request (a pair proposal). */
  schools?: readonly SchoolFacts[];
  /** The member school whose data is changed (steering committee members). */
  memberSchoolId?: string;
  /** A notice's sending school. */
  noticeSenderSchoolId?: string;
  /** Who created the thing (a matching run). */
  createdByUserId?: string | null;
  /**
   * A change of a school's location: the target unit's chain, the first day it touches,
   * the chains of every location it rewrites (from `from` on), and the dates the
   * actor's own area exists.
   */
  move?: {
    targetChain: readonly string[];
    from: string;
    rewritten: readonly { unitChain: readonly string[]; validFrom: string; validTo: string | null }[];
    areaValidFrom: string | null;
    areaValidTo: string | null;
  };
  // activities
  /** The school hosting an activity. */
  activityHostSchoolId?: string | null;
  // support
  /** A contribution: the receiving school and, for a school donor, the giving school. */
  contribution?: { schoolId: string; donorSchoolId: string | null };
  /** An account's role (as it is, or as a request would make it); its school is `school`. */
  accountRole?: Role;
  // sponsorships
  /** A sponsorship: the sponsor's account (null: an organisation without one). */
  sponsorship?: { sponsorUserId: string | null };
  /** The schools twinned with `school` today (a pair of `PAIRED_STATES`: approved or active). */
  twinnedSchoolIds?: readonly string[];
  // plans-e2e
  /** The school that drafted a plan version. */
  planDraftedBySchoolId?: string | null;
}

/** A refusal the caller can explain: the field of the request at fault and a message key. */
export interface Denial {
  /** 'who': this actor may not; 'state': not in the resource's current state; 'fact': a fact of the request is outside the actor's authority. */
  kind: 'who' | 'state' | 'fact';
  code?: string;
  field?: string;
}

type Check = (actor: Actor, r: Resource) => true | Denial;
const who: Denial = { kind: 'who' };
const ok = (b: boolean): true | Denial => (b ? true : who);
const inArea = (actor: Actor, chain: readonly string[] | undefined) => Boolean(actor.adminUnitId && chain?.includes(actor.adminUnitId));

/** The resource facts a rule may require, by name. */
export const CONDITIONS = {
  /** The school acted on is the actor's own. */
  ownSchool: (a, r) => ok(Boolean(a.schoolId && r.school && r.school.schoolId === a.schoolId)),
  /** The school acted on stands in the actor's area on the date asked about. */
  schoolInArea: (a, r) => ok(inArea(a, r.school?.unitChain)),
  /** The school is not merged into another. */
  schoolNotMerged: (_a, r) => ok(r.schoolMerged === false),
  /** The actor's school is a member of the pair. */
  partyToPair: (a, r) => ok(Boolean(a.schoolId && r.pair?.members.some((m) => m.schoolId === a.schoolId))),
  /** A member school of the pair stands in the actor's area today. */
  pairInArea: (a, r) => ok(Boolean(r.pair?.members.some((m) => inArea(a, m.unitChain)))),
  /** The actor's school has not yet answered the proposal (after `partyToPair`). */
  ownSchoolUnanswered: (a, r) =>
    r.pair?.members.some((m) => m.schoolId === a.schoolId && !m.answered) ? true : { kind: 'state', code: 'PAIR_ALREADY_ANSWERED' },
  /** The actor's school proposed the pair. */
  proposer: (a, r) => ok(Boolean(a.schoolId && r.pair?.proposedBySchoolId === a.schoolId)),
  /** The actor's school is among the schools named. */
  ownSchoolAmong: (a, r) => ok(Boolean(a.schoolId && r.schools?.some((s) => s.schoolId === a.schoolId))),
  /** Every school named stands in the actor's area today. */
  allSchoolsInArea: (a, r) => ok(Boolean(r.schools?.length && r.schools.every((s) => inArea(a, s.unitChain)))),
  /** The member school changed is the actor's own. */
  ownMemberSchool: (a, r) => ok(Boolean(a.schoolId && r.memberSchoolId === a.schoolId)),
  /** The actor's school sent the notice. */
  noticeSender: (a, r) => ok(Boolean(a.schoolId && r.noticeSenderSchoolId === a.schoolId)),
  /** The actor created it. */
  creator: (a, r) => ok(r.createdByUserId !== undefined && r.createdByUserId === a.userId),
  /** A location change moves the school to a unit inside the actor's area. */
  targetInArea: (a, r) => (r.move && inArea(a, r.move.targetChain) ? true : { kind: 'fact', code: 'LOCATION_UNIT_OUTSIDE_AREA', field: 'adminUnitId' }),
  /**
   * A location change rewrites history only where the actor had authority: from a day
   * the actor's area exists, and only locations that lay inside it.
   */
  datesInArea: (a, r) => {
    const m = r.move;
    const refused: Denial = { kind: 'fact', code: 'LOCATION_DATE_OUTSIDE_AREA', field: 'from' };
    if (!m) return refused;
    if (m.areaValidFrom !== null && m.from < m.areaValidFrom) return refused;
    if (m.areaValidTo !== null && m.from >= m.areaValidTo) return refused;
    // The location standing on `from` must be one of the area's (no claiming a day the school stood elsewhere or nowhere).
    const standing = m.rewritten.find((l) => l.validFrom <= m.from && (l.validTo === null || l.validTo > m.from));
    if (!standing) return refused;
    return m.rewritten.every((l) => inArea(a, l.unitChain)) ? true : refused;
  },
  // activities
  /** The actor's school hosts the activity. */
  hostSchool: (a, r) => ok(Boolean(a.schoolId && r.activityHostSchoolId && r.activityHostSchoolId === a.schoolId)),
  // paper
  /** The school acted for (`memberSchoolId`) is a member of the pair. */
  memberOfPair: (_a, r) =>
    r.memberSchoolId && r.pair?.members.some((m) => m.schoolId === r.memberSchoolId) ? true : { kind: 'fact', code: 'PAPER_SCHOOL_NOT_MEMBER', field: 'schoolId' },
  /** The school acted for stands in the actor's area today. */
  memberInArea: (a, r) => ok(inArea(a, r.pair?.members.find((m) => m.schoolId === r.memberSchoolId)?.unitChain)),
  /** The school acted for has not yet answered the proposal. */
  memberUnanswered: (_a, r) =>
    r.pair?.members.some((m) => m.schoolId === r.memberSchoolId && !m.answered) ? true : { kind: 'state', code: 'PAPER_ALREADY_ANSWERED' },
  // support
  /** The actor's school receives the contribution or gives it. */
  supportParty: (a, r) => ok(Boolean(a.schoolId && r.contribution && (r.contribution.schoolId === a.schoolId || r.contribution.donorSchoolId === a.schoolId))),
  // accounts: who may manage an account, by the account's role and school (as it is and as the request makes it).
  /** The account has a role of a school (leader, coordinator, teacher): an area officer's to manage. */
  accountRoleAtSchool: (_a, r) =>
    r.accountRole && (SCHOOL_ROLES as readonly string[]).includes(r.accountRole) ? true : { kind: 'fact', code: 'ACCOUNT_ROLE_NOT_ALLOWED', field: 'role' },
  /** The account is a school's staff (coordinator, teacher): a school leader's to manage. */
  accountRoleStaff: (_a, r) =>
    r.accountRole === 'school-coordinator' || r.accountRole === 'teacher' ? true : { kind: 'fact', code: 'ACCOUNT_ROLE_NOT_ALLOWED', field: 'role' },
  /** The account's school stands in the actor's area today. */
  accountSchoolInArea: (a, r) => (inArea(a, r.school?.unitChain) ? true : { kind: 'fact', code: 'ACCOUNT_SCHOOL_OUTSIDE_SCOPE', field: 'schoolId' }),
  /** The account's school is the actor's own. */
  accountSchoolOwn: (a, r) =>
    a.schoolId && r.school?.schoolId === a.schoolId ? true : { kind: 'fact', code: 'ACCOUNT_SCHOOL_OUTSIDE_SCOPE', field: 'schoolId' },
  // sponsorships
  /** The actor is the sponsor of the sponsorship. */
  sponsorOf: (a, r) => ok(Boolean(r.sponsorship?.sponsorUserId && r.sponsorship.sponsorUserId === a.userId)),
  /** The actor's school is the school acted on or one twinned with it (`twinnedSchoolIds`). */
  ownOrTwinnedSchool: (a, r) => ok(Boolean(a.schoolId && r.school && (r.school.schoolId === a.schoolId || r.twinnedSchoolIds?.includes(a.schoolId)))),
  // plans-e2e
  /** The actor's school drafted the plan version. */
  planDrafter: (a, r) => ok(Boolean(a.schoolId && r.planDraftedBySchoolId && r.planDraftedBySchoolId === a.schoolId)),
} satisfies Record<string, Check>;
export type Condition = keyof typeof CONDITIONS;

/** One way to be allowed: every condition holds and, for pair actions, the pair is in one of `states`. */
export interface Rule {
  when: readonly Condition[];
  states?: readonly PairState[];
}

const always: Rule = { when: [] };
const SCHOOL_ROLES = ['school-leader', 'school-coordinator', 'teacher'] as const;
const everyone = (rule: Rule = always): Partial<Record<Role, Rule>> => Object.fromEntries(
  (['department-admin', 'area-officer', ...SCHOOL_ROLES] as Role[]).map((r) => [r, rule]),
);
const schoolStaff = (rule: Rule): Partial<Record<Role, Rule>> => Object.fromEntries(SCHOOL_ROLES.map((r) => [r, rule]));
const onlyAdmin = (rule: Rule = always): Partial<Record<Role, Rule>> => ({ 'department-admin': rule });
/**
 * Managing an account (accounts): the department any; an area officer the accounts of its
 * area's schools (leaders, coordinators, teachers); a school leader its own school's staff
 * (coordinators, teachers), never a leader, an officer or an admin.
 */
const accountManagers: Partial<Record<Role, Rule>> = {
  'department-admin': always,
  'area-officer': { when: ['accountRoleAtSchool', 'accountSchoolInArea'] },
  'school-leader': { when: ['accountRoleStaff', 'accountSchoolOwn'] },
};

/**
 * The permission table: for each action, the rule of each role that may take it. A role
 * absent from an action's row may not take it. Lists (`*.list`, `search`, `dashboard.read`,
 * `school.export`, `matching.run.list`) say who may ask; what they show is narrowed by
 * `scopeFor` of the matching read action, in SQL.
 */
export const PERMISSIONS: Readonly<Record<Action, Partial<Record<Role, Rule>>>> = {
  'account.self': everyone(),

  'school.list': everyone(),
  'school.read': { 'department-admin': always, 'area-officer': { when: ['schoolInArea'] }, ...schoolStaff({ when: ['ownSchool'] }) },
  'school.create': onlyAdmin(),
  'school.editProfile': {
    'department-admin': always,
    'area-officer': { when: ['schoolInArea'] },
    'school-leader': { when: ['ownSchool', 'schoolNotMerged'] },
  },
  'school.editOfficial': { 'department-admin': always, 'area-officer': { when: ['schoolInArea'] } },
  'school.merge': onlyAdmin(),
  'school.setLocation': { 'department-admin': always, 'area-officer': { when: ['schoolInArea', 'targetInArea', 'datesInArea'] } },
  'school.export': { 'department-admin': always, 'area-officer': always },
  'school.import': onlyAdmin(),
  'school.importTemplate': everyone(),
  'adminUnit.read': everyone(),
  'adminUnit.reorganize': onlyAdmin(),
  'capabilityArea.read': everyone(),
  'capabilityArea.create': onlyAdmin(),

  'campaign.read': everyone(),
  'campaign.create': onlyAdmin(),
  'campaign.update': onlyAdmin(),
  'user.create': accountManagers,
  // The rows of the area's schools for an area officer (its scope: `scopeFor(actor, 'audit.read')`).
  'audit.read': { 'department-admin': always, 'area-officer': { when: ['schoolInArea'] } },
  'loginThrottle.manage': onlyAdmin(),
  // (Or a request bearing METRICS_TOKEN: a scraper, not a person.)
  'metrics.read': onlyAdmin(),
  'dashboard.read': everyone(),
  search: everyone(),

  'pair.list': everyone(),
  'pair.read': { 'department-admin': always, 'area-officer': { when: ['pairInArea'] }, ...schoolStaff({ when: ['partyToPair'] }) },
  'pair.partnerCandidates': { 'department-admin': always, 'area-officer': always, 'school-leader': always },
  'pair.propose': { 'department-admin': always, 'area-officer': { when: ['allSchoolsInArea'] }, 'school-leader': { when: ['ownSchoolAmong'] } },
  'pair.accept': { 'school-leader': { when: ['partyToPair', 'ownSchoolUnanswered'], states: ['proposed'] } },
  'pair.decline': { 'school-leader': { when: ['partyToPair', 'ownSchoolUnanswered'], states: ['proposed'] } },
  'pair.approve': onlyAdmin({ when: [], states: ['accepted'] }),
  'pair.reject': onlyAdmin({ when: [], states: ['accepted'] }),
  'pair.complete': onlyAdmin({ when: [], states: ['active'] }),
  // An active pair ends only through an accepted written notice (Điều 5).
  'pair.terminate': onlyAdmin({ when: [], states: ['approved'] }),
  'pair.withdraw': { 'department-admin': { when: [], states: ['proposed', 'accepted'] }, 'school-leader': { when: ['proposer'], states: ['proposed'] } },
  'mou.edit': { 'department-admin': { when: [], states: ['approved'] }, 'school-leader': { when: ['partyToPair'], states: ['approved'] } },
  'mou.sign': { 'school-leader': { when: ['partyToPair'], states: ['approved', 'active'] } },
  // The paper original may be filed after the pair completed, too.
  'mou.uploadScan': {
    'department-admin': { when: [], states: ['approved', 'active', 'completed'] },
    'school-leader': { when: ['partyToPair'], states: ['approved', 'active', 'completed'] },
  },
  'notice.send': { 'school-leader': { when: ['partyToPair'], states: ['active'] } },
  'notice.respond': { 'school-leader': { when: ['partyToPair'] } },
  'notice.withdraw': { 'school-leader': { when: ['partyToPair', 'noticeSender'] } },
  'steering.manage': {
    'department-admin': { when: [], states: ['approved', 'active'] },
    'school-leader': { when: ['partyToPair', 'ownMemberSchool'], states: ['approved', 'active'] },
  },

  'matching.wishes.read': {
    'department-admin': always,
    'area-officer': { when: ['schoolInArea'] },
    ...schoolStaff({ when: ['ownSchool'] }),
  },
  'matching.wishes.edit': { 'department-admin': always, 'area-officer': { when: ['schoolInArea'] }, 'school-leader': { when: ['ownSchool'] } },
  'matching.run.list': { 'department-admin': always, 'area-officer': always },
  'matching.run.start': { 'department-admin': always, 'area-officer': always },
  'matching.run.read': { 'department-admin': always, 'area-officer': { when: ['creator'] } },
  'matching.run.accept': { 'department-admin': always, 'area-officer': { when: ['creator'] } },

  // activities: the pair's records. Read like the pair; recorded and edited by the member schools'
  // leaders and coordinators while the pair is approved or active (edited afterwards too, to finish
  // reports); closed (done, reported, cancelled) only by the host school's. Lists narrow by
  // `scopeFor(actor, 'activity.read')`; the calendar feed is each person's own.
  'activity.list': everyone(),
  'activity.read': { 'department-admin': always, 'area-officer': { when: ['pairInArea'] }, ...schoolStaff({ when: ['partyToPair'] }) },
  'activity.create': {
    'school-leader': { when: ['partyToPair'], states: ['approved', 'active'] },
    'school-coordinator': { when: ['partyToPair'], states: ['approved', 'active'] },
  },
  'activity.edit': {
    'school-leader': { when: ['partyToPair'], states: ['approved', 'active', 'completed'] },
    'school-coordinator': { when: ['partyToPair'], states: ['approved', 'active', 'completed'] },
  },
  'activity.close': {
    'school-leader': { when: ['partyToPair', 'hostSchool'] },
    'school-coordinator': { when: ['partyToPair', 'hostSchool'] },
  },
  'activity.uploadEvidence': {
    'school-leader': { when: ['partyToPair'], states: ['approved', 'active', 'completed'] },
    'school-coordinator': { when: ['partyToPair'], states: ['approved', 'active', 'completed'] },
  },
  'activity.export': everyone(),
  'calendar.feed': everyone(),
  // paper — a step a school took on paper, recorded on its behalf (`memberSchoolId`) with the
  // scanned letter: by the department, or by the officer of the area the school stands in
  // (the letter reaches the Phòng/xã first; docs/decisions/0013-paper-steps.md).
  'pair.acceptOnPaper': {
    'department-admin': { when: ['memberOfPair', 'memberUnanswered'], states: ['proposed'] },
    'area-officer': { when: ['memberOfPair', 'memberInArea', 'memberUnanswered'], states: ['proposed'] },
  },
  'mou.signOnPaper': {
    'department-admin': { when: ['memberOfPair'], states: ['approved', 'active'] },
    'area-officer': { when: ['memberOfPair', 'memberInArea'], states: ['approved', 'active'] },
  },
  // notify
  // "Hộp thư đi": every mail the app sent or wrote, with failed deliveries and their errors.
  'mail.outbox': onlyAdmin(),
  // One's own notifications and preferences (the service reads and changes only the caller's rows).
  'notification.own': everyone(),
  // support — contributions: the parties (receiving or giving school), the receiving school's
  // area, the department. `school` facts are the receiving school's.
  'support.list': everyone(),
  'support.read': { 'department-admin': always, 'area-officer': { when: ['schoolInArea'] }, ...schoolStaff({ when: ['supportParty'] }) },
  'support.pledge': {
    'department-admin': always,
    'area-officer': { when: ['schoolInArea'] },
    'school-leader': { when: ['supportParty'] },
    'school-coordinator': { when: ['supportParty'] },
  },
  'support.deliver': { 'department-admin': always, 'school-leader': { when: ['supportParty'] }, 'school-coordinator': { when: ['supportParty'] } },
  'support.correct': { 'department-admin': always, 'school-leader': { when: ['supportParty'] }, 'school-coordinator': { when: ['supportParty'] } },
  'support.cancel': { 'department-admin': always, 'school-leader': { when: ['supportParty'] }, 'school-coordinator': { when: ['supportParty'] } },
  // Only the receiving school says it received.
  'support.acknowledge': { 'school-leader': { when: ['ownSchool'] }, 'school-coordinator': { when: ['ownSchool'] } },
  'support.export': { 'department-admin': always, 'area-officer': always, 'school-leader': always, 'school-coordinator': always },
  // Beneficiaries (sensitive personal data of children): only the authorised staff of the
  // beneficiary's own school; the department, the area and the partner see counts only.
  'beneficiary.summary': everyone(),
  'beneficiary.read': { 'school-leader': { when: ['ownSchool'] }, 'school-coordinator': { when: ['ownSchool'] } },
  'beneficiary.create': { 'school-leader': { when: ['ownSchool'] }, 'school-coordinator': { when: ['ownSchool'] } },
  'beneficiary.update': { 'school-leader': { when: ['ownSchool'] }, 'school-coordinator': { when: ['ownSchool'] } },
  'beneficiary.export': { 'school-leader': { when: ['ownSchool'] }, 'school-coordinator': { when: ['ownSchool'] } },
  'beneficiary.erase': { 'school-leader': { when: ['ownSchool'] } },
  // accounts
  'user.list': { 'department-admin': always, 'area-officer': always, 'school-leader': always },
  // Scope of the list: the department all, an area officer its area's schools, a leader its school.
  'user.read': { 'department-admin': always, 'area-officer': { when: ['schoolInArea'] }, 'school-leader': { when: ['ownSchool'] } },
  'user.update': accountManagers,
  'user.disable': accountManagers,
  'user.invite': accountManagers,
  'audit.list': { 'department-admin': always, 'area-officer': always },
  // paper
  // A school's public profile (level, size, place, strengths and needs; no staff or contacts):
  // what a leader choosing a partner, or entering wishes, sees of any school.
  'school.readPublicProfile': { 'department-admin': always, 'area-officer': always, 'school-leader': always },

  // phases
  'campaign.openNextPhase': onlyAdmin(),
  // Continue into the next phase or end: the department, or a leader of a member school, for a pair that ran its phase.
  'pair.chooseNextPhase': {
    'department-admin': { when: [], states: ['active', 'completed'] },
    'school-leader': { when: ['partyToPair'], states: ['active', 'completed'] },
  },
  // news — a pair's posts: read like its activities; drafted (from a done or reported activity),
  // edited and published by the member schools' leaders and coordinators, in any state of the
  // pair (a completed pair's last conference is news too). The public reads only published
  // posts, without signing in, through the portal's allow-list.
  'news.list': everyone(),
  'news.read': { 'department-admin': always, 'area-officer': { when: ['pairInArea'] }, ...schoolStaff({ when: ['partyToPair'] }) },
  'news.draft': { 'school-leader': { when: ['partyToPair'] }, 'school-coordinator': { when: ['partyToPair'] } },
  'news.edit': { 'school-leader': { when: ['partyToPair'] }, 'school-coordinator': { when: ['partyToPair'] } },
  'news.publish': { 'school-leader': { when: ['partyToPair'] }, 'school-coordinator': { when: ['partyToPair'] } },

  // plans — the yearly plan of a pair (Kế hoạch năm học): read like the pair; drafted and submitted
  // by either member school's leader or coordinator, approved by each member school's leader, while
  // the pair is approved or active.
  'plan.read': { 'department-admin': always, 'area-officer': { when: ['pairInArea'] }, ...schoolStaff({ when: ['partyToPair'] }) },
  'plan.edit': {
    'school-leader': { when: ['partyToPair'], states: ['approved', 'active'] },
    'school-coordinator': { when: ['partyToPair'], states: ['approved', 'active'] },
  },
  'plan.submit': {
    'school-leader': { when: ['partyToPair'], states: ['approved', 'active'] },
    'school-coordinator': { when: ['partyToPair'], states: ['approved', 'active'] },
  },
  'plan.approve': { 'school-leader': { when: ['partyToPair'], states: ['approved', 'active'] } },
  // sponsorships — managed by the authorised staff of the student's own school (like its
  // beneficiaries); the sponsor (`sponsorship.sponsor`: staff of that school or of a school twinned
  // with it) sees their own sponsorships only, and
  // of the student only what the consents allow.
  'sponsorship.read': { 'school-leader': { when: ['ownSchool'] }, 'school-coordinator': { when: ['ownSchool'] } },
  'sponsorship.create': { 'school-leader': { when: ['ownSchool'] }, 'school-coordinator': { when: ['ownSchool'] } },
  'sponsorship.end': { 'school-leader': { when: ['ownSchool'] }, 'school-coordinator': { when: ['ownSchool'] } },
  'sponsorship.pay': { 'school-leader': { when: ['ownSchool'] }, 'school-coordinator': { when: ['ownSchool'] } },
  'sponsorship.mine': everyone(),
  'sponsorship.sponsorView': everyone({ when: ['sponsorOf'] }),
  // onboarding — inviting the leaders of the registry's schools without an account, in one run:
  // who may ask; which schools is the accounts' scope (`scopeFor(actor, 'user.read')`: the
  // department every school, an area officer its area's), and each account the run creates is
  // checked again as `user.create`.
  'user.onboard': { 'department-admin': always, 'area-officer': always },
  // sponsorship payment corrections — whoever may record the school's payments may correct one
  // recorded in error (a new record and ledger entry, never an update); not the sponsor.
  'sponsorship.correctPayment': { 'school-leader': { when: ['ownSchool'] }, 'school-coordinator': { when: ['ownSchool'] } },
  // news: unpublishing — whoever may publish a pair's post may take it off the portal (with a
  // reason) and publish it again (`news.publish`), under the same address.
  'news.unpublish': { 'school-leader': { when: ['partyToPair'] }, 'school-coordinator': { when: ['partyToPair'] } },
  // plans-e2e — a plan awaiting approval goes back to draft by the school that drafted it (its
  // leader or coordinator); an evidence file leaves an activity by the host school's leader or
  // coordinator (the service refuses it once the activity is reported).
  'plan.withdraw': {
    'school-leader': { when: ['partyToPair', 'planDrafter'], states: ['approved', 'active'] },
    'school-coordinator': { when: ['partyToPair', 'planDrafter'], states: ['approved', 'active'] },
  },
  'activity.deleteEvidence': {
    'school-leader': { when: ['partyToPair', 'hostSchool'], states: ['approved', 'active', 'completed'] },
    'school-coordinator': { when: ['partyToPair', 'hostSchool'], states: ['approved', 'active', 'completed'] },
  },  // sponsor — who may be named the sponsor of a student of `school` (or an organisation's contact
  // for one): the actor here is the account named, not the caller. Being named gives the
  // sponsor's view of the child (`sponsorship.sponsorView`), so only the staff of the student's
  // own school or of a school twinned with it today (a pair approved or active): the programme's
  // teachers who "sponsor a student" (product brief), never the department, an area officer or
  // an unrelated school. The service answers a refusal as it answers an unknown username.
  'sponsorship.sponsor': schoolStaff({ when: ['ownOrTwinnedSchool'] }),
};

export type Decision = { allowed: true } | ({ allowed: false } & Denial);

/** The rule of the actor's role for an action, if any. */
export function ruleFor(actor: Actor, action: Action): Rule | undefined {
  return PERMISSIONS[action]?.[actor.role];
}

/**
 * Decide, and say why not. "Who" conditions are checked before the pair's state, so
 * that a caller who could never act learns nothing about the state.
 */
export function decide(actor: Principal | null | undefined, action: Action, resource: Resource = {}): Decision {
  if (!actor || typeof actor !== 'object') return { allowed: false, kind: 'who' };
  if (!(ACTIONS as readonly string[]).includes(action)) return { allowed: false, kind: 'who' };
  if (isSystem(actor)) return actor === SYSTEM_ACTOR ? { allowed: true } : { allowed: false, kind: 'who' };
  const rule = ruleFor(actor, action);
  if (!rule) return { allowed: false, kind: 'who' };
  for (const name of rule.when) {
    const result = CONDITIONS[name](actor, resource);
    if (result !== true) return { allowed: false, ...result };
  }
  if (rule.states) {
    if (!resource.pair || !rule.states.includes(resource.pair.state)) return { allowed: false, kind: 'state' };
  }
  return { allowed: true };
}

/** May `actor` take `action` on `resource`? The one question every guard and every page asks. */
export function can(actor: Principal | null | undefined, action: Action, resource: Resource = {}): boolean {
  return decide(actor, action, resource).allowed;
}

/** The conditions the actor's rule for an action names: which facts a service must load. */
export function factsNeeded(actor: Principal | null | undefined, action: Action): readonly Condition[] {
  if (!actor || isSystem(actor)) return [];
  return ruleFor(actor, action)?.when ?? [];
}

/**
 * The part of the registry a list shows to the actor, read off the same table: a list
 * shows what the actor may read (`scopeFor(actor, 'school.read')`, `'pair.read'`) or name
 * (`'pair.propose'`). A rule needing no school facts sees all; `schoolInArea`, `pairInArea`
 * or `allSchoolsInArea` the area; `ownSchool`/`partyToPair` the own school; `ownSchoolAmong`
 * (a leader naming partners) all. Null: nothing (no rule). Services turn it into SQL
 * (`schoolIdsInScope`), so that a list and a single read agree.
 */
export type Scope = { kind: 'all' } | { kind: 'area'; adminUnitId: string } | { kind: 'school'; schoolId: string };

export function scopeFor(actor: Principal | null | undefined, action: Action): Scope | null {
  if (!actor) return null;
  if (isSystem(actor)) return actor === SYSTEM_ACTOR ? { kind: 'all' } : null;
  const rule = ruleFor(actor, action);
  if (!rule) return null;
  if (rule.when.some((c) => c === 'schoolInArea' || c === 'pairInArea' || c === 'allSchoolsInArea')) {
    return actor.adminUnitId ? { kind: 'area', adminUnitId: actor.adminUnitId } : null;
  }
  if (rule.when.includes('ownSchool') || rule.when.includes('partyToPair') || rule.when.includes('supportParty')) {
    return actor.schoolId ? { kind: 'school', schoolId: actor.schoolId } : null;
  }
  return rule.when.length === 0 || rule.when.includes('ownSchoolAmong') ? { kind: 'all' } : null;
}
