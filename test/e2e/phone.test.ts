import { mkdir } from 'node:fs/promises';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchBrowser } from './browser.ts';

const base = inject('baseUrl');
/** Screenshots to look at after a run (git-ignored). */
const SHOTS = 'test-results/phone';
let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
  await mkdir(SHOTS, { recursive: true });
});
afterAll(async () => {
  await browser?.close();
});

async function phoneSignedIn(username: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  const page = await context.newPage();
  await page.goto(`${base}/login`);
  await page.getByLabel('Tên đăng nhập').fill(username);
  await page.getByLabel('Mật khẩu').fill('ChungTay@2025');
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.waitForURL(/\/app/u);
  await page.getByRole('button', { name: 'Mở menu điều hướng' }).waitFor();
  return { context, page };
}

/** The page is no wider than the phone: nothing to scroll sideways. */
async function expectFits(page: Page, shot: string): Promise<void> {
  await page.waitForLoadState('networkidle', { timeout: 10_000 }).catch(() => undefined);
  await page.locator('.ant-skeleton').first().waitFor({ state: 'detached', timeout: 10_000 }).catch(() => undefined);
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  await page.screenshot({ path: `${SHOTS}/${shot}.png` });
  expect(width, `${shot} is ${width} px wide`).toBeLessThanOrEqual(390);
  // A card's title (a pledge's description) wraps: cut with "…" it could not be read on a phone.
  const cut = await page.locator('.ant-card-head-title').evaluateAll((els) => els.filter((e) => e.scrollWidth > e.clientWidth + 1).map((e) => e.textContent));
  expect(cut, `${shot}: card titles cut`).toEqual([]);
}

/** Every section the signed-in user's menu offers (its links), so that a new section is measured without listing it here. */
async function menuLinks(page: Page): Promise<{ name: string; path: string }[]> {
  await page.goto(`${base}/app`);
  await page.getByRole('button', { name: 'Mở menu điều hướng' }).click();
  const menu = page.getByRole('navigation', { name: 'Điều hướng chính' });
  await menu.getByRole('link').first().waitFor();
  const links = await menu.getByRole('link').evaluateAll((els) => els.map((a) => ({ name: (a.textContent ?? '').trim(), path: new URL((a as HTMLAnchorElement).href).pathname })));
  await page.keyboard.press('Escape');
  return links;
}

describe('on a phone (390×844)', () => {
  it('every page of the department fits the screen and every section is in the menu', async () => {
    const { context, page } = await phoneSignedIn('so.admin');
    const api = async <T>(path: string) => {
      const res = await page.request.get(`${base}${path}`);
      expect(res.status(), await res.text()).toBe(200);
      return (await res.json()) as T;
    };
    const school = (await api<{ items: { id: string }[] }>('/api/schools?page=1&pageSize=10')).items[0]!.id;
    const pair = (await api<{ items: { id: string }[] }>('/api/pairs?page=1&pageSize=10')).items[0]!.id;
    const pages: [string, string][] = [
      ['/app', 'dashboard'],
      ['/app/schools', 'schools'],
      [`/app/schools/${school}`, 'school'],
      ['/app/schools/import', 'import'],
      ['/app/pairs', 'pairs'],
      [`/app/pairs/${pair}`, 'pair'],
      ['/app/campaigns', 'campaigns'],
      ['/app/matching', 'matching'],
      ['/verify', 'verify'],
    ];
    for (const link of await menuLinks(page)) {
      if (!pages.some(([path]) => path === link.path)) pages.push([link.path, link.path.replace(/^\/app\/?/u, '').replace(/\//gu, '-') || 'home']);
    }
    for (const [path, name] of pages) {
      await page.goto(`${base}${path}`);
      await expectFits(page, `department-${name}`);
    }

    await page.goto(`${base}/app`);
    await page.getByRole('button', { name: 'Mở menu điều hướng' }).click();
    const menu = page.getByRole('navigation', { name: 'Điều hướng chính' });
    for (const section of ['Tổng quan', 'Trường', 'Cặp kết nghĩa', 'Kế hoạch', 'Ghép cặp']) {
      await expect(menu.getByRole('link', { name: section, exact: true }).isVisible(), section).resolves.toBe(true);
    }
    await page.screenshot({ path: `${SHOTS}/department-menu.png` });
    await menu.getByRole('link', { name: 'Cặp kết nghĩa', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Cặp kết nghĩa' }).waitFor();
    await context.close();
  }, 180_000);

  it("a principal's pages fit too, and the header takes one line", async () => {
    const { context, page } = await phoneSignedIn('nhanchinh.ht');
    const header = await page.locator('.app-header').boundingBox();
    expect(header!.height).toBeLessThanOrEqual(64);
    const pair = ((await (await page.request.get(`${base}/api/pairs?page=1&pageSize=10`)).json()) as { items: { id: string }[] }).items[0]!.id;
    for (const [path, name] of [
      ['/app', 'dashboard'],
      ['/app/schools', 'schools'],
      ['/app/pairs', 'pairs'],
      [`/app/pairs/${pair}`, 'pair'],
      ['/app/campaigns', 'campaigns'],
    ] as [string, string][]) {
      await page.goto(`${base}${path}`);
      await expectFits(page, `principal-${name}`);
      if (name === 'pairs') {
        // The schools' names stay readable: the table scrolls in its box rather than squeeze them one word a line.
        const link = await page.locator('.ant-table-row a').first().boundingBox();
        expect(link!.width, 'the pair link').toBeGreaterThanOrEqual(150);
      }
    }
    // …and every other section of the principal's menu.
    for (const link of await menuLinks(page)) {
      if (['/app', '/app/schools', '/app/pairs', '/app/campaigns'].includes(link.path)) continue;
      await page.goto(`${base}${link.path}`);
      await expectFits(page, `principal-${link.path.replace(/^\/app\/?/u, '').replace(/\//gu, '-')}`);
    }
    await context.close();
  }, 120_000);

  it('the public pages fit before signing in', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true });
    const page = await context.newPage();
    for (const [path, name] of [
      ['/', 'home'],
      ['/login', 'login'],
      ['/verify', 'verify'],
    ] as const) {
      await page.goto(`${base}${path}`);
      await expectFits(page, `public-${name}`);
    }
    await context.close();
  });
});
