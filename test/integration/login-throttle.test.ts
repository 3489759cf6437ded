import { describe, expect, it } from 'vitest';
import { createTestApp } from '../helpers/app.ts';
import { createDepartmentAdmin, createSchoolLeader, createTeacher, FACTORY_PASSWORD } from '../factories/users.ts';

const t = await createTestApp({ demo: false });
const adminUser = await createDepartmentAdmin(t.db);
const admin = await t.signIn(adminUser.username, adminUser.password);

const login = (username: string, password: string, remoteAddress = '127.0.0.1', headers: Record<string, string> = {}) =>
  t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password }, remoteAddress, headers });

describe('the login throttle', () => {
  it('gives 40 guesses at once no more tries than the policy allows', async () => {
    const { username } = await createTeacher(t.db);
    const answers = await Promise.all(Array.from({ length: 40 }, (_, i) => login(username, `wrong-guess-${i}`, '198.51.100.40')));
    const tried = answers.filter((a) => a.statusCode === 401).length;
    const refused = answers.filter((a) => a.statusCode === 429).length;
    expect(tried).toBe(5);
    expect(refused).toBe(35);
  });

  it('does not let the failing address lock the owner out: the right password from another address signs in', async () => {
    const { username } = await createSchoolLeader(t.db);
    for (let i = 0; i < 6; i++) await login(username, `attacker-${i}-x`, '198.51.100.66');
    const attacker = await login(username, FACTORY_PASSWORD, '198.51.100.66');
    expect(attacker.statusCode).toBe(429);
    expect(Number(attacker.headers['retry-after'])).toBeGreaterThan(0);
    const owner = await login(username, FACTORY_PASSWORD, '203.0.113.5');
    expect(owner.statusCode).toBe(200);
  });

  it('gives no fresh budget to a made-up X-Forwarded-For', async () => {
    const { username } = await createSchoolLeader(t.db);
    for (let i = 0; i < 5; i++) {
      expect((await login(username, `wrong-${i}-y`, '198.51.100.77', { 'x-forwarded-for': `192.0.2.${i}` })).statusCode).toBe(401);
    }
    const sixth = await login(username, 'wrong-6-y', '198.51.100.77', { 'x-forwarded-for': '192.0.2.99' });
    expect(sixth.statusCode).toBe(429);
  });

  it('lets the department see the throttles and lift one, with an audit row', async () => {
    const { username } = await createSchoolLeader(t.db);
    for (let i = 0; i < 5; i++) await login(username, `wrong-${i}-z`, '198.51.100.88');
    expect((await login(username, FACTORY_PASSWORD, '198.51.100.88')).statusCode).toBe(429);

    const list = await t.as(admin)('GET', '/api/auth/throttles');
    expect(list.statusCode, list.body).toBe(200);
    const row = list.json().items.find((r: { username: string | null; address: string }) => r.username === username);
    expect(row).toMatchObject({ username, address: '198.51.100.88', failures: 5 });
    expect(Date.parse(row.blockedUntil)).toBeGreaterThan(Date.now());

    // Only the department may see or lift them.
    const leaderUser = await createSchoolLeader(t.db);
    const leader = await t.signIn(leaderUser.username, leaderUser.password);
    expect((await t.as(leader)('GET', '/api/auth/throttles')).statusCode).toBe(403);
    expect((await t.as(leader)('DELETE', `/api/auth/throttles/${row.id}`)).statusCode).toBe(403);

    const lifted = await t.as(admin)('DELETE', `/api/auth/throttles/${row.id}`);
    expect(lifted.statusCode, lifted.body).toBe(204);
    expect((await login(username, FACTORY_PASSWORD, '198.51.100.88')).statusCode).toBe(200);
    const audit = await t.db.selectFrom('audit_log').select(['action', 'before']).where('action', '=', 'auth.throttle.lift').execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]!.before).toMatchObject({ username, address: '198.51.100.88' });

    const missing = await t.as(admin)('DELETE', `/api/auth/throttles/${row.id}`);
    expect(missing.statusCode).toBe(404);
  });

  it('grows the delay with each further failure', async () => {
    let now = new Date('2025-03-01T01:00:00Z');
    const clocked = await createTestApp({ demo: false, now: () => now });
    const { username } = await createSchoolLeader(clocked.db);
    const at = (password: string) =>
      clocked.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password }, remoteAddress: '198.51.100.9' });
    for (let i = 0; i < 5; i++) expect((await at(`wrong-${i}-w`)).statusCode).toBe(401);
    const first = Number((await at('wrong-6-w')).headers['retry-after']);
    now = new Date(now.getTime() + first * 1000);
    expect((await at('wrong-7-w')).statusCode).toBe(401);
    const second = Number((await at('wrong-8-w')).headers['retry-after']);
    expect(second).toBeGreaterThan(first);
    now = new Date(now.getTime() + second * 1000);
    expect((await at(FACTORY_PASSWORD)).statusCode).toBe(200);
  });
});
