/**
 * Issue 11's journey in Chromium: a coordinator records an activity, adds a photo on its page,
 * closes it, drafts the news in one click, edits and publishes it; the post is on the public
 * portal (no script, accessible) and in the RSS feed.
 */
import { parseFeed } from '@rowanmanning/feed-parser';
import sharp from 'sharp';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { isoDateInHanoi } from '#src/core/vn/format.ts';
import { expectAccessible, launchBrowser } from './browser.ts';

const base = inject('baseUrl');
let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe('a coordinator publishes the news of an activity', () => {
  it('records, adds a photo, closes, drafts, publishes; the post is on the portal and in the feed', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${base}/login`);
    await page.getByLabel('Tên đăng nhập').fill('aimob.pt');
    await page.getByLabel('Mật khẩu').fill('ChungTay@2025');
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.waitForURL(/\/app/u);

    // Recorded for today through the API the activity form uses (the form has its own tests).
    const me = (await (await page.request.get(`${base}/api/auth/me`)).json()) as { csrfToken: string; school: { id: string } };
    const pairs = (await (await page.request.get(`${base}/api/pairs?page=1&pageSize=50`)).json()) as { items: { id: string; state: string }[] };
    const pair = pairs.items.find((p) => p.state === 'active' || p.state === 'approved')!;
    const title = `Giao lưu đọc sách ${Date.now()}`;
    const made = await page.request.post(`${base}/api/activities`, {
      headers: { 'x-csrf-token': me.csrfToken },
      data: { pairId: pair.id, kind: 'student-exchange', title, startsOn: isoDateInHanoi(new Date()), hostSchoolId: me.school.id, place: 'Thư viện trường', participants: [{ schoolId: me.school.id, teachers: 4, staff: 1, students: 30 }] },
    });
    expect(made.status(), await made.text()).toBe(201);
    const activityId = ((await made.json()) as { id: string }).id;

    await page.goto(`${base}/app/activities/${activityId}`);
    const photo = await sharp({ create: { width: 640, height: 480, channels: 3, background: { r: 40, g: 140, b: 90 } } }).jpeg().toBuffer();
    await page.locator('input[type=file]').setInputFiles({ name: 'doc-sach.jpg', mimeType: 'image/jpeg', buffer: photo });
    await page.getByText('Đã tải lên minh chứng.').waitFor();
    await page.getByRole('button', { name: 'Đã tổ chức' }).first().click();
    await page.getByRole('dialog').getByRole('button', { name: 'Đã tổ chức' }).click();
    await page.getByRole('button', { name: 'Soạn tin từ hoạt động' }).click();

    const editor = page.getByTestId('news-editor');
    await editor.waitFor();
    await expectAccessible(page);
    await editor.click();
    await page.keyboard.press('Control+End');
    await page.keyboard.press('Enter');
    await page.keyboard.insertText('Các em học sinh rất hào hứng.');
    await page.getByRole('checkbox', { name: 'doc-sach.jpg' }).check();
    await page.getByRole('button', { name: 'Lưu' }).click();
    await page.getByText('Đã lưu bài viết.').waitFor();
    await page.getByRole('button', { name: 'Đăng bài' }).click();
    await page.getByRole('tooltip').getByRole('button', { name: 'Đăng bài' }).click();
    const link = page.getByTestId('news-public-link');
    await link.waitFor();
    const path = (await link.getAttribute('href'))!;
    expect(path).toMatch(/^\/tin-tuc\/giao-luu-doc-sach-\d+/u);

    const pub = await browser.newPage({ viewport: { width: 390, height: 844 } });
    await pub.goto(`${base}${path}`);
    expect(await pub.getByRole('heading', { level: 1 }).textContent()).toContain(title);
    expect(await pub.locator('article').textContent()).toContain('Các em học sinh rất hào hứng.');
    expect(await pub.locator('script').count()).toBe(0);
    expect(await pub.locator('.photos img').count()).toBe(1);
    expect(await pub.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await expectAccessible(pub);
    await pub.goto(`${base}/chuong-trinh`);
    await expectAccessible(pub);
    expect(await pub.getByRole('link', { name: new RegExp(title, 'u') }).count()).toBeGreaterThan(0);

    const feed = parseFeed(await (await fetch(`${base}/tin-tuc/rss.xml`)).text());
    expect(feed.items.map((i) => i.title)).toEqual(expect.arrayContaining([expect.stringContaining(title)]));
    await pub.close();
    await page.close();
  }, 180_000);
});
