/**
 * Phases of a pair (issue 10): when the department has opened the next phase of a campaign,
 * each pair that ran the old phase chooses to continue — a new pair of the next phase with a
 * new MoU pre-filled from the one in force, which both leaders sign again — or to end. A pair
 * not continued is completed when its phase ends (31 December of the campaign's last year), by
 * the scheduled job `phases-complete-ended` (pairs/phases.jobs.ts) or at once when the choice
 * is made after that day.
 */
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '#src/db/schema.ts';
import { authorize } from '#src/core/access/guard.ts';
import { can } from '#src/core/access/policy.ts';
import { campaignEnded, campaignEndsOn, phaseLabel } from '#src/core/campaigns/campaign.ts';
import { ConflictError } from '#src/core/errors.ts';
import { templatise } from '#src/core/mou/placeholders.ts';
import type { MouContent } from '#src/core/mou/types.ts';
import type { NextPhaseChosenDto, NextPhaseDto } from '#src/core/pairs/dto.ts';
import { mouPartySchema, mouPhaseFor } from '#src/core/mou/version.ts';
import { LIVE_STATES, transition } from '#src/core/pairs/state-machine.ts';
import { isoDateInHanoi } from '#src/core/vn/format.ts';
import type { CallContext, Db } from '#src/server/context.ts';
import { recordAudit } from '#src/server/features/audit/audit.service.ts';
import { findCampaignRow, findNextCampaignRow } from '#src/server/features/campaigns/campaigns.repository.ts';
import { CampaignNotFoundError } from '#src/server/features/campaigns/campaigns.service.ts';
import { draftColumns, partyTitle, placeOf, resolveParties } from './mou-draft.service.ts';
import { basisOfVersion } from './mou-fill.ts';
import type { PairRow } from './pair.table.ts';
import { MouNotFoundError, PairConflictError } from './pairs.errors.ts';
import { findLivePairWithSchools, insertMembers, insertMou, insertPair, listMemberRows, signedMouRow, updateMember, updatePair } from './pairs.repository.ts';
import { findContinuation, listPairsToComplete } from './phases.repository.ts';
import { loadPairFor, stateRefusal, userIdOf } from './pairs.service.ts';

export const nextPhaseChoiceSchema = z.strictObject({ choice: z.enum(['continue', 'end']) });
export type NextPhaseChoice = z.infer<typeof nextPhaseChoiceSchema>['choice'];

export type { NextPhaseDto };

export class NextPhaseNotOpenError extends ConflictError {
  constructor() {
    super('NEXT_PHASE_NOT_OPEN');
  }
}

/** Where the pair stands between its phase and the next. */
export async function getNextPhase(db: Db, ctx: CallContext, pairId: string, now: Date): Promise<NextPhaseDto> {
  const today = isoDateInHanoi(now);
  const { pair, facts } = await loadPairFor(db, ctx, pairId, today);
  const campaign = await findCampaignRow(db, pair.campaign_id);
  if (!campaign) throw new CampaignNotFoundError();
  const next = await findNextCampaignRow(db, campaign.id);
  const continued = await findContinuation(db, pair.id);
  return {
    campaign: {
      id: campaign.id,
      number: campaign.number,
      phase: phaseLabel(campaign.phase_start_year, campaign.phase_end_year),
      endsOn: campaignEndsOn(campaign.phase_end_year),
      ended: campaignEnded(campaign.phase_end_year, today),
    },
    next: next ? { id: next.id, number: next.number, phase: phaseLabel(next.phase_start_year, next.phase_end_year) } : null,
    choice: pair.next_phase_choice,
    chosenAt: pair.next_phase_chosen_at?.toISOString() ?? null,
    continuedByPairId: continued?.id ?? null,
    continuesPairId: pair.continued_from_pair_id,
    mayChoose: Boolean(next) && !pair.next_phase_choice && can(ctx.actor, 'pair.chooseNextPhase', facts),
  };
}

/**
 * Continue into the next phase or end. Continuing makes the pair of the next phase
 * (approved: both schools continue it) with its first MoU draft pre-filled from the version in
 * force — its period, plan and parties turned back into placeholders, so that the new draft
 * follows the new phase and names the schools as of today — which both leaders sign again.
 * Ending records the choice. Either way, once the old phase has ended the old pair is completed.
 */
export async function chooseNextPhase(trx: Db, ctx: CallContext, pairId: string, choice: NextPhaseChoice, now: Date): Promise<NextPhaseChosenDto> {
  const today = isoDateInHanoi(now);
  const { pair, members, facts } = await loadPairFor(trx, ctx, pairId, today, true);
  authorize(ctx.actor, 'pair.chooseNextPhase', facts, { onState: stateRefusal(pair.state, 'complete') });
  if (pair.next_phase_choice) throw new PairConflictError('PAIR_PHASE_CHOSEN', 'choice');
  const campaign = await findCampaignRow(trx, pair.campaign_id);
  if (!campaign) throw new CampaignNotFoundError();
  const next = await findNextCampaignRow(trx, campaign.id);
  if (!next) throw new NextPhaseNotOpenError();
  const ended = campaignEnded(campaign.phase_end_year, today);
  if (choice === 'end' && pair.state !== 'active') throw new PairConflictError('PAIR_PHASE_CHOSEN', 'choice');

  let newPair: PairRow | null = null;
  let mouVersion: number | null = null;
  if (choice === 'continue') {
    const schoolIds = members.map((m) => m.school_id);
    if (await findLivePairWithSchools(trx, next.id, schoolIds, LIVE_STATES)) throw new PairConflictError('PAIR_EXISTS', 'choice');
    const signed = await signedMouRow(trx, pair.id);
    if (!signed) throw new MouNotFoundError();
    newPair = await insertPair(trx, {
      campaign_id: next.id,
      state: 'approved',
      proposed_by_user_id: userIdOf(ctx),
      proposed_by_school_id: null,
      approved_at: now,
      approved_by_user_id: userIdOf(ctx),
      search_key: pair.search_key,
      continued_from_pair_id: pair.id,
    });
    await insertMembers(trx, newPair.id, schoolIds);
    for (const id of schoolIds) await updateMember(trx, newPair.id, id, { accepted_at: now, responded_by_user_id: userIdOf(ctx) });
    // The text in force, with its period, plan and parties as placeholders again.
    const oldParties = z.array(mouPartySchema).parse(signed.parties);
    const content = templatise(signed.content as MouContent, { parties: oldParties.map(partyTitle), campaign: basisOfVersion(signed, campaign) });
    const newMembers = await listMemberRows(trx, [newPair.id]);
    const { parties, venue } = await resolveParties(
      trx,
      newMembers,
      today,
      oldParties.map((p) => ({ schoolId: p.schoolId, signatoryTitle: p.signatoryTitle, representatives: p.representatives })),
    );
    const phase = mouPhaseFor(next.phase_start_year, next.phase_end_year, Number(today.slice(0, 4)));
    const text = { place: placeOf(parties[0]!.unitLine), venue, datedOn: today, phase, parties, content };
    await insertMou(trx, {
      created_at: now,
      pair_id: newPair.id,
      version: 1,
      ...draftColumns(text),
      change_note: `Tiếp tục Biên bản ghi nhớ số ${signed.number ?? ''} (giai đoạn ${signed.phase})`.replace('số  ', 'số '),
      created_by_user_id: userIdOf(ctx),
      issuer_school_id: parties[0]!.schoolId,
    });
    mouVersion = 1;
  }
  const completes = ended && pair.state === 'active';
  await updatePair(trx, pair.id, {
    next_phase_choice: choice,
    next_phase_chosen_at: now,
    next_phase_chosen_by_user_id: userIdOf(ctx),
    updated_at: now,
    ...(completes ? completion(pair, campaign.phase_end_year, choice, phaseLabel(next.phase_start_year, next.phase_end_year)) : {}),
  });
  await recordAudit(trx, ctx, {
    action: choice === 'continue' ? 'pair.continue' : 'pair.endPhase',
    entity: 'pair',
    entityId: pair.id,
    before: { state: pair.state },
    after: { choice, nextCampaignId: next.id, ...(newPair ? { newPairId: newPair.id, mouVersion } : {}), state: completes ? 'completed' : pair.state },
  });
  return { choice, state: completes ? ('completed' as const) : pair.state, newPairId: newPair?.id ?? null };
}

/** The columns of a pair completed at its phase's end. */
function completion(pair: PairRow, phaseEndYear: number, choice: NextPhaseChoice | null, nextPhase: string | null) {
  return {
    state: transition(pair.state, 'complete'),
    ended_on: campaignEndsOn(phaseEndYear),
    end_reason:
      choice === 'continue' && nextPhase
        ? `Hết giai đoạn; tiếp tục kết nghĩa ở giai đoạn ${nextPhase}`
        : `Hết giai đoạn (đến hết ngày ${campaignEndsOn(phaseEndYear).split('-').reverse().join('/')})`,
  };
}

/**
 * The job's work: every active pair whose campaign's phase ended before `now` is completed,
 * each in its own transaction with its audit row, the pair row locked and its state checked
 * again — so two nodes, or a run repeated, complete each pair once. Returns how many.
 */
export async function completeEndedPhases(db: Kysely<Database>, ctx: CallContext, now: Date): Promise<number> {
  const today = isoDateInHanoi(now);
  let done = 0;
  for (const candidate of await listPairsToComplete(db, Number(today.slice(0, 4)))) {
    const completed = await db.transaction().execute(async (trx) => {
      const { pair } = await loadPairFor(trx, ctx, candidate.id, today, true);
      const campaign = await findCampaignRow(trx, pair.campaign_id);
      if (pair.state !== 'active' || !campaign || !campaignEnded(campaign.phase_end_year, today)) return false;
      const next = await findNextCampaignRow(trx, campaign.id);
      const columns = completion(pair, campaign.phase_end_year, pair.next_phase_choice, next ? phaseLabel(next.phase_start_year, next.phase_end_year) : null);
      await updatePair(trx, pair.id, { ...columns, updated_at: now });
      await recordAudit(trx, ctx, {
        action: 'pair.complete',
        entity: 'pair',
        entityId: pair.id,
        before: { state: pair.state },
        after: { state: columns.state, endedOn: columns.ended_on, reason: columns.end_reason, choice: pair.next_phase_choice },
      });
      return true;
    });
    if (completed) done++;
  }
  return done;
}
