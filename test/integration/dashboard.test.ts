/**
 * The dashboard over real HTTP, on rows of the factories made once at the top (no test
 * changes them): six schools in two districts, three pairs and five activities.
 */
import { describe, expect, it } from 'vitest';
import { createTestApp } from '../helpers/app.ts';
import { createActivity } from '../factories/activities.ts';
import { createArea } from '../factories/admin-units.ts';
import { createCampaign } from '../factories/campaigns.ts';
import { createPair } from '../factories/pairs.ts';
import { createSchool } from '../factories/schools.ts';
import { createAreaOfficer, createDepartmentAdmin, createSchoolLeader, createTeacher, type FactoryUser } from '../factories/users.ts';

const now = new Date('2024-03-05T03:00:00Z');
const t = await createTestApp({ demo: false, now: () => now });

// District D (an area officer's) and district E, a commune in each.
const d = await createArea(t.db);
const e = await createArea(t.db);
const hoaSen = await createSchool(t.db, { name: 'Trường Tiểu học Hoa Sen', areaType: 'inner-city', unit: e.commune });
const banMu = await createSchool(t.db, { name: 'Trường Tiểu học Bản Mù', areaType: 'mountainous', unit: d.commune });
const leLoi = await createSchool(t.db, { name: 'Trường Tiểu học Lê Lợi', areaType: 'inner-city', unit: e.commune });
// In district D until 01/01/2024, in district E since.
const sonThuy = await createSchool(t.db, { name: 'Trường Tiểu học Sơn Thủy', areaType: 'mountainous', unit: d.commune, movedTo: [{ unit: e.commune, from: '2024-01-01' }] });
// In district E until 01/07/2025, in district D from then on.
await createSchool(t.db, { name: 'Trường Tiểu học Đồi Thông', areaType: 'mountainous', unit: e.commune, movedTo: [{ unit: d.commune, from: '2025-07-01' }] });
await createSchool(t.db, { name: 'Trường Tiểu học Yên Bình', unit: e.commune });

const admin = await createDepartmentAdmin(t.db);
const leaders = {
  hoaSen: await createSchoolLeader(t.db, { school: hoaSen }),
  banMu: await createSchoolLeader(t.db, { school: banMu }),
  leLoi: await createSchoolLeader(t.db, { school: leLoi }),
  sonThuy: await createSchoolLeader(t.db, { school: sonThuy }),
};
const campaign = await createCampaign(t.db);
const nextPhase = await createCampaign(t.db, { phaseStartYear: 2026, phaseEndYear: 2028 });
// Hoa Sen – Bản Mù: active, four activities (reported, done, planned, cancelled); proposed again in the next phase.
const active = await createPair(t.db, { state: 'active', campaign, schools: [hoaSen, banMu], leaders: [leaders.hoaSen, leaders.banMu], admin, now });
await createActivity(t.db, { pair: active, status: 'reported', startsOn: '2024-02-20', now });
await createActivity(t.db, { pair: active, status: 'done', startsOn: '2024-03-01', hostSchoolId: banMu.id, now });
await createActivity(t.db, { pair: active, status: 'planned', startsOn: '2024-04-10', now });
await createActivity(t.db, { pair: active, status: 'cancelled', startsOn: '2024-01-15', now });
await createPair(t.db, { campaign: nextPhase, schools: [hoaSen, banMu], leaders: [leaders.hoaSen, leaders.banMu], admin, now });
// Lê Lợi – Sơn Thủy: approved (waiting for signatures), one signing conference held.
const approved = await createPair(t.db, { state: 'approved', campaign, schools: [leLoi, sonThuy], leaders: [leaders.leLoi, leaders.sonThuy], admin, now });
await createActivity(t.db, { pair: approved, status: 'reported', kind: 'signing-conference', subject: null, startsOn: '2024-02-10', now });

async function countsOf(user: FactoryUser) {
  const res = await t.as(await t.signIn(user.username, user.password))('GET', '/api/dashboard');
  expect(res.statusCode).toBe(200);
  return res.json();
}

describe('the dashboard shows each role the numbers of its own scope', () => {
  it('a department admin sees the whole city: every school, pair and activity', async () => {
    const dash = await countsOf(admin);
    expect(dash.scope).toBe('all');
    // Done counts the held ones (done or reported), not the planned or cancelled.
    expect(dash.counts).toEqual({ schools: 6, pairs: 3, activePairs: 1, activities: 5, activitiesDone: 3 });
  });

  it("a principal sees only their school, its pairs and the pairs' activities, newest first", async () => {
    const dash = await countsOf(leaders.leLoi);
    expect(dash.scope).toBe('school');
    expect(dash.counts).toEqual({ schools: 1, pairs: 1, activePairs: 0, activities: 1, activitiesDone: 1 });
    for (const p of dash.pairs) expect(p.schoolNames).toEqual(['Trường Tiểu học Lê Lợi', 'Trường Tiểu học Sơn Thủy']);
    expect(dash.recentActivities).toContainEqual(expect.objectContaining({ startsOn: '2024-02-10', kind: 'signing-conference', status: 'reported' }));
    const other = await countsOf(leaders.hoaSen);
    expect(other.pairs[0].schoolNames).toContain('Trường Tiểu học Bản Mù');
    expect(other.recentActivities.map((a: { startsOn: string }) => a.startsOn)).toEqual(['2024-04-10', '2024-03-01', '2024-02-20', '2024-01-15']);
  });

  it("a teacher sees their own school's numbers, not the city's", async () => {
    const dash = await countsOf(await createTeacher(t.db, { school: banMu }));
    expect(dash.counts.schools).toBe(1);
    expect(dash.counts.pairs).toBe(2);
    for (const p of dash.pairs) expect(p.schoolNames).toEqual(['Trường Tiểu học Bản Mù', 'Trường Tiểu học Hoa Sen']);
  });

  it('an area officer sees the schools located in their area on the day', async () => {
    // Sơn Thủy left district D on 01/01/2024 and Đồi Thông comes in 2025: today D has Bản Mù only, and its two pairs.
    const dash = await countsOf(await createAreaOfficer(t.db, { unit: d.district }));
    expect(dash.scope).toBe('area');
    expect(dash.counts).toMatchObject({ schools: 1, pairs: 2, activities: 4 });
  });

  it('the public cannot read the dashboard', async () => {
    const res = await t.as(null)('GET', '/api/dashboard');
    expect(res.statusCode).toBe(401);
    expect(res.json().error.message).toBe('Bạn cần đăng nhập để thực hiện thao tác này.');
  });
});
