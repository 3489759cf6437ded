/**
 * After an import has written schools, `VACUUM (ANALYZE)` the registry's tables as a job of its
 * own (docs/decisions/0042). An import of 45,000 schools leaves the tables' visibility map unset
 * until autovacuum passes: until then every index-only walk of the list (the name index to the
 * page, the bounded count after it) also reads the table for each entry, and the planner works
 * on statistics from before the import. Autovacuum comes when it comes (its thresholds, its
 * naptime, a busy database); this job runs as soon as a worker takes it.
 *
 * One per database: every job has the same singleton key on a stately queue, so there is at most
 * one waiting and one running; imports that end while one waits share it, and an import that
 * ends while one runs queues the next (its rows may have come after that vacuum began).
 */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '#src/db/schema.ts';
import type { JobDefinition, JobQueue } from '#src/server/jobs/job-queue.ts';
import { vacuumRegistryTables } from './schools.repository.ts';

export const REGISTRY_VACUUM_QUEUE = 'registry-vacuum';
const SINGLETON = 'registry';

/** Queue the registry's vacuum (in `db`'s transaction when given); a waiting one is not doubled. */
export async function queueRegistryVacuum(jobs: JobQueue, db?: Parameters<JobQueue['send']>[3]): Promise<void> {
  await jobs.send(REGISTRY_VACUUM_QUEUE, randomUUID(), {}, db, SINGLETON);
  jobs.wake(REGISTRY_VACUUM_QUEUE);
}

/** `VACUUM (ANALYZE)` of the registry's tables (the job's work; the CLI's import runs it itself). */
export async function vacuumRegistry(db: Kysely<Database>): Promise<void> {
  await vacuumRegistryTables(db);
}

export function registryVacuumJob(db: Kysely<Database>): JobDefinition<Record<string, never>> {
  return {
    async run() {
      await vacuumRegistry(db);
    },
    async gaveUp() {
      // Nothing to mark: autovacuum still comes.
    },
  };
}
