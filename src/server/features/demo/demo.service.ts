import type { Kysely } from 'kysely';
import { schoolSearchKey } from '#src/core/registry/school.ts';
import { lockForTransaction, LOCK_KEYS } from '#src/db/lock-keys.ts';
import type { Database } from '#src/db/schema.ts';
import { recordAudit } from '#src/server/features/audit/audit.service.ts';
import { loadUnitIndex } from '#src/server/features/schools/schools.service.ts';
import { hashPassword } from '#src/server/features/users/users.service.ts';
import type { CallContext, Db } from '#src/server/context.ts';
import { DEMO_PASSWORD, demoPairs, demoSchools, demoUsers } from './demo-data.ts';
import { demoLoadState, insertDemoRows } from './demo.repository.ts';
import type { FileStore } from '#src/server/files/file-store.ts';
// phases
import { insertPhaseDemo, settleDemoNotifications } from './demo-phases.ts';
// support
import { insertSupportDemo } from './demo-support.ts';
// sponsorships
import { insertSponsorshipDemo } from './demo-support.ts';
// activities
import { insertActivityDemo } from './activities-demo.ts';
// news
import { insertNewsDemo } from './news-demo.ts';
// plans
import { insertPlanDemo } from './plans-demo.ts';

export type DemoResult = { loaded: true } | { loaded: false; reason: 'already-loaded' | 'not-empty' };

export { schoolSearchKey };

/**
 * Load the seed demo into an empty database, once: never over real data and
 * never twice (a marker in app_meta records that it was loaded).
 */
export async function loadDemoData(db: Kysely<Database>, ctx: CallContext, files: FileStore): Promise<DemoResult> {
  return db.transaction().execute(async (trx) => {
    // One loader at a time, even with several app nodes starting together.
    await lockForTransaction(trx, LOCK_KEYS.demo);
    const state = await demoLoadState(trx);
    if (state.loaded) return { loaded: false, reason: 'already-loaded' } as const;
    if (!state.empty) return { loaded: false, reason: 'not-empty' } as const;
    await insertDemo(trx, ctx, files);
    return { loaded: true } as const;
  });
}

async function insertDemo(trx: Db, ctx: CallContext, files: FileStore): Promise<void> {
  // The official units (loaded on migrate).
  const units = await loadUnitIndex(trx);
  await insertDemoRows(trx, units, await hashPassword(DEMO_PASSWORD));
  // phases: the 2023 paper signing of Nhân Chính – PTDTNT, the next phase 2026–2028 and the
  // pairs that continued into it (the 2022–2025 ones completed). Before the demos below,
  // which find each pair by its schools and date (demoPairOn).
  await insertPhaseDemo(trx, ctx, files);
  // activities: the seed events' details and more activities of 2025-2026 and 2026-2027.
  const activities = await insertActivityDemo(trx);
  await recordAudit(trx, ctx, {
    action: 'demo.load',
    entity: 'database',
    entityId: null,
    after: { schools: demoSchools.length, pairs: demoPairs.length, activities, users: demoUsers.length },
  });
  // support
  await insertSupportDemo(trx, ctx);
  // news: the seed article, published, on the 25/10/2023 conference.
  await insertNewsDemo(trx);
  // plans (last: links the activities above to the items they fulfil)
  await insertPlanDemo(trx, ctx);
  // sponsorships
  await insertSponsorshipDemo(trx, ctx);
  // phases: the story's old notifications read, but for the signature still awaited (last)
  await settleDemoNotifications(trx);
}
