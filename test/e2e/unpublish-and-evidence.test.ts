/**
 * Two flows the API tests cover, here through the pages in Chromium (with axe checks):
 * - a coordinator deletes one of an activity's evidence photos on the activity's page; the other
 *   stays and the deleted one is gone from the API;
 * - the school takes a published news post off the portal with a reason on the news page: its
 *   public address answers 410 with a page saying so and the post leaves the news list; publishing
 *   it again on the same page brings it back at the same address.
 *
 * The e2e files share one demo server: the scene (two schools, their accounts, an active pair
 * with its MoU signed) is built here through the API, so no demo row is read or moved.
 */
import sharp from 'sharp';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { isoDateInHanoi } from '#src/core/vn/format.ts';
import { expectAccessible, launchBrowser } from './browser.ts';

const base = inject('baseUrl');
const PASSWORD = 'GoBai-MinhChung-2026!';
let browser: Browser;

type Api = <T>(method: string, url: string, body?: unknown) => Promise<T>;
async function apiAs(username: string, password = 'ChungTay@2025'): Promise<Api> {
  const login = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
  if (!login.ok) throw new Error(`sign-in of ${username}: ${login.status} ${await login.text()}`);
  const cookie = login.headers.getSetCookie()[0]!.split(';')[0]!;
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  return async <T>(method: string, url: string, body?: unknown): Promise<T> => {
    const res = await fetch(`${base}${url}`, { method, headers: { cookie, 'x-csrf-token': csrfToken, ...(body ? { 'content-type': 'application/json' } : {}) }, ...(body ? { body: JSON.stringify(body) } : {}) });
    if (!res.ok) throw new Error(`${method} ${url}: ${res.status} ${await res.text()}`);
    return (res.status === 204 ? undefined : await res.json()) as T;
  };
}

async function signedIn(username: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.goto(`${base}/login`);
  await page.getByLabel('Tên đăng nhập').fill(username);
  await page.getByLabel('Mật khẩu').fill(PASSWORD);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.getByTestId('user').waitFor();
  return page;
}

/** A public page in a fresh context (nothing cached from an earlier visit). */
async function visitPublic(path: string) {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  const res = await page.goto(`${base}${path}`);
  return { page, status: res?.status() ?? 0, close: () => context.close() };
}

const scene = {} as { pairId: string; schoolA: { id: string; name: string }; coordinator: string; coord: Api };

beforeAll(async () => {
  browser = await launchBrowser();
  const admin = await apiAs('so.admin');
  const tag = Date.now().toString(36).slice(-5).toUpperCase();
  const units = await admin<{ items: { id: string }[] }>('GET', `/api/admin-units?q=${encodeURIComponent('Thanh Xuân')}&kind=ward`);
  const school = (code: string, name: string, shortName: string, areaType: string, principalName: string) =>
    admin<{ id: string; name: string }>('POST', '/api/schools', { code, name, shortName, level: 'lower-secondary', areaType, adminUnitId: units.items[0]!.id, principalName });
  const schoolA = await school(`E2E-GB-A-${tag}`, 'Trường THCS Khương Đình', 'THCS Khương Đình', 'inner-city', 'Nguyễn Thị Ánh');
  const schoolB = await school(`E2E-GB-B-${tag}`, 'Trường THCS Phú Mãn', 'THCS Phú Mãn', 'mountainous', 'Bùi Văn Sơn');
  const t = tag.toLowerCase();
  const users = { leaderA: `khuongdinhgb${t}.ht`, coordinator: `khuongdinhgb${t}.pt`, leaderB: `phumangb${t}.ht` };
  await admin('POST', '/api/users', { username: users.leaderA, displayName: 'Nguyễn Thị Ánh', role: 'school-leader', schoolCode: `E2E-GB-A-${tag}`, password: PASSWORD });
  await admin('POST', '/api/users', { username: users.coordinator, displayName: 'Trịnh Minh Đức', role: 'school-coordinator', schoolCode: `E2E-GB-A-${tag}`, password: PASSWORD });
  await admin('POST', '/api/users', { username: users.leaderB, displayName: 'Bùi Văn Sơn', role: 'school-leader', schoolCode: `E2E-GB-B-${tag}`, password: PASSWORD });
  const campaigns = await admin<{ items: { id: string; number: string }[] }>('GET', '/api/campaigns');
  const pair = await admin<{ id: string }>('POST', '/api/pairs', { campaignId: campaigns.items.find((c) => c.number === 'MH-01/KH-SGDĐT')!.id, schoolIds: [schoolA.id, schoolB.id] });
  const leaders = [await apiAs(users.leaderA, PASSWORD), await apiAs(users.leaderB, PASSWORD)];
  for (const leader of leaders) await leader('POST', `/api/pairs/${pair.id}/transitions`, { event: 'accept' });
  await admin('POST', `/api/pairs/${pair.id}/transitions`, { event: 'approve' });
  for (const leader of leaders) {
    const mou = await leader<{ version: number; sha256: string }>('GET', `/api/pairs/${pair.id}/mou`);
    await leader('POST', `/api/pairs/${pair.id}/mou/signatures`, { version: mou.version, sha256: mou.sha256 });
  }
  Object.assign(scene, { pairId: pair.id, schoolA, coordinator: users.coordinator, coord: await apiAs(users.coordinator, PASSWORD) });
}, 120_000);
afterAll(async () => {
  await browser?.close();
});

/** An activity of the pair held today, hosted by school A, recorded by its coordinator. */
const activityToday = (title: string) =>
  scene.coord<{ id: string }>('POST', '/api/activities', {
    pairId: scene.pairId,
    kind: 'student-exchange',
    title,
    startsOn: isoDateInHanoi(new Date()),
    hostSchoolId: scene.schoolA.id,
    place: 'Sân trường',
    participants: [{ schoolId: scene.schoolA.id, teachers: 3, staff: 1, students: 25 }],
  });

const photo = (r: number, g: number, b: number) => sharp({ create: { width: 480, height: 360, channels: 3, background: { r, g, b } } }).jpeg().toBuffer();

describe('the pair page header in Chromium', () => {
  it('names the plan’s phase and the MoU’s own term, each for what it is', async () => {
    const page = await signedIn(scene.coordinator);
    await page.goto(`${base}/app/pairs/${scene.pairId}`);
    expect(await page.getByTestId('pair-campaign-line').textContent()).toMatch(/^Kế hoạch số MH-01\/KH-SGDĐT — .* — giai đoạn của kế hoạch: 2026-2028$/u);
    expect(await page.getByTestId('pair-mou-term').textContent()).toMatch(/^Biên bản ghi nhớ giai đoạn 2026-2028: từ tháng \d{1,2}\/20\d\d đến hết tháng 12\/2028$/u);
    await page.context().close();
  }, 60_000);
});

describe('deleting an evidence photo in Chromium', () => {
  it('the coordinator deletes one of two photos on the activity page; the other stays', async () => {
    const activity = await activityToday(`Giao lưu văn nghệ ${Date.now()}`);
    const page = await signedIn(scene.coordinator);
    await page.goto(`${base}/app/activities/${activity.id}`);
    await page.locator('input[type=file]').setInputFiles([
      { name: 'van-nghe-1.jpg', mimeType: 'image/jpeg', buffer: await photo(200, 60, 60) },
      { name: 'van-nghe-2.jpg', mimeType: 'image/jpeg', buffer: await photo(60, 60, 200) },
    ]);
    await page.getByText('Đã tải lên minh chứng.').waitFor();
    const remove = page.getByRole('button', { name: 'Xóa minh chứng van-nghe-1.jpg' });
    await remove.waitFor();
    await expect.poll(() => page.getByRole('button', { name: 'Xóa minh chứng van-nghe-2.jpg' }).count()).toBe(1);
    await expectAccessible(page);

    const before = await scene.coord<{ files: { id: string; fileName: string }[] }>('GET', `/api/activities/${activity.id}`);
    const gone = before.files.find((f) => f.fileName === 'van-nghe-1.jpg')!;
    await remove.click();
    const confirm = page.getByRole('tooltip');
    await confirm.getByText('Xóa “van-nghe-1.jpg” khỏi hoạt động? Tệp sẽ bị xóa hẳn.').waitFor();
    await confirm.getByRole('button', { name: 'Xóa' }).click();
    await page.getByText('Đã xóa minh chứng.').waitFor();
    await expect.poll(() => page.getByRole('button', { name: 'Xóa minh chứng van-nghe-1.jpg' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Xóa minh chứng van-nghe-2.jpg' }).count()).toBe(1);
    await expect.poll(() => page.locator('.ant-popover:not(.ant-popover-hidden)').count()).toBe(0);
    await expectAccessible(page);

    // The server agrees: one photo left, the deleted one's address answers 404.
    const after = await scene.coord<{ files: { fileName: string }[] }>('GET', `/api/activities/${activity.id}`);
    expect(after.files.map((f) => f.fileName)).toEqual(['van-nghe-2.jpg']);
    const res = await page.request.get(`${base}/api/activities/${activity.id}/files/${gone.id}`);
    expect(res.status()).toBe(404);
    // After a reload the page still shows only the photo kept.
    await page.reload();
    await page.getByRole('button', { name: 'Xóa minh chứng van-nghe-2.jpg' }).waitFor();
    expect(await page.getByRole('button', { name: 'Xóa minh chứng van-nghe-1.jpg' }).count()).toBe(0);
    await page.context().close();
  }, 180_000);
});

describe('unpublishing a news post in Chromium', () => {
  it('the school takes the post off with a reason: 410 on the portal, gone from the news list; publishing again brings it back', async () => {
    // A reported… a done activity and its news, drafted and published through the API the pages use.
    const title = `Ngày hội đọc sách ${Date.now()}`;
    const activity = await activityToday(title);
    await scene.coord('POST', `/api/activities/${activity.id}/transitions`, { event: 'complete' });
    const drafted = await scene.coord<{ id: string }>('POST', `/api/activities/${activity.id}/news`);
    await scene.coord('PATCH', `/api/news/${drafted.id}`, { title });
    const post = await scene.coord<{ id: string; publicPath: string }>('POST', `/api/news/${drafted.id}/publish`);
    const path = post.publicPath;

    const shown = await visitPublic(path);
    expect(shown.status).toBe(200);
    expect(await shown.page.getByRole('heading', { level: 1 }).textContent()).toContain(title);
    await shown.close();

    const page = await signedIn(scene.coordinator);
    await page.goto(`${base}/app/news/${post.id}`);
    expect(await page.getByTestId('news-status').textContent()).toBe('Đã đăng');
    await page.getByRole('button', { name: 'Gỡ khỏi cổng thông tin' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText('Gỡ bài viết khỏi cổng thông tin').waitFor();
    // A reason is needed: refused on the page, nothing sent.
    await dialog.getByRole('button', { name: 'Gỡ khỏi cổng thông tin' }).click();
    await dialog.getByRole('alert').waitFor();
    expect(await dialog.getByLabel('Lý do gỡ').getAttribute('aria-invalid')).toBe('true');
    await expectAccessible(page);
    await dialog.getByLabel('Lý do gỡ').fill('Ảnh chưa được phụ huynh đồng ý');
    await dialog.getByRole('button', { name: 'Gỡ khỏi cổng thông tin' }).click();
    await page.getByText('Đã gỡ bài viết khỏi cổng thông tin.').waitFor();
    await expect.poll(() => page.getByTestId('news-status').textContent()).toBe('Đã gỡ');
    expect(await page.getByTestId('news-withdrawn').textContent()).toContain('Lý do: Ảnh chưa được phụ huynh đồng ý');
    await expect.poll(() => page.getByRole('dialog').count()).toBe(0);
    await expectAccessible(page);

    // The portal: 410 with a page saying so (nothing of the post), and the list no longer has it.
    const off = await visitPublic(path);
    expect(off.status).toBe(410);
    expect(await off.page.getByRole('heading', { level: 1 }).textContent()).toBe('Bài viết đã được gỡ');
    expect(await off.page.content()).not.toContain(title);
    await expectAccessible(off.page);
    await off.page.goto(`${base}/tin-tuc`);
    expect(await off.page.getByRole('link', { name: new RegExp(title, 'u') }).count()).toBe(0);
    await off.close();

    // Published again on the same page: back at the same address.
    await page.getByRole('button', { name: 'Đăng lại' }).click();
    await page.getByRole('tooltip').getByRole('button', { name: 'Đăng lại' }).click();
    await page.getByText('Đã đăng lại bài viết.').waitFor();
    await expect.poll(() => page.getByTestId('news-status').textContent()).toBe('Đã đăng');
    expect(await page.getByTestId('news-public-link').getAttribute('href')).toBe(path);
    await expect.poll(() => page.locator('.ant-popover:not(.ant-popover-hidden)').count()).toBe(0);
    await expectAccessible(page);
    const back = await visitPublic(path);
    expect(back.status).toBe(200);
    expect(await back.page.getByRole('heading', { level: 1 }).textContent()).toContain(title);
    await back.page.goto(`${base}/tin-tuc`);
    expect(await back.page.getByRole('link', { name: new RegExp(title, 'u') }).count()).toBeGreaterThan(0);
    await expectAccessible(back.page);
    await back.close();
    await page.context().close();
  }, 180_000);
});
