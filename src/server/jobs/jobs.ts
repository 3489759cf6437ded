/**
 * The app's jobs in one place: which queues exist and what their workers do. `serve` and
 * `worker` (and the tests) build the queue here.
 */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import type { Database } from '#src/db/schema.ts';
import { matchingJob } from '#src/server/features/matching/matching.jobs.ts';
import { MATCHING_QUEUE } from '#src/server/features/matching/matching.service.ts';
import { IMPORT_QUEUE, importJob } from '#src/server/features/schools/school-import.jobs.ts';
import { DIGEST_QUEUE, digestJob } from '#src/server/features/notifications/digest.ts';
import { DIGEST_CRON, DIGEST_TZ } from '#src/core/notifications/kinds.ts';
import { SWEEP_CRON, SWEEP_QUEUE, sweepJob } from '#src/server/features/notifications/reminders.ts';
import { mailJob } from '#src/server/mail/mail.jobs.ts';
import { MAIL_QUEUE } from '#src/server/mail/mail.service.ts';
import { createMailTransport, type MailSettings } from '#src/server/mail/transport.ts';
import { LEDGER_HEAD_CRON, LEDGER_HEAD_QUEUE, LEDGER_HEAD_TZ, RETENTION_CRON, RETENTION_QUEUE, ledgerHeadJob, retentionJob } from '#src/server/features/support/ledger.jobs.ts';
import { PHASE_END_CRON, PHASE_END_QUEUE, PHASE_END_TZ, phaseEndJob } from '#src/server/features/pairs/phases.jobs.ts';
// sponsorships
import { SPONSORSHIP_REMINDER_CRON, SPONSORSHIP_REMINDER_QUEUE, sponsorshipReminderJob } from '#src/server/features/support/ledger.jobs.ts';
// housekeeping
import { HOUSEKEEPING_CRON, HOUSEKEEPING_QUEUE, HOUSEKEEPING_TZ, housekeepingJob } from '#src/server/features/auth/housekeeping.ts';
// onboarding
import { ONBOARDING_QUEUE, onboardingJob } from '#src/server/features/users/onboarding.service.ts';
// registry vacuum
import { REGISTRY_VACUUM_QUEUE, registryVacuumJob } from '#src/server/features/schools/registry-vacuum.jobs.ts';
import { JobQueue, type JobLog, type JobSettings } from './job-queue.ts';

/** Mail of a queue built without mail settings (the tests' template database): files in the temp dir. */
const FALLBACK_MAIL: MailSettings = { outboxDir: join(tmpdir(), 'chungtay-outbox'), from: 'Chung Tay <no-reply@localhost>', publicUrl: 'http://localhost:3000' };

/**
 * `now` is the app's clock: every job works on it (a server on a test's clock must not run its
 * daily jobs on the machine's clock, which would take that server's live rows for ended).
 */
export function createJobQueue(
  db: Kysely<Database>,
  settings: Partial<JobSettings> = {},
  log?: JobLog,
  mail: MailSettings = FALLBACK_MAIL,
  now: () => Date = () => new Date(),
): JobQueue {
  const jobs = new JobQueue(db, settings, log);
  jobs.define(IMPORT_QUEUE, importJob(db, jobs.settings.timeLimitMs, jobs));
  jobs.define(MATCHING_QUEUE, matchingJob(db, jobs.settings.timeLimitMs));
  jobs.define(MAIL_QUEUE, mailJob(db, createMailTransport(mail), mail, now));
  // support
  jobs.every(LEDGER_HEAD_QUEUE, LEDGER_HEAD_CRON, LEDGER_HEAD_TZ, ledgerHeadJob(db, now));
  // notify
  jobs.every(DIGEST_QUEUE, DIGEST_CRON, DIGEST_TZ, digestJob(db, now));
  jobs.every(SWEEP_QUEUE, SWEEP_CRON, DIGEST_TZ, sweepJob(db, now));
  jobs.every(RETENTION_QUEUE, RETENTION_CRON, LEDGER_HEAD_TZ, retentionJob(db, now));
  // phases
  jobs.every(PHASE_END_QUEUE, PHASE_END_CRON, PHASE_END_TZ, phaseEndJob(db, now));
  // sponsorships
  jobs.every(SPONSORSHIP_REMINDER_QUEUE, SPONSORSHIP_REMINDER_CRON, LEDGER_HEAD_TZ, sponsorshipReminderJob(db, now));
  // housekeeping
  jobs.every(HOUSEKEEPING_QUEUE, HOUSEKEEPING_CRON, HOUSEKEEPING_TZ, housekeepingJob(db, now));
  // onboarding
  jobs.define(ONBOARDING_QUEUE, onboardingJob(db, now));
  // registry vacuum
  jobs.define(REGISTRY_VACUUM_QUEUE, registryVacuumJob(db));
  return jobs;
}
