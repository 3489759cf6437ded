/**
 * Live notifications in Chromium: a principal has the app open in two browser windows (two
 * sessions); a pair proposed to the school by the department reaches the bell of both at once,
 * without a reload (server-sent events, fanned out through PostgreSQL LISTEN/NOTIFY).
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchBrowser } from './browser.ts';

const base = inject('baseUrl');
const PASSWORD = 'Hoa sữa nở tháng 10';
let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

async function apiAs(username: string, password = 'ChungTay@2025') {
  const login = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
  const cookie = login.headers.getSetCookie()[0]!.split(';')[0]!;
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  return async <T>(method: string, url: string, body?: unknown): Promise<T> => {
    const res = await fetch(`${base}${url}`, { method, headers: { cookie, 'x-csrf-token': csrfToken, ...(body ? { 'content-type': 'application/json' } : {}) }, ...(body ? { body: JSON.stringify(body) } : {}) });
    if (!res.ok) throw new Error(`${method} ${url}: ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  };
}

/** A fresh browser session (its own cookies) signed in as the user, on the app's home. */
async function signedInWindow(username: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.goto(`${base}/login`);
  await page.getByLabel('Tên đăng nhập').fill(username);
  await page.getByLabel('Mật khẩu').fill(PASSWORD);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.waitForURL(`${base}/app`);
  return page;
}

describe('the bell', () => {
  it('shows a new notification in every open window of the person at once, without a reload', async () => {
    const admin = await apiAs('so.admin');
    const suffix = String(Date.now()).slice(-6);
    const schoolA = await admin<{ id: string }>('POST', '/api/schools', { code: `E2E-CHUONG-A-${suffix}`, name: `Trường Tiểu học Chuông A ${suffix}`, level: 'primary', areaType: 'inner-city' });
    const schoolB = await admin<{ id: string }>('POST', '/api/schools', { code: `E2E-CHUONG-B-${suffix}`, name: `Trường Tiểu học Chuông B ${suffix}`, level: 'primary', areaType: 'suburban' });
    const username = `chuong.ht${suffix}`;
    await admin('POST', '/api/users', { username, displayName: 'Lê Văn Chuông', password: PASSWORD, role: 'school-leader', schoolId: schoolB.id });

    const windows = [await signedInWindow(username), await signedInWindow(username)];
    for (const page of windows) {
      const bell = page.getByTestId('bell');
      await expect.poll(() => bell.getAttribute('data-unread')).toBe('0');
      // A mark that a reload would wipe out.
      await page.evaluate(() => ((window as unknown as { stillHere: boolean }).stillHere = true));
    }

    const campaigns = await admin<{ items: { id: string; number: string }[] }>('GET', '/api/campaigns');
    await admin('POST', '/api/pairs', { campaignId: campaigns.items.find((c) => c.number === '4340/KH-SGDĐT')!.id, schoolIds: [schoolA.id, schoolB.id], confirmCampaignEnded: true });

    for (const page of windows) {
      await expect.poll(() => page.getByTestId('bell').getAttribute('data-unread'), { timeout: 30_000 }).toBe('1');
      expect(await page.evaluate(() => (window as unknown as { stillHere?: boolean }).stillHere)).toBe(true);
    }
    await windows[1]!.getByTestId('bell').click();
    await windows[1]!.waitForURL(`${base}/app/notifications`);
    await windows[1]!.getByText(new RegExp(`Chuông A ${suffix}`, 'u')).first().waitFor();
    for (const page of windows) await page.context().close();
  });
});
