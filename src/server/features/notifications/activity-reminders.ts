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
import type { Kysely } from 'kysely';
import { formatDate, isoDateInHanoi } from '#src/core/vn/format.ts';
import type { Database } from '#src/db/schema.ts';
import type { Db } from '#src/server/context.ts';
import { onActivityChanged, type ActivityChange } from '#src/server/features/activities/activity-events.ts';
import { listEnabledStaff } from '#src/server/features/users/users.repository.ts';
import { claimReminderKeys, listDueActivities, upsertActivityWatch } from './notifications.repository.ts';
import { notifyMany, type NotifyInput } from './notifications.service.ts';
import { pairLabels } from './pair-events.ts';

/** An activity left open is told about only within this many days after its last day (older ones are not news). */
export const OPEN_WINDOW_DAYS = 30;
const BATCH = 2000;

/** Keep the watched copy of an activity (the hook's listener, in the change's transaction). */
export async function watchActivity(trx: Db, c: ActivityChange): Promise<void> {
  await upsertActivityWatch(trx, {
    activity_id: c.activityId,
    pair_id: c.pairId,
    host_school_id: c.hostSchoolId,
    title: c.title,
    starts_on: c.startsOn,
    ends_on: c.endsOn,
    status: c.status,
    person_user_ids: c.personUserIds,
    updated_at: c.at,
  });
}

onActivityChanged(watchActivity);

/** Tell what is due about activities, a batch per transaction (as the pair steps are told). */
export async function runActivityReminders(db: Kysely<Database>, now: Date): Promise<{ told: number; batches: number }> {
  const due = await listDueActivities(db, isoDateInHanoi(now), OPEN_WINDOW_DAYS);
  let told = 0;
  let batches = 0;
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
  const rows = await listEnabledStaff(db, schoolIds, ['school-leader', 'school-coordinator']);
  for (const r of rows) {
    const k = `${r.school_id}:${r.role}`;
    out.set(k, [...(out.get(k) ?? []), r.id]);
  }
  return out;
}

