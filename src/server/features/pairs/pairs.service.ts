import { authorize } from '#src/core/access/guard.ts';
import { can, personOf, scopeFor, type Action, type Principal, type Resource, type SchoolFacts } from '#src/core/access/policy.ts';
import { ForbiddenError, ValidationError } from '#src/core/errors.ts';
import type { PairAction, PairProposal, PairSummaryDto } from '#src/core/pairs/dto.ts';
import { LIVE_STATES, nextState, PairTransitionError, transition, type PairEvent, type PairState } from '#src/core/pairs/state-machine.ts';
import { schoolFactsOn } from '#src/server/access/facts.repository.ts';
import { isoDateInHanoi } from '#src/core/vn/format.ts';
import { compactSearchKey, foldForSearch } from '#src/core/vn/text.ts';
import type { CallContext, Db } from '#src/server/context.ts';
import { recordAudit } from '#src/server/features/audit/audit.service.ts';
import { findCampaignRow } from '#src/server/features/campaigns/campaigns.repository.ts';
import { assertCampaignOpen, CampaignNotFoundError } from '#src/server/features/campaigns/campaigns.service.ts';
import { listSchools } from '#src/server/features/schools/schools.repository.ts';
import { searchTerms } from '#src/server/features/schools/schools.service.ts';
import { PairConflictError, PairNotFoundError } from './pairs.errors.ts';
import {
  findLivePairWithSchools,
  lockPairProposal,
  findPairRow,
  findSchoolsByIds,
  insertMembers,
  insertPair,
  listMemberRows,
  listPairRows,
  schoolsInLivePairs,
  searchPairRows,
  updateMember,
  updatePair,
  type MemberRow,
} from './pairs.repository.ts';
import type { PairRow } from './pair.table.ts';
import { createDraftFromTemplate } from './mou-draft.service.ts';
import { schoolsWithLeaderAccount } from '#src/server/features/users/users.repository.ts';
// notify
import { onPairAccepted, onPairApproved, onPairProposed } from '#src/server/features/notifications/pair-events.ts';

export interface LoadedPair {
  pair: PairRow;
  members: MemberRow[];
  /** The pair's facts for the access policy. */
  facts: Resource;
}

/**
 * The pair, if the caller may see it (`pair.read`: department admins all, area officers
 * the pairs with a school in their area today, school users the pairs of their school).
 * Anything else, nobody included, is "not found", so that a pair's existence does not
 * leak. Returns the facts the policy judges the pair's other actions by.
 */
export async function loadPairFor(db: Db, ctx: CallContext, pairId: string, today: string, lock = false): Promise<LoadedPair> {
  const pair = await findPairRow(db, pairId, lock);
  if (!pair) throw new PairNotFoundError();
  const members = await listMemberRows(db, [pairId]);
  const facts = await pairFacts(db, ctx.actor, pair, members, today);
  authorize(ctx.actor, 'pair.read', facts, { onWho: () => new PairNotFoundError() });
  return { pair, members, facts };
}

/** What the access policy knows of a pair: state, members (where they stand today), proposer, answers. */
export async function pairFacts(
  db: Db,
  actor: Principal | null,
  pair: { state: PairState; proposed_by_school_id: string | null },
  members: readonly MemberRow[],
  today: string,
): Promise<Resource> {
  // Where the schools stand matters only to someone with an area.
  const chains = personOf(actor)?.adminUnitId ? await schoolFactsOn(db, members.map((m) => m.school_id), today) : new Map<string, SchoolFacts>();
  return {
    pair: {
      state: pair.state,
      proposedBySchoolId: pair.proposed_by_school_id,
      members: members.map((m) => ({
        schoolId: m.school_id,
        unitChain: chains.get(m.school_id)?.unitChain ?? [],
        answered: Boolean(m.accepted_at || m.declined_at),
      })),
    },
  };
}

/** The signed-in person's school, once the policy let them act for it. */
export function ownSchoolOf(ctx: CallContext): string {
  const id = personOf(ctx.actor)?.schoolId;
  if (!id) throw new ForbiddenError();
  return id;
}

/** The signed-in person's user id (for "signed by", "sent by" columns). */
export function userIdOf(ctx: CallContext): string | null {
  return personOf(ctx.actor)?.userId ?? null;
}

/**
 * The error when the policy refuses an event only because of the pair's state: the
 * state machine's refusal when the event is impossible in that state, otherwise
 * (possible, but not for this caller now) 403.
 */
export const stateRefusal = (state: PairState, event: PairEvent) => () => (nextState(state, event) ? new ForbiddenError() : new PairTransitionError(state, event));

/** The page's buttons and the policy's actions, in the order the page shows them. */
const PAGE_ACTIONS: readonly (readonly [PairAction, Action])[] = [
  ['accept', 'pair.accept'],
  ['decline', 'pair.decline'],
  ['approve', 'pair.approve'],
  ['reject', 'pair.reject'],
  ['complete', 'pair.complete'],
  ['terminate', 'pair.terminate'],
  ['withdraw', 'pair.withdraw'],
  ['editMou', 'mou.edit'],
  ['signMou', 'mou.sign'],
  ['sendNotice', 'notice.send'],
  ['manageSteering', 'steering.manage'],
  ['uploadScan', 'mou.uploadScan'],
];

/**
 * What the caller may do with the pair now: the page shows these buttons, and the
 * services enforce the very same `can()` (steering: for the caller's own school).
 */
export function actionsFor(actor: Principal | null, facts: Resource): PairAction[] {
  const own = personOf(actor)?.schoolId;
  return PAGE_ACTIONS.filter(([, action]) => can(actor, action, action === 'steering.manage' && own ? { ...facts, memberSchoolId: own } : facts)).map(([p]) => p);
}

export interface PairListQuery {
  campaignId?: string | undefined;
  state?: PairState[] | undefined;
  level?: string[] | undefined;
  adminUnitId?: string | undefined;
  q?: string | undefined;
  limit: number;
  offset: number;
}

/** The pairs the caller may see, filtered, in Vietnamese order of their schools' names. */
export async function listPairs(db: Db, ctx: CallContext, query: PairListQuery, now: Date): Promise<{ items: PairSummaryDto[]; total: number }> {
  authorize(ctx.actor, 'pair.list');
  const scope = scopeFor(ctx.actor, 'pair.read');
  if (!scope) throw new ForbiddenError();
  const today = isoDateInHanoi(now);
  const words = query.q ? foldForSearch(query.q).split(' ').filter(Boolean) : [];
  const { rows, total } = await listPairRows(db, scope, today, { ...query, words });
  const members = await listMemberRows(db, rows.map((r) => r.id));
  const withAccount = await schoolsWithLeaderAccount(db, [...new Set(members.map((m) => m.school_id))]);
  return {
    total,
    items: rows.map((r) => ({
      id: r.id,
      state: r.state,
      campaign: { id: r.campaign_id, number: r.campaign_number },
      schools: members
        .filter((m) => m.pair_id === r.id)
        .map((m) => ({ id: m.school_id, name: m.name, shortName: m.short_name, level: m.level, hasAccount: withAccount.has(m.school_id) })),
      mouStatus: (r.mou_status as PairSummaryDto['mouStatus']) ?? null,
      signedOn: r.signed_on ?? null,
      createdAt: r.created_at.toISOString(),
    })),
  };
}

/** Search key of a pair: its schools' names, short names and codes, folded. */
function pairSearchKey(schools: { name: string; short_name: string; code: string }[]): string {
  return schools
    .map((s) => `${foldForSearch(`${s.name} ${s.short_name} ${s.code}`)} ${compactSearchKey(s.short_name)} ${compactSearchKey(s.name)}`)
    .join(' ');
}

/** A school offered as a partner: only what choosing one needs. */
export interface PartnerCandidate {
  id: string;
  name: string;
  level: string;
  areaType: string;
  /** The commune, ward or district where the school is today. */
  placeName: string | null;
  /** Already in a live pair of the campaign asked about (false when none was asked). */
  paired: boolean;
}

export const PARTNER_CANDIDATE_LIMIT = 20;

/**
 * Active schools a proposer may pair with, searched like the registry (no diacritics, no
 * case, compact forms, codes). Unlike the registry this is not limited to the caller's own
 * school: a principal pairs with other schools. An area officer proposes within the area,
 * so sees the area's schools.
 */
export async function listPartnerCandidates(
  db: Db,
  ctx: CallContext,
  query: { q?: string | undefined; campaignId?: string | undefined },
  now: Date,
): Promise<{ items: PartnerCandidate[] }> {
  authorize(ctx.actor, 'pair.partnerCandidates');
  // The schools the caller may name in a proposal.
  const scope = scopeFor(ctx.actor, 'pair.propose');
  if (!scope) throw new ForbiddenError();
  const today = isoDateInHanoi(now);
  const terms = searchTerms(query.q);
  const { rows } = await listSchools(
    db,
    scope,
    today,
    { status: 'active', sort: terms ? 'relevance' : 'name', order: 'asc', limit: PARTNER_CANDIDATE_LIMIT, offset: 0 },
    terms,
  );
  const paired = query.campaignId ? await schoolsInLivePairs(db, query.campaignId, rows.map((r) => r.id), LIVE_STATES) : new Set<string>();
  return {
    items: rows.map((r) => ({
      id: r.id,
      name: r.name,
      level: r.level,
      areaType: r.area_type,
      placeName: r.u1_name ?? r.commune_label ?? r.district_label ?? null,
      paired: paired.has(r.id),
    })),
  };
}

export interface ProposeInput {
  campaignId: string;
  schoolIds: string[];
  /** Set by the pairing engine: the run, score and explanation, shown to the schools asked. */
  proposal?: PairProposal;
  /** phases: the caller confirmed that the campaign's phase has ended. */
  confirmCampaignEnded?: boolean | undefined;
}

/**
 * Propose a pair. The department (or an area officer, within the area) proposes any
 * schools; a school leader proposes their own school with partners, and their own
 * school's acceptance is recorded at once.
 */
export async function proposePair(trx: Db, ctx: CallContext, input: ProposeInput, now: Date): Promise<{ id: string }> {
  const actor = personOf(ctx.actor);
  const today = isoDateInHanoi(now);
  const schoolIds = [...new Set(input.schoolIds)];
  if (schoolIds.length < 2) throw new ValidationError('schoolIds', 'pair_needs_two_schools');
  const campaign = await findCampaignRow(trx, input.campaignId);
  if (!campaign) throw new CampaignNotFoundError();
  assertCampaignOpen(campaign, today, input.confirmCampaignEnded);
  const schools = await findSchoolsByIds(trx, schoolIds);
  if (schools.length !== schoolIds.length) throw new ValidationError('schoolIds', 'unknown_school');
  if (actor?.role === 'school-leader' && !schoolIds.includes(actor.schoolId ?? '')) {
    throw new ValidationError('schoolIds', 'pair_must_include_own_school');
  }
  authorize(ctx.actor, 'pair.propose', { schools: [...(await schoolFactsOn(trx, schoolIds, today)).values()] });
  await lockPairProposal(trx, campaign.id, schoolIds);
  if (await findLivePairWithSchools(trx, campaign.id, schoolIds, LIVE_STATES)) {
    throw new PairConflictError('PAIR_EXISTS', 'schoolIds');
  }
  const ordered = schoolIds.map((id) => schools.find((s) => s.id === id)!);
  const pair = await insertPair(trx, {
    campaign_id: campaign.id,
    state: 'proposed',
    proposed_by_user_id: actor?.userId ?? null,
    proposed_by_school_id: actor?.role === 'school-leader' ? actor.schoolId : null,
    proposal: input.proposal ? JSON.stringify(input.proposal) : null,
    search_key: pairSearchKey(ordered),
  });
  await insertMembers(trx, pair.id, schoolIds);
  if (actor?.role === 'school-leader' && actor.schoolId) {
    await updateMember(trx, pair.id, actor.schoolId, { accepted_at: now, responded_by_user_id: actor.userId });
  }
  await recordAudit(trx, ctx, {
    action: 'pair.propose',
    entity: 'pair',
    entityId: pair.id,
    after: {
      campaignId: campaign.id,
      schoolIds,
      state: 'proposed',
      ...(input.proposal ? { matchingRunId: input.proposal.runId, score: input.proposal.score } : {}),
      ...(input.confirmCampaignEnded ? { campaignEndedConfirmed: true } : {}),
    },
  });
  // notify
  await onPairProposed(trx, pair.id, actor?.role === 'school-leader' ? actor.schoolId : null);
  return { id: pair.id };
}

export interface TransitionInput {
  event: 'accept' | 'decline' | 'approve' | 'reject' | 'complete' | 'terminate' | 'withdraw';
  reason?: string | undefined;
  /** phases: approving under a campaign whose phase has ended needs this confirmation. */
  confirmCampaignEnded?: boolean | undefined;
}

/**
 * A step of the pair's workflow. Which steps exist is the core state machine's
 * business; who may take them is checked here. Signing is `signMou`'s, and ending an
 * active pair is the written notice's (Điều 5).
 */
export async function transitionPair(trx: Db, ctx: CallContext, pairId: string, input: TransitionInput, now: Date): Promise<{ state: PairState }> {
  const today = isoDateInHanoi(now);
  const { pair, members, facts } = await loadPairFor(trx, ctx, pairId, today, true);
  const actor = ctx.actor;
  const reason = input.reason?.trim() || null;
  const before = { state: pair.state };
  let state: PairState = pair.state;
  let after: Record<string, unknown> = {};

  switch (input.event) {
    case 'accept':
    case 'decline': {
      authorize(actor, `pair.${input.event}`, facts, {
        onState: (d) => (d.code ? new PairConflictError(d.code) : stateRefusal(pair.state, input.event)()),
      });
      const schoolId = ownSchoolOf(ctx);
      if (input.event === 'decline') {
        if (!reason) throw new ValidationError('reason', 'required');
        state = transition(pair.state, 'decline');
        await updateMember(trx, pairId, schoolId, { declined_reason: reason, declined_at: now, responded_by_user_id: userIdOf(ctx) });
        after = { state, schoolId, reason };
      } else {
        await updateMember(trx, pairId, schoolId, { accepted_at: now, responded_by_user_id: userIdOf(ctx) });
        const allAccepted = members.every((m) => m.school_id === schoolId || m.accepted_at);
        if (allAccepted) state = transition(pair.state, 'accept');
        after = { state, schoolId, acceptedBy: members.filter((m) => m.accepted_at || m.school_id === schoolId).length, of: members.length };
      }
      break;
    }
    case 'approve': {
      authorize(actor, 'pair.approve', facts, { onState: stateRefusal(pair.state, 'approve') });
      state = transition(pair.state, 'approve');
      const campaign = await findCampaignRow(trx, pair.campaign_id);
      if (!campaign) throw new CampaignNotFoundError();
      assertCampaignOpen(campaign, today, input.confirmCampaignEnded);
      // The approved pair gets its first MoU draft from the campaign's template.
      const draft = await createDraftFromTemplate(trx, ctx, pair, members, now);
      after = { state, mouVersion: draft.version, ...(input.confirmCampaignEnded ? { campaignEndedConfirmed: true } : {}) };
      await updatePair(trx, pairId, { state, approved_at: now, approved_by_user_id: userIdOf(ctx), updated_at: now });
      await recordAudit(trx, ctx, { action: 'pair.approve', entity: 'pair', entityId: pairId, before, after });
      // notify
      await onPairApproved(trx, pairId);
      return { state };
    }
    case 'reject': {
      authorize(actor, 'pair.reject', facts, { onState: stateRefusal(pair.state, 'reject') });
      if (!reason) throw new ValidationError('reason', 'required');
      state = transition(pair.state, 'reject');
      after = { state, reason };
      await updatePair(trx, pairId, { state, end_reason: reason, updated_at: now });
      await recordAudit(trx, ctx, { action: 'pair.reject', entity: 'pair', entityId: pairId, before, after });
      return { state };
    }
    case 'withdraw': {
      // The state machine says whether a withdrawal is possible at all; who may, and when, the policy.
      authorize(actor, 'pair.withdraw', facts, { onState: stateRefusal(pair.state, 'withdraw') });
      state = transition(pair.state, 'withdraw');
      if (!reason) throw new ValidationError('reason', 'required');
      after = { state, reason };
      await updatePair(trx, pairId, { state, end_reason: reason, updated_at: now });
      await recordAudit(trx, ctx, { action: 'pair.withdraw', entity: 'pair', entityId: pairId, before, after });
      return { state };
    }
    case 'complete': {
      authorize(actor, 'pair.complete', facts, { onState: stateRefusal(pair.state, 'complete') });
      state = transition(pair.state, 'complete');
      after = { state, endedOn: today };
      await updatePair(trx, pairId, { state, ended_on: today, end_reason: reason, updated_at: now });
      await recordAudit(trx, ctx, { action: 'pair.complete', entity: 'pair', entityId: pairId, before, after });
      return { state };
    }
    case 'terminate': {
      // A signed MoU binds both schools: only the other party's acceptance of a written
      // cancellation notice ends it.
      authorize(actor, 'pair.terminate', facts, {
        onState: () => (pair.state === 'active' ? new PairConflictError('PAIR_NEEDS_NOTICE') : stateRefusal(pair.state, 'terminate')()),
      });
      if (!reason) throw new ValidationError('reason', 'required');
      state = transition(pair.state, 'terminate');
      after = { state, reason, endedOn: today };
      await updatePair(trx, pairId, { state, ended_on: today, end_reason: reason, updated_at: now });
      await recordAudit(trx, ctx, { action: 'pair.terminate', entity: 'pair', entityId: pairId, before, after });
      return { state };
    }
  }
  await updatePair(trx, pairId, { state, updated_at: now, ...(state === 'declined' ? { end_reason: reason } : {}) });
  await recordAudit(trx, ctx, { action: `pair.${input.event}`, entity: 'pair', entityId: pairId, before, after });
  // notify
  if (input.event === 'accept' && state === 'accepted') await onPairAccepted(trx, pairId);
  return { state };
}

/**
 * The member schools of every live pair (proposed … active) of a campaign: what the pairing
 * engine treats as "already paired". No scope: callers check who may ask.
 */
export async function livePairSchools(db: Db, campaignId: string, now: Date): Promise<string[][]> {
  const today = isoDateInHanoi(now);
  const out: string[][] = [];
  const page = 500;
  for (let offset = 0; ; offset += page) {
    const { rows } = await listPairRows(db, { kind: 'all' }, today, { campaignId, state: [...LIVE_STATES], limit: page, offset });
    const byPair = new Map<string, string[]>(rows.map((r) => [r.id, []]));
    for (const m of await listMemberRows(db, rows.map((r) => r.id))) byPair.get(m.pair_id)?.push(m.school_id);
    out.push(...byPair.values());
    if (rows.length < page) break;
  }
  return out;
}

// search
/**
 * The pairs the header search shows: what `listPairs` gives for `q` (its first `limit` pairs
 * and its total), only the fields the search shows, in one query.
 */
export async function searchPairs(
  db: Db,
  ctx: CallContext,
  q: string,
  limit: number,
  now: Date,
): Promise<{ items: { id: string; state: PairState; campaignNumber: string; schools: { id: string; name: string }[] }[]; total: number }> {
  authorize(ctx.actor, 'pair.list');
  const scope = scopeFor(ctx.actor, 'pair.read');
  if (!scope) throw new ForbiddenError();
  const words = foldForSearch(q).split(' ').filter(Boolean);
  const rows = await searchPairRows(db, scope, isoDateInHanoi(now), words, limit);
  return {
    total: rows[0]?.total ?? 0,
    items: rows.map((r) => ({ id: r.id, state: r.state, campaignNumber: r.campaign_number, schools: r.schools })),
  };
}
