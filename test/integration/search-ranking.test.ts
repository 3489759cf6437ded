/**
 * What a search gives, however it is planned: the header search and the registry's `q` run as
 * prepared statements whose one plan serves every caller and every word (docs/performance.md).
 * Whatever was asked before on the same connection, a search ignores diacritics and case, puts
 * the schools whose name starts with the words first, then those where the words stand together,
 * then the rest, each group in Vietnamese order, and shows each caller only the schools of their
 * scope on the day.
 */
import { describe, expect, it } from 'vitest';
import { createSchool } from '../factories/schools.ts';
import { createTenants } from '../factories/tenants.ts';
import { FACTORY_PASSWORD } from '../factories/users.ts';
import { createTestApp } from '../helpers/app.ts';

const t = await createTestApp({ demo: false, workers: false });
const w = await createTenants(t.db);
const { a1, b1 } = w.units;
// Area A: two names that start with "Ái Mộ" (after the level words), one with the words
// together inside, one with them apart, and one where "ai" is only inside a word ("Trái").
const thcsAiMoBac = await createSchool(t.db, { unit: a1, name: 'Trường THCS Ái Mộ Bắc', level: 'lower-secondary' });
const thAiMo = await createSchool(t.db, { unit: a1, name: 'Trường Tiểu học Ái Mộ' });
const dongAiMo = await createSchool(t.db, { unit: a1, name: 'Trường Tiểu học Đông Ái Mộ' });
const aiHoaMoc = await createSchool(t.db, { unit: a1, name: 'Trường Mầm non Ái Hoà Mộc', level: 'preschool' });
await createSchool(t.db, { unit: a1, name: 'Trường Tiểu học Trái Mơ' });
// Area B: one of its own, and one that stood in area A until it moved in 2024.
const thAiMoTay = await createSchool(t.db, { unit: b1, name: 'Trường Tiểu học Ái Mộ Tây' });
const thcsAiMoCu = await createSchool(t.db, { unit: a1, name: 'Trường THCS Ái Mộ Cũ', level: 'lower-secondary', movedTo: [{ unit: b1, from: '2024-01-01' }] });

const ids = (schools: { id: string }[]) => schools.map((s) => s.id);

/** The same words typed in several ways: each a question the response cache has not seen. */
const SPELLINGS = ['ai mo', 'ái mộ', 'AI MO', 'Ái  Mộ', 'ai mộ', 'ÁI MỘ', 'ai   mo', 'Ai Mo'];

describe('a search, asked again and again by different callers', () => {
  it('ranks the names that start with the words first, then the words together, then apart, each in Vietnamese order', async () => {
    const as = t.as(await t.signIn(w.users.admin.username, FACTORY_PASSWORD));
    const expected = ids([thcsAiMoBac, thcsAiMoCu, thAiMo, thAiMoTay, dongAiMo, aiHoaMoc]);
    for (const q of SPELLINGS) {
      const found = (await as('GET', `/api/search?q=${encodeURIComponent(q)}`)).json();
      expect(ids(found.schools), q).toEqual(expected);
      expect(found.schoolsTotal, q).toBe(6);
      const list = (await as('GET', `/api/schools?q=${encodeURIComponent(q)}&sort=relevance&limit=20`)).json();
      expect(ids(list.items), q).toEqual(expected);
      expect(list).toMatchObject({ total: 6, totalExact: true });
    }
  });

  it('puts an exact code before every name', async () => {
    const as = t.as(await t.signIn(w.users.admin.username, FACTORY_PASSWORD));
    const found = (await as('GET', `/api/search?q=${encodeURIComponent(aiHoaMoc.code.toLowerCase())}`)).json();
    expect(ids(found.schools)[0]).toBe(aiHoaMoc.id);
  });

  it("gives each area officer only the schools standing in their area today, in turns on the same statements", async () => {
    const officerA = t.as(await t.signIn(w.users.officerA.username, FACTORY_PASSWORD));
    const officerB = t.as(await t.signIn(w.users.officerB.username, FACTORY_PASSWORD));
    for (const q of SPELLINGS) {
      const a = (await officerA('GET', `/api/search?q=${encodeURIComponent(q)}`)).json();
      expect(ids(a.schools), `A ${q}`).toEqual(ids([thcsAiMoBac, thAiMo, dongAiMo, aiHoaMoc]));
      const b = (await officerB('GET', `/api/search?q=${encodeURIComponent(q)}`)).json();
      expect(ids(b.schools), `B ${q}`).toEqual(ids([thcsAiMoCu, thAiMoTay]));
      expect(b.schoolsTotal).toBe(2);
    }
    // Before its move, the school stood in area A: a registry list on that day shows it there.
    const before = (await officerA('GET', `/api/schools?q=${encodeURIComponent('ai mo cu')}&asOf=2023-06-01`)).json();
    expect(ids(before.items)).toEqual(ids([thcsAiMoCu]));
    const after = (await officerA('GET', `/api/schools?q=${encodeURIComponent('ai mo cu')}`)).json();
    expect(after.items).toEqual([]);
  });

  it('shows a school leader their own school only, and finds nothing for words no school has', async () => {
    const leader = t.as(await t.signIn(w.users.leaderA.username, FACTORY_PASSWORD));
    for (const q of SPELLINGS) {
      const found = (await leader('GET', `/api/search?q=${encodeURIComponent(q)}`)).json();
      expect(found.schools, q).toEqual([]);
    }
    const own = (await leader('GET', `/api/search?q=${encodeURIComponent(w.schools.sA.code)}`)).json();
    expect(ids(own.schools)).toEqual([w.schools.sA.id]);
    const admin = t.as(await t.signIn(w.users.admin.username, FACTORY_PASSWORD));
    expect((await admin('GET', `/api/search?q=${encodeURIComponent('trai mo xyz')}`)).json()).toMatchObject({ schools: [], schoolsTotal: 0 });
  });
});
