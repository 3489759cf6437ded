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
import { readSheet } from '../helpers/registry-files.ts';

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

describe('the header search and the lists agree', () => {
  // The search answers from its own lean queries: it must show what the lists show for the
  // same words (the first schools of the registry by relevance, the first pairs of the pair list).
  const users = () => [w.users.admin, w.users.officerA, w.users.leaderA2, w.users.leaderB, w.users.teacherA];
  const queries = () => ['dong ngac', w.schools.sB2.code, w.schools.sB3.name, 'truong', 'x'];

  it('lists the same pairs, in the same order and with the same total, as the pair list', async () => {
    let seen = 0;
    for (const user of users()) {
      const as = t.as(await t.signIn(user.username, FACTORY_PASSWORD));
      for (const q of queries()) {
        const found = (await as('GET', `/api/search?q=${encodeURIComponent(q)}`)).json();
        const list = await as('GET', `/api/pairs?q=${encodeURIComponent(q)}&limit=5`);
        const expected =
          list.statusCode === 200
            ? {
                total: list.json().total,
                items: list.json().items.map((p: { id: string; state: string; campaign: { number: string }; schools: { id: string; name: string }[] }) => ({
                  id: p.id,
                  state: p.state,
                  campaignNumber: p.campaign.number,
                  schools: p.schools.map((s) => ({ id: s.id, name: s.name })),
                })),
              }
            : { total: 0, items: [] };
        expect({ total: found.pairsTotal, items: found.pairs }, `${user.username} ${q}`).toEqual(expected);
        seen += expected.items.length;
      }
    }
    expect(seen).toBeGreaterThan(5);
  });

  it('lists the same schools, in the same order and with the same total, as the registry', async () => {
    let seen = 0;
    for (const user of users()) {
      const as = t.as(await t.signIn(user.username, FACTORY_PASSWORD));
      for (const q of queries()) {
        const found = (await as('GET', `/api/search?q=${encodeURIComponent(q)}`)).json();
        const list = (await as('GET', `/api/schools?q=${encodeURIComponent(q)}&status=all&sort=relevance&limit=8`)).json();
        expect(found.schoolsTotal, `${user.username} ${q}`).toBe(list.total);
        expect(found.schools.map((s: { id: string }) => s.id), `${user.username} ${q}`).toEqual(list.items.map((s: { id: string }) => s.id));
        seen += list.items.length;
      }
    }
    expect(seen).toBeGreaterThan(5);
  });
});

describe('the pair list as Excel', () => {
  const rowsOf = async (username: string, query = '') => {
    const res = await t.as(await t.signIn(username, FACTORY_PASSWORD))('GET', `/api/pairs/export.xlsx${query}`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-disposition']).toContain('Danh-sach-cap-ket-nghia-');
    const wb = await readSheet(res.rawPayload);
    const ws = wb.getWorksheet('Cặp kết nghĩa')!;
    expect(ws.getRow(4).getCell(2).value).toBe('Trường thứ nhất');
    const rows: string[][] = [];
    ws.eachRow((row, n) => {
      if (n > 4) rows.push((row.values as unknown[]).slice(1).map((v) => String(v ?? '')));
    });
    return rows;
  };

  it("holds the pairs of the caller's scope with their state, in Vietnamese", async () => {
    const own = await rowsOf(w.users.leaderA2.username);
    expect(own).toHaveLength(1);
    expect(own[0]!.slice(1, 3).sort()).toEqual([w.schools.sA2.name, w.schools.sB3.name].sort());
    expect(own[0]![5]).toBe('Đã phê duyệt');
    expect(await rowsOf(w.users.leaderA.username)).toEqual([]);
  });

  it("applies the list's filters and never runs a school name as a formula", async () => {
    const formula = await createSchool(t.db, { unit: w.units.a1, name: '=HYPERLINK("http://x.example","Bấm")', shortName: 'Công thức' });
    await createPair(t.db, { state: 'proposed', schools: [formula, w.schools.sB3], admin: w.users.admin, campaign: w.campaign });
    const all = await rowsOf(w.users.admin.username, '?state=proposed');
    expect(all.every((r) => r[5] === 'Đề xuất')).toBe(true);
    const cells = all.flatMap((r) => r.slice(1, 3));
    expect(cells).toContain(`'=HYPERLINK("http://x.example","Bấm")`);
    expect(cells).toContain('Trường Tiểu học Đông Ngạc Mới');
  });
});
