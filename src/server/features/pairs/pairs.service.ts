import { ForbiddenError, ValidationError } from '#src/core/errors.ts';
import type { PairAction, PairProposal, PairSummaryDto } from '#src/core/pairs/dto.ts';
import { eventsFrom, LIVE_STATES, transition, type PairEvent, type PairState } from '#src/core/pairs/state-machine.ts';
import { scopeOf, type Actor } from '#src/core/roles.ts';
import { isoDateInHanoi } from '#src/core/vn/format.ts';
import { compactSearchKey, foldForSearch } from '#src/core/vn/text.ts';
import type { CallContext, Db } from '#src/server/context.ts';
import { recordAudit } from '#src/server/features/audit/audit.service.ts';
import { findCampaignRow } from '#src/server/features/campaigns/campaigns.repository.ts';
import { CampaignNotFoundError } from '#src/server/features/campaigns/campaigns.service.ts';
import { isSchoolInScope, listSchools } from '#src/server/features/schools/schools.repository.ts';
import { searchTerms } from '#src/server/features/schools/schools.service.ts';
import { PairConflictError, PairNotFoundError } from './pairs.errors.ts';
import {
  findLivePairWithSchools,
  lockPairProposal,
  findPairRow,
  findSchoolsByIds,
  insertMembers,
  insertPair,
  isPairInScope,
  listMemberRows,
  listPairRows,
  schoolsInLivePairs,
  updateMember,
  updatePair,
  type MemberRow,
} from './pairs.repository.ts';
import type { PairRow } from './pair.table.ts';
import { createDraftFromTemplate } from './mou-draft.service.ts';

export interface LoadedPair {
  pair: PairRow;
  members: MemberRow[];
}

/**
 * The pair, if the caller may see it: department admins all, area officers the pairs
 * with a school in their area, school users the pairs of their school. Anything else
 * is "not found", so that a pair's existence does not leak.
 */
export async function loadPairFor(db: Db, ctx: CallContext, pairId: string, today: string, lock = false): Promise<LoadedPair> {
  const pair = await findPairRow(db, pairId, lock);
  if (!pair) throw new PairNotFoundError();
  if (ctx.actor && !(await isPairInScope(db, scopeOf(ctx.actor), today, pairId))) throw new PairNotFoundError();
  return { pair, members: await listMemberRows(db, [pairId]) };
}

export const isAdmin = (actor: Actor | null): boolean => actor === null || actor.role === 'department-admin';

/** A leader (Hiệu trưởng / Phó HT) of one of the pair's schools. */
export function leaderSchoolOf(actor: Actor | null, members: readonly { school_id: string }[]): string | null {
  if (!actor || actor.role !== 'school-leader' || !actor.schoolId) return null;
  return members.some((m) => m.school_id === actor.schoolId) ? actor.schoolId : null;
}

/**
 * May the caller withdraw the proposal? The department, any pair not yet approved; the
 * proposing school's leader, while the proposal is still open (no one else answered for it
 * to become accepted).
 */
export function mayWithdraw(actor: Actor | null, pair: { state: PairState; proposed_by_school_id: string | null }): boolean {
  if (!eventsFrom(pair.state).includes('withdraw')) return false;
  if (isAdmin(actor)) return true;
  return (
    pair.state === 'proposed' &&
    actor?.role === 'school-leader' &&
    Boolean(actor.schoolId) &&
    pair.proposed_by_school_id === actor.schoolId
  );
}

/** What the caller may do with the pair now (the page shows these buttons, the services enforce them). */
export function actionsFor(actor: Actor | null, pair: { state: PairState; proposed_by_school_id: string | null }, members: MemberRow[]): PairAction[] {
  const out: PairAction[] = [];
  const allowed = new Set<PairEvent>(eventsFrom(pair.state));
  const leaderOf = leaderSchoolOf(actor, members);
  const me = members.find((m) => m.school_id === leaderOf);
  if (leaderOf && me && pair.state === 'proposed' && !me.accepted_at && !me.declined_at) out.push('accept', 'decline');
  if (isAdmin(actor)) {
    if (allowed.has('approve')) out.push('approve');
    if (allowed.has('reject')) out.push('reject');
    if (allowed.has('complete')) out.push('complete');
    if (pair.state === 'approved') out.push('terminate');
  }
  if (mayWithdraw(actor, pair)) out.push('withdraw');
  if (pair.state === 'approved' && (leaderOf || isAdmin(actor))) out.push('editMou');
  if ((pair.state === 'approved' || pair.state === 'active') && leaderOf) out.push('signMou');
  if (pair.state === 'active' && leaderOf) out.push('sendNotice');
  if ((pair.state === 'approved' || pair.state === 'active') && (leaderOf || isAdmin(actor))) out.push('manageSteering', 'uploadScan');
  return out;
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
  if (!ctx.actor) throw new ForbiddenError();
  const today = isoDateInHanoi(now);
  const words = query.q ? foldForSearch(query.q).split(' ').filter(Boolean) : [];
  const { rows, total } = await listPairRows(db, scopeOf(ctx.actor), today, { ...query, words });
  const members = await listMemberRows(db, rows.map((r) => r.id));
  return {
    total,
    items: rows.map((r) => ({
      id: r.id,
      state: r.state,
      campaign: { id: r.campaign_id, number: r.campaign_number },
      schools: members.filter((m) => m.pair_id === r.id).map((m) => ({ id: m.school_id, name: m.name, shortName: m.short_name, level: m.level })),
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
  const actor = ctx.actor;
  if (actor && !['department-admin', 'area-officer', 'school-leader'].includes(actor.role)) throw new ForbiddenError();
  const today = isoDateInHanoi(now);
  const terms = searchTerms(query.q);
  const scope = actor?.role === 'area-officer' ? scopeOf(actor) : ({ kind: 'all' } as const);
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
}

/**
 * Propose a pair. The department (or an area officer, within the area) proposes any
 * schools; a school leader proposes their own school with partners, and their own
 * school's acceptance is recorded at once.
 */
export async function proposePair(trx: Db, ctx: CallContext, input: ProposeInput, now: Date): Promise<{ id: string }> {
  const actor = ctx.actor;
  if (actor && !['department-admin', 'area-officer', 'school-leader'].includes(actor.role)) throw new ForbiddenError();
  const today = isoDateInHanoi(now);
  const schoolIds = [...new Set(input.schoolIds)];
  if (schoolIds.length < 2) throw new ValidationError('schoolIds', 'pair_needs_two_schools');
  const campaign = await findCampaignRow(trx, input.campaignId);
  if (!campaign) throw new CampaignNotFoundError();
  const schools = await findSchoolsByIds(trx, schoolIds);
  if (schools.length !== schoolIds.length) throw new ValidationError('schoolIds', 'unknown_school');
  if (actor?.role === 'school-leader' && !schoolIds.includes(actor.schoolId ?? '')) {
    throw new ValidationError('schoolIds', 'pair_must_include_own_school');
  }
  if (actor?.role === 'area-officer') {
    for (const id of schoolIds) {
      if (!(await isSchoolInScope(trx, scopeOf(actor), today, id))) throw new ForbiddenError();
    }
  }
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
    after: { campaignId: campaign.id, schoolIds, state: 'proposed', ...(input.proposal ? { matchingRunId: input.proposal.runId, score: input.proposal.score } : {}) },
  });
  return { id: pair.id };
}

export interface TransitionInput {
  event: 'accept' | 'decline' | 'approve' | 'reject' | 'complete' | 'terminate' | 'withdraw';
  reason?: string | undefined;
}

/**
 * A step of the pair's workflow. Which steps exist is the core state machine's
 * business; who may take them is checked here. Signing is `signMou`'s, and ending an
 * active pair is the written notice's (Điều 5).
 */
export async function transitionPair(trx: Db, ctx: CallContext, pairId: string, input: TransitionInput, now: Date): Promise<{ state: PairState }> {
  const today = isoDateInHanoi(now);
  const { pair, members } = await loadPairFor(trx, ctx, pairId, today, true);
  const actor = ctx.actor;
  const reason = input.reason?.trim() || null;
  const before = { state: pair.state };
  let state: PairState = pair.state;
  let after: Record<string, unknown> = {};

  switch (input.event) {
    case 'accept':
    case 'decline': {
      const schoolId = leaderSchoolOf(actor, members);
      if (!schoolId) throw new ForbiddenError();
      const me = members.find((m) => m.school_id === schoolId)!;
      if (pair.state !== 'proposed') transition(pair.state, input.event);
      if (me.accepted_at || me.declined_at) throw new PairConflictError('PAIR_ALREADY_ANSWERED');
      if (input.event === 'decline') {
        if (!reason) throw new ValidationError('reason', 'required');
        state = transition(pair.state, 'decline');
        await updateMember(trx, pairId, schoolId, { declined_reason: reason, declined_at: now, responded_by_user_id: actor!.userId });
        after = { state, schoolId, reason };
      } else {
        await updateMember(trx, pairId, schoolId, { accepted_at: now, responded_by_user_id: actor!.userId });
        const allAccepted = members.every((m) => m.school_id === schoolId || m.accepted_at);
        if (allAccepted) state = transition(pair.state, 'accept');
        after = { state, schoolId, acceptedBy: members.filter((m) => m.accepted_at || m.school_id === schoolId).length, of: members.length };
      }
      break;
    }
    case 'approve': {
      if (!isAdmin(actor)) throw new ForbiddenError();
      state = transition(pair.state, 'approve');
      // The approved pair gets its first MoU draft from the campaign's template.
      const draft = await createDraftFromTemplate(trx, ctx, pair, members, now);
      after = { state, mouVersion: draft.version };
      await updatePair(trx, pairId, { state, approved_at: now, approved_by_user_id: actor?.userId ?? null, updated_at: now });
      await recordAudit(trx, ctx, { action: 'pair.approve', entity: 'pair', entityId: pairId, before, after });
      return { state };
    }
    case 'reject': {
      if (!isAdmin(actor)) throw new ForbiddenError();
      if (!reason) throw new ValidationError('reason', 'required');
      state = transition(pair.state, 'reject');
      after = { state, reason };
      await updatePair(trx, pairId, { state, end_reason: reason, updated_at: now });
      await recordAudit(trx, ctx, { action: 'pair.reject', entity: 'pair', entityId: pairId, before, after });
      return { state };
    }
    case 'withdraw': {
      // The state machine says whether a withdrawal is possible at all; who may is ours.
      state = transition(pair.state, 'withdraw');
      if (!mayWithdraw(actor, pair)) throw new ForbiddenError();
      if (!reason) throw new ValidationError('reason', 'required');
      after = { state, reason };
      await updatePair(trx, pairId, { state, end_reason: reason, updated_at: now });
      await recordAudit(trx, ctx, { action: 'pair.withdraw', entity: 'pair', entityId: pairId, before, after });
      return { state };
    }
    case 'complete': {
      if (!isAdmin(actor)) throw new ForbiddenError();
      state = transition(pair.state, 'complete');
      after = { state, endedOn: today };
      await updatePair(trx, pairId, { state, ended_on: today, end_reason: reason, updated_at: now });
      await recordAudit(trx, ctx, { action: 'pair.complete', entity: 'pair', entityId: pairId, before, after });
      return { state };
    }
    case 'terminate': {
      if (!isAdmin(actor)) throw new ForbiddenError();
      // A signed MoU binds both schools: only the other party's acceptance of a written
      // cancellation notice ends it.
      if (pair.state === 'active') throw new PairConflictError('PAIR_NEEDS_NOTICE');
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
