/**
 * One's own account (password, sessions) and one-time links (invitation, password reset), on
 * the real API: tokens single-use and expiring, the same answer for a known and an unknown
 * address, a reset ending other sessions.
 */
import { describe, expect, it } from 'vitest';
import { createTestApp } from '../helpers/app.ts';
import { createSchool } from '../factories/schools.ts';
import { createDepartmentAdmin, createTeacher, FACTORY_PASSWORD } from '../factories/users.ts';
import { unique } from '../factories/unique.ts';

let clock = new Date('2026-03-02T03:00:00Z');
const t = await createTestApp({ demo: false, now: () => clock });
const admin = await createDepartmentAdmin(t.db);
const school = await createSchool(t.db);

/** The path of the last one-time link mailed to an address (`/invite/…`, `/reset/…`). */
async function lastLink(to: string): Promise<string | null> {
  const row = await t.db.selectFrom('mail_message').select('link').where('to_address', '=', to).orderBy('created_at', 'desc').executeTakeFirst();
  return row?.link ?? null;
}
const mailsTo = async (to: string) => (await t.db.selectFrom('mail_message').select('id').where('to_address', '=', to).execute()).length;

describe('own account', () => {
  it('changes the password: the current one must be right, a common one is refused, other sessions end', async () => {
    const teacher = await createTeacher(t.db, { school });
    const laptop = await t.signIn(teacher.username, FACTORY_PASSWORD);
    const phone = await t.signIn(teacher.username, FACTORY_PASSWORD);
    const wrong = await t.as(laptop)('POST', '/api/auth/password', { currentPassword: 'nope-nope-1', newPassword: 'Sen hồng nở 7 giờ' });
    expect(wrong.json().error).toMatchObject({ code: 'PASSWORD_CURRENT_WRONG', field: 'currentPassword' });
    const common = await t.as(laptop)('POST', '/api/auth/password', { currentPassword: FACTORY_PASSWORD, newPassword: 'Password123' });
    expect(common.json().error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'newPassword' });
    expect(common.json().error.message).toMatch(/phổ biến/u);

    const sessions = (await t.as(laptop)('GET', '/api/auth/sessions')).json().items as { current: boolean }[];
    expect(sessions.filter((s) => s.current)).toHaveLength(1);
    expect(sessions.length).toBeGreaterThanOrEqual(2);

    const ok = await t.as(laptop)('POST', '/api/auth/password', { currentPassword: FACTORY_PASSWORD, newPassword: 'Sen hồng nở 7 giờ' });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().sessionsEnded).toBe(1);
    expect((await t.as(phone)('GET', '/api/auth/me')).statusCode).toBe(401);
    expect((await t.as(laptop)('GET', '/api/auth/me')).statusCode).toBe(200);
    await expect(t.signIn(teacher.username, FACTORY_PASSWORD)).rejects.toThrow(/401/u);
    await t.signIn(teacher.username, 'Sen hồng nở 7 giờ');
  });

  it('signs out everywhere else, keeping this device', async () => {
    const teacher = await createTeacher(t.db, { school });
    const a = await t.signIn(teacher.username, FACTORY_PASSWORD);
    const b = await t.signIn(teacher.username, FACTORY_PASSWORD);
    const c = await t.signIn(teacher.username, FACTORY_PASSWORD);
    expect((await t.as(a)('DELETE', '/api/auth/sessions')).json().sessionsEnded).toBe(2);
    expect((await t.as(b)('GET', '/api/auth/me')).statusCode).toBe(401);
    expect((await t.as(c)('GET', '/api/auth/me')).statusCode).toBe(401);
    expect((await t.as(a)('GET', '/api/auth/sessions')).json().items).toHaveLength(1);
  });
});

describe('invitations', () => {
  it('an admin invites a principal: the link sets a password once, then the principal signs in', async () => {
    const signedIn = await t.signIn(admin.username, FACTORY_PASSWORD);
    const email = `${unique('ht')}@truong.edu.vn`;
    const res = await t.as(signedIn)('POST', '/api/users', { username: unique('ht'), displayName: 'Phạm Thị Hiệu', email, role: 'school-leader', schoolId: school.id });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().account.status).toBe('invited');
    const link = await lastLink(email);
    expect(link).toMatch(/^\/invite\/[A-Za-z0-9_-]{43}$/u);
    const token = link!.split('/').pop()!;
    // Invited, no password: cannot sign in yet.
    await expect(t.signIn(res.json().username, 'not-a-real-password-0')).rejects.toThrow(/401/u);

    expect((await t.as(null)('GET', `/api/auth/tokens/${token}`)).json()).toMatchObject({ purpose: 'invitation', displayName: 'Phạm Thị Hiệu' });
    const weak = await t.as(null)('POST', `/api/auth/tokens/${token}`, { password: 'qwerty123456' });
    expect(weak.json().error.field).toBe('password');
    const set = await t.as(null)('POST', `/api/auth/tokens/${token}`, { password: 'Hoa ban nở tháng 3' });
    expect(set.statusCode, set.body).toBe(200);
    await t.signIn(res.json().username, 'Hoa ban nở tháng 3');
    // Single use.
    const again = await t.as(null)('POST', `/api/auth/tokens/${token}`, { password: 'Hoa ban nở tháng 4' });
    expect(again.json().error).toMatchObject({ code: 'TOKEN_INVALID', field: 'token' });
    expect((await t.as(null)('GET', `/api/auth/tokens/${token}`)).statusCode).toBe(400);
    // The token is stored only as a hash.
    const stored = await t.db.selectFrom('account_token').selectAll().execute();
    expect(JSON.stringify(stored)).not.toContain(token);
  });

  it('an invitation expires after seven days', async () => {
    const signedIn = await t.signIn(admin.username, FACTORY_PASSWORD);
    const email = `${unique('gv')}@truong.edu.vn`;
    await t.as(signedIn)('POST', '/api/users', { username: unique('gv'), displayName: 'Lê Văn Muộn', email, role: 'teacher', schoolId: school.id });
    const token = (await lastLink(email))!.split('/').pop()!;
    const saved = clock;
    clock = new Date(saved.getTime() + 7 * 24 * 3600 * 1000 + 1000);
    try {
      const late = await t.as(null)('POST', `/api/auth/tokens/${token}`, { password: 'Hoa ban nở tháng 3' });
      expect(late.json().error.code).toBe('TOKEN_INVALID');
    } finally {
      clock = saved;
    }
  });
});

describe('password reset', () => {
  it('answers the same for a known and an unknown address, and mails only the known one', async () => {
    const email = `${unique('gv')}@truong.edu.vn`;
    await createTeacher(t.db, { school, email });
    const known = await t.as(null)('POST', '/api/auth/password-reset', { login: email.toUpperCase() });
    const unknown = await t.as(null)('POST', '/api/auth/password-reset', { login: 'khong.ai@truong.edu.vn' });
    expect(known.statusCode).toBe(202);
    expect(unknown.statusCode).toBe(202);
    expect(known.body).toBe(unknown.body);
    expect(await mailsTo(email)).toBe(1);
    expect(await mailsTo('khong.ai@truong.edu.vn')).toBe(0);
  });

  it('a reset link works once, expires after an hour, and ends every session', async () => {
    const email = `${unique('gv')}@truong.edu.vn`;
    const teacher = await createTeacher(t.db, { school, email });
    const phone = await t.signIn(teacher.username, FACTORY_PASSWORD);
    await t.as(null)('POST', '/api/auth/password-reset', { login: email });
    const token = (await lastLink(email))!.split('/').pop()!;
    expect((await t.as(null)('POST', `/api/auth/tokens/${token}`, { password: 'Mưa phùn tháng 2 năm 26' })).statusCode).toBe(200);
    expect((await t.as(phone)('GET', '/api/auth/me')).statusCode).toBe(401);
    await t.signIn(teacher.username, 'Mưa phùn tháng 2 năm 26');
    expect((await t.as(null)('POST', `/api/auth/tokens/${token}`, { password: 'Mưa phùn tháng 2 năm 27' })).json().error.code).toBe('TOKEN_INVALID');

    await t.as(null)('POST', '/api/auth/password-reset', { login: teacher.username });
    const second = (await lastLink(email))!.split('/').pop()!;
    const saved = clock;
    clock = new Date(saved.getTime() + 60 * 60 * 1000 + 1000);
    try {
      expect((await t.as(null)('POST', `/api/auth/tokens/${second}`, { password: 'Mưa phùn tháng 2 năm 28' })).json().error.code).toBe('TOKEN_INVALID');
    } finally {
      clock = saved;
    }
  });
});
