import { describe, expect, it } from 'vitest';
import { PAIR_STATES } from '#src/core/pairs/state-machine.ts';
import { createTestApp } from '../helpers/app.ts';
import { createArea } from '../factories/admin-units.ts';
import { createCampaign } from '../factories/campaigns.ts';
import { createMouVersion } from '../factories/mou.ts';
import { createPair } from '../factories/pairs.ts';
import { createSchool } from '../factories/schools.ts';
import { createAreaOfficer, createCoordinator, createDepartmentAdmin, createSchoolLeader, createTeacher } from '../factories/users.ts';

// No demo: everything here comes from the factories, as in any test that needs data.
const now = new Date('2024-03-05T03:00:00Z');
const t = await createTestApp({ demo: false, now: () => now });

describe('test factories', () => {
  it('a school stands in a commune of a district from the start, and the API lists it there', async () => {
    const school = await createSchool(t.db, { name: 'Trường Tiểu học Hoa Sen', students: 420 });
    expect(school).toMatchObject({ name: 'Trường Tiểu học Hoa Sen', students: 420, level: 'primary' });
    expect(school.unit?.parent_id).toBe(school.district?.id);
    const admin = await createDepartmentAdmin(t.db);
    const res = await t.as(await t.signIn(admin.username, admin.password))('GET', `/api/schools/${school.id}`);
    expect(res.statusCode, res.body).toBe(200);
    expect(JSON.stringify(res.json())).toContain(school.unit!.name);
  });

  it('each role signs in with its school or area', async () => {
    const { district, commune } = await createArea(t.db);
    const school = await createSchool(t.db, { unit: commune });
    const users = [
      await createDepartmentAdmin(t.db),
      await createAreaOfficer(t.db, { unit: district }),
      await createSchoolLeader(t.db, { school }),
      await createCoordinator(t.db, { school }),
      await createTeacher(t.db, { school }),
    ];
    for (const u of users) {
      const me = (await t.as(await t.signIn(u.username, u.password))('GET', '/api/auth/me')).json();
      expect(me).toMatchObject({ username: u.username, role: u.actor.role });
    }
    expect(users.map((u) => [u.schoolId, u.adminUnitId])).toEqual([
      [null, null],
      [null, district.id],
      [school.id, null],
      [school.id, null],
      [school.id, null],
    ]);
  });

  it('two calls never collide: codes, numbers and usernames are unique', async () => {
    const [a, b] = [await createCampaign(t.db), await createCampaign(t.db, { phaseStartYear: 2025, phaseEndYear: 2027 })];
    expect(a.number).not.toBe(b.number);
    expect(b.schoolYears).toEqual(['2025-2026', '2026-2027']);
    const [x, y] = [await createTeacher(t.db), await createTeacher(t.db)];
    expect(x.username).not.toBe(y.username);
    expect(x.school!.code).not.toBe(y.school!.code);
  });

  it.each(PAIR_STATES)('a pair taken to %s through the workflow reads so in the API', async (state) => {
    const pair = await createPair(t.db, { state, now });
    const leader = await t.signIn(pair.leaders[1]!.username, pair.leaders[1]!.password);
    const res = await t.as(leader)('GET', `/api/pairs/${pair.id}`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().state).toBe(state);
  });

  it('an MoU version is a new draft of an approved pair, with the fields given', async () => {
    const v = await createMouVersion(t.db, { place: 'Ba Vì', now });
    expect(v).toMatchObject({ version: 2, status: 'draft', place: 'Ba Vì' });
    const leader = await t.signIn(v.pair.leaders[0]!.username, v.pair.leaders[0]!.password);
    const versions = (await t.as(leader)('GET', `/api/pairs/${v.pair.id}/mou/versions`)).json().items;
    expect(versions.map((x: { version: number }) => x.version)).toEqual([2, 1]);
  });
});
