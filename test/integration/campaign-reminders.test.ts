/**
 * A campaign's reminder settings: the department sets them (checked, audited), nobody else; the
 * sweep follows them.
 */
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { runReminderSweep } from '#src/server/features/notifications/reminders.ts';
import { createTestApp } from '../helpers/app.ts';
import { createPair } from '../factories/pairs.ts';
import { createDepartmentAdmin, FACTORY_PASSWORD } from '../factories/users.ts';

const t = await createTestApp({ demo: false, workers: false });
const admin = await createDepartmentAdmin(t.db);
const pair = await createPair(t.db, { admin });
const url = `/api/campaigns/${pair.campaign.id}/reminders`;
const asAdmin = t.as(await t.signIn(admin.username, FACTORY_PASSWORD));
const asLeader = t.as(await t.signIn(pair.leaders[0]!.username, FACTORY_PASSWORD));

describe('campaign reminder settings', () => {
  it('start at 7, 14 and 3 days; the department changes them, with one audit row', async () => {
    expect((await asLeader('GET', url)).json()).toEqual({ reminderDays: 7, escalationDays: 14, activityReminderDays: 3 });
    const res = await asAdmin('PUT', url, { reminderDays: 2, escalationDays: 10, activityReminderDays: null });
    expect(res.statusCode, res.body).toBe(200);
    expect((await asAdmin('GET', url)).json()).toEqual({ reminderDays: 2, escalationDays: 10, activityReminderDays: null });
    const audit = await t.db.selectFrom('audit_log').select(['before', 'after', 'actor_username']).where('action', '=', 'campaign.reminders').execute();
    expect(audit).toEqual([{ actor_username: admin.username, before: { reminderDays: 7, escalationDays: 14, activityReminderDays: 3 }, after: { reminderDays: 2, escalationDays: 10, activityReminderDays: null } }]);
  });

  it('the sweep follows them: a proposal 3 days old is reminded after 2 days', async () => {
    await sql`update pair set created_at = now() - interval '3 days' where id = ${pair.id}`.execute(t.db);
    await runReminderSweep(t.db, new Date());
    const told = await t.db.selectFrom('notification').select(['user_id', 'kind']).where('kind', '=', 'pair.awaitingAcceptance').execute();
    expect(told.map((r) => r.user_id).sort()).toEqual(pair.leaders.map((l) => l.id).sort());
  });

  it.each([
    [{ reminderDays: 0, escalationDays: 14, activityReminderDays: 3 }, 'reminderDays'],
    [{ reminderDays: 7.5, escalationDays: 14, activityReminderDays: 3 }, 'reminderDays'],
    [{ reminderDays: 7, escalationDays: 400, activityReminderDays: 3 }, 'escalationDays'],
    [{ reminderDays: 7, escalationDays: 7, activityReminderDays: 3 }, 'escalationDays'],
    [{ reminderDays: 7, escalationDays: 14, activityReminderDays: 61 }, 'activityReminderDays'],
    [{ reminderDays: '7', escalationDays: 14, activityReminderDays: 3 }, 'reminderDays'],
    [{ reminderDays: 7, escalationDays: 14 }, 'activityReminderDays'],
  ])('refuses %j naming %s, and changes nothing', async (body, field) => {
    const res = await asAdmin('PUT', url, body);
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json().error.field).toBe(field);
    expect((await asAdmin('GET', url)).json()).toEqual({ reminderDays: 2, escalationDays: 10, activityReminderDays: null });
  });

  it('only the department sets them; an unknown campaign is not found', async () => {
    const res = await asLeader('PUT', url, { reminderDays: 30, escalationDays: 60, activityReminderDays: 1 });
    expect(res.statusCode).toBe(403);
    expect((await asAdmin('GET', url)).json()).toMatchObject({ reminderDays: 2 });
    expect((await asAdmin('PUT', '/api/campaigns/00000000-0000-4000-8000-000000000000/reminders', { reminderDays: 3, escalationDays: 9, activityReminderDays: 2 })).statusCode).toBe(404);
    expect((await t.as(null)('GET', url)).statusCode).toBe(401);
  });
});
