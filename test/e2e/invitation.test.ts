/**
 * Onboarding in Chromium: the department admin invites a principal on the accounts page, the
 * principal opens the link from the .eml file in the outbox, sets a password, is signed in and
 * sees in the bell the pair waiting for the school's acceptance, then stops that kind of mail by
 * the mail's unsubscribe link; a forgotten password is reset by the mailed link. The pages the
 * mails link to are the server's, with one small script (docs/decisions/0027).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { expectAccessible, launchBrowser } from './browser.ts';

const base = inject('baseUrl');
const outbox = join(inject('dataDir'), 'outbox');
let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

async function apiAs(username: string) {
  const login = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: 'ChungTay@2025' }) });
  const cookie = login.headers.getSetCookie()[0]!.split(';')[0]!;
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  return async <T>(method: string, url: string, body?: unknown): Promise<T> => {
    const res = await fetch(`${base}${url}`, { method, headers: { cookie, 'x-csrf-token': csrfToken, ...(body ? { 'content-type': 'application/json' } : {}) }, ...(body ? { body: JSON.stringify(body) } : {}) });
    if (!res.ok) throw new Error(`${method} ${url}: ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  };
}

/** The .eml file written for an address (and containing `text`, when given), once the mail job has written it. */
async function emlTo(address: string, text = ''): Promise<string> {
  for (let i = 0; i < 300; i++) {
    let names: string[] = [];
    try {
      names = readdirSync(outbox);
    } catch {
      // not written yet
    }
    const found = names.map((n) => readFileSync(join(outbox, n), 'utf8')).find((t) => t.includes(`To: ${address}`) && t.replace(/=\r?\n/gu, '').includes(text));
    if (found) return found;
    await sleep(200);
  }
  throw new Error(`no mail to ${address} in ${outbox}`);
}

describe('an admin invites a principal', () => {
  it('who opens the mailed link, sets a password, is signed in, sees the pair waiting in the bell and unsubscribes from its mails', async () => {
    const admin = await apiAs('so.admin');
    const suffix = String(Date.now()).slice(-6);
    // Schools of this test alone (the e2e files share one server and its demo data).
    const schoolA = await admin<{ id: string }>('POST', '/api/schools', { code: `E2E-MOI-A-${suffix}`, name: `Trường Tiểu học Thử Mời A ${suffix}`, level: 'primary', areaType: 'inner-city' });
    const schoolB = await admin<{ id: string }>('POST', '/api/schools', { code: `E2E-MOI-B-${suffix}`, name: `Trường Tiểu học Thử Mời B ${suffix}`, level: 'primary', areaType: 'suburban' });

    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${base}/login`);
    await page.getByLabel('Tên đăng nhập').fill('so.admin');
    await page.getByLabel('Mật khẩu').fill('ChungTay@2025');
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.waitForURL(`${base}/app`);
    await page.goto(`${base}/app/users`);
    await page.getByRole('button', { name: 'Tạo tài khoản' }).click();
    const dialog = page.getByRole('dialog');
    const username = `moi.ht${suffix}`;
    const email = `${username}@thumoi.edu.vn`;
    await dialog.getByLabel('Họ và tên').fill('Phạm Thị Hiệu');
    await dialog.getByLabel('Tên đăng nhập').fill(username);
    await dialog.getByLabel('Email').fill(email);
    await dialog.getByLabel('Vai trò').click();
    await page.locator('.ant-select-item-option', { hasText: 'Lãnh đạo nhà trường' }).click();
    await dialog.getByLabel('Trường').fill(`Thử Mời A ${suffix}`);
    await page.locator('.ant-select-item-option', { hasText: `Thử Mời A ${suffix}` }).click();
    await dialog.getByRole('button', { name: 'Lưu' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.close();

    // The department proposes a pair with the principal's school: it waits for their acceptance.
    const campaigns = await admin<{ items: { id: string; number: string }[] }>('GET', '/api/campaigns');
    await admin('POST', '/api/pairs', { campaignId: campaigns.items.find((c) => c.number === '4340/KH-SGDĐT')!.id, schoolIds: [schoolA.id, schoolB.id], confirmCampaignEnded: true });

    // The link of the invitation, from the .eml file (quoted-printable soft breaks undone).
    const eml = (await emlTo(email)).replace(/=\r?\n/gu, '');
    const link = new RegExp(`${base.replaceAll('.', '\\.')}/invite/[A-Za-z0-9_-]{43}`, 'u').exec(eml)?.[0];
    expect(link).toBeDefined();

    const phone = await browser.newPage({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    await phone.goto(link!);
    await phone.getByRole('heading', { name: 'Chào mừng Phạm Thị Hiệu đến với Chung Tay' }).waitFor();
    // A page of the server with its one small script, not the app (docs/decisions/0027).
    expect(await phone.locator('#root').count()).toBe(0);
    await expectAccessible(phone);
    const password = phone.getByLabel('Mật khẩu mới', { exact: true });
    const confirm = phone.getByLabel('Nhập lại mật khẩu mới');
    // Two different passwords: said under the second field, nothing sent.
    await password.fill('Hoa sữa nở tháng 10');
    await confirm.fill('Hoa sữa nở tháng 11');
    await phone.getByRole('button', { name: 'Đặt mật khẩu và đăng nhập' }).click();
    await expect.poll(() => confirm.getAttribute('aria-invalid')).toBe('true');
    await expect.poll(() => phone.locator('#confirm-error').textContent()).toBe('Hai mật khẩu không giống nhau.');
    // A common password: the server's rule and message, under the password field.
    await password.fill('qwerty123456');
    await confirm.fill('qwerty123456');
    await phone.getByRole('button', { name: 'Đặt mật khẩu và đăng nhập' }).click();
    await expect.poll(() => phone.locator('#password-error').textContent()).toMatch(/phổ biến/u);
    expect(await password.getAttribute('aria-invalid')).toBe('true');
    await expectAccessible(phone);
    await password.fill('Hoa sữa nở tháng 10');
    await confirm.fill('Hoa sữa nở tháng 10');
    await phone.getByRole('button', { name: 'Đặt mật khẩu và đăng nhập' }).click();
    await phone.waitForURL(`${base}/app`);
    const bell = phone.getByTestId('bell');
    await expect.poll(async () => bell.getAttribute('aria-label'), { timeout: 30_000 }).toMatch(/1/u);
    await bell.click();
    await phone.waitForURL(`${base}/app/notifications`);
    await phone.getByText(new RegExp(`Thử Mời A ${suffix}`, 'u')).first().waitFor();
    // The link works once.
    await phone.goto(link!);
    await phone.getByText('Đường dẫn này không còn dùng được').waitFor();

    // The mail about the proposal has an unsubscribe link: one click stops that kind of mail.
    const proposal = (await emlTo(email, '/unsubscribe/')).replace(/=\r?\n/gu, '');
    const unsubscribe = new RegExp(`${base.replaceAll('.', '\\.')}/unsubscribe/[A-Za-z0-9_-]+`, 'u').exec(proposal)?.[0];
    expect(unsubscribe).toBeDefined();
    await phone.goto(unsubscribe!);
    await phone.getByRole('heading', { name: 'Hủy nhận thư' }).waitFor();
    expect(await phone.locator('#root').count()).toBe(0);
    await expectAccessible(phone);
    await phone.getByRole('button', { name: 'Hủy nhận thư loại này' }).click();
    await phone.getByRole('heading', { name: /^✓ Đã hủy nhận thư “/u }).waitFor();
    await phone.close();
  });

  it('who forgets the password asks for a link on the sign-in page, and the mailed link sets a new one (in English)', async () => {
    const admin = await apiAs('so.admin');
    const suffix = String(Date.now()).slice(-6);
    const school = await admin<{ id: string }>('POST', '/api/schools', { code: `E2E-QUEN-${suffix}`, name: `Trường Tiểu học Thử Quên ${suffix}`, level: 'primary', areaType: 'inner-city' });
    const username = `quen.gv${suffix}`;
    const email = `${username}@thuquen.edu.vn`;
    await admin('POST', '/api/users', { username, displayName: 'Đỗ Văn Quên', email, password: 'Mật khẩu cũ số 1', role: 'teacher', schoolId: school.id });

    const phone = await browser.newPage({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    await phone.goto(`${base}/login?lang=en`);
    await phone.getByRole('link', { name: 'Forgot password?' }).click();
    await phone.waitForURL(`${base}/forgot-password`);
    await phone.getByRole('heading', { name: 'Forgot password' }).waitFor();
    expect(await phone.locator('#root').count()).toBe(0);
    await expectAccessible(phone);
    // Nothing typed: said under the field.
    await phone.getByRole('button', { name: 'Send the link' }).click();
    await expect.poll(() => phone.locator('#login-error').textContent()).toBe('Please fill this in.');
    await phone.getByLabel('E-mail or username').fill(email);
    await phone.getByRole('button', { name: 'Send the link' }).click();
    await phone.getByRole('heading', { name: 'Check your inbox' }).waitFor();
    await phone.getByText(`If “${email}” belongs to an account`).waitFor();

    const eml = (await emlTo(email)).replace(/=\r?\n/gu, '');
    const link = new RegExp(`${base.replaceAll('.', '\\.')}/reset/[A-Za-z0-9_-]{43}`, 'u').exec(eml)?.[0];
    expect(link).toBeDefined();
    await phone.goto(link!);
    await phone.getByRole('heading', { name: 'Reset your password' }).waitFor();
    await expectAccessible(phone);
    await phone.getByLabel('New password', { exact: true }).fill('Mưa phùn tháng 2 năm 26');
    await phone.getByLabel('New password again').fill('Mưa phùn tháng 2 năm 26');
    await phone.getByRole('button', { name: 'Set new password and sign in' }).click();
    await phone.waitForURL(`${base}/app`);
    // The link works once.
    await phone.goto(link!);
    await phone.getByRole('heading', { name: 'This link no longer works' }).waitFor();
    await phone.getByRole('link', { name: 'Ask for a new link' }).waitFor();
    await phone.close();
  });
});
