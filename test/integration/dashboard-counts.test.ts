/**
 * The dashboard's activity counts stay exact as activities are written. They are kept per pair
 * by the activity table's triggers (migration 0040) instead of counted afresh: after every kind of
 * write (recorded, closed, reported, cancelled over HTTP; many in one statement; moved to another
 * pair; a pair removed; a transaction rolled back; writers at once), each role's dashboard shows
 * what counting the activities themselves gives.
 */
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { createTestApp } from '../helpers/app.ts';
import { createActivity } from '../factories/activities.ts';
import { createArea } from '../factories/admin-units.ts';
import { createCampaign } from '../factories/campaigns.ts';
import { createPair } from '../factories/pairs.ts';
import { createSchool } from '../factories/schools.ts';
import { createAreaOfficer, createDepartmentAdmin, createSchoolLeader, type FactoryUser } from '../factories/users.ts';

const now = new Date('2024-03-05T03:00:00Z');
const t = await createTestApp({ demo: false, now: () => now });

const d = await createArea(t.db);
const e = await createArea(t.db);
const [hoaSen, banMu, leLoi, sonThuy] = [
  await createSchool(t.db, { name: 'Trường Tiểu học Hoa Sen', unit: d.commune }),
  await createSchool(t.db, { name: 'Trường Tiểu học Bản Mù', unit: d.commune }),
  await createSchool(t.db, { name: 'Trường Tiểu học Lê Lợi', unit: e.commune }),
  await createSchool(t.db, { name: 'Trường Tiểu học Sơn Thủy', unit: e.commune }),
];
const admin = await createDepartmentAdmin(t.db);
const officerD = await createAreaOfficer(t.db, { unit: d.district });
const leaders = {
  hoaSen: await createSchoolLeader(t.db, { school: hoaSen }),
  banMu: await createSchoolLeader(t.db, { school: banMu }),
  leLoi: await createSchoolLeader(t.db, { school: leLoi }),
  sonThuy: await createSchoolLeader(t.db, { school: sonThuy }),
};
const campaign = await createCampaign(t.db);
// A pair in district D and one in district E.
const inD = await createPair(t.db, { state: 'active', campaign, schools: [hoaSen, banMu], leaders: [leaders.hoaSen, leaders.banMu], admin, now });
const inE = await createPair(t.db, { state: 'active', campaign, schools: [leLoi, sonThuy], leaders: [leaders.leLoi, leaders.sonThuy], admin, now });

async function dashboardOf(user: FactoryUser) {
  const res = await t.as(await t.signIn(user.username, user.password))('GET', '/api/dashboard');
  expect(res.statusCode, res.body).toBe(200);
  const { activities, activitiesDone } = res.json().counts as { activities: number; activitiesDone: number };
  return { activities, activitiesDone };
}

/** What counting the activities themselves gives: of every pair, or of the pairs with one of these schools. */
async function counted(schoolIds?: string[]) {
  const row = await sql<{ activities: string; done: string }>`
    select count(*) as activities, count(*) filter (where status in ('done', 'reported')) as done from activity
    where ${schoolIds ? sql`pair_id in (select pair_id from pair_member where school_id = any(${schoolIds}::uuid[]))` : sql`true`}`.execute(t.db);
  return { activities: Number(row.rows[0]!.activities), activitiesDone: Number(row.rows[0]!.done) };
}

/** Every role's dashboard against a fresh count: the department, district D's officer, Lê Lợi's principal. */
async function expectExact() {
  expect(await dashboardOf(admin)).toEqual(await counted());
  expect(await dashboardOf(officerD)).toEqual(await counted([hoaSen.id, banMu.id]));
  expect(await dashboardOf(leaders.leLoi)).toEqual(await counted([leLoi.id]));
  // And pair by pair: the kept row (none for a pair without activities) is the pair's count.
  const drift = await sql`
    select coalesce(a.pair_id, c.pair_id) as pair_id from
      (select pair_id, count(*) as activities, count(*) filter (where status in ('done', 'reported')) as held from activity group by pair_id) a
      full join (select * from pair_activity_count where activities > 0) c on c.pair_id = a.pair_id
    where a.activities is distinct from c.activities or a.held is distinct from c.held`.execute(t.db);
  expect(drift.rows).toEqual([]);
}

describe('the dashboard counts activities exactly after every write', () => {
  it('activities recorded, closed, reported and cancelled (the host school over HTTP)', async () => {
    expect(await dashboardOf(admin)).toEqual({ activities: 0, activitiesDone: 0 });
    await createActivity(t.db, { pair: inD, status: 'reported', startsOn: '2024-02-20', now });
    await createActivity(t.db, { pair: inD, status: 'cancelled', startsOn: '2024-01-15', now });
    await createActivity(t.db, { pair: inE, status: 'done', startsOn: '2024-03-01', now });
    const planned = await createActivity(t.db, { pair: inD, startsOn: '2024-03-04', now });
    expect(await dashboardOf(admin)).toEqual({ activities: 4, activitiesDone: 2 });
    expect(await dashboardOf(officerD)).toEqual({ activities: 3, activitiesDone: 1 });
    expect(await dashboardOf(leaders.leLoi)).toEqual({ activities: 1, activitiesDone: 1 });

    // The host's leader closes the planned one: held, then reported (still held: counted once).
    const host = t.as(await t.signIn(leaders.hoaSen.username, leaders.hoaSen.password));
    expect((await host('POST', `/api/activities/${planned.id}/transitions`, { event: 'complete' })).statusCode).toBe(200);
    expect(await dashboardOf(officerD)).toEqual({ activities: 3, activitiesDone: 2 });
    expect((await host('PATCH', `/api/activities/${planned.id}`, { outcome: 'Hai trường thống nhất ba chuyên đề.' })).statusCode).toBe(200);
    const report = await host('POST', `/api/activities/${planned.id}/transitions`, { event: 'report' });
    expect(report.statusCode, report.body).toBe(200);
    expect(await dashboardOf(admin)).toEqual({ activities: 4, activitiesDone: 3 });
    await expectExact();
  });

  it('a write rolled back leaves the counts as they were', async () => {
    const before = await dashboardOf(admin);
    await expect(
      t.db.transaction().execute(async (trx) => {
        await sql`insert into activity (pair_id, kind, title, starts_on, school_year, status)
          values (${inE.id}::uuid, 'seminar', 'Hội thảo bỏ dở', '2024-03-01', '2023-2024', 'done')`.execute(trx);
        await sql`update activity set status = 'done' where pair_id = ${inD.id}::uuid and status = 'planned'`.execute(trx);
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect(await dashboardOf(admin)).toEqual(before);
    await expectExact();
  });

  it('many activities in one statement, closed together, moved to another pair, and a pair removed', async () => {
    // 300 in one statement over both pairs, a third of them held.
    await sql`insert into activity (pair_id, kind, title, starts_on, school_year, status)
      select case when g % 2 = 0 then ${inD.id}::uuid else ${inE.id}::uuid end, 'seminar', 'Hội thảo ' || g, date '2023-10-01' + g % 100, '2023-2024',
        case when g % 3 = 0 then 'done' else 'planned' end
      from generate_series(1, 300) g`.execute(t.db);
    await expectExact();
    // Many closed in one statement; some reported (held before and after: no change).
    await sql`update activity set status = 'done' where title like 'Hội thảo %' and status = 'planned' and starts_on < '2023-11-01'`.execute(t.db);
    await sql`update activity set status = 'reported', outcome = 'Đã báo cáo.' where title like 'Hội thảo %' and status = 'done' and starts_on < '2023-10-15'`.execute(t.db);
    await sql`update activity set status = 'cancelled', cancel_reason = 'Trùng lịch.' where title like 'Hội thảo %' and status = 'reported' and starts_on < '2023-10-05'`.execute(t.db);
    await expectExact();
    // Some of E's move to D's pair (held or not), and a change of title alone moves nothing.
    await sql`update activity set pair_id = ${inD.id}::uuid where pair_id = ${inE.id}::uuid and starts_on < '2023-11-10'`.execute(t.db);
    await sql`update activity set title = title || ' (sửa)' where pair_id = ${inD.id}::uuid`.execute(t.db);
    await expectExact();
    expect((await dashboardOf(officerD)).activities).toBeGreaterThan(150);
    // A pair removed (Hoa Sen – Lê Lợi: in both scopes) takes its activities and its counts with it.
    const gone = await createPair(t.db, { state: 'active', campaign, schools: [hoaSen, leLoi], leaders: [leaders.hoaSen, leaders.leLoi], admin, now });
    await createActivity(t.db, { pair: gone, status: 'done', startsOn: '2024-03-01', now });
    await expectExact();
    await sql`delete from pair where id = ${gone.id}::uuid`.execute(t.db);
    await expectExact();
    // Activities deleted one statement at a time.
    await sql`delete from activity where pair_id = ${inE.id}::uuid and status = 'planned'`.execute(t.db);
    await expectExact();
  });

  it('writers at once on the same pair each count once', async () => {
    const before = await dashboardOf(admin);
    await Promise.all(Array.from({ length: 8 }, (_, i) => createActivity(t.db, { pair: inE, status: i % 2 ? 'done' : 'planned', startsOn: '2024-03-02', now })));
    expect(await dashboardOf(admin)).toEqual({ activities: before.activities + 8, activitiesDone: before.activitiesDone + 4 });
    await expectExact();
  });
});
