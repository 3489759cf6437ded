/**
 * The registry list of a big department: it stops counting at 1,000 schools and says "more
 * than 1,000" (docs/performance.md), its later pages stay reachable and count on, a search still
 * gives its exact number of matches (typed without diacritics), and pages follow one another.
 */
import { describe, expect, it } from 'vitest';
import { createArea } from '../factories/admin-units.ts';
import { createSchool, createSchoolRows } from '../factories/schools.ts';
import { createTenants } from '../factories/tenants.ts';
import { createAreaOfficer, FACTORY_PASSWORD } from '../factories/users.ts';
import { createTestApp } from '../helpers/app.ts';

const t = await createTestApp({ demo: false, workers: false });
const w = await createTenants(t.db);
const bulk = await createSchoolRows(t.db, 1_150, 'Trường Tiểu học Đếm Số');
// The list in its other orders: 24 schools alone in their level and ownership, with sizes that tie or are unknown and changes that tie.
const ordered = await createSchoolRows(t.db, 24, 'Trường Thứ Tự');
const base = Date.UTC(2026, 0, 10, 8, 0, 0);
for (const [i, r] of ordered.entries()) {
  await t.db
    .updateTable('school')
    .set({
      level: 'ethnic-boarding',
      ownership: 'private',
      students: i % 7 === 0 ? null : (i * 5) % 9,
      teachers: i % 5 === 0 ? null : (i * 3) % 7,
      updated_at: new Date(base + (i % 6) * 60_000),
    })
    .where('id', '=', r.id)
    .execute();
}
const mine = await t.db.selectFrom('school').select(['id', 'code', 'name', 'students', 'teachers', 'updated_at']).where('id', 'in', ordered.map((r) => r.id)).execute();
type Mine = (typeof mine)[number];
// What each order means (the names differ only by their number, so plain comparison is Vietnamese order here).
const cmp = (a: string | number, b: string | number) => (a < b ? -1 : a > b ? 1 : 0);
const expected: Record<string, (a: Mine, b: Mine, dir: number) => number> = {
  code: (a, b, dir) => dir * cmp(a.code, b.code),
  students: (a, b, dir) => (a.students === null ? 1 : 0) - (b.students === null ? 1 : 0) || dir * cmp(a.students ?? 0, b.students ?? 0) || cmp(a.name, b.name) || cmp(a.id, b.id),
  teachers: (a, b, dir) => (a.teachers === null ? 1 : 0) - (b.teachers === null ? 1 : 0) || dir * cmp(a.teachers ?? 0, b.teachers ?? 0) || cmp(a.name, b.name) || cmp(a.id, b.id),
  updatedAt: (a, b, dir) => dir * cmp(a.updated_at.getTime(), b.updated_at.getTime()) || cmp(a.id, b.id),
};
const orderedFilter = 'level=ethnic-boarding&ownership=private';
const activeCount = async () => Number((await t.db.selectFrom('school').select((eb) => eb.fn.countAll<number>().as('n')).where('status', '=', 'active').executeTakeFirstOrThrow()).n);
const allActive = await activeCount();

interface ListBody {
  items: { id: string; name: string; units: { name: string }[] }[];
  total: number;
  totalExact: boolean;
  next: string | null;
}

const asAdmin = t.as(await t.signIn(w.users.admin.username, FACTORY_PASSWORD));
const list = async (query: string) => {
  const res = await asAdmin('GET', `/api/schools?${query}`);
  expect(res.statusCode).toBe(200);
  return res.json() as ListBody;
};

/** Every page of a list, following `next` from the first page. */
const followCursor = async (query: string) => {
  const pages: ListBody[] = [await list(query)];
  while (pages.at(-1)!.next) pages.push(await list(`${query}&after=${encodeURIComponent(pages.at(-1)!.next!)}`));
  return pages;
};

describe('the school list of a big department', () => {
  it('says "more than 1,000" on its first page instead of counting every school', async () => {
    expect(allActive).toBeGreaterThan(1_150);
    const first = await list('limit=20');
    expect(first.items).toHaveLength(20);
    expect(first).toMatchObject({ total: 1_000, totalExact: false });
  });

  it('counts on as the user pages on: the pages after the bound stay reachable, up to the last one', async () => {
    // Page 50 of 20 (the last the first page offered) counts up to 2,000: every school.
    const fifty = await list('offset=980&limit=20');
    expect(fifty.items).toHaveLength(20);
    expect(fifty).toMatchObject({ total: allActive, totalExact: true });
    const lastOffset = Math.floor((allActive - 1) / 20) * 20;
    const last = await list(`offset=${lastOffset}&limit=20`);
    expect(last.items).toHaveLength(allActive - lastOffset);
    expect(last).toMatchObject({ total: allActive, totalExact: true });
  });

  it('gives the pages one after another in Vietnamese name order, as one longer page does', async () => {
    const pages = [...(await list('offset=0&limit=20')).items, ...(await list('offset=20&limit=20')).items];
    const long = await list('offset=0&limit=40');
    expect(pages.map((s) => s.id)).toEqual(long.items.map((s) => s.id));
  });

  it('gives a search its exact number of matches, typed without diacritics, however many', async () => {
    const found = await list(`q=${encodeURIComponent('dem so')}&limit=20`);
    expect(found).toMatchObject({ total: bulk.length, totalExact: true });
    expect(found.items.map((s) => s.name)).toEqual(bulk.slice(0, 20).map((s) => s.name));
    const deep = await list(`q=${encodeURIComponent('dem so')}&offset=1100&limit=20`);
    expect(deep.items.map((s) => s.name)).toEqual(bulk.slice(1_100, 1_120).map((s) => s.name));
    expect(deep).toMatchObject({ total: bulk.length, totalExact: true });
  });

  it('counts from a full page on, in either name order, same-named schools included: every school once, the same total on every page', async () => {
    // 45 schools of one name, alone in their level: pages of 7 end inside the run of ties.
    const twins = await createSchoolRows(t.db, 45, 'Trường Song Sinh');
    await t.db.updateTable('school').set({ name: 'Trường Song Sinh', level: 'continuing' }).where('id', 'in', twins.map((s) => s.id)).execute();
    const ids = twins.map((s) => s.id).sort();
    for (const order of ['asc', 'desc']) {
      const seen: string[] = [];
      for (let offset = 0; offset < 50; offset += 7) {
        const page = await list(`level=continuing&sort=name&order=${order}&limit=7&offset=${offset}`);
        expect(page).toMatchObject({ total: 45, totalExact: true });
        seen.push(...page.items.map((s) => s.id));
      }
      // Ties in id order, whichever way the names go.
      expect(seen).toEqual(ids);
    }
  });

  it('gives every school exactly once by its cursor, in the same Vietnamese order as pages by offset, both ways', async () => {
    const active = Number((await t.db.selectFrom('school').select((eb) => eb.fn.countAll<number>().as('n')).where('status', '=', 'active').executeTakeFirstOrThrow()).n);
    for (const order of ['asc', 'desc']) {
      const byCursor = (await followCursor(`order=${order}&limit=200`)).flatMap((p) => p.items.map((s) => s.id));
      expect(byCursor).toHaveLength(active);
      expect(new Set(byCursor).size).toBe(active);
      const byOffset: string[] = [];
      for (let offset = 0; offset < active; offset += 200) byOffset.push(...(await list(`order=${order}&limit=200&offset=${offset}`)).items.map((s) => s.id));
      expect(byCursor).toEqual(byOffset);
    }
  });

  it('continues by cursor through a run of same-named schools, and counts from the cursor on', async () => {
    const pages = await followCursor('level=continuing&sort=name&limit=7');
    expect(pages.map((p) => p.items.length)).toEqual([7, 7, 7, 7, 7, 7, 3]);
    expect(pages.map((p) => p.total)).toEqual([45, 38, 31, 24, 17, 10, 3]);
    expect(pages.at(-1)!.next).toBeNull();
    const firstTwo = (await list('level=continuing&sort=name&limit=14')).items.map((s) => s.id);
    expect([...pages[0]!.items, ...pages[1]!.items].map((s) => s.id)).toEqual(firstTwo);
  });

  it('refuses a cursor it did not give, or one used in another order, naming the field', async () => {
    const next = (await list('limit=5')).next!;
    for (const query of ['after=abc', `after=${encodeURIComponent(Buffer.from('["x","not-a-uuid"]').toString('base64url'))}`, `after=${encodeURIComponent(next)}&sort=code`, `after=${encodeURIComponent(next)}&q=dem`]) {
      const res = await asAdmin('GET', `/api/schools?${query}`);
      expect(res.statusCode, query).toBe(400);
      expect(res.json().error.field, query).toBe('after');
    }
  });

  it('counts exactly a filter that matches fewer schools', async () => {
    const own = await list(`adminUnitId=${w.units.a1.id}&limit=1`);
    expect(own.totalExact).toBe(true);
    expect(own.total).toBeGreaterThan(1);
    expect(own.total).toBeLessThan(20);
  });
});

describe('the school list in its other orders (code, size, last change)', () => {

  it('gives each order, both ways, page after page as the order says, with the exact total on every page and past the end', async () => {
    for (const sort of Object.keys(expected)) {
      for (const order of ['asc', 'desc']) {
        const want = [...mine].sort((a, b) => expected[sort]!(a, b, order === 'asc' ? 1 : -1)).map((s) => s.id);
        const seen: string[] = [];
        // Pages of 6: four full pages (the last one ends the list), then one past the end.
        for (let offset = 0; offset <= 24; offset += 6) {
          const page = await list(`${orderedFilter}&sort=${sort}&order=${order}&limit=6&offset=${offset}`);
          expect(page, `${sort} ${order} ${offset}`).toMatchObject({ total: 24, totalExact: true, next: null });
          seen.push(...page.items.map((s) => s.id));
        }
        expect(seen, `${sort} ${order}`).toEqual(want);
        // A page that is not full tells the same total.
        expect(await list(`${orderedFilter}&sort=${sort}&order=${order}&limit=5&offset=20`)).toMatchObject({ total: 24, totalExact: true });
      }
    }
  });

  it('stops counting at the bound in each order, counts on deeper pages, and takes no cursor', async () => {
    const next = (await list('limit=5')).next!;
    const active = await activeCount();
    for (const sort of Object.keys(expected)) {
      for (const order of ['asc', 'desc']) {
        const first = await list(`sort=${sort}&order=${order}&limit=20`);
        expect(first.items, `${sort} ${order}`).toHaveLength(20);
        expect(first, `${sort} ${order}`).toMatchObject({ total: 1_000, totalExact: false, next: null });
        // Page 50 counts up to 2,000: every school.
        expect(await list(`sort=${sort}&order=${order}&offset=980&limit=20`), `${sort} ${order}`).toMatchObject({ total: active, totalExact: true });
        const past = await list(`sort=${sort}&order=${order}&offset=5000&limit=20`);
        expect(past, `${sort} ${order}`).toMatchObject({ items: [], total: active, totalExact: true });
        const res = await asAdmin('GET', `/api/schools?sort=${sort}&order=${order}&after=${encodeURIComponent(next)}`);
        expect(res.statusCode, `${sort} ${order}`).toBe(400);
        expect(res.json().error.field).toBe('after');
      }
    }
  });
});

describe('the school list on a date (asOf)', () => {
  it('places each school in the unit its location history gives for that day', async () => {
    const before = await createArea(t.db);
    const after = await createArea(t.db);
    const moved = await createSchool(t.db, { name: 'Trường Tiểu học Chuyển Chỗ', unit: before.commune, locatedFrom: '2010-01-01', movedTo: [{ unit: after.commune, from: '2025-07-01' }] });
    const placeOn = async (day: string) => {
      const page = await list(`q=${encodeURIComponent('chuyen cho')}&asOf=${day}`);
      return page.items.find((s) => s.id === moved.id)?.units.map((u) => u.name) ?? null;
    };
    expect(await placeOn('2009-12-31')).toEqual([]);
    expect(await placeOn('2010-01-01')).toEqual([before.district.name, before.commune.name]);
    expect(await placeOn('2025-06-30')).toEqual([before.district.name, before.commune.name]);
    expect(await placeOn('2025-07-01')).toEqual([after.district.name, after.commune.name]);
    expect(await placeOn('2030-01-01')).toEqual([after.district.name, after.commune.name]);
  });

  it('lists an area without search words by its schools of that day: pages, totals and cursor for its officer and the department', async () => {
    const before = await createArea(t.db);
    const after = await createArea(t.db);
    const stay = [];
    for (const i of [1, 2]) stay.push(await createSchool(t.db, { name: `Trường Tiểu học Ở Lại ${i}`, unit: before.commune, locatedFrom: '2010-01-01' }));
    const moved = await createSchool(t.db, { name: 'Trường Tiểu học Dời Đi', unit: before.commune, locatedFrom: '2010-01-01', movedTo: [{ unit: after.commune, from: '2025-07-01' }] });
    const officer = await createAreaOfficer(t.db, { unit: before.district });
    const asOfficer = t.as(await t.signIn(officer.username, FACTORY_PASSWORD));
    const officerList = async (query: string) => {
      const res = await asOfficer('GET', `/api/schools?${query}`);
      expect(res.statusCode).toBe(200);
      return res.json() as ListBody;
    };
    const names = (page: ListBody) => page.items.map((s) => s.name);

    // The day before the move: three schools in the old area, the moved one first in name order.
    const first = await officerList('asOf=2025-06-30&limit=2');
    expect(names(first)).toEqual([moved.name, stay[0]!.name]);
    expect(first).toMatchObject({ total: 3, totalExact: true });
    expect(first.items[0]!.units.map((u) => u.name)).toEqual([before.district.name, before.commune.name]);
    const second = await officerList('asOf=2025-06-30&limit=2&offset=2');
    expect(names(second)).toEqual([stay[1]!.name]);
    expect(second).toMatchObject({ total: 3, totalExact: true, next: null });
    const byCursor = await officerList(`asOf=2025-06-30&limit=2&after=${encodeURIComponent(first.next!)}`);
    expect(names(byCursor)).toEqual([stay[1]!.name]);
    expect(byCursor).toMatchObject({ total: 1, totalExact: true, next: null });
    const backwards = await officerList('asOf=2025-06-30&limit=2&order=desc');
    expect(names(backwards)).toEqual([stay[1]!.name, stay[0]!.name]);
    expect(backwards).toMatchObject({ total: 3, totalExact: true });

    // From the move on: a full page of the two that stayed, nothing after it.
    const later = await officerList('asOf=2025-07-01&limit=2');
    expect(names(later)).toEqual([stay[0]!.name, stay[1]!.name]);
    expect(later).toMatchObject({ total: 2, totalExact: true, next: null });
    // The department sees the moved school in its new area on that day, and not in the old one.
    const newArea = await list(`adminUnitId=${after.district.id}&asOf=2025-07-01&limit=1`);
    expect(names(newArea)).toEqual([moved.name]);
    expect(newArea).toMatchObject({ total: 1, totalExact: true });
    expect(newArea.items[0]!.units.map((u) => u.name)).toEqual([after.district.name, after.commune.name]);
    expect(await list(`adminUnitId=${after.district.id}&asOf=2025-06-30&limit=1`)).toMatchObject({ items: [], total: 0, totalExact: true });
  });
});
