import { describe, expect, it } from 'vitest';
import { createTestApp } from '../helpers/app.ts';

const t = await createTestApp();
const admin = await t.signIn('so.admin');

const login = (username: string, password: string, remoteAddress = '127.0.0.1', headers: Record<string, string> = {}) =>
  t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password }, remoteAddress, headers });

describe('the login throttle', () => {
  it('gives 40 guesses at once no more tries than the policy allows', async () => {
    const answers = await Promise.all(Array.from({ length: 40 }, (_, i) => login('aimob.gv', `wrong-guess-${i}`, '198.51.100.40')));
    const tried = answers.filter((a) => a.statusCode === 401).length;
    const refused = answers.filter((a) => a.statusCode === 429).length;
    expect(tried).toBe(5);
    expect(refused).toBe(35);
  });

  it('does not let the failing address lock the owner out: the right password from another address signs in', async () => {
    for (let i = 0; i < 6; i++) await login('chuphan.ht', `attacker-${i}-x`, '198.51.100.66');
    const attacker = await login('chuphan.ht', 'ChungTay@2025', '198.51.100.66');
    expect(attacker.statusCode).toBe(429);
    expect(Number(attacker.headers['retry-after'])).toBeGreaterThan(0);
    const owner = await login('chuphan.ht', 'ChungTay@2025', '203.0.113.5');
    expect(owner.statusCode).toBe(200);
  });

  it('gives no fresh budget to a made-up X-Forwarded-For', async () => {
    for (let i = 0; i < 5; i++) {
      expect((await login('nhanchinh.ht', `wrong-${i}-y`, '198.51.100.77', { 'x-forwarded-for': `192.0.2.${i}` })).statusCode).toBe(401);
    }
    const sixth = await login('nhanchinh.ht', 'wrong-6-y', '198.51.100.77', { 'x-forwarded-for': '192.0.2.99' });
    expect(sixth.statusCode).toBe(429);
  });

  it('lets the department see the throttles and lift one, with an audit row', async () => {
    for (let i = 0; i < 5; i++) await login('ptdtnt.ht', `wrong-${i}-z`, '198.51.100.88');
    expect((await login('ptdtnt.ht', 'ChungTay@2025', '198.51.100.88')).statusCode).toBe(429);

    const list = await t.as(admin)('GET', '/api/auth/throttles');
    expect(list.statusCode, list.body).toBe(200);
    const row = list.json().items.find((r: { username: string | null; address: string }) => r.username === 'ptdtnt.ht');
    expect(row).toMatchObject({ username: 'ptdtnt.ht', address: '198.51.100.88', failures: 5 });
    expect(Date.parse(row.blockedUntil)).toBeGreaterThan(Date.now());

    // Only the department may see or lift them.
    const leader = await t.signIn('aimob.ht');
    expect((await t.as(leader)('GET', '/api/auth/throttles')).statusCode).toBe(403);
    expect((await t.as(leader)('DELETE', `/api/auth/throttles/${row.id}`)).statusCode).toBe(403);

    const lifted = await t.as(admin)('DELETE', `/api/auth/throttles/${row.id}`);
    expect(lifted.statusCode, lifted.body).toBe(204);
    expect((await login('ptdtnt.ht', 'ChungTay@2025', '198.51.100.88')).statusCode).toBe(200);
    const audit = await t.db.selectFrom('audit_log').select(['action', 'before']).where('action', '=', 'auth.throttle.lift').execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]!.before).toMatchObject({ username: 'ptdtnt.ht', address: '198.51.100.88' });

    const missing = await t.as(admin)('DELETE', `/api/auth/throttles/${row.id}`);
    expect(missing.statusCode).toBe(404);
  });

  it('grows the delay with each further failure', async () => {
    let now = new Date('2025-03-01T01:00:00Z');
    const clocked = await createTestApp({ now: () => now });
    const at = (password: string) =>
      clocked.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'aimob.ht', password }, remoteAddress: '198.51.100.9' });
    for (let i = 0; i < 5; i++) expect((await at(`wrong-${i}-w`)).statusCode).toBe(401);
    const first = Number((await at('wrong-6-w')).headers['retry-after']);
    now = new Date(now.getTime() + first * 1000);
    expect((await at('wrong-7-w')).statusCode).toBe(401);
    const second = Number((await at('wrong-8-w')).headers['retry-after']);
    expect(second).toBeGreaterThan(first);
    now = new Date(now.getTime() + second * 1000);
    expect((await at('ChungTay@2025')).statusCode).toBe(200);
  });
});
