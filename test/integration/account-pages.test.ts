/**
 * The account pages the server renders (docs/decisions/0027): "forgot password" and the pages
 * the invitation, password-reset and unsubscribe mails link to — over real HTTP (`inject`), in
 * Vietnamese and English, with labelled fields and one small script, never the app's bundle; an
 * unknown, used or expired link is a 404 page saying what to do.
 */
import { describe, expect, it } from 'vitest';
import { scriptsOf } from '../../scripts/js-budget.mjs';
import { NOTIFICATION_KINDS } from '#src/core/notifications/kinds.ts';
import { unsubscribeTokenFor } from '#src/server/mail/mail.repository.ts';
import { createTestApp } from '../helpers/app.ts';
import { createSchool } from '../factories/schools.ts';
import { createDepartmentAdmin, createTeacher, FACTORY_PASSWORD } from '../factories/users.ts';
import { unique } from '../factories/unique.ts';

let clock = new Date('2026-03-02T03:00:00Z');
const t = await createTestApp({ demo: false, now: () => clock });
const pub = t.as(null);
const admin = await createDepartmentAdmin(t.db);
const school = await createSchool(t.db);

/** The path of the last link mailed to an address (`/invite/…`, `/reset/…`). */
async function lastLink(to: string): Promise<string> {
  const row = await t.db.selectFrom('mail_message').select('link').where('to_address', '=', to).orderBy('created_at', 'desc').executeTakeFirstOrThrow();
  return row.link!;
}

/** A page of ours: HTML, the one small script of the account forms (or none), nothing of the app. */
function expectOwnPage(res: { statusCode: number; headers: Record<string, unknown>; body: string }, lang: 'vi' | 'en', script: boolean) {
  expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
  expect(res.body).toContain(`<html lang="${lang}">`);
  expect(scriptsOf(res.body)).toEqual(script ? ['/account-forms.ts'] : []);
  expect(res.body).not.toMatch(/assets\/index|id="root"/u);
  expect(res.body).toContain('<meta name="robots" content="noindex">');
}

async function invite(displayName: string): Promise<{ email: string; username: string; path: string }> {
  const signedIn = await t.signIn(admin.username, FACTORY_PASSWORD);
  const email = `${unique('ht')}@truong.edu.vn`;
  const username = unique('ht');
  const res = await t.as(signedIn)('POST', '/api/users', { username, displayName, email, role: 'school-leader', schoolId: school.id });
  expect(res.statusCode, res.body).toBe(201);
  return { email, username, path: await lastLink(email) };
}

describe('forgot password', () => {
  it('is a labelled form in Vietnamese or English, sent by the small script to the reset API', async () => {
    const vi = await pub('GET', '/forgot-password');
    expect(vi.statusCode).toBe(200);
    expectOwnPage(vi, 'vi', true);
    expect(vi.body).toContain('<h1>Quên mật khẩu</h1>');
    expect(vi.body).toContain('<label for="login">Email hoặc tên đăng nhập</label>');
    expect(vi.body).toContain('action="/api/auth/password-reset"');
    expect(vi.body).toContain('Về trang đăng nhập');
    expect(vi.body).toMatch(/<noscript><div class="alert warn">Trang này cần JavaScript/u);
    // The confirmation, shown once sent, names what was typed (the script fills it in).
    expect(vi.body).toContain('Nếu “<span id="sent-login"></span>” ứng với một tài khoản có email');
    const en = await pub('GET', '/forgot-password?lang=en');
    expectOwnPage(en, 'en', true);
    expect(en.body).toContain('<h1>Forgot password</h1>');
    expect(en.body).toContain('<label for="login">E-mail or username</label>');
    expect(en.body).toContain('<link rel="alternate" hreflang="vi" href="https://chungtay.example.vn/forgot-password?lang=vi">');
  });
});

describe('the invitation page', () => {
  it('greets the invited person with the password form; the password rules are the API’s', async () => {
    const { path, username } = await invite('Phạm Thị Hiệu');
    expect(path).toMatch(/^\/invite\/[A-Za-z0-9_-]{43}$/u);
    const vi = await pub('GET', path);
    expect(vi.statusCode).toBe(200);
    expect(vi.headers['cache-control']).toBe('no-store');
    expectOwnPage(vi, 'vi', true);
    expect(vi.body).toContain('<h1>Chào mừng Phạm Thị Hiệu đến với Chung Tay</h1>');
    expect(vi.body).toContain(`Tên đăng nhập của bạn là ${username}.`);
    expect(vi.body).toContain('<label for="password">Mật khẩu mới</label>');
    expect(vi.body).toContain('<label for="confirm">Nhập lại mật khẩu mới</label>');
    expect(vi.body).toContain('aria-describedby="password-rules password-error"');
    expect(vi.body).toContain('Ít nhất 10 ký tự, có chữ và số');
    expect(vi.body).toContain(`action="${path.replace('/invite/', '/api/auth/tokens/')}"`);
    expect(vi.body).toContain('Đường dẫn dùng được đến 09/03/2026 10:00.');
    const en = await pub('GET', `${path}?lang=en`);
    expectOwnPage(en, 'en', true);
    expect(en.body).toContain('<h1>Welcome to Chung Tay, Phạm Thị Hiệu</h1>');
    expect(en.body).toContain('<label for="password">New password</label>');

    // What the form sends: the API refuses a common password under the field, in the page's language.
    const token = path.split('/').pop()!;
    const weak = await pub('POST', `/api/auth/tokens/${token}`, { password: 'qwerty123456' }, { 'accept-language': 'en' });
    expect(weak.statusCode).toBe(400);
    expect(weak.json().error.field).toBe('password');
    // Once used, the page says the link no longer works.
    expect((await pub('POST', `/api/auth/tokens/${token}`, { password: 'Hoa ban nở tháng 3' })).statusCode).toBe(200);
    const used = await pub('GET', path);
    expect(used.statusCode).toBe(404);
    expectOwnPage(used, 'vi', false);
    expect(used.body).toContain('<h1>Đường dẫn này không còn dùng được</h1>');
    expect(used.body).toContain('Mỗi lời mời chỉ dùng được một lần, trong 7 ngày');
    expect(used.body).toContain('href="/login">Đăng nhập</a>');
    expect(used.body).not.toContain('id="set-password"');
  });

  it('an expired or unknown link says so, in Vietnamese or English; an invitation is no reset link', async () => {
    const { path } = await invite('Lê Văn Muộn');
    const saved = clock;
    clock = new Date(saved.getTime() + 7 * 24 * 3600 * 1000 + 1000);
    try {
      const late = await pub('GET', path);
      expect(late.statusCode).toBe(404);
      expect(late.body).toContain('Đường dẫn này không còn dùng được');
    } finally {
      clock = saved;
    }
    const unknown = await pub('GET', '/invite/x?lang=en');
    expect(unknown.statusCode).toBe(404);
    expectOwnPage(unknown, 'en', false);
    expect(unknown.body).toContain('<h1>This link no longer works</h1>');
    expect(unknown.body).toContain('An invitation works once, within 7 days');
    const asReset = await pub('GET', path.replace('/invite/', '/reset/'));
    expect(asReset.statusCode).toBe(404);
    expect(asReset.body).toContain('Mỗi đường dẫn đặt lại mật khẩu chỉ dùng được một lần, trong 60 phút');
    expect(asReset.body).toContain('href="/forgot-password">Yêu cầu đường dẫn mới</a>');
  });
});

describe('the password-reset page', () => {
  it('offers the new-password form for a live link, and says what to do for an expired one', async () => {
    const email = `${unique('gv')}@truong.edu.vn`;
    const teacher = await createTeacher(t.db, { school, email, displayName: 'Nguyễn Văn Quên' });
    expect((await pub('POST', '/api/auth/password-reset', { login: email })).statusCode).toBe(202);
    const path = await lastLink(email);
    expect(path).toMatch(/^\/reset\//u);
    const vi = await pub('GET', path);
    expect(vi.statusCode).toBe(200);
    expectOwnPage(vi, 'vi', true);
    expect(vi.body).toContain('<h1>Đặt lại mật khẩu</h1>');
    expect(vi.body).toContain(`Đặt mật khẩu mới cho tài khoản ${teacher.username} (Nguyễn Văn Quên).`);
    expect(vi.body).toContain('Đặt mật khẩu mới và đăng nhập');
    const en = await pub('GET', path, undefined, { cookie: 'ct_lang=en' });
    expectOwnPage(en, 'en', true);
    expect(en.body).toContain('<h1>Reset your password</h1>');
    expect(en.body).toContain('Set new password and sign in');
    const saved = clock;
    clock = new Date(saved.getTime() + 60 * 60 * 1000 + 1000);
    try {
      const late = await pub('GET', `${path}?lang=en`);
      expect(late.statusCode).toBe(404);
      expect(late.body).toContain('A password-reset link works once, within 60 minutes');
    } finally {
      clock = saved;
    }
  });
});

describe('the unsubscribe page', () => {
  it('says which mails stop and to whom, in Vietnamese or English; an unknown link says it is not valid', async () => {
    const teacher = await createTeacher(t.db, { school, email: `${unique('gv')}@truong.edu.vn` });
    const token = await unsubscribeTokenFor(t.db, teacher.id, 'pair.proposed');
    const vi = await pub('GET', `/unsubscribe/${token}`);
    expect(vi.statusCode).toBe(200);
    expectOwnPage(vi, 'vi', true);
    expect(vi.body).toContain('<h1>Hủy nhận thư</h1>');
    expect(vi.body).toContain('Không gửi thư điện tử loại “Cặp kết nghĩa được đề xuất cho trường” đến');
    expect(vi.body).toContain(`action="/api/mail/unsubscribe/${token}"`);
    expect(vi.body).toContain('Hủy nhận thư loại này</button>');
    const en = await pub('GET', `/unsubscribe/${token}?lang=en`);
    expectOwnPage(en, 'en', true);
    expect(en.body).toContain('Stop e-mails of the kind “A pair proposed to my school”');
    // The form's request: the kind stops by mail (kept in the app).
    expect((await pub('POST', `/api/mail/unsubscribe/${token}`)).statusCode).toBe(200);
    const pref = await t.db.selectFrom('notification_preference').select(['kind', 'channel']).where('user_id', '=', teacher.id).execute();
    expect(pref).toEqual([{ kind: 'pair.proposed', channel: 'app' }]);

    const unknown = await pub('GET', '/unsubscribe/not-a-real-token-at-all');
    expect(unknown.statusCode).toBe(404);
    expectOwnPage(unknown, 'vi', false);
    expect(unknown.body).toContain('Liên kết hủy nhận thư không hợp lệ.');
    expect((await pub('GET', '/unsubscribe/not-a-real-token-at-all?lang=en')).body).toContain('This unsubscribe link is not valid.');
  });

  it('names every kind of mail a link can stop, in both languages (a new kind needs its label here too)', async () => {
    const teacher = await createTeacher(t.db, { school, email: `${unique('gv')}@truong.edu.vn` });
    for (const kind of [...NOTIFICATION_KINDS, 'digest']) {
      const token = await unsubscribeTokenFor(t.db, teacher.id, kind);
      for (const lang of ['vi', 'en']) {
        const res = await pub('GET', `/unsubscribe/${token}?lang=${lang}`);
        expect(res.statusCode).toBe(200);
        expect(res.body, `${kind} (${lang})`).toMatch(/“[^”]+”/u);
        expect(res.body, `${kind} (${lang})`).not.toContain(`“${kind}”`);
      }
    }
  });
});
