import type { CampaignDto } from '#src/core/campaigns/campaign.ts';
import type { PairState } from '#src/core/pairs/state-machine.ts';
import { signMou } from '#src/server/features/pairs/mou.service.ts';
import { latestMouRow } from '#src/server/features/pairs/pairs.repository.ts';
import { proposePair, transitionPair, type TransitionInput } from '#src/server/features/pairs/pairs.service.ts';
import { createCampaign } from './campaigns.ts';
import type { FactoryDb } from './db.ts';
import { createSchool, type FactorySchool } from './schools.ts';
import { createDepartmentAdmin, createSchoolLeader, type FactoryUser } from './users.ts';

/** The public address documents link to, as in the test app. */
export const FACTORY_PUBLIC_URL = 'https://chungtay.example.vn';

export interface PairOverrides {
  /** The state to take the pair to, through the real workflow (default `proposed`). */
  state?: PairState;
  campaign?: CampaignDto;
  /** The member schools (default: two new schools, one inner-city, one mountainous). */
  schools?: FactorySchool[];
  /** One leader per member school, in the same order (default: a new leader for each). */
  leaders?: FactoryUser[];
  /** The department admin who proposes and approves (default: a new one). */
  admin?: FactoryUser;
  /** The clock of every step (default: now). Pass the test app's clock. */
  now?: Date;
  /** The reason given for `declined` and `terminated`. */
  reason?: string;
}

export interface FactoryPair {
  id: string;
  state: PairState;
  campaign: CampaignDto;
  schools: FactorySchool[];
  leaders: FactoryUser[];
  admin: FactoryUser;
}

/** The steps from `proposed` to each state. */
const PATH: Record<PairState, readonly ('accept' | 'decline' | 'approve' | 'sign' | 'complete' | 'terminate')[]> = {
  proposed: [],
  declined: ['decline'],
  accepted: ['accept'],
  approved: ['accept', 'approve'],
  active: ['accept', 'approve', 'sign'],
  completed: ['accept', 'approve', 'sign', 'complete'],
  terminated: ['accept', 'approve', 'terminate'],
};

/**
 * A pair in the state asked for, taken there as people take it: the department
 * proposes, each leader accepts (or the first declines), the department approves (the
 * first MoU draft comes from the campaign's template), each leader signs the draft,
 * the department completes or terminates. Every step is the real service, one
 * transaction each, with its audit row.
 */
export async function createPair(db: FactoryDb, overrides: PairOverrides = {}): Promise<FactoryPair> {
  const now = overrides.now ?? new Date();
  const reason = overrides.reason ?? 'Lý do do bài kiểm thử đưa ra';
  const admin = overrides.admin ?? (await createDepartmentAdmin(db));
  const campaign = overrides.campaign ?? (await createCampaign(db));
  const schools = overrides.schools ?? [await createSchool(db, { areaType: 'inner-city' }), await createSchool(db, { areaType: 'mountainous' })];
  const leaders = overrides.leaders ?? (await Promise.all(schools.map((school) => createSchoolLeader(db, { school }))));
  // A factory's campaign may have ended by the test's clock: the department confirms, as on the page.
  const { id } = await db
    .transaction()
    .execute((trx) => proposePair(trx, admin.ctx, { campaignId: campaign.id, schoolIds: schools.map((s) => s.id), confirmCampaignEnded: true }, now));
  const step = (by: FactoryUser, input: TransitionInput) => db.transaction().execute((trx) => transitionPair(trx, by.ctx, id, input, now));
  for (const event of PATH[overrides.state ?? 'proposed']) {
    switch (event) {
      case 'accept':
        for (const leader of leaders) await step(leader, { event: 'accept' });
        break;
      case 'decline':
        await step(leaders[0]!, { event: 'decline', reason });
        break;
      case 'sign':
        for (const leader of leaders) await signLatestDraft(db, leader, id, now);
        break;
      case 'terminate':
        await step(admin, { event, reason });
        break;
      case 'approve':
        await step(admin, { event, confirmCampaignEnded: true });
        break;
      default:
        await step(admin, { event });
    }
  }
  return { id, state: overrides.state ?? 'proposed', campaign, schools, leaders, admin };
}

/** A leader signs the pair's latest MoU draft, as read (version and hash). */
export async function signLatestDraft(db: FactoryDb, leader: FactoryUser, pairId: string, now = new Date()) {
  const latest = await latestMouRow(db, pairId);
  if (!latest) throw new Error(`pair ${pairId} has no MoU draft`);
  return db.transaction().execute((trx) => signMou(trx, leader.ctx, pairId, { version: latest.version, sha256: latest.content_sha256 }, now, FACTORY_PUBLIC_URL));
}
