import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchBrowser } from './browser.ts';

const base = inject('baseUrl');
let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

async function apiAs(username: string) {
  const login = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: 'ChungTay@2025' }),
  });
  const cookie = login.headers.getSetCookie()[0]!.split(';')[0]!;
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  return async <T>(method: string, url: string, body?: unknown): Promise<T> => {
    const res = await fetch(`${base}${url}`, {
      method,
      headers: { cookie, 'x-csrf-token': csrfToken, ...(body ? { 'content-type': 'application/json' } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    if (!res.ok) throw new Error(`${method} ${url}: ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  };
}

describe('accepting a pair in Chromium', () => {
  it('asks the principal to confirm, names the pair, and changes nothing when cancelled', async () => {
    const admin = await apiAs('so.admin');
    const campaigns = await admin<{ items: { id: string; number: string }[] }>('GET', '/api/campaigns');
    const schools = await admin<{ items: { id: string; code: string }[] }>('GET', '/api/schools?page=1&pageSize=50');
    const id = (code: string) => schools.items.find((s) => s.code === code)!.id;
    const pair = await admin<{ id: string }>('POST', '/api/pairs', {
      campaignId: campaigns.items.find((c) => c.number === '4340/KH-SGDĐT')!.id,
      // Schools whose counts no other browser test reads (the e2e files share one server).
      schoolIds: [id('DEMO-PTDTNT-HN'), id('DEMO-TH-TANLINH')],
      // The demo plan's phase (2022–2025) has ended: the department confirms.
      confirmCampaignEnded: true,
    });

    const page = await browser.newPage();
    await page.goto(`${base}/login`);
    await page.getByLabel('Tên đăng nhập').fill('ptdtnt.ht');
    await page.getByLabel('Mật khẩu').fill('ChungTay@2025');
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.waitForURL(/\/app/u);
    await page.goto(`${base}/app/pairs/${pair.id}`);
    const accept = page.getByRole('button', { name: 'Chấp thuận kết nghĩa' });
    await accept.click();
    const dialog = page.getByRole('dialog');
    await expect(dialog.getByText(/Trường của bạn chấp thuận kết nghĩa “.*Tản Lĩnh.*”/u).isVisible()).resolves.toBe(true);
    await dialog.getByRole('button', { name: 'Hủy' }).click();
    await dialog.waitFor({ state: 'hidden' });
    const waiting = await admin<{ members: { schoolId: string; acceptedAt: string | null }[] }>('GET', `/api/pairs/${pair.id}`);
    expect(waiting.members.find((m) => m.schoolId === id('DEMO-PTDTNT-HN'))!.acceptedAt).toBeNull();

    await accept.click();
    await dialog.getByRole('button', { name: 'Chấp thuận kết nghĩa' }).click();
    await page.getByText('Đã chấp thuận.').waitFor();
    const accepted = await admin<{ members: { schoolId: string; acceptedAt: string | null }[] }>('GET', `/api/pairs/${pair.id}`);
    expect(accepted.members.find((m) => m.schoolId === id('DEMO-PTDTNT-HN'))!.acceptedAt).not.toBeNull();
    await admin('POST', `/api/pairs/${pair.id}/transitions`, { event: 'withdraw', reason: 'Kiểm thử xong' });
    await page.close();
  }, 120_000);

  it('an empty steering committee tells whoever cannot add members who does', async () => {
    const admin = await apiAs('so.admin');
    const pairs = await admin<{ items: { id: string; state: string; schools: { shortName: string }[] }[] }>('GET', '/api/pairs');
    const pair = pairs.items.find((p) => p.state === 'active' && p.schools.some((s) => s.shortName === 'TH Ái Mộ B'))!;
    const page = await browser.newPage();
    await page.goto(`${base}/login`);
    await page.getByLabel('Tên đăng nhập').fill('aimob.pt');
    await page.getByLabel('Mật khẩu').fill('ChungTay@2025');
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.waitForURL(/\/app/u);
    await page.goto(`${base}/app/pairs/${pair.id}`);
    await page.getByRole('tab', { name: /Ban chỉ đạo/u }).click();
    await page.getByText('Chưa có thành viên Ban chỉ đạo. Hiệu trưởng mỗi trường ghi thành viên của trường mình.').waitFor();
    await page.close();
  }, 60_000);

  it("labels the demo's signed MoU version with its signing day, not when the demo was loaded", async () => {
    const page = await browser.newPage();
    await page.goto(`${base}/login`);
    await page.getByLabel('Tên đăng nhập').fill('chuphan.ht');
    await page.getByLabel('Mật khẩu').fill('ChungTay@2025');
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.waitForURL(/\/app/u);
    const pairs = (await (await page.request.get(`${base}/api/pairs?page=1&pageSize=10`)).json()) as { items: { id: string; signedOn: string | null }[] };
    const signed = pairs.items.find((p) => p.signedOn === '2023-03-13')!;
    await page.goto(`${base}/app/pairs/${signed.id}`);
    await page.locator('#mou-version').waitFor();
    const label = await page.locator('.ant-select').filter({ has: page.locator('#mou-version') }).textContent();
    expect(label).toContain('13/03/2023');
    await page.close();
  }, 60_000);

  it('says the signatories\' titles in English on the English verification page, with no Vietnamese left over', async () => {
    const admin = await apiAs('so.admin');
    const pairs = await admin<{ items: { id: string; signedOn: string | null }[] }>('GET', '/api/pairs?page=1&pageSize=10');
    const signed = pairs.items.find((p) => p.signedOn === '2023-03-13')!;
    const detail = await admin<{ mou: { current: { verificationCode: string } } }>('GET', `/api/pairs/${signed.id}`);
    const page = await browser.newPage();
    await page.goto(`${base}/`);
    await page.getByText('English', { exact: true }).click();
    await page.goto(`${base}/verify/${detail.mou.current.verificationCode}`);
    const parties = (await page.getByTestId('verify-parties').textContent())!;
    expect(parties).toContain('principal Nguyễn Văn Tuấn');
    expect(parties).not.toContain('hiệu trưởng');
    await page.close();
  }, 60_000);
});
