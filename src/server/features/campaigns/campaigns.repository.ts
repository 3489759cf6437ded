import type { Insertable, Updateable } from 'kysely';
import type { Db } from '#src/server/context.ts';
import type { CampaignTable } from './campaign.table.ts';

export async function listCampaignRows(db: Db) {
  return db
    .selectFrom('campaign')
    .selectAll('campaign')
    .select((eb) =>
      eb
        .selectFrom('pair')
        .select(eb.fn.countAll<string>().as('n'))
        .whereRef('pair.campaign_id', '=', 'campaign.id')
        .as('pair_count'),
    )
    // phases: the next phase, if one was opened.
    .select((eb) => eb.selectFrom('campaign as next').select('next.id').whereRef('next.previous_campaign_id', '=', 'campaign.id').limit(1).as('next_campaign_id'))
    .orderBy('issued_on', 'desc')
    .orderBy('number')
    .execute();
}

export async function findCampaignRow(db: Db, id: string, lock = false) {
  let q = db.selectFrom('campaign').selectAll().where('id', '=', id);
  if (lock) q = q.forUpdate();
  return q.executeTakeFirst();
}

export async function findCampaignByNumber(db: Db, number: string) {
  return db.selectFrom('campaign').select('id').where('number', '=', number).executeTakeFirst();
}

export async function insertCampaign(db: Db, values: Insertable<CampaignTable>) {
  return db.insertInto('campaign').values(values).returningAll().executeTakeFirstOrThrow();
}

export async function updateCampaign(db: Db, id: string, values: Updateable<CampaignTable>) {
  return db.updateTable('campaign').set(values).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
}

// phases ---------------------------------------------------------------------

/** The campaign opened as the next phase of `id`, if any. */
export async function findNextCampaignRow(db: Db, id: string) {
  return db.selectFrom('campaign').selectAll().where('previous_campaign_id', '=', id).executeTakeFirst();
}
