/**
 * The reminder sweep: every step that waits for a school — a proposal to answer, an MoU
 * version to sign (once a partner has signed), a written notice to answer — reminds that
 * school's leaders after the campaign's `reminder_days`, and tells the department after its
 * `escalation_days` (null: never). Each reminder's key (step, item, school, stage) is written
 * to `reminder_sent` in the transaction that tells people, so the sweep tells once however
 * often it runs: on two nodes at the same time, again after a restart. Activities a few days
 * ahead and left open after their date are told by the same sweep (`activity-reminders.ts`).
 */
import type { Kysely } from 'kysely';
import type { Database } from '#src/db/schema.ts';
import type { Db } from '#src/server/context.ts';
import type { JobDefinition } from '#src/server/jobs/job-queue.ts';
import { runActivityReminders } from './activity-reminders.ts';
import { findSchoolsByIds } from '#src/server/features/pairs/pairs.repository.ts';
import { enabledDepartmentAdminIds, listEnabledStaff } from '#src/server/features/users/users.repository.ts';
import { claimReminderKeys, listDueSteps } from './notifications.repository.ts';
import { pairLabels } from './pair-events.ts';
import { notifyMany } from './notifications.service.ts';

export const SWEEP_QUEUE = 'reminder-sweep';
/** Every hour at :05, Hanoi time (and on demand: `jobs.send(SWEEP_QUEUE, …)`). */
export const SWEEP_CRON = '5 * * * *';
/** Steps told per transaction. */
const BATCH = 2000;

const REMIND_KIND = { accept: 'pair.awaitingAcceptance', sign: 'mou.awaitingSignature', respond: 'notice.awaitingAnswer' } as const;

/**
 * Tell what is due, a batch of steps per transaction: claim their keys (a sweep running
 * elsewhere at the same moment waits on them, then claims none), read the names and the people
 * of the whole batch in three queries, and tell them all at once (`notifyMany`: one insert of
 * notifications, one of mails, one of mail jobs). Returns how many steps were told.
 */
export async function runReminderSweep(db: Kysely<Database>, now: Date): Promise<{ told: number; batches: number }> {
  let told = 0;
  let batches = 0;
  const due = await listDueSteps(db, now);
  for (let i = 0; i < due.length; i += BATCH) {
    const chunk = due.slice(i, i + BATCH);
    batches++;
    told += await db.transaction().execute(async (trx) => {
      const claimed = await claimReminderKeys(
        trx,
        chunk.map((d) => d.key),
      );
      const items = chunk.filter((d) => claimed.has(d.key));
      if (items.length === 0) return 0;
      const schoolIds = [...new Set(items.map((d) => d.school_id))];
      const pairIds = [...new Set(items.map((d) => d.pair_id))];
      const [leaders, admins, names] = await Promise.all([
        leadersOf(trx, items.filter((d) => d.stage === 'remind').map((d) => d.school_id)),
        items.some((d) => d.stage === 'escalate') ? enabledDepartmentAdminIds(trx) : Promise.resolve([]),
        namesOf(trx, schoolIds, pairIds),
      ]);
      await notifyMany(
        trx,
        items.map((d) => {
          const link = `/app/pairs/${d.pair_id}`;
          const params = { pair: names.pairs.get(d.pair_id) ?? '', school: names.schools.get(d.school_id) ?? '', days: d.days, ...(d.version !== null ? { version: d.version } : {}) };
          return d.stage === 'remind'
            ? { userIds: leaders.get(d.school_id) ?? [], kind: REMIND_KIND[d.step], params, link }
            : { userIds: admins, kind: 'escalation' as const, params: { ...params, what: d.step }, link };
        }),
      );
      return items.length;
    });
  }
  // Activities a few days ahead, and left open after their date.
  const activities = await runActivityReminders(db, now);
  return { told: told + activities.told, batches: batches + activities.batches };
}

/** The enabled leaders of each school. */
async function leadersOf(db: Db, schoolIds: readonly string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  if (schoolIds.length === 0) return out;
  const rows = await listEnabledStaff(db, schoolIds, ['school-leader']);
  for (const r of rows) out.set(r.school_id!, [...(out.get(r.school_id!) ?? []), r.id]);
  return out;
}

/** School names and pair labels ("A – B"), as they are now. */
async function namesOf(db: Db, schoolIds: readonly string[], pairIds: readonly string[]) {
  const [schools, pairs] = await Promise.all([findSchoolsByIds(db, [...schoolIds]), pairLabels(db, pairIds)]);
  return { schools: new Map(schools.map((s) => [s.id, s.name])), pairs };
}

export function sweepJob(db: Kysely<Database>, now: () => Date = () => new Date()): JobDefinition<Record<string, never>> {
  return {
    run: async () => {
      await runReminderSweep(db, now());
    },
    gaveUp: async () => {},
  };
}

