import { describe, expect, it } from 'vitest';
import { createTestApp } from '../helpers/app.ts';
import { createSchoolLeader, createTeacher } from '../factories/users.ts';

// One app per configuration under test: the default (https, no proxy), plain http, a small rate limit.
const t = await createTestApp({ demo: false });
const plain = await createTestApp({ demo: false, build: { publicUrl: 'http://localhost:3000', secureCookies: false } });
const limited = await createTestApp({ demo: false, build: { rateLimitPerMinute: 4 } });
const perAccount = await createTestApp({ demo: false, build: { rateLimitPerMinute: 4 } });
const unlimited = await createTestApp({ demo: false, build: { rateLimitPerMinute: 0 } });
const behindProxy = await createTestApp({ demo: false, build: { rateLimitPerMinute: 3, trustProxy: 1 } });

describe('response headers', () => {
  it('tells browsers and proxies not to keep the answers of a signed-in user', async () => {
    const leader = await createSchoolLeader(t.db);
    const user = await t.signIn(leader.username, leader.password);
    const me = await t.as(user)('GET', '/api/auth/me');
    expect(me.statusCode).toBe(200);
    expect(me.headers['cache-control']).toBe('no-store');
    const schools = await t.as(user)('GET', '/api/schools?page=1&pageSize=5');
    expect(schools.headers['cache-control']).toBe('no-store');
  });

  it('limits what the page may use (camera, microphone, location …) with a Permissions-Policy', async () => {
    const res = await t.as(null)('GET', '/api/health');
    expect(res.headers['permissions-policy']).toMatch(/camera=\(\)/u);
    expect(res.headers['permissions-policy']).toMatch(/geolocation=\(\)/u);
  });

  it('sends HSTS only when the public address is https', async () => {
    const https = await t.as(null)('GET', '/api/health');
    expect(https.headers['strict-transport-security']).toMatch(/max-age=\d+/u);
    const http = await plain.as(null)('GET', '/api/health');
    expect(http.headers['strict-transport-security']).toBeUndefined();
  });
});

describe('signing in as another user in the same browser', () => {
  it('ends the previous session on the server', async () => {
    const [leader, teacher] = [await createSchoolLeader(t.db), await createTeacher(t.db)];
    const first = await t.signIn(leader.username, leader.password);
    expect((await t.as(first)('GET', '/api/auth/me')).statusCode).toBe(200);
    // The browser still sends the first cookie when the second user signs in.
    const second = await t.signIn(teacher.username, teacher.password, { cookie: first.cookie });
    expect((await t.as(second)('GET', '/api/auth/me')).json().username).toBe(teacher.username);
    const old = await t.as(first)('GET', '/api/auth/me');
    expect(old.statusCode).toBe(401);
  });
});

describe('the rate limit', () => {
  it('does not give a fresh budget to a client that makes up X-Forwarded-For (no proxy configured)', async () => {
    const codes: number[] = [];
    for (let i = 0; i < 6; i++) {
      const res = await limited.as(null)('GET', '/api/auth/session', undefined, { 'x-forwarded-for': `198.51.100.${i + 1}` });
      codes.push(res.statusCode);
    }
    expect(codes.slice(0, 4)).toEqual([200, 200, 200, 200]);
    expect(codes.slice(4)).toEqual([429, 429]);
    const refused = await limited.as(null)('GET', '/api/auth/session');
    expect(refused.json().error.code).toBe('RATE_LIMITED');
  });

  it('counts each client address apart behind a configured proxy (hop count)', async () => {
    for (let i = 0; i < 3; i++) {
      expect((await behindProxy.as(null)('GET', '/api/auth/session', undefined, { 'x-forwarded-for': '203.0.113.7' })).statusCode).toBe(200);
    }
    expect((await behindProxy.as(null)('GET', '/api/auth/session', undefined, { 'x-forwarded-for': '203.0.113.7' })).statusCode).toBe(429);
    expect((await behindProxy.as(null)('GET', '/api/auth/session', undefined, { 'x-forwarded-for': '203.0.113.8' })).statusCode).toBe(200);
  });

  it('counts a signed-in user per account, so a school behind one address is not limited as one client', async () => {
    // Two colleagues of one school, signing in from the same address.
    const leader = await createSchoolLeader(perAccount.db);
    const teacher = await createTeacher(perAccount.db, { school: leader.school! });
    const a = await perAccount.signIn(leader.username, leader.password);
    const b = await perAccount.signIn(teacher.username, teacher.password);
    const codes: number[] = [];
    for (let i = 0; i < 5; i++) codes.push((await perAccount.as(a)('GET', '/api/auth/me')).statusCode);
    expect(codes).toEqual([200, 200, 200, 200, 429]);
    // The colleague at the same address still works, and so does a visitor there.
    expect((await perAccount.as(b)('GET', '/api/auth/me')).statusCode).toBe(200);
    expect((await perAccount.as(null)('GET', '/api/auth/session')).statusCode).toBe(200);
  });

  it('is off with RATE_LIMIT_PER_MINUTE=0', async () => {
    let refused = 0;
    for (let i = 0; i < 1300; i++) {
      if ((await unlimited.as(null)('GET', '/api/auth/session')).statusCode === 429) refused++;
    }
    expect(refused).toBe(0);
  });
});
