/**
 * A year's activity totals (`GET /api/activities/totals`) equal what the activities and their
 * participant rows say, worked out here from the rows themselves: counts by status, overdue
 * ones, participants per school (held activities only, schools in name order) and per kind (held
 * activities counted once, with or without participants; kinds in code order), for the
 * department and an area officer, under the filters the page sends. The totals are summed in two
 * passes instead of three (docs/performance.md): these figures must not move.
 */
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { createTestApp } from '../helpers/app.ts';
import { createArea } from '../factories/admin-units.ts';
import { createCampaign } from '../factories/campaigns.ts';
import { createPair } from '../factories/pairs.ts';
import { createSchool, type FactorySchool } from '../factories/schools.ts';
import { createAreaOfficer, createDepartmentAdmin, createSchoolLeader, type FactoryUser } from '../factories/users.ts';

const now = new Date('2026-03-05T03:00:00Z');
const t = await createTestApp({ demo: false, now: () => now });

const d = await createArea(t.db);
const e = await createArea(t.db);
// Names chosen so that name order is not creation order (Đ, accents, a shared first word).
const names: [string, typeof d][] = [
  ['Trường Tiểu học Yên Hòa', d],
  ['Trường Tiểu học Ái Mộ', d],
  ['Trường THCS Đống Đa', e],
  ['Trường THCS Kim Liên', e],
  ['Trường Tiểu học Bản Mù', d],
  ['Trường THCS Chu Văn An', e],
];
const schools: FactorySchool[] = [];
for (const [name, area] of names) schools.push(await createSchool(t.db, { name, unit: area.commune }));
const admin = await createDepartmentAdmin(t.db);
const officerD = await createAreaOfficer(t.db, { unit: d.district });
const campaign = await createCampaign(t.db);
const leaders = await Promise.all(schools.map((school) => createSchoolLeader(t.db, { school })));
// Three pairs: two inside D or E, one across them.
const pairOf = (a: number, b: number) =>
  createPair(t.db, { state: 'active', campaign, schools: [schools[a]!, schools[b]!], leaders: [leaders[a]!, leaders[b]!], admin, now });
const pairs = [await pairOf(0, 1), await pairOf(2, 3), await pairOf(4, 5)];

// 240 activities over two school years, four kinds, every status (a third of the planned ones
// past their day: overdue), participants from both schools, one school or none (held ones too).
await sql`
  insert into activity (pair_id, kind, title, starts_on, school_year, status, cancel_reason)
  select (${pairs.map((p) => p.id)}::uuid[])[1 + g % 3], (array['seminar', 'study-visit', 'student-exchange', 'subject-group-exchange'])[1 + (g / 3) % 4],
    'Hoạt động ' || g, date '2025-01-10' + g * 3, case when date '2025-01-10' + g * 3 >= date '2025-06-01' then '2025-2026' else '2024-2025' end,
    st, case when st = 'cancelled' then 'Trùng lịch.' end
  from generate_series(1, 240) g,
  lateral (select (array['planned', 'done', 'reported', 'cancelled', 'done'])[1 + g % 5] as st) s`.execute(t.db);
await sql`
  insert into activity_participant (activity_id, school_id, teachers, staff, students)
  select a.id, pm.school_id, (n % 7) + pm.position, n % 3, (n * 13) % 50
  from (select id, pair_id, substr(title, 11)::int as n from activity where title like 'Hoạt động %') a
  join pair_member pm on pm.pair_id = a.pair_id
  where a.n % 6 <> 0 and (pm.position = 0 or a.n % 4 <> 0)`.execute(t.db);

interface Totals {
  activities: number;
  done: number;
  planned: number;
  overdue: number;
  cancelled: number;
  bySchool: { schoolId: string; schoolName: string; teachers: number; staff: number; students: number }[];
  byKind: { kind: string; activities: number; teachers: number; staff: number; students: number }[];
}

/** The totals worked out from the rows: the activities `keep` keeps. */
async function expected(keep: (a: { pair_id: string; kind: string; school_year: string; status: string }) => boolean): Promise<Totals> {
  const activities = (await t.db.selectFrom('activity').select(['id', 'pair_id', 'kind', 'school_year', 'status', 'starts_on', 'ends_on']).execute()).filter(keep);
  const participants = await t.db.selectFrom('activity_participant').selectAll().execute();
  // Orders as the database sorts them (its own collation), not as this file would.
  const schoolOrder = await t.db.selectFrom('school').select(['id', 'name']).orderBy('name').orderBy('id').execute();
  const kindOrder = (await t.db.selectFrom('activity_kind').select('code').orderBy('code').execute()).map((k) => k.code);
  const today = '2026-03-05';
  const held = activities.filter((a) => a.status === 'done' || a.status === 'reported');
  const heldIds = new Set(held.map((a) => a.id));
  const kindOf = new Map(held.map((a) => [a.id, a.kind]));
  const bySchool = new Map<string, { teachers: number; staff: number; students: number }>();
  const byKind = new Map<string, { activities: number; teachers: number; staff: number; students: number }>();
  for (const a of held) {
    const k = byKind.get(a.kind) ?? { activities: 0, teachers: 0, staff: 0, students: 0 };
    k.activities++;
    byKind.set(a.kind, k);
  }
  for (const p of participants) {
    if (!heldIds.has(p.activity_id)) continue;
    const s = bySchool.get(p.school_id) ?? { teachers: 0, staff: 0, students: 0 };
    const k = byKind.get(kindOf.get(p.activity_id)!)!;
    for (const x of [s, k]) {
      x.teachers += p.teachers;
      x.staff += p.staff;
      x.students += p.students;
    }
    bySchool.set(p.school_id, s);
  }
  const iso = (v: unknown) => (v instanceof Date ? v.toISOString().slice(0, 10) : String(v));
  return {
    activities: activities.length,
    done: held.length,
    planned: activities.filter((a) => a.status === 'planned').length,
    overdue: activities.filter((a) => a.status === 'planned' && iso(a.ends_on ?? a.starts_on) < today).length,
    cancelled: activities.filter((a) => a.status === 'cancelled').length,
    bySchool: schoolOrder.filter((s) => bySchool.has(s.id)).map((s) => ({ schoolId: s.id, schoolName: s.name, ...bySchool.get(s.id)! })),
    byKind: kindOrder.filter((k) => byKind.has(k)).map((kind) => ({ kind, ...byKind.get(kind)! })),
  };
}

async function totalsOf(user: FactoryUser, query: string): Promise<Totals> {
  const res = await t.as(await t.signIn(user.username, user.password))('GET', `/api/activities/totals${query}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as Totals;
}

describe('activity totals equal the activities and their participants', () => {
  it('for the department: everything, a school year, a kind, statuses, a pair', async () => {
    const all = await totalsOf(admin, '');
    expect(all).toEqual(await expected(() => true));
    expect(all.activities).toBe(240);
    expect(all.bySchool).toHaveLength(6);
    expect(all.overdue).toBeGreaterThan(0);
    expect(await totalsOf(admin, '?schoolYear=2025-2026')).toEqual(await expected((a) => a.school_year === '2025-2026'));
    expect(await totalsOf(admin, '?kind=seminar')).toEqual(await expected((a) => a.kind === 'seminar'));
    expect(await totalsOf(admin, '?status=done&status=cancelled')).toEqual(await expected((a) => a.status === 'done' || a.status === 'cancelled'));
    expect(await totalsOf(admin, `?pairId=${pairs[1]!.id}&schoolYear=2024-2025`)).toEqual(
      await expected((a) => a.pair_id === pairs[1]!.id && a.school_year === '2024-2025'),
    );
  });

  it("for an area officer: the pairs with a school in the area (the cross-area pair's other school too)", async () => {
    const inD = new Set([pairs[0]!.id, pairs[2]!.id]);
    const got = await totalsOf(officerD, '?schoolYear=2025-2026');
    expect(got).toEqual(await expected((a) => inD.has(a.pair_id) && a.school_year === '2025-2026'));
    expect(got.bySchool.map((s) => s.schoolName)).toContain('Trường THCS Chu Văn An');
  });

  it('with nothing held: zeros and empty lists', async () => {
    expect(await totalsOf(admin, '?status=planned')).toEqual(await expected((a) => a.status === 'planned'));
    expect(await totalsOf(admin, '?schoolYear=2030-2031')).toEqual({ activities: 0, done: 0, planned: 0, overdue: 0, cancelled: 0, bySchool: [], byKind: [] });
  });
});
