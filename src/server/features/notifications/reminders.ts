/**
 * The reminder sweep: every step that waits for a school — a proposal to answer, an MoU
 * version to sign (once a partner has signed), a written notice to answer — reminds that
 * school's leaders after the campaign's `reminder_days`, and tells the department after its
 * `escalation_days` (null: never). Each reminder's key (step, item, school, stage) is written
 * to `reminder_sent` in the transaction that tells people, so the sweep tells once however
 * often it runs: on two nodes at the same time, again after a restart.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '#src/db/schema.ts';
import type { Db } from '#src/server/context.ts';
import type { JobDefinition } from '#src/server/jobs/job-queue.ts';
import { departmentAdminIds } from './notifications.repository.ts';
import { notify } from './notifications.service.ts';

export const SWEEP_QUEUE = 'reminder-sweep';
/** Every hour at :05, Hanoi time (and on demand: `jobs.send(SWEEP_QUEUE, …)`). */
export const SWEEP_CRON = '5 * * * *';
const BATCH = 500;

interface Due {
  key: string;
  step: 'accept' | 'sign' | 'respond';
  stage: 'remind' | 'escalate';
  pair_id: string;
  school_id: string;
  school_name: string;
  pair_label: string;
  days: number;
  version: number | null;
}

/**
 * The steps due now and not yet told, at most `limit`. One query over the waiting steps of
 * live pairs, joined to the campaign's days; `reminder_sent` removes what was told.
 */
async function dueSteps(db: Db, now: Date, limit: number): Promise<Due[]> {
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
      select w.*, 'remind' as stage, c.reminder_days as days from waiting w join campaign c on c.id = w.campaign_id
      where c.reminder_days is not null and w.since <= ${now}::timestamptz - make_interval(days => c.reminder_days)
      union all
      select w.*, 'escalate', c.escalation_days from waiting w join campaign c on c.id = w.campaign_id
      where c.escalation_days is not null and w.since <= ${now}::timestamptz - make_interval(days => c.escalation_days)
    )
    select st.step || ':' || st.ref_id || ':' || st.school_id || ':' || st.stage as key,
      st.step, st.stage, st.pair_id, st.school_id, s.name as school_name, st.days, st.version,
      (select string_agg(s2.name, ' – ' order by m2.position) from pair_member m2 join school s2 on s2.id = m2.school_id where m2.pair_id = st.pair_id) as pair_label
    from staged st join school s on s.id = st.school_id
    where not exists (select 1 from reminder_sent r where r.key = st.step || ':' || st.ref_id || ':' || st.school_id || ':' || st.stage)
    order by st.since, key
    limit ${limit}`.execute(db);
  return rows;
}

const REMIND_KIND = { accept: 'pair.awaitingAcceptance', sign: 'mou.awaitingSignature', respond: 'notice.awaitingAnswer' } as const;

/** Tell what is due, in batches (one transaction each). Returns how many steps were told. */
export async function runReminderSweep(db: Kysely<Database>, now: Date): Promise<{ told: number; batches: number }> {
  let told = 0;
  let batches = 0;
  for (;;) {
    const due = await dueSteps(db, now, BATCH);
    if (due.length === 0) break;
    batches++;
    const claimed = await db.transaction().execute(async (trx) => {
      // Claim the keys: a sweep running elsewhere at the same moment waits here, then claims none of them.
      const keys = (
        await trx
          .insertInto('reminder_sent')
          .values(due.map((d) => ({ key: d.key })))
          .onConflict((oc) => oc.column('key').doNothing())
          .returning('key')
          .execute()
      ).map((r) => r.key);
      const mine = new Set(keys);
      const items = due.filter((d) => mine.has(d.key));
      const schools = [...new Set(items.filter((d) => d.stage === 'remind').map((d) => d.school_id))];
      const leaders = new Map<string, string[]>();
      if (schools.length) {
        const rows = await trx.selectFrom('app_user').select(['id', 'school_id']).where('school_id', 'in', schools).where('role', '=', 'school-leader').where('disabled_at', 'is', null).execute();
        for (const r of rows) leaders.set(r.school_id!, [...(leaders.get(r.school_id!) ?? []), r.id]);
      }
      const admins = items.some((d) => d.stage === 'escalate') ? await departmentAdminIds(trx) : [];
      for (const d of items) {
        const link = `/app/pairs/${d.pair_id}`;
        const params = { pair: d.pair_label, school: d.school_name, days: d.days, ...(d.version !== null ? { version: d.version } : {}) };
        if (d.stage === 'remind') {
          await notify(trx, { userIds: leaders.get(d.school_id) ?? [], kind: REMIND_KIND[d.step], params, link });
        } else {
          await notify(trx, { userIds: admins, kind: 'escalation', params: { ...params, what: d.step }, link });
        }
      }
      return items.length;
    });
    told += claimed;
    if (due.length < BATCH && claimed === due.length) break;
  }
  return { told, batches };
}

export function sweepJob(db: Kysely<Database>): JobDefinition<Record<string, never>> {
  return {
    run: async () => {
      await runReminderSweep(db, new Date());
    },
    gaveUp: async () => {},
  };
}

