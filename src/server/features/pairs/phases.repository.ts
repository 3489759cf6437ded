/** The SQL of phases (phases.service.ts): continuations and the pairs whose phase has ended. */
import type { Db } from '#src/server/context.ts';

/** The pair of the next phase that continues `pairId`, if any. */
export async function findContinuation(db: Db, pairId: string) {
  return db.selectFrom('pair').select(['id', 'state']).where('continued_from_pair_id', '=', pairId).executeTakeFirst();
}

/** Active pairs of campaigns whose last year is before `year` (their phase ended on 31 December). */
export async function listPairsToComplete(db: Db, year: number) {
  return db
    .selectFrom('pair')
    .innerJoin('campaign', 'campaign.id', 'pair.campaign_id')
    .select('pair.id')
    .where('pair.state', '=', 'active')
    .where('campaign.phase_end_year', '<', year)
    .orderBy('pair.created_at')
    .execute();
}
