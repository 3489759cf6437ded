/**
 * Housekeeping: once a day (a pg-boss schedule, src/server/jobs/jobs.ts) delete what can never
 * be used again — expired sessions, used or expired invitation and password-reset tokens, and
 * mail-throttle windows that have ended — in bounded batches, each its own short transaction,
 * then write one audit row with the counts (none when nothing was deleted). docs/operations.md.
 */
import type { Kysely } from 'kysely';
import type { Database } from '#src/db/schema.ts';
import { systemContext } from '#src/server/context.ts';
import { recordAudit } from '#src/server/features/audit/audit.service.ts';
import type { JobDefinition } from '#src/server/jobs/job-queue.ts';
import { deleteDeadTokenBatch, deleteEndedThrottleBatch, deleteExpiredSessionBatch } from './housekeeping.repository.ts';
import { MAIL_LIMITS } from './mail-throttle.ts';

export const HOUSEKEEPING_QUEUE = 'housekeeping';
/** Every day at 02:15 in Hanoi, when nobody works. */
export const HOUSEKEEPING_CRON = '15 2 * * *';
export const HOUSEKEEPING_TZ = 'Asia/Ho_Chi_Minh';
export const HOUSEKEEPING_BATCH = 5000;

export interface HousekeepingOutcome {
  sessions: number;
  tokens: number;
  mailThrottle: number;
  /** statements run (each deleting at most one batch) */
  batches: number;
}

/** A throttle row is dead once the longest window has passed since it started. */
const LONGEST_THROTTLE_WINDOW_MS = Math.max(...Object.values(MAIL_LIMITS).map((l) => l.windowMs));

export async function runHousekeeping(
  db: Kysely<Database>,
  now: Date,
  options: { batchSize?: number; signal?: AbortSignal } = {},
): Promise<HousekeepingOutcome> {
  const limit = options.batchSize ?? HOUSEKEEPING_BATCH;
  const outcome: HousekeepingOutcome = { sessions: 0, tokens: 0, mailThrottle: 0, batches: 0 };
  const drain = async (batch: (db: Kysely<Database>) => Promise<number>): Promise<number> => {
    let total = 0;
    for (;;) {
      if (options.signal?.aborted) throw new Error('housekeeping stopped: handed back');
      const n = await db.transaction().execute((trx) => batch(trx));
      outcome.batches++;
      total += n;
      if (n < limit) return total;
    }
  };
  outcome.sessions = await drain((trx) => deleteExpiredSessionBatch(trx, now, limit));
  outcome.tokens = await drain((trx) => deleteDeadTokenBatch(trx, now, limit));
  outcome.mailThrottle = await drain((trx) => deleteEndedThrottleBatch(trx, new Date(now.getTime() - LONGEST_THROTTLE_WINDOW_MS), limit));
  if (outcome.sessions + outcome.tokens + outcome.mailThrottle > 0) {
    await db.transaction().execute((trx) =>
      recordAudit(trx, systemContext('housekeeping'), {
        action: 'housekeeping.purge',
        entity: 'housekeeping',
        entityId: null,
        after: { sessions: outcome.sessions, tokens: outcome.tokens, mailThrottle: outcome.mailThrottle, on: now.toISOString() },
      }),
    );
  }
  return outcome;
}

export function housekeepingJob(db: Kysely<Database>, now: () => Date = () => new Date()): JobDefinition<Record<string, never>> {
  return {
    run: async (job) => {
      await runHousekeeping(db, now(), { signal: job.signal });
    },
    gaveUp: async () => {},
  };
}
