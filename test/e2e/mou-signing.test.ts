import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { expectAccessible, launchBrowser } from './browser.ts';

const base = inject('baseUrl');
let browser: Browser;
const downloads = mkdtempSync(join(tmpdir(), 'ct-e2e-dl-'));
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  rmSync(downloads, { recursive: true, force: true });
});

/** A signed-in API client (cookie + CSRF), for setting the scene. */
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

async function signIn(page: Page, username: string) {
  await page.goto(`${base}/login`);
  await page.getByLabel('Tên đăng nhập').fill(username);
  await page.getByLabel('Mật khẩu').fill('ChungTay@2025');
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.getByTestId('user').waitFor();
}

async function signInTurn(page: Page, pairTitle: string) {
  await page.getByRole('link', { name: 'Cặp kết nghĩa' }).click();
  await page.getByRole('link', { name: pairTitle }).click();
  await page.getByRole('heading', { level: 1, name: pairTitle }).waitFor();
  await page.getByRole('button', { name: 'Ký biên bản' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByText('Tôi đã đọc toàn văn phiên bản này và đồng ý ký.').click();
  await dialog.getByRole('button', { name: 'Ký', exact: true }).click();
  await dialog.waitFor({ state: 'hidden' });
}

describe('two principals sign an MoU in turn in Chromium', () => {
  it('the department approves; Nhân Chính signs, then Chu Phan; the MoU is in force and its PDF downloads', async () => {
    // The scene: the department proposes Chu Phan – Nhân Chính, both accept, the department approves.
    const admin = await apiAs('so.admin');
    const campaigns = await admin<{ items: { id: string; number: string }[] }>('GET', '/api/campaigns');
    const pairs = await admin<{ items: { schools: { id: string; shortName: string }[] }[] }>('GET', '/api/pairs');
    const id = (shortName: string) => pairs.items.flatMap((p) => p.schools).find((s) => s.shortName === shortName)!.id;
    const pair = await admin<{ id: string }>('POST', '/api/pairs', {
      campaignId: campaigns.items.find((c) => c.number === '4340/KH-SGDĐT')!.id,
      schoolIds: [id('TH Chu Phan'), id('THPT Nhân Chính')],
      // The demo plan's phase (2022–2025) has ended: the department confirms.
      confirmCampaignEnded: true,
    });
    for (const leader of ['chuphan.ht', 'nhanchinh.ht']) await (await apiAs(leader))('POST', `/api/pairs/${pair.id}/transitions`, { event: 'accept' });
    await admin('POST', `/api/pairs/${pair.id}/transitions`, { event: 'approve', confirmCampaignEnded: true });
    const title = 'Trường Tiểu học Chu Phan – Trường THPT Nhân Chính';

    const page = await browser.newPage();
    // The department's views of pairs and campaigns are accessible too.
    await signIn(page, 'so.admin');
    await page.getByRole('link', { name: 'Cặp kết nghĩa' }).click();
    await page.getByRole('link', { name: title }).waitFor();
    await expectAccessible(page);
    await page.getByRole('link', { name: 'Kế hoạch' }).click();
    // The pairs list also shows the campaign number: wait for the campaigns page itself.
    await page.getByRole('heading', { level: 1, name: 'Kế hoạch, phong trào' }).waitFor();
    await page.getByText('4340/KH-SGDĐT').first().waitFor();
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Đăng xuất' }).click();
    await page.getByRole('button', { name: 'Đăng nhập' }).waitFor();

    await signIn(page, 'nhanchinh.ht');
    await signInTurn(page, title);
    await page.getByText('Đã ký. Đang chờ bên kia ký.').waitFor();
    await expect(page.getByRole('cell', { name: /^Đã ký điện tử lúc/u }).count()).resolves.toBe(1);
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Đăng xuất' }).click();
    await page.getByRole('button', { name: 'Đăng nhập' }).waitFor();

    await signIn(page, 'chuphan.ht');
    await signInTurn(page, title);
    await page.getByText(/Các bên đã ký\. Biên bản số \d+\/GN-THCP có hiệu lực\./u).waitFor();
    await page.getByText('Đã ký, có hiệu lực').first().waitFor();
    await expect(page.getByRole('cell', { name: /^Đã ký điện tử lúc/u }).count()).resolves.toBe(2);
    await expect(page.getByRole('button', { name: 'Ký biên bản' }).count()).resolves.toBe(0);
    await expectAccessible(page);

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Tải PDF' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^bien-ban-ghi-nho-\d+-GN-THCP-v1\.pdf$/u);
    const file = join(downloads, download.suggestedFilename());
    await download.saveAs(file);
    const bytes = readFileSync(file);
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    try {
      const text = execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' }).replace(/\s+/gu, ' ');
      expect(text).toContain('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
      expect(text).toContain('TRƯỜNG THPT NHÂN CHÍNH');
      expect(text).toContain('Đã ký điện tử bởi Nguyễn Văn Tuấn');
      expect(text).toContain('Mã xác thực:');
    } catch (e) {
      if ((e as { code?: string }).code !== 'ENOENT') throw e;
    }

    // The public verification page confirms the parties.
    const code = (await page.locator('.ant-tag').filter({ hasText: /^[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}$/u }).first().textContent())!;
    const pub = await browser.newPage();
    await pub.goto(`${base}/verify/${code}`);
    await pub.getByTestId('verify-result').waitFor();
    const parties = await pub.getByTestId('verify-parties').textContent();
    expect(parties).toContain('Trường TH Chu Phan');
    expect(parties).toContain('Trường THPT Nhân Chính');
    await expectAccessible(pub);
    await pub.goto(`${base}/verify/ZZZZ-ZZZZ`);
    await pub.getByText('Không xác thực được').waitFor();
    await pub.close();
    await page.close();
  });
});
