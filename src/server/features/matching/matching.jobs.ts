/**
 * Matching runs as jobs of the job queue: the run's row is claimed (a run that already ended is
 * never computed again), computed with the queue's time limit, and recorded failed with its
 * reason when it cannot be done.
 */
import type { Kysely } from 'kysely';
import type { RunParams } from '#src/core/matching/run-params.ts';
import type { Database } from '#src/db/schema.ts';
import type { JobDefinition } from '#src/server/jobs/job-queue.ts';
import { JobAbortedError } from '#src/server/jobs/threads.ts';
import { reviveContext } from '#src/server/context.ts';
import { findRunRow } from './matching.repository.ts';
import { executeRun, failRun, runErrorOf, type RunJobPayload } from './matching.service.ts';

export function matchingJob(db: Kysely<Database>, timeLimitMs: number): JobDefinition<RunJobPayload> {
  return {
    async run(job) {
      const row = await findRunRow(db, job.data.runId);
      if (!row || (row.status !== 'queued' && row.status !== 'running')) return;
      try {
        await executeRun(db, row.id, row.params as RunParams, new Date(job.data.now), reviveContext(job.data.ctx), { timeLimitMs, signal: job.signal });
      } catch (err) {
        if (err instanceof JobAbortedError || !job.lastAttempt) throw err;
        await failRun(db, row.id, runErrorOf(err));
      }
    },
    async gaveUp(data) {
      await failRun(db, data.runId, { code: 'MATCHING_RUN_STALLED', params: {}, field: null });
    },
  };
}
