import { sql, type Insertable } from 'kysely';
import type { Db } from '#src/server/context.ts';
import { waitingStepsQuery } from '#src/server/features/pairs/pairs.repository.ts';
import { findEnabledContacts } from '#src/server/features/users/users.repository.ts';
import type { ActivityWatchTable, Channel, NotificationTable } from './notification.table.ts';

/**
 * The people (enabled accounts among `userIds`) with their e-mail and language, and the choices
 * they made for `kinds` (`userId:kind` → channel; none: the kind's default).
 */
export async function choicesOf(db: Db, userIds: readonly string[], kinds: readonly string[]) {
  const [users, prefs] = await Promise.all([
    findEnabledContacts(db, userIds),
    db
      .selectFrom('notification_preference')
      .select(['user_id', 'kind', 'channel'])
      .where(sql<boolean>`user_id = any(${[...userIds]}::uuid[])`)
      .where('kind', 'in', [...kinds])
      .execute(),
  ]);
  return {
    users: new Map(users.map((u) => [u.id, { email: u.email, locale: u.locale as 'vi' | 'en' }])),
    choices: new Map(prefs.map((p) => [`${p.user_id}:${p.kind}`, p.channel as Channel | 'off'])),
  };
}

/** Tell every node that these people's notifications changed (sent when the transaction commits). */
export async function signalChanged(db: Db, userIds: readonly string[]): Promise<void> {
  if (userIds.length === 0) return;
  await sql`select pg_notify('chungtay_notifications', u::text) from unnest(${[...new Set(userIds)]}::uuid[]) as u`.execute(db);
}

export async function unreadCount(db: Db, userId: string): Promise<number> {
  const row = await db
    .selectFrom('notification')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('user_id', '=', userId)
    .where('read_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function listForUser(db: Db, userId: string, q: { unread?: boolean | undefined; limit: number; offset: number }) {
  let query = db.selectFrom('notification').selectAll().where('user_id', '=', userId);
  if (q.unread) query = query.where('read_at', 'is', null);
  return query.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(q.limit).offset(q.offset).execute();
}

// notification rows and preferences -------------------------------------------

/** One of the person's notifications (another person's is not found). */
export async function findOwnNotification(db: Db, userId: string, id: string) {
  return db.selectFrom('notification').select(['id', 'read_at']).where('id', '=', id).where('user_id', '=', userId).executeTakeFirst();
}

export async function markNotificationRead(db: Db, id: string, now: Date): Promise<void> {
  await db.updateTable('notification').set({ read_at: now }).where('id', '=', id).execute();
}

/** Mark every unread notification of the person read; how many were. */
export async function markAllNotificationsRead(db: Db, userId: string, now: Date): Promise<number> {
  const result = await db.updateTable('notification').set({ read_at: now }).where('user_id', '=', userId).where('read_at', 'is', null).executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** The person's choices (kinds not listed: the kind's default). */
export async function listPreferences(db: Db, userId: string) {
  return db.selectFrom('notification_preference').select(['kind', 'channel']).where('user_id', '=', userId).execute();
}

/** The person's choice for one kind, if any. */
export async function findPreference(db: Db, userId: string, kind: string) {
  return db.selectFrom('notification_preference').select('channel').where('user_id', '=', userId).where('kind', '=', kind).executeTakeFirst();
}

/** The kinds the person chose to have in the digest. */
export async function digestKindsOf(db: Db, userId: string): Promise<string[]> {
  return (await db.selectFrom('notification_preference').select('kind').where('user_id', '=', userId).where('channel', '=', 'digest').execute()).map((r) => r.kind);
}

/** Set the person's channel for a kind (made or replaced). */
export async function upsertPreference(db: Db, userId: string, kind: string, channel: Channel | 'off', now: Date): Promise<void> {
  await db
    .insertInto('notification_preference')
    .values({ user_id: userId, kind, channel, updated_at: now })
    .onConflict((oc) => oc.columns(['user_id', 'kind']).doUpdateSet({ channel, updated_at: now }))
    .execute();
}

export async function insertNotifications(db: Db, rows: readonly Insertable<NotificationTable>[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 1000) await db.insertInto('notification').values(rows.slice(i, i + 1000)).execute();
}

// the daily digest ----------------------------------------------------------------

/** The people with notifications waiting for their digest. */
export async function usersWithPendingDigest(db: Db): Promise<string[]> {
  const rows = await db.selectFrom('notification').select('user_id').distinct().where('channel', '=', 'digest').where('digested_at', 'is', null).execute();
  return rows.map((r) => r.user_id);
}

/** Mark the person's waiting digest rows digested, and return them. */
export async function takeDigestRows(db: Db, userId: string, now: Date) {
  return db
    .updateTable('notification')
    .set({ digested_at: now })
    .where('user_id', '=', userId)
    .where('channel', '=', 'digest')
    .where('digested_at', 'is', null)
    .returning(['kind', 'params', 'link', 'created_at'])
    .execute();
}

// reminders: what was told once, what is due -----------------------------------------

/** Claim reminder keys; returns those this call claimed (one told elsewhere, or claimed meanwhile, is not). */
export async function claimReminderKeys(db: Db, keys: readonly string[]): Promise<Set<string>> {
  if (keys.length === 0) return new Set();
  const rows = await db
    .insertInto('reminder_sent')
    .values(keys.map((key) => ({ key })))
    .onConflict((oc) => oc.column('key').doNothing())
    .returning('key')
    .execute();
  return new Set(rows.map((r) => r.key));
}

export interface DueStep {
  key: string;
  step: 'accept' | 'sign' | 'respond';
  stage: 'remind' | 'escalate';
  pair_id: string;
  school_id: string;
  days: number;
  version: number | null;
}

/**
 * Every step that waits for a school (`waitingStepsQuery`, the pairs feature's) and is due now:
 * joined to its campaign's reminder and escalation days; `reminder_sent` removes what was told.
 */
export async function listDueSteps(db: Db, now: Date): Promise<DueStep[]> {
  const { rows } = await sql<DueStep>`
    with waiting as ${waitingStepsQuery()},
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

/** Keep the watched copy of an activity (made or replaced). */
export async function upsertActivityWatch(db: Db, row: Insertable<ActivityWatchTable>): Promise<void> {
  const { activity_id: _id, ...values } = row;
  await db
    .insertInto('activity_watch')
    .values(row)
    .onConflict((oc) => oc.column('activity_id').doUpdateSet(values))
    .execute();
}

export interface DueActivity {
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

/**
 * Watched activities of live pairs due a reminder on `today` and not yet told: a few days
 * ahead (the campaign's `activity_reminder_days`), or still planned after their last day
 * (within `openWindowDays`).
 */
export async function listDueActivities(db: Db, today: string, openWindowDays: number): Promise<DueActivity[]> {
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
      from w where w.last_day < ${today}::date and w.last_day >= ${today}::date - ${openWindowDays}::int
    )
    select d.key, d.stage, d.activity_id, d.pair_id, d.host_school_id, d.title, d.starts_on::text as starts_on, d.person_user_ids,
      array(select m.school_id from pair_member m where m.pair_id = d.pair_id order by m.position) as member_ids
    from due d
    where not exists (select 1 from reminder_sent r where r.key = d.key)
    order by d.starts_on, d.key`.execute(db);
  return rows;
}

/** Ids of the notifications of a kind and link sent to the accounts of a school (by code). */
export async function notificationIdsOfSchool(db: Db, schoolCode: string, kind: string, link: string): Promise<string[]> {
  const rows = await db
    .selectFrom('notification')
    .innerJoin('app_user', 'app_user.id', 'notification.user_id')
    .innerJoin('school', 'school.id', 'app_user.school_id')
    .select('notification.id')
    .where('school.code', '=', schoolCode)
    .where('notification.kind', '=', kind)
    .where('notification.link', '=', link)
    .execute();
  return rows.map((r) => r.id);
}

/** Mark every unread notification read (everyone's), but those of `keepIds`. */
export async function markAllUnreadReadExcept(db: Db, keepIds: readonly string[]): Promise<void> {
  let update = db.updateTable('notification').set({ read_at: sql<Date>`now()` }).where('read_at', 'is', null);
  if (keepIds.length) update = update.where('id', 'not in', [...keepIds]);
  await update.execute();
}
