/**
 * The reminder sweep: every step that waits for a school — a proposal to answer, an MoU
 * version to sign (once a partner has signed), a written notice to answer — reminds that
 * school's leaders after the campaign's `reminder_days`, and tells the department after its
 * `escalation_days` (null: never). Each reminder's key (step, item, school, stage) is written
 * to `reminder_sent` in the transaction that tells people, so the sweep tells once however
 * often it runs: on two nodes at the same time, again after a restart. Activities a few days
 * ahead and left open after their date are told by the same sweep (`activity-reminders.ts`).
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '#src/db/schema.ts';
import type { Db } from '#src/server/context.ts';
import type { JobDefinition } from '#src/server/jobs/job-queue.ts';
import { runActivityReminders } from './activity-reminders.ts';
import { departmentAdminIds } from './notifications.repository.ts';
import { notifyMany } from './notifications.service.ts';

export const SWEEP_QUEUE = 'reminder-sweep';
/** Every hour at :05, Hanoi time (and on demand: `jobs.send(SWEEP_QUEUE, …)`). */
export const SWEEP_CRON = '5 * * * *';
/** Steps told per transaction. */
const BATCH = 2000;

interface Due {
  key: string;
  step: 'accept' | 'sign' | 'respond';
  stage: 'remind' | 'escalate';
  pair_id: string;
  school_id: string;
  days: number;
  version: number | null;
}

/**
 * Every step due now and not yet told: one query over the waiting steps of live pairs, joined
 * to their campaign's days; `reminder_sent` removes what was told. Names are read per batch.
 */
async function dueSteps(db: Db, now: Date): Promise<Due[]> {
  const { rows } = await sql<Due>`
    with waiting as (
      select 'accept' as step, p.id as ref_id, p.id as pair_id, m.school_id, p.created_at as since, p.campaign_id, null::int as version
      from pair p join pair_member m on m.pair_id = p.id
      where p.state = 'proposed' and m.accepted_at is null and m.declined_at is null
      union all
      select 'sign', d.id, d.pair_id, m.school_id, d.first_signed, p.campaign_id, d.version
      from (
        select mo.id, mo.pair_id, mo.version, min(sg.signed_at) as first_signed
        from mou mo join mou_signature sg on sg.mou_id = mo.id
        where mo.status = 'draft'
        group by mo.id
      ) d
      join pair p on p.id = d.pair_id and p.state in ('approved', 'active')
      join pair_member m on m.pair_id = d.pair_id
      where not exists (select 1 from mou_signature s2 where s2.mou_id = d.id and s2.school_id = m.school_id)
      union all
      select 'respond', n.id, n.pair_id, m.school_id, n.sent_at, p.campaign_id, null
      from mou_notice n join pair p on p.id = n.pair_id join pair_member m on m.pair_id = n.pair_id
      where n.status = 'sent' and m.school_id <> n.sender_school_id
        and not exists (select 1 from mou_notice_response r where r.notice_id = n.id and r.school_id = m.school_id)
    ),
    staged as (
      select w.*, s.stage, case when s.stage = 'remind' then c.reminder_days else c.escalation_days end as days
      from waiting w join campaign c on c.id = w.campaign_id
      cross join (values ('remind'), ('escalate')) s(stage)
    ),
    keyed as (
      select st.step || ':' || st.ref_id || ':' || st.school_id || ':' || st.stage as key, st.*
      from staged st
      where st.days is not null and st.since <= ${now}::timestamptz - make_interval(days => st.days)
    )
    select k.key, k.step, k.stage, k.pair_id, k.school_id, k.days, k.version
    from keyed k
    where not exists (select 1 from reminder_sent r where r.key = k.key)
    order by k.since, k.key`.execute(db);
  return rows;
}

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
  const due = await dueSteps(db, now);
  for (let i = 0; i < due.length; i += BATCH) {
    const chunk = due.slice(i, i + BATCH);
    batches++;
    told += await db.transaction().execute(async (trx) => {
      const claimed = new Set(
        (
          await trx
            .insertInto('reminder_sent')
            .values(chunk.map((d) => ({ key: d.key })))
            .onConflict((oc) => oc.column('key').doNothing())
            .returning('key')
            .execute()
        ).map((r) => r.key),
      );
      const items = chunk.filter((d) => claimed.has(d.key));
      if (items.length === 0) return 0;
      const schoolIds = [...new Set(items.map((d) => d.school_id))];
      const pairIds = [...new Set(items.map((d) => d.pair_id))];
      const [leaders, admins, names] = await Promise.all([
        leadersOf(trx, items.filter((d) => d.stage === 'remind').map((d) => d.school_id)),
        items.some((d) => d.stage === 'escalate') ? departmentAdminIds(trx) : Promise.resolve([]),
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
  const rows = await db
    .selectFrom('app_user')
    .select(['id', 'school_id'])
    .where(sql<boolean>`school_id = any(${[...new Set(schoolIds)]}::uuid[])`)
    .where('role', '=', 'school-leader')
    .where('disabled_at', 'is', null)
    .execute();
  for (const r of rows) out.set(r.school_id!, [...(out.get(r.school_id!) ?? []), r.id]);
  return out;
}

/** School names and pair labels ("A – B"), as they are now. */
async function namesOf(db: Db, schoolIds: readonly string[], pairIds: readonly string[]) {
  const [schools, pairs] = await Promise.all([
    db.selectFrom('school').select(['id', 'name']).where(sql<boolean>`id = any(${[...schoolIds]}::uuid[])`).execute(),
    sql<{ pair_id: string; label: string }>`
      select m.pair_id, string_agg(s.name, ' – ' order by m.position) as label
      from pair_member m join school s on s.id = m.school_id
      where m.pair_id = any(${[...pairIds]}::uuid[]) group by m.pair_id`.execute(db),
  ]);
  return { schools: new Map(schools.map((s) => [s.id, s.name])), pairs: new Map(pairs.rows.map((p) => [p.pair_id, p.label])) };
}

export function sweepJob(db: Kysely<Database>): JobDefinition<Record<string, never>> {
  return {
    run: async () => {
      await runReminderSweep(db, new Date());
    },
    gaveUp: async () => {},
  };
}

