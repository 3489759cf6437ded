/**
 * Two-factor sign-in (TOTP) on the real API: enrolment with a first code, ten recovery codes
 * shown once and kept hashed, sign-in asking for a code after the password, a code or a
 * recovery code never accepted twice, wrong codes refused and throttled, turning it off with
 * the password and a code.
 */
import { Secret, TOTP } from 'otpauth';
import { describe, expect, it } from 'vitest';
import { createTestApp } from '../helpers/app.ts';
import { createDepartmentAdmin, FACTORY_PASSWORD } from '../factories/users.ts';

let clock = new Date('2026-03-02T03:00:00Z');
const t = await createTestApp({ demo: false, now: () => clock });

const codeAt = (secret: string, at = clock) => TOTP.generate({ secret: Secret.fromBase32(secret), timestamp: at.getTime() });
const later = (seconds: number) => {
  clock = new Date(clock.getTime() + seconds * 1000);
};
const login = (username: string, password: string, code?: string, remoteAddress = '127.0.0.1') =>
  t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password, ...(code !== undefined ? { code } : {}) }, remoteAddress });

/** An admin with two-factor sign-in on: its secret and recovery codes. */
async function enrolledAdmin() {
  const admin = await createDepartmentAdmin(t.db);
  const me = await t.signIn(admin.username, FACTORY_PASSWORD);
  const setup = await t.as(me)('POST', '/api/auth/two-factor/setup');
  const { secret } = setup.json() as { secret: string };
  const confirmed = await t.as(me)('POST', '/api/auth/two-factor/confirm', { code: codeAt(secret) });
  expect(confirmed.statusCode, confirmed.body).toBe(200);
  later(30);
  return { admin, me, secret, recoveryCodes: confirmed.json().recoveryCodes as string[] };
}

describe('enrolment', () => {
  it('shows a QR code of the otpauth URI, turns on only with a right code, and gives ten recovery codes once, kept hashed', async () => {
    const admin = await createDepartmentAdmin(t.db);
    const me = await t.signIn(admin.username, FACTORY_PASSWORD);
    expect((await t.as(me)('GET', '/api/auth/two-factor')).json()).toEqual({ enabled: false, enabledAt: null, recoveryCodesLeft: 0 });

    const setup = await t.as(me)('POST', '/api/auth/two-factor/setup');
    expect(setup.statusCode, setup.body).toBe(200);
    const { secret, uri, qrSvg } = setup.json() as { secret: string; uri: string; qrSvg: string };
    expect(uri).toBe(`otpauth://totp/Chung%20Tay:${admin.username}?issuer=Chung%20Tay&secret=${secret}&algorithm=SHA1&digits=6&period=30`);
    expect(qrSvg).toMatch(/^<svg [^>]*viewBox/u);
    expect(secret).toMatch(/^[A-Z2-7]{32}$/u);

    const wrong = await t.as(me)('POST', '/api/auth/two-factor/confirm', { code: String((Number(codeAt(secret)) + 1) % 1_000_000).padStart(6, '0') });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error).toMatchObject({ code: 'TOTP_INVALID', field: 'code' });
    expect((await t.as(me)('GET', '/api/auth/two-factor')).json().enabled).toBe(false);
    // Not on yet: signing in asks for no code.
    expect((await login(admin.username, FACTORY_PASSWORD)).statusCode).toBe(200);

    const ok = await t.as(me)('POST', '/api/auth/two-factor/confirm', { code: codeAt(secret) });
    expect(ok.statusCode, ok.body).toBe(200);
    const codes = ok.json().recoveryCodes as string[];
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    for (const c of codes) expect(c).toMatch(/^[0-9a-z]{4}-[0-9a-z]{4}-[0-9a-z]{4}-[0-9a-z]{4}$/u);
    expect((await t.as(me)('GET', '/api/auth/two-factor')).json()).toMatchObject({ enabled: true, recoveryCodesLeft: 10 });
    // Shown once: a second setup or confirm is refused; only hashes are stored.
    expect((await t.as(me)('POST', '/api/auth/two-factor/setup')).json().error.code).toBe('TOTP_ALREADY_ENABLED');
    const stored = JSON.stringify(await t.db.selectFrom('totp_recovery_code').selectAll().execute());
    for (const c of codes) expect(stored).not.toContain(c.replaceAll('-', ''));
    const audit = await t.db.selectFrom('audit_log').select(['action', 'after']).where('entity_id', '=', admin.id).where('action', 'like', 'account.totp.%').orderBy('id').execute();
    expect(audit.map((a) => a.action)).toEqual(['account.totp.start', 'account.totp.enable']);
    expect(JSON.stringify(audit)).not.toContain(secret);
  });
});

describe('sign-in with two-factor on', () => {
  it('asks for a code after the password, accepts a code once, and refuses a wrong one', async () => {
    const { admin, secret } = await enrolledAdmin();
    const noCode = await login(admin.username, FACTORY_PASSWORD);
    expect(noCode.statusCode).toBe(401);
    expect(noCode.json().error).toMatchObject({ code: 'TOTP_REQUIRED', field: 'code' });
    expect(noCode.cookies.find((c) => c.name === 'ct_session')).toBeUndefined();
    // A wrong password still says only that the credentials are wrong.
    expect((await login(admin.username, 'wrong-password-1', codeAt(secret))).json().error.code).toBe('INVALID_CREDENTIALS');

    const wrong = await login(admin.username, FACTORY_PASSWORD, '000000' === codeAt(secret) ? '111111' : '000000');
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json().error).toMatchObject({ code: 'TOTP_INVALID', field: 'code' });

    const code = codeAt(secret);
    const ok = await login(admin.username, FACTORY_PASSWORD, code);
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.cookies.find((c) => c.name === 'ct_session')).toBeDefined();
    // The same code again, within its 30 seconds: refused.
    expect((await login(admin.username, FACTORY_PASSWORD, code)).json().error.code).toBe('TOTP_INVALID');
    // The next code works; spaces typed in it are ignored.
    later(30);
    const next = codeAt(secret);
    expect((await login(admin.username, FACTORY_PASSWORD, `${next.slice(0, 3)} ${next.slice(3)}`)).statusCode).toBe(200);
    const audit = await t.db.selectFrom('audit_log').select('after').where('action', '=', 'auth.login').where('entity_id', '=', admin.id).orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(audit.after).toMatchObject({ secondFactor: 'totp' });
  });

  it('accepts a recovery code once (as typed, in any case, with or without dashes), then refuses it', async () => {
    const { admin, me, recoveryCodes } = await enrolledAdmin();
    const typed = recoveryCodes[3]!.replaceAll('-', '').toUpperCase();
    const ok = await login(admin.username, FACTORY_PASSWORD, typed);
    expect(ok.statusCode, ok.body).toBe(200);
    expect((await t.as(me)('GET', '/api/auth/two-factor')).json().recoveryCodesLeft).toBe(9);
    const again = await login(admin.username, FACTORY_PASSWORD, recoveryCodes[3]!);
    expect(again.statusCode).toBe(401);
    expect(again.json().error.code).toBe('TOTP_INVALID');
    expect((await login(admin.username, FACTORY_PASSWORD, recoveryCodes[4]!)).statusCode).toBe(200);
  });

  it('throttles wrong codes per account, from any address, like the login', async () => {
    const { admin, secret } = await enrolledAdmin();
    const wrongCode = codeAt(secret) === '123456' ? '654321' : '123456';
    for (let i = 0; i < 5; i++) {
      expect((await login(admin.username, FACTORY_PASSWORD, wrongCode, `203.0.113.${i + 1}`)).json().error.code).toBe('TOTP_INVALID');
    }
    const held = await login(admin.username, FACTORY_PASSWORD, codeAt(secret), '203.0.113.99');
    expect(held.statusCode).toBe(429);
    expect(held.json().error.code).toBe('TOO_MANY_LOGIN_ATTEMPTS');
    // After the delay the right code signs in, and the count starts again.
    later(61);
    expect((await login(admin.username, FACTORY_PASSWORD, codeAt(secret), '203.0.113.99')).statusCode).toBe(200);
  });

  it('is still asked after a password reset', async () => {
    const { admin, secret } = await enrolledAdmin();
    await t.db.updateTable('app_user').set({ email: `${admin.username}@so.hanoi.edu.vn` }).where('id', '=', admin.id).execute();
    await t.as(null)('POST', '/api/auth/password-reset', { login: admin.username });
    const link = await t.db.selectFrom('mail_message').select('link').where('to_address', '=', `${admin.username}@so.hanoi.edu.vn`).orderBy('created_at', 'desc').executeTakeFirstOrThrow();
    expect((await t.as(null)('POST', `/api/auth/tokens/${link.link!.split('/').pop()}`, { password: 'Cầu Long Biên 1902' })).statusCode).toBe(200);
    expect((await login(admin.username, 'Cầu Long Biên 1902')).json().error.code).toBe('TOTP_REQUIRED');
    expect((await login(admin.username, 'Cầu Long Biên 1902', codeAt(secret))).statusCode).toBe(200);
  });
});

describe('turning it off', () => {
  it('needs the password and a code; then signing in asks for no code', async () => {
    const { admin, me, secret } = await enrolledAdmin();
    const wrongPassword = await t.as(me)('POST', '/api/auth/two-factor/disable', { password: 'wrong-password-1', code: codeAt(secret) });
    expect(wrongPassword.statusCode).toBe(400);
    expect(wrongPassword.json().error).toMatchObject({ code: 'PASSWORD_CURRENT_WRONG', field: 'password' });
    const wrongCode = await t.as(me)('POST', '/api/auth/two-factor/disable', { password: FACTORY_PASSWORD, code: '12345' });
    expect(wrongCode.statusCode).toBe(400);
    expect(wrongCode.json().error).toMatchObject({ code: 'TOTP_INVALID', field: 'code' });
    expect((await t.as(me)('GET', '/api/auth/two-factor')).json().enabled).toBe(true);

    const off = await t.as(me)('POST', '/api/auth/two-factor/disable', { password: FACTORY_PASSWORD, code: codeAt(secret) });
    expect(off.statusCode, off.body).toBe(204);
    expect((await t.as(me)('GET', '/api/auth/two-factor')).json()).toEqual({ enabled: false, enabledAt: null, recoveryCodesLeft: 0 });
    expect((await login(admin.username, FACTORY_PASSWORD)).statusCode).toBe(200);
    expect(await t.db.selectFrom('totp_recovery_code').select('id').where('user_id', '=', admin.id).execute()).toEqual([]);
    const audit = await t.db.selectFrom('audit_log').select('after').where('action', '=', 'account.totp.disable').where('entity_id', '=', admin.id).executeTakeFirstOrThrow();
    expect(audit.after).toEqual({ with: 'totp' });
  });
});
