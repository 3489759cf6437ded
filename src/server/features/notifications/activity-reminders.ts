/**
 * Activity reminders (issue 12): an activity a few days ahead (the campaign's
 * `activity_reminder_days`, default 3) reminds its people — the coordinators of the member
 * schools (a school without one: its leaders) and everyone named as taking part; an activity
 * still planned after its last day (Hanoi) tells the host school's leaders and coordinators that
 * it is left open. Each once (`reminder_sent`; the key names the date, so a moved activity is
 * reminded again).
 *
 * The activities feature tells us of each change through its hook (`onActivityChanged`), in its
 * transaction; `activity_watch` keeps what the sweep needs, so it reads no activity table.
 */
import { sql, type Kysely } from 'kysely';
import { formatDate, isoDateInHanoi } from '#src/core/vn/format.ts';
import type { Database } from '#src/db/schema.ts';
import type { Db } from '#src/server/context.ts';
import { onActivityChanged, type ActivityChange } from '#src/server/features/activities/activity-events.ts';
import { notifyMany, type NotifyInput } from './notifications.service.ts';

/** An activity left open is told about only within this many days after its last day (older ones are not news). */
export const OPEN_WINDOW_DAYS = 30;
const BATCH = 2000;

/** Keep the watched copy of an activity (the hook's listener, in the change's transaction). */
export async function watchActivity(trx: Db, c: ActivityChange): Promise<void> {
  const row = {
    pair_id: c.pairId,
    host_school_id: c.hostSchoolId,
    title: c.title,
    starts_on: c.startsOn,
    ends_on: c.endsOn,
    status: c.status,
    person_user_ids: c.personUserIds,
    updated_at: c.at,
  };
  await trx
    .insertInto('activity_watch')
    .values({ activity_id: c.activityId, ...row })
    .onConflict((oc) => oc.column('activity_id').doUpdateSet(row))
    .execute();
}

onActivityChanged(watchActivity);

interface DueActivity {
  key: string;
  stage: 'upcoming' | 'open';
  activity_id: string;
  pair_id: string;
  host_school_id: string | null;
  title: string;
  starts_on: string;
  person_user_ids: string[];
  member_ids: string[];
}

async function dueActivities(db: Db, today: string): Promise<DueActivity[]> {
  const { rows } = await sql<DueActivity>`
    with w as (
      select aw.*, coalesce(aw.ends_on, aw.starts_on) as last_day, c.activity_reminder_days as days
      from activity_watch aw join pair p on p.id = aw.pair_id join campaign c on c.id = p.campaign_id
      where aw.status = 'planned' and p.state in ('approved', 'active')
    ),
    due as (
      select 'activity-upcoming:' || w.activity_id || ':' || w.starts_on as key, 'upcoming' as stage, w.*
      from w where w.days is not null and w.starts_on >= ${today}::date and w.starts_on <= ${today}::date + w.days
      union all
      select 'activity-open:' || w.activity_id || ':' || w.last_day, 'open', w.*
      from w where w.last_day < ${today}::date and w.last_day >= ${today}::date - ${OPEN_WINDOW_DAYS}::int
    )
    select d.key, d.stage, d.activity_id, d.pair_id, d.host_school_id, d.title, d.starts_on::text as starts_on, d.person_user_ids,
      array(select m.school_id from pair_member m where m.pair_id = d.pair_id order by m.position) as member_ids
    from due d
    where not exists (select 1 from reminder_sent r where r.key = d.key)
    order by d.starts_on, d.key`.execute(db);
  return rows;
}

/** Tell what is due about activities, a batch per transaction (as the pair steps are told). */
export async function runActivityReminders(db: Kysely<Database>, now: Date): Promise<{ told: number; batches: number }> {
  const due = await dueActivities(db, isoDateInHanoi(now));
  let told = 0;
  let batches = 0;
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
      const schoolIds = [...new Set(items.flatMap((d) => d.member_ids))];
      const [staff, labels] = await Promise.all([staffOf(trx, schoolIds), pairLabels(trx, [...new Set(items.map((d) => d.pair_id))])]);
      const of = (schoolId: string, role: 'school-leader' | 'school-coordinator') => staff.get(`${schoolId}:${role}`) ?? [];
      const inputs: NotifyInput[] = items.map((d) => {
        const params = { activity: d.title, pair: labels.get(d.pair_id) ?? '', date: formatDate(d.starts_on) };
        const link = `/app/activities/${d.activity_id}`;
        if (d.stage === 'upcoming') {
          const coordinators = d.member_ids.flatMap((s) => (of(s, 'school-coordinator').length ? of(s, 'school-coordinator') : of(s, 'school-leader')));
          return { userIds: [...new Set([...coordinators, ...d.person_user_ids])], kind: 'activity.upcoming', params, link };
        }
        const host = d.host_school_id ? [d.host_school_id] : d.member_ids;
        return { userIds: host.flatMap((s) => [...of(s, 'school-leader'), ...of(s, 'school-coordinator')]), kind: 'activity.open', params, link };
      });
      await notifyMany(trx, inputs);
      return items.length;
    });
  }
  return { told, batches };
}

/** Enabled leaders and coordinators of the schools, by `schoolId:role`. */
async function staffOf(db: Db, schoolIds: readonly string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  if (schoolIds.length === 0) return out;
  const rows = await db
    .selectFrom('app_user')
    .select(['id', 'school_id', 'role'])
    .where(sql<boolean>`school_id = any(${[...schoolIds]}::uuid[])`)
    .where('role', 'in', ['school-leader', 'school-coordinator'])
    .where('disabled_at', 'is', null)
    .execute();
  for (const r of rows) {
    const k = `${r.school_id}:${r.role}`;
    out.set(k, [...(out.get(k) ?? []), r.id]);
  }
  return out;
}

async function pairLabels(db: Db, pairIds: readonly string[]): Promise<Map<string, string>> {
  const { rows } = await sql<{ pair_id: string; label: string }>`
    select m.pair_id, string_agg(s.name, ' – ' order by m.position) as label
    from pair_member m join school s on s.id = m.school_id
    where m.pair_id = any(${[...pairIds]}::uuid[]) group by m.pair_id`.execute(db);
  return new Map(rows.map((r) => [r.pair_id, r.label]));
}
