/**
 * The header's one search box: it finds schools and pairs the caller may see, ignoring
 * diacritics and case, and never another tenant's pair.
 */
import { describe, expect, it } from 'vitest';
import { createSchool } from '../factories/schools.ts';
import { createPair } from '../factories/pairs.ts';
import { createTenants } from '../factories/tenants.ts';
import { FACTORY_PASSWORD } from '../factories/users.ts';
import { createTestApp } from '../helpers/app.ts';

const t = await createTestApp({ demo: false });
const w = await createTenants(t.db);
// A pair whose school has a Vietnamese name, to search without diacritics.
const dong = await createSchool(t.db, { unit: w.units.a1, name: 'Trường Tiểu học Đông Ngạc Mới', shortName: 'Đông Ngạc Mới' });
const pairDong = await createPair(t.db, { state: 'proposed', schools: [dong, w.schools.sB2], admin: w.users.admin, campaign: w.campaign });

const search = async (username: string, q: string) => {
  const res = await t.as(await t.signIn(username, FACTORY_PASSWORD))('GET', `/api/search?q=${encodeURIComponent(q)}`);
  expect(res.statusCode).toBe(200);
  return res.json() as { schools: { id: string }[]; pairs: { id: string; schools: { name: string }[] }[]; pairsTotal: number };
};

describe('the header search', () => {
  it('finds a pair by a school name typed without diacritics', async () => {
    const r = await search(w.users.admin.username, 'dong ngac moi');
    expect(r.pairs.map((p) => p.id)).toEqual([pairDong.id]);
    expect(r.pairs[0]!.schools.map((s) => s.name)).toContain('Trường Tiểu học Đông Ngạc Mới');
    expect(r.schools.map((s) => s.id)).toContain(dong.id);
  });

  it('shows a school leader the pairs of their own school and not those of other schools', async () => {
    const own = await search(w.users.leaderA2.username, w.schools.sB3.code);
    expect(own.pairs.map((p) => p.id)).toEqual([w.pairX.id]);
    const other = await search(w.users.leaderA.username, w.schools.sB.code);
    expect(other.pairs).toEqual([]);
    expect(other.pairsTotal).toBe(0);
  });

  it("does not give an area officer another area's pair", async () => {
    const r = await search(w.users.officerA.username, w.schools.sB2.code);
    expect(r.pairs.map((p) => p.id)).not.toContain(w.pairB.id);
    expect(r.pairs.map((p) => p.id)).toContain(pairDong.id);
  });
});
