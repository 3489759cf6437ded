/**
 * The daily publication of the ledger's head: a pg-boss schedule (every day at 00:05 in
 * Hanoi) sends a job that records today's head in `ledger_head`, once per day however many
 * nodes run it.
 */
import type { Kysely } from 'kysely';
import type { Database } from '#src/db/schema.ts';
import { systemContext } from '#src/server/context.ts';
import { recordAudit } from '#src/server/features/audit/audit.service.ts';
import type { JobDefinition } from '#src/server/jobs/job-queue.ts';
import { anonymiseExpired } from './beneficiaries.service.ts';
import { publishLedgerHead } from './ledger.service.ts';
import { runSponsorshipReminders } from './sponsorships.service.ts';

export const LEDGER_HEAD_QUEUE = 'ledger-publish-head';
export const LEDGER_HEAD_CRON = '5 0 * * *';
export const LEDGER_HEAD_TZ = 'Asia/Ho_Chi_Minh';

/** Publish today's head (the job's work; also `chungtay ledger publish`). */
export async function runLedgerHeadPublication(db: Kysely<Database>, now: Date, via = 'job') {
  return db.transaction().execute(async (trx) => {
    const result = await publishLedgerHead(trx, now);
    if (result.created) await recordAudit(trx, systemContext(via), { action: 'ledger.publishHead', entity: 'ledger_head', entityId: result.publishedOn, after: result });
    return result;
  });
}

export function ledgerHeadJob(db: Kysely<Database>, now: () => Date = () => new Date()): JobDefinition<Record<string, never>> {
  return {
    run: async () => {
      await runLedgerHeadPublication(db, now());
    },
    gaveUp: async () => {},
  };
}

export const RETENTION_QUEUE = 'beneficiary-retention';
export const RETENTION_CRON = '30 1 * * *';

/** The daily retention job: anonymise beneficiaries idle longer than the retention period (docs/privacy.md). */
export function retentionJob(db: Kysely<Database>, now: () => Date = () => new Date()): JobDefinition<Record<string, never>> {
  return {
    run: async () => {
      await db.transaction().execute((trx) => anonymiseExpired(trx, systemContext('job'), now()));
    },
    gaveUp: async () => {},
  };
}

// sponsorships
export const SPONSORSHIP_REMINDER_QUEUE = 'sponsorship-reminders';
/** Every day at 07:30 in Hanoi: remind sponsors of payments due within a week (once per due date). */
export const SPONSORSHIP_REMINDER_CRON = '30 7 * * *';

export function sponsorshipReminderJob(db: Kysely<Database>, now: () => Date = () => new Date()): JobDefinition<Record<string, never>> {
  return {
    run: async () => {
      await runSponsorshipReminders(db, now());
    },
    gaveUp: async () => {},
  };
}
