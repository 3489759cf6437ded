import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { expectAccessible, launchBrowser } from './browser.ts';

const base = inject('baseUrl');
let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

/** The numbers the server gives aimob.ht, to compare with what the page shows. */
async function apiCountsOf(username: string) {
  const login = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: 'ChungTay@2025' }),
  });
  const cookie = login.headers.getSetCookie()[0]!.split(';')[0]!;
  const d = (await (await fetch(`${base}/api/dashboard`, { headers: { cookie } })).json()) as {
    counts: { schools: number; pairs: number; activities: number; activePairs: number; activitiesDone: number };
  };
  return d.counts;
}

describe('a principal in Chromium', () => {
  it('signs in, sees their dashboard in Vietnamese with the real counts, switches to English for good, and signs out', async () => {
    const page = await browser.newPage();
    await page.goto(`${base}/`);
    expect(await page.getAttribute('html', 'lang')).toBe('vi');
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Nền tảng kết nghĩa nhà trường');
    await expectAccessible(page);

    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.getByLabel('Tên đăng nhập').fill('aimob.ht');
    await page.getByLabel('Mật khẩu').fill('ChungTay@2025');
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Đăng nhập' }).click();

    await page.getByTestId('count-schools').waitFor();
    const counts = await apiCountsOf('aimob.ht');
    // Chu Phan – Ái Mộ B of 2022–2025 (completed) and of 2026–2028 (active).
    // The e2e files share one server: another file (news) may add an activity of Ái Mộ B first, so the
    // demo's 5 activities, 3 of them done, are a floor; the page must show what the API counts.
    expect(counts).toMatchObject({ schools: 1, pairs: 2, activePairs: 1 });
    expect(counts.activities).toBeGreaterThanOrEqual(5);
    expect(counts.activitiesDone).toBeGreaterThanOrEqual(3);
    const shown = async (id: string) => (await page.getByTestId(id).locator('.ant-statistic-content-value').textContent())?.trim();
    expect(await shown('count-schools')).toBe(String(counts.schools));
    expect(await shown('count-pairs')).toBe(String(counts.pairs));
    expect(await shown('count-activities')).toBe(String(counts.activities));
    expect(await page.getByTestId('scope').textContent()).toBe('Trường: Trường Tiểu học Ái Mộ B');
    // The pair of each phase: under plan 4340 (2022–2025, completed) and under the demo's next phase MH-01 (2026–2028).
    const pairLinks = page.getByRole('link', { name: 'Trường Tiểu học Chu Phan – Trường Tiểu học Ái Mộ B' });
    expect(await pairLinks.count()).toBe(2);
    await expect(pairLinks.first().isVisible()).resolves.toBe(true);
    await expect(page.getByRole('cell', { name: '4340/KH-SGDĐT' }).isVisible()).resolves.toBe(true);
    await expect(page.getByRole('cell', { name: 'MH-01/KH-SGDĐT' }).isVisible()).resolves.toBe(true);
    expect(await page.getByTestId('user').textContent()).toBe('Hoàng Thị Bích Thu · Lãnh đạo nhà trường');
    await expectAccessible(page);

    await page.getByText('English', { exact: true }).click();
    await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    await page.reload();
    await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
    expect(await page.getByTestId('scope').textContent()).toBe('School: Trường Tiểu học Ái Mộ B');

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    await page.goto(`${base}/app`);
    await page.getByLabel('Username').waitFor();
    expect(new URL(page.url()).pathname).toBe('/login');
    await page.close();
  });

  it('shows the server’s Vietnamese message for a wrong password', async () => {
    const page = await browser.newPage();
    await page.goto(`${base}/login`);
    await page.getByLabel('Tên đăng nhập').fill('chuphan.ht');
    await page.getByLabel('Mật khẩu').fill('sai-mat-khau');
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await expect(page.getByRole('alert').textContent()).resolves.toContain('Tên đăng nhập hoặc mật khẩu không đúng.');
    await page.close();
  });
});

describe('where a signed-out visitor lands', () => {
  it('returns to the page asked for after signing in, and a principal meets a clear refusal on an admin page', async () => {
    const page = await browser.newPage();
    await page.goto(`${base}/app/pairs`);
    await page.getByLabel('Tên đăng nhập').fill('aimob.ht');
    await page.getByLabel('Mật khẩu').fill('ChungTay@2025');
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.waitForURL(`${base}/app/pairs`);
    await page.goto(`${base}/app/matching`);
    await page.getByText('Bạn không có quyền mở trang này.').waitFor();
    await expect(page.getByRole('button', { name: 'Chạy ghép cặp' }).count()).resolves.toBe(0);
    await page.close();
  });
});
