/**
 * Activity reminders: an activity a few days ahead reminds the member schools' coordinators (a
 * school without one: its leaders) and the people named; one left open after its date tells the
 * host school's leaders and coordinators; each once, again when the date moves; preferences and
 * the campaign's days honoured.
 */
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { createActivity, editActivity, transitionActivity } from '#src/server/features/activities/activities.service.ts';
import { runReminderSweep } from '#src/server/features/notifications/reminders.ts';
import { createTestApp } from '../helpers/app.ts';
import { createPair } from '../factories/pairs.ts';
import { createCoordinator, createTeacher } from '../factories/users.ts';

// 10:00 on 02/03/2026 in Hanoi.
const NOW = new Date('2026-03-02T03:00:00Z');
const t = await createTestApp({ demo: false, workers: false, now: () => NOW });
const pair = await createPair(t.db, { state: 'active', now: NOW });
const [hostSchool, partnerSchool] = pair.schools as [(typeof pair.schools)[0], (typeof pair.schools)[0]];
const [hostLeader, partnerLeader] = pair.leaders as [(typeof pair.leaders)[0], (typeof pair.leaders)[0]];
// The host school has a coordinator; the partner has none (its leader is reminded instead).
const coordinator = await createCoordinator(t.db, { school: hostSchool, email: 'ct.host@example.edu.vn' });
const teacher = await createTeacher(t.db, { school: partnerSchool, email: 'gv.partner@example.edu.vn' });

const plan = (title: string, startsOn: string, people: string[] = []) =>
  t.db.transaction().execute((trx) =>
    createActivity(trx, hostLeader.ctx, { pairId: pair.id, kind: 'seminar', title, startsOn, hostSchoolId: hostSchool.id, mode: 'in-person', participants: [], people }, NOW),
  );

async function told(kind: string) {
  const rows = await t.db.selectFrom('notification').select(['user_id', 'params', 'link']).where('kind', '=', kind).execute();
  return rows;
}
const who = (ids: string[]) =>
  ids
    .map((id) => ({ [hostLeader.id]: 'host leader', [partnerLeader.id]: 'partner leader', [coordinator.id]: 'host coordinator', [teacher.id]: 'partner teacher' })[id] ?? id)
    .sort();

describe('activity reminders', () => {
  it('reminds its people a few days ahead and the host school when it is left open, once each', async () => {
    const soon = await plan('Chuyên đề sắp tới', '2026-03-04', [teacher.id]);
    await plan('Chuyên đề tháng sau', '2026-04-20');
    const past = await plan('Giao lưu đã qua', '2026-02-27');
    const cancelled = await plan('Chuyên đề bị hủy', '2026-03-03');
    await t.db.transaction().execute((trx) => transitionActivity(trx, hostLeader.ctx, cancelled.id, { event: 'cancel', reason: 'Trùng lịch thi.' }, NOW));

    const first = await runReminderSweep(t.db, NOW);
    expect(first.told).toBe(2);
    const upcoming = await told('activity.upcoming');
    expect(who(upcoming.map((r) => r.user_id))).toEqual(['host coordinator', 'partner leader', 'partner teacher']);
    expect(upcoming[0]!.params).toMatchObject({ activity: 'Chuyên đề sắp tới', date: '04/03/2026' });
    expect(upcoming[0]!.link).toBe(`/app/activities/${soon.id}`);
    const open = await told('activity.open');
    expect(who(open.map((r) => r.user_id))).toEqual(['host coordinator', 'host leader']);
    expect(open[0]!.params).toMatchObject({ activity: 'Giao lưu đã qua', date: '27/02/2026' });
    expect(open[0]!.link).toBe(`/app/activities/${past.id}`);
    // E-mail at once by default, in the recipient's language, with the date as dd/mm/yyyy.
    const mail = await t.db.selectFrom('mail_message').select(['subject', 'to_address']).where('kind', '=', 'activity.upcoming').where('to_address', '=', 'gv.partner@example.edu.vn').executeTakeFirstOrThrow();
    expect(mail.subject).toBe('Sắp diễn ra: Chuyên đề sắp tới (04/03/2026)');

    // Again: nothing new.
    expect((await runReminderSweep(t.db, NOW)).told).toBe(0);
    expect(await told('activity.upcoming')).toHaveLength(3);

    // Moved to another day within reach: reminded again for the new date.
    await t.db.transaction().execute((trx) => editActivity(trx, hostLeader.ctx, soon.id, { startsOn: '2026-03-05' }, NOW));
    expect((await runReminderSweep(t.db, NOW)).told).toBe(1);
    expect((await told('activity.upcoming')).filter((r) => (r.params as { date: string }).date === '05/03/2026')).toHaveLength(3);

    // Done: no longer open, nothing more about it.
    await t.db.transaction().execute((trx) => transitionActivity(trx, hostLeader.ctx, past.id, { event: 'complete' }, NOW));
    const later = new Date('2026-03-10T03:00:00Z');
    const r = await runReminderSweep(t.db, later);
    // The moved one is now left open (05/03 passed): only that.
    expect(r.told).toBe(1);
    expect((await told('activity.open')).map((x) => x.link).sort()).toEqual([`/app/activities/${past.id}`, `/app/activities/${past.id}`, `/app/activities/${soon.id}`, `/app/activities/${soon.id}`].sort());
  });

  it('honours a person’s "off" and a campaign without activity reminders', async () => {
    await t.db.insertInto('notification_preference').values({ user_id: coordinator.id, kind: 'activity.upcoming', channel: 'off' }).execute();
    const before = (await told('activity.upcoming')).length;
    await plan('Sinh hoạt tổ bộ môn', '2026-03-03');
    await runReminderSweep(t.db, NOW);
    const after = await told('activity.upcoming');
    expect(who(after.slice(before).map((r) => r.user_id))).toEqual(['partner leader']);

    await sql`update campaign set activity_reminder_days = null where id = ${pair.campaign.id}`.execute(t.db);
    await plan('Tham quan học tập', '2026-03-03');
    expect((await runReminderSweep(t.db, NOW)).told).toBe(0);
  });
});
