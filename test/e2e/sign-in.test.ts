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

describe('what a newcomer meets on a desktop (1366×768)', () => {
  async function signedIn(username: string, password = 'ChungTay@2025') {
    const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
    const page = await context.newPage();
    await page.goto(`${base}/login`);
    await page.getByLabel('Tên đăng nhập').fill(username);
    await page.getByLabel('Mật khẩu').fill(password);
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.waitForURL(/\/app/u);
    return { context, page };
  }

  it("an area officer's long name leaves the header on one line, and the audit log names each action in words", async () => {
    const { context, page } = await signedIn('bode.cb');
    const user = page.getByTestId('user');
    await user.waitFor();
    // The whole name stays readable on hover and to a screen reader.
    expect(await user.getAttribute('title')).toBe('Cán bộ phụ trách giáo dục phường (nơi có TH Ái Mộ B) · Cán bộ phòng/xã');
    const header = await page.locator('.app-header').boundingBox();
    const signOut = await page.getByRole('button', { name: 'Đăng xuất' }).boundingBox();
    expect(header!.height).toBeLessThanOrEqual(64);
    expect(signOut!.y + signOut!.height).toBeLessThanOrEqual(header!.y + header!.height);

    await page.goto(`${base}/app/audit`);
    const first = page.getByTestId('audit-row').first();
    await first.waitFor();
    // bode.cb's own sign-in is in its ward's log: as "Đăng nhập", not as the code "auth.login".
    const tags = await page.getByTestId('audit-row').locator('.ant-tag').allTextContents();
    expect(tags).toContain('Đăng nhập');
    expect(tags).not.toContain('auth.login');
    await context.close();
  });

  it('an empty support page tells a principal what to record, and a teacher whom to ask', async () => {
    const login = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'so.admin', password: 'ChungTay@2025' }) });
    const headers = { cookie: login.headers.getSetCookie()[0]!.split(';')[0]!, 'x-csrf-token': ((await login.json()) as { csrfToken: string }).csrfToken, 'content-type': 'application/json' };
    const admin = async <T>(url: string, body: unknown): Promise<T> => {
      const res = await fetch(`${base}${url}`, { method: 'POST', headers, body: JSON.stringify(body) });
      expect(res.status, await res.clone().text()).toBe(201);
      return (await res.json()) as T;
    };
    const suffix = String(Date.now()).slice(-6);
    const PASSWORD = 'Truong-Trong-Moi-2026!';
    const school = await admin<{ id: string }>('/api/schools', { code: `E2E-TRONG-${suffix}`, name: `Trường Tiểu học Trống ${suffix}`, level: 'primary', areaType: 'suburban' });
    await admin('/api/users', { username: `trong.ht${suffix}`, displayName: 'Hiệu trưởng Trống', password: PASSWORD, role: 'school-leader', schoolId: school.id });
    await admin('/api/users', { username: `trong.gv${suffix}`, displayName: 'Giáo viên Trống', password: PASSWORD, role: 'teacher', schoolId: school.id });

    const principal = await signedIn(`trong.ht${suffix}`, PASSWORD);
    await principal.page.goto(`${base}/app/support`);
    await expect(principal.page.getByTestId('support-empty').textContent()).resolves.toContain('Bấm “Ghi nhận cam kết” để ghi khoản hỗ trợ đầu tiên');
    await principal.page.getByRole('button', { name: 'Ghi nhận cam kết' }).waitFor();
    // The school has no pair yet: the empty table says so in a grey that reads (not antd's 1.9:1 disabled grey).
    await principal.page.goto(`${base}/app/pairs`);
    const none = principal.page.locator('.ant-table-placeholder td').first();
    await none.waitFor();
    await expect(none.evaluate((el) => getComputedStyle(el).color)).resolves.toBe('rgba(0, 0, 0, 0.65)');
    await principal.context.close();

    const teacher = await signedIn(`trong.gv${suffix}`, PASSWORD);
    await teacher.page.goto(`${base}/app/support`);
    await teacher.page.getByRole('heading', { level: 1, name: 'Huy động nguồn lực, hỗ trợ' }).waitFor();
    await expect(teacher.page.getByTestId('support-empty').textContent()).resolves.toContain('muốn ủng hộ hay nhận đỡ đầu một học sinh, hãy liên hệ họ');
    await expect(teacher.page.getByRole('button', { name: 'Ghi nhận cam kết' }).count()).resolves.toBe(0);
    await teacher.context.close();
  });

  it('the activities page tells a principal where a new activity is recorded', async () => {
    const { context, page } = await signedIn('aimob.ht');
    await page.goto(`${base}/app/activities`);
    const hint = page.getByTestId('activities-record-where');
    await expect(hint.textContent()).resolves.toContain('Để ghi một hoạt động mới, mở cặp kết nghĩa của trường');
    await hint.getByRole('link', { name: 'Mở danh sách cặp kết nghĩa' }).click();
    await page.getByRole('heading', { level: 1, name: 'Cặp kết nghĩa' }).waitFor();
    await context.close();
  });
});
