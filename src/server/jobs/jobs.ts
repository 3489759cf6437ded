/**
 * The app's jobs in one place: which queues exist and what their workers do. `serve` and
 * `worker` (and the tests) build the queue here.
 */
import type { Kysely } from 'kysely';
import type { Database } from '#src/db/schema.ts';
import { matchingJob } from '#src/server/features/matching/matching.jobs.ts';
import { MATCHING_QUEUE } from '#src/server/features/matching/matching.service.ts';
import { IMPORT_QUEUE, importJob } from '#src/server/features/schools/school-import.jobs.ts';
import { JobQueue, type JobLog, type JobSettings } from './job-queue.ts';

export function createJobQueue(db: Kysely<Database>, settings: Partial<JobSettings> = {}, log?: JobLog): JobQueue {
  const jobs = new JobQueue(db, settings, log);
  jobs.define(IMPORT_QUEUE, importJob(db, jobs.settings.timeLimitMs));
  jobs.define(MATCHING_QUEUE, matchingJob(db, jobs.settings.timeLimitMs));
  return jobs;
}
