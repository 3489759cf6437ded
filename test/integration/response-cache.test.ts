/**
 * The answers of the school list, the dashboard and the header search are kept by each app node
 * (docs/decisions/0033-response-cache.md): a write made anywhere (this node, another node over the
 * same database, a service called directly) shows on the next read; two callers never share an
 * answer; a caller whose area changes sees the new area's schools at once; a signed-out session
 * gets nothing.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { buildApp } from '#src/server/app.ts';
import { createPair } from '../factories/pairs.ts';
import { createSchool } from '../factories/schools.ts';
import { createTenants } from '../factories/tenants.ts';
import { createAreaOfficer, FACTORY_PASSWORD } from '../factories/users.ts';
import { createTestApp, type SignedIn } from '../helpers/app.ts';

const t = await createTestApp({ demo: false, workers: false });
const w = await createTenants(t.db);
const cache = t.app.responseCache!;

// A second app node over the same database, with a cache of its own.
const other = await buildApp({ db: t.db, databaseKind: t.kind, version: 'test', now: () => new Date(), secureCookies: false, serveWeb: false, dataDir: t.dataDir });
afterAll(() => other.close());

const signIn = (username: string) => t.signIn(username, FACTORY_PASSWORD);
const get = async (user: SignedIn, url: string) => {
  const res = await t.as(user)('GET', url);
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
};
/** The answer of `url`, asked twice: the second one from the cache (the test checks it was a hit). */
const twice = async (user: SignedIn, url: string) => {
  const first = await get(user, url);
  const hits = cache.stats.hits;
  expect(await get(user, url)).toEqual(first);
  expect(cache.stats.hits).toBe(hits + 1);
  return first;
};
const namesOf = (list: { items: { name: string }[] }) => list.items.map((s) => s.name);

describe('answers kept by a node', () => {
  it('is on in the app, and a write through this node shows on the next read', async () => {
    expect(cache.enabled).toBe(true);
    const admin = await signIn(w.users.admin.username);
    const url = `/api/schools?q=${encodeURIComponent('cau giay moi')}`;
    expect((await twice(admin, url)).items).toEqual([]);
    const created = await t.as(admin)('POST', '/api/schools', { code: 'CGM-01', name: 'Trường Tiểu học Cầu Giấy Mới', level: 'primary', areaType: 'inner-city', adminUnitId: w.units.a1.id });
    expect(created.statusCode, created.body).toBe(201);
    expect(namesOf(await get(admin, url))).toEqual(['Trường Tiểu học Cầu Giấy Mới']);
  });

  it('a write through another node shows on the next read of this one', async () => {
    const admin = await signIn(w.users.admin.username);
    const url = `/api/schools?adminUnitId=${w.units.b1.id}&sort=name`;
    const before = await twice(admin, url);
    expect(namesOf(before)).toContain(w.schools.sB2.name);

    const login = await other.inject({ method: 'POST', url: '/api/auth/login', payload: { username: w.users.admin.username, password: FACTORY_PASSWORD } });
    const cookie = `ct_session=${login.cookies.find((c) => c.name === 'ct_session')!.value}`;
    const renamed = await other.inject({
      method: 'PATCH',
      url: `/api/schools/${w.schools.sB2.id}`,
      payload: { name: 'Trường Tiểu học Đổi Tên Ở Nút Khác' },
      headers: { cookie, 'x-csrf-token': login.json().csrfToken },
    });
    expect(renamed.statusCode, renamed.body).toBe(200);
    const after = await get(admin, url);
    expect(namesOf(after)).toContain('Trường Tiểu học Đổi Tên Ở Nút Khác');
    expect(namesOf(after)).not.toContain(w.schools.sB2.name);
  });

  it('the dashboard and the search show a pair and a school written by a service outside the app', async () => {
    const officer = await signIn(w.users.officerA.username);
    const before = await twice(officer, '/api/dashboard');
    const search = `/api/search?q=${encodeURIComponent('ngoc thuy')}`;
    expect((await twice(officer, search)).schools).toEqual([]);

    const ngocThuy = await createSchool(t.db, { unit: w.units.a1, name: 'Trường Tiểu học Ngọc Thụy', shortName: 'Ngọc Thụy' });
    await createPair(t.db, { state: 'proposed', schools: [ngocThuy, w.schools.sA], admin: w.users.admin, campaign: w.campaign });

    const after = await get(officer, '/api/dashboard');
    expect(after.counts.schools).toBe(before.counts.schools + 1);
    expect(after.counts.pairs).toBe(before.counts.pairs + 1);
    expect((await get(officer, search)).schools.map((s: { id: string }) => s.id)).toEqual([ngocThuy.id]);
  });
});

describe('answers are never shared between callers', () => {
  it('two area officers asking the same list each get their own area only', async () => {
    const a = await signIn(w.users.officerA.username);
    const b = await signIn(w.users.officerB.username);
    const url = '/api/schools?sort=name&limit=50';
    const listA = await twice(a, url);
    const listB = await twice(b, url);
    const idsA = listA.items.map((s: { id: string }) => s.id);
    const idsB = listB.items.map((s: { id: string }) => s.id);
    expect(idsA).toEqual(expect.arrayContaining([w.schools.sA.id, w.schools.sA2.id]));
    expect(idsB).toEqual(expect.arrayContaining([w.schools.sB.id, w.schools.sB3.id]));
    expect(idsA.filter((id: string) => idsB.includes(id))).toEqual([]);
    // Asked again, each still gets their own.
    expect((await get(a, url)).items).toEqual(listA.items);
    expect((await get(b, url)).items).toEqual(listB.items);
  });

  it("a school leader never gets the department's kept answer, nor one leader another's", async () => {
    const admin = await signIn(w.users.admin.username);
    const url = '/api/dashboard';
    expect((await twice(admin, url)).scope).toBe('all');
    const leaderB = await get(await signIn(w.users.leaderB.username), url);
    expect(leaderB).toMatchObject({ scope: 'school', counts: { schools: 1 } });
    const leaderA2 = await get(await signIn(w.users.leaderA2.username), url);
    expect(leaderA2).toMatchObject({ scope: 'school', counts: { schools: 1 } });
    expect(leaderA2.pairs.map((p: { id: string }) => p.id)).toEqual([w.pairX.id]);
    expect(leaderB.pairs.map((p: { id: string }) => p.id)).toContain(w.pairB.id);
  });

  it("an officer moved to another area sees that area's schools on the next read, and a signed-out session nothing", async () => {
    // A second officer of area A, whose account the test moves.
    const officer = await createAreaOfficer(t.db, { unit: w.units.areaA });
    const session = await signIn(officer.username);
    const url = '/api/schools?sort=name&limit=50';
    const ids = (list: { items: { id: string }[] }) => list.items.map((s) => s.id);
    expect(ids(await twice(session, url))).toContain(w.schools.sA.id);

    const admin = await signIn(w.users.admin.username);
    const moved = await t.as(admin)('PATCH', `/api/users/${officer.id}`, { adminUnitId: w.units.areaB.id });
    expect(moved.statusCode, moved.body).toBe(200);
    const after = ids(await get(session, url));
    expect(after).toContain(w.schools.sB.id);
    expect(after).not.toContain(w.schools.sA.id);

    expect((await t.as(session)('POST', '/api/auth/logout')).statusCode).toBeLessThan(300);
    expect((await t.as(session)('GET', url)).statusCode).toBe(401);
  });
});


// decision 0040: no node keeps a session; each request reads it (with the data generation).
describe('a session ended or changed through another node counts at once on this one', () => {
  /** `method url` through the other node, as `user` (its session cookie is valid on every node). */
  const onOther = (user: SignedIn, method: 'POST' | 'PATCH', url: string, payload?: object) =>
    other.inject({ method, url, payload, headers: { cookie: user.cookie, 'x-csrf-token': user.csrfToken } });

  it('a sign-out through the other node: the next request on this node is refused, and its kept answer not served', async () => {
    const admin = await signIn(w.users.admin.username);
    const url = '/api/schools?sort=name&limit=5';
    await twice(admin, url);
    expect((await t.as(admin)('GET', '/api/auth/me')).statusCode).toBe(200);

    const out = await onOther(admin, 'POST', '/api/auth/logout');
    expect(out.statusCode, out.body).toBeLessThan(300);
    expect((await t.as(admin)('GET', '/api/auth/me')).statusCode).toBe(401);
    expect((await t.as(admin)('GET', url)).statusCode).toBe(401);
  });

  it('an officer moved to another area through the other node sees that area on the next read of this node', async () => {
    const admin = await signIn(w.users.admin.username);
    const officer = await createAreaOfficer(t.db, { unit: w.units.areaA });
    const session = await signIn(officer.username);
    const url = '/api/schools?sort=name&limit=50';
    const ids = (list: { items: { id: string }[] }) => list.items.map((s) => s.id);
    expect(ids(await twice(session, url))).toContain(w.schools.sA.id);
    expect((await get(session, '/api/auth/me')).area.id).toBe(w.units.areaA.id);

    const moved = await onOther(admin, 'PATCH', `/api/users/${officer.id}`, { adminUnitId: w.units.areaB.id });
    expect(moved.statusCode, moved.body).toBe(200);
    const after = ids(await get(session, url));
    expect(after).toContain(w.schools.sB.id);
    expect(after).not.toContain(w.schools.sA.id);
    expect((await get(session, '/api/auth/me')).area.id).toBe(w.units.areaB.id);
  });
});
