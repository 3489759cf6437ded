import { describe, expect, it } from 'vitest';
import { createTestApp } from '../helpers/app.ts';
import { createSchool } from '../factories/schools.ts';
import { createSchoolLeader, createTeacher, FACTORY_PASSWORD } from '../factories/users.ts';

const t = await createTestApp({ demo: false });
/** A new account of its own for each test: no test shares a session, a throttle or a locale. */
const signedInLeader = async () => {
  const u = await createSchoolLeader(t.db);
  return t.signIn(u.username, u.password);
};

describe('signing in and out', () => {
  it('sets an HttpOnly, SameSite session cookie and returns the user with role and school', async () => {
    const school = await createSchool(t.db, { name: 'Trường Tiểu học Ái Mộ B' });
    const leader = await createSchoolLeader(t.db, { username: 'aimob.ht', displayName: 'Hoàng Thị Bích Thu', school });
    const res = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'aimob.ht', password: leader.password } });
    expect(res.statusCode).toBe(200);
    const cookie = res.cookies.find((c) => c.name === 'ct_session')!;
    expect(cookie.httpOnly).toBe(true);
    expect(cookie.sameSite).toBe('Lax');
    expect(res.json()).toMatchObject({ username: 'aimob.ht', role: 'school-leader', school: { name: 'Trường Tiểu học Ái Mộ B' } });

    const me = await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: `ct_session=${cookie.value}` } });
    expect(me.json()).toMatchObject({ displayName: 'Hoàng Thị Bích Thu', role: 'school-leader' });
  });

  it('ends the session on sign-out: the old cookie no longer works', async () => {
    const user = await signedInLeader();
    expect((await t.as(user)('POST', '/api/auth/logout')).statusCode).toBe(204);
    const me = await t.as(user)('GET', '/api/auth/me');
    expect(me.statusCode).toBe(401);
    expect(me.json().error.code).toBe('NOT_AUTHENTICATED');
  });

  it('refuses a wrong password with a Vietnamese message, in English when the user chose it', async () => {
    const { username } = await createSchoolLeader(t.db);
    const vi = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: 'sai-mat-khau-1' } });
    expect(vi.statusCode).toBe(401);
    expect(vi.json()).toEqual({ error: { code: 'INVALID_CREDENTIALS', message: 'Tên đăng nhập hoặc mật khẩu không đúng.' } });
    expect(vi.cookies.find((c) => c.name === 'ct_session')).toBeUndefined();

    const en = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username, password: 'wrong-password-1' },
      headers: { cookie: 'ct_lang=en' },
    });
    expect(en.json().error.message).toBe('Wrong username or password.');
  });

  it('throttles a username after five failures, even when the sixth password is right', async () => {
    const [target, other] = [await createSchoolLeader(t.db), await createTeacher(t.db)];
    for (let i = 0; i < 5; i++) {
      const res = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: target.username, password: `wrong-${i}-x` } });
      expect(res.statusCode).toBe(401);
    }
    const blocked = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: target.username, password: FACTORY_PASSWORD } });
    expect(blocked.statusCode).toBe(429);
    expect(blocked.json().error.code).toBe('TOO_MANY_LOGIN_ATTEMPTS');
    expect(blocked.json().error.message).toMatch(/thử lại sau \d+ phút/u);
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
    // Another user is not affected.
    await expect(t.signIn(other.username, other.password)).resolves.toBeTruthy();
  });

  it('refuses a change without the CSRF token of the session', async () => {
    const user = await signedInLeader();
    const res = await t.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie: user.cookie } });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('CSRF_TOKEN_INVALID');
    const wrong = await t.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie: user.cookie, 'x-csrf-token': 'forged' } });
    expect(wrong.statusCode).toBe(403);
    // The session is still alive.
    expect((await t.as(user)('GET', '/api/auth/me')).statusCode).toBe(200);
  });

  it('refuses a login body that is not JSON (no cross-site form posts)', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: `username=aimob.ht&password=${FACTORY_PASSWORD}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(res.statusCode).toBe(415);
  });
});

describe('the session question the page asks', () => {
  it('answers null for a visitor and the user for a signed-in caller, without an error', async () => {
    const visitor = await t.as(null)('GET', '/api/auth/session');
    expect(visitor.statusCode).toBe(200);
    expect(visitor.json()).toEqual({ user: null });
    const teacher = await createTeacher(t.db);
    const user = await t.signIn(teacher.username, teacher.password);
    const res = await t.as(user)('GET', '/api/auth/session');
    expect(res.json().user).toMatchObject({ username: teacher.username, role: 'teacher', csrfToken: user.csrfToken });
  });
});
