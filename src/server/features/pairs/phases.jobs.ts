/**
 * Pairs not continued are completed when their phase ends: a pg-boss schedule (every day at
 * 00:10 in Hanoi) sends a job that completes every active pair of a campaign whose phase ended
 * (phases.service.ts `completeEndedPhases`) — idempotent, each pair locked and checked again.
 * A job sent with `{ now }` works as of that moment (the tests, an operator catching up).
 */
import type { Kysely } from 'kysely';
import type { Database } from '#src/db/schema.ts';
import { systemContext } from '#src/server/context.ts';
import type { JobDefinition } from '#src/server/jobs/job-queue.ts';
import { completeEndedPhases } from './phases.service.ts';

export const PHASE_END_QUEUE = 'phases-complete-ended';
export const PHASE_END_CRON = '10 0 * * *';
export const PHASE_END_TZ = 'Asia/Ho_Chi_Minh';

export function phaseEndJob(db: Kysely<Database>, now: () => Date = () => new Date()): JobDefinition<{ now?: string }> {
  return {
    run: async (job) => {
      await completeEndedPhases(db, systemContext('job:phases-complete-ended'), job.data?.now ? new Date(job.data.now) : now());
    },
    gaveUp: async () => {},
  };
}
