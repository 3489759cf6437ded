/**
 * Yearly plans in Chromium: a coordinator of one school of a pair drafts the plan of a school
 * year (a goal serving the MoU's Điều 1, activities by month with host school and person
 * responsible) and submits it; the leaders of both schools approve it in the browser; a change
 * after approval is a new version whose difference is shown; the plan downloads as DOCX and
 * as PDF in the Decree 30 layout. Accessible on every page; screenshots go to SHOTS_DIR.
 *
 * The e2e files share one demo server: the pair is built here from two lower-secondary schools
 * of its own (the engine of the pairing tests looks at primary schools only), with accounts of
 * its own, so no other file's counts or pairs move.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { isoDateInHanoi } from '#src/core/vn/format.ts';
import { readZip } from '#src/documents/zip.ts';
import { expectAccessible, launchBrowser } from './browser.ts';

const base = inject('baseUrl');
const shots = process.env.SHOTS_DIR ?? '/tmp/chungtay-shots';
mkdirSync(shots, { recursive: true });
const downloads = mkdtempSync(join(tmpdir(), 'ct-e2e-plans-'));
let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  rmSync(downloads, { recursive: true, force: true });
});

const PASSWORD = 'KeHoach-NamHoc-2026!';

async function apiAs(username: string, password = 'ChungTay@2025') {
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

/** Each person in their own browser context (their own cookies). */
async function signedIn(username: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  const page = await context.newPage();
  await page.goto(`${base}/login`);
  await page.getByLabel('Tên đăng nhập').fill(username);
  await page.getByLabel('Mật khẩu').fill(PASSWORD);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.getByTestId('user').waitFor();
  return { context, page };
}

/** Pick an option of an Ant Design select (by its label) in `scope`. */
async function choose(page: Page, scope: Locator | Page, label: string, option: string | RegExp) {
  await scope.getByLabel(label, { exact: true }).click();
  await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option', { hasText: option }).first().click();
  // Let the dropdown finish closing: axe would catch its listbox mid-animation (as in registry.test.ts).
  await expect.poll(() => page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)').count()).toBe(0);
}

const openPicker = (page: Page) => page.locator('.ant-picker-dropdown:not(.ant-picker-dropdown-hidden)');

describe('a yearly plan in Chromium: drafted, submitted, approved by both leaders, revised, downloaded', () => {
  it('the coordinator of one school drafts and submits; both leaders approve; a revision shows its difference; DOCX and PDF download', async () => {
    // The scene: two schools of their own, their leaders and one coordinator, an active pair under the current phase.
    const admin = await apiAs('so.admin');
    const tag = Date.now().toString(36).slice(-5).toUpperCase();
    const units = await admin<{ items: { id: string; name: string }[] }>('GET', `/api/admin-units?q=${encodeURIComponent('Thanh Xuân')}&kind=ward`);
    const unitId = units.items[0]!.id;
    const schoolA = await admin<{ id: string }>('POST', '/api/schools', {
      code: `E2E-KH-A-${tag}`,
      name: 'Trường THCS Phương Liệt',
      shortName: 'THCS Phương Liệt',
      level: 'lower-secondary',
      areaType: 'inner-city',
      adminUnitId: unitId,
      principalName: 'Lê Thị Hương',
    });
    const schoolB = await admin<{ id: string }>('POST', '/api/schools', {
      code: `E2E-KH-B-${tag}`,
      name: 'Trường THCS Minh Châu',
      shortName: 'THCS Minh Châu',
      level: 'lower-secondary',
      areaType: 'mountainous',
      adminUnitId: unitId,
      principalName: 'Đặng Văn Đức',
    });
    const users = {
      leaderA: `phuonglietkh${tag.toLowerCase()}.ht`,
      coordinatorA: `phuonglietkh${tag.toLowerCase()}.pt`,
      leaderB: `minhchaukh${tag.toLowerCase()}.ht`,
    };
    await admin('POST', '/api/users', { username: users.leaderA, displayName: 'Lê Thị Hương', role: 'school-leader', schoolCode: `E2E-KH-A-${tag}`, password: PASSWORD });
    await admin('POST', '/api/users', { username: users.coordinatorA, displayName: 'Phạm Thu Trang', role: 'school-coordinator', schoolCode: `E2E-KH-A-${tag}`, password: PASSWORD });
    await admin('POST', '/api/users', { username: users.leaderB, displayName: 'Đặng Văn Đức', role: 'school-leader', schoolCode: `E2E-KH-B-${tag}`, password: PASSWORD });
    const campaigns = await admin<{ items: { id: string; number: string }[] }>('GET', '/api/campaigns');
    const pair = await admin<{ id: string }>('POST', '/api/pairs', { campaignId: campaigns.items.find((c) => c.number === 'MH-01/KH-SGDĐT')!.id, schoolIds: [schoolA.id, schoolB.id] });
    const leaderA = await apiAs(users.leaderA, PASSWORD);
    const leaderB = await apiAs(users.leaderB, PASSWORD);
    for (const leader of [leaderA, leaderB]) await leader('POST', `/api/pairs/${pair.id}/transitions`, { event: 'accept' });
    await admin('POST', `/api/pairs/${pair.id}/transitions`, { event: 'approve' });
    for (const leader of [leaderA, leaderB]) {
      const mou = await leader<{ version: number; sha256: string }>('GET', `/api/pairs/${pair.id}/mou`);
      await leader('POST', `/api/pairs/${pair.id}/mou/signatures`, { version: mou.version, sha256: mou.sha256 });
    }
    const pairUrl = `${base}/app/pairs/${pair.id}?tab=plan`;
    const year = (await leaderA<{ context: { currentSchoolYear: string; mouObjectives: string[] } }>('GET', `/api/pairs/${pair.id}/plans`)).context;
    expect(year.mouObjectives.length).toBeGreaterThan(0);
    const schoolYear = year.currentSchoolYear;
    const [y1, y2] = schoolYear.split('-');

    // 1. The coordinator of Phương Liệt drafts the plan, at 01:30 in Hanoi (18:30 UTC the day before).
    const today = isoDateInHanoi(new Date());
    const coordinator = await signedIn(users.coordinatorA);
    let page = coordinator.page;
    const yesterday = new Date(`${today}T00:00:00Z`);
    yesterday.setUTCDate(yesterday.getUTCDate() - 1);
    await page.clock.setFixedTime(new Date(`${yesterday.toISOString().slice(0, 10)}T18:30:00Z`));
    await page.goto(pairUrl);
    await page.getByText(`Chưa có kế hoạch năm học ${schoolYear}.`).waitFor();
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Lập kế hoạch' }).click();
    const editor = page.locator('.ant-card').filter({ has: page.getByText(`Lập kế hoạch năm học ${schoolYear}`, { exact: true }) }).first();
    await editor.waitFor();

    // The document's date starts as today in Hanoi (not the UTC day, which is still yesterday).
    const date = page.locator('#plan-date');
    const typed = `${today.slice(8, 10)}/${today.slice(5, 7)}/${today.slice(0, 4)}`;
    await expect(date.inputValue()).resolves.toBe(typed);
    // A date typed and confirmed with Enter: the calendar closes and leaves the form readable.
    await date.click();
    await openPicker(page).waitFor();
    await date.fill(`15/09/${y1}`);
    await date.press('Enter');
    await openPicker(page).waitFor({ state: 'hidden' });
    await expect(date.inputValue()).resolves.toBe(`15/09/${y1}`);

    await page.locator('#plan-place').fill('Thanh Xuân');
    await page.locator('#goal-0').fill('Nâng cao chất lượng dạy học môn Toán và Ngữ văn lớp 9 của hai nhà trường.');
    // The first goal serves clause 1 of the MoU's Điều 1 (offered by default); the second one offered is removed.
    await expect(editor.locator('.ant-select-selection-item').filter({ hasText: 'Khoản 1' }).count()).resolves.toBe(1);
    if ((await page.locator('#goal-1').count()) > 0) await editor.getByRole('button', { name: 'Bỏ mục tiêu' }).last().click();
    await expect(page.locator('#goal-0').inputValue()).resolves.toContain('Nâng cao chất lượng');

    const items = [
      { month: `Tháng 10/${y1}`, kind: 'Chuyên đề', title: 'Chuyên đề dạy học Toán 9 theo Chương trình GDPT 2018', host: 'Trường THCS Minh Châu', responsible: 'Ông Nguyễn Đức Thắng, Tổ trưởng tổ Toán' },
      { month: `Tháng 3/${y2}`, kind: 'Giao lưu', title: 'Giao lưu Liên đội và trao tặng sách cho thư viện', host: 'Trường THCS Phương Liệt', responsible: 'Bà Phạm Thu Trang, Tổng phụ trách Đội' },
    ];
    for (const item of items) {
      await editor.getByRole('button', { name: 'Thêm hoạt động' }).click();
      const card = editor.locator('.ant-card-type-inner').filter({ has: page.getByRole('button', { name: 'Bỏ hoạt động' }) }).last();
      await choose(page, card, 'Tháng', item.month);
      await choose(page, card, 'Loại hoạt động', new RegExp(`^${item.kind}`, 'u'));
      await card.getByLabel('Tên hoạt động').fill(item.title);
      await choose(page, card, 'Trường chủ trì', item.host);
      await card.getByLabel('Người phụ trách').fill(item.responsible);
    }
    await expectAccessible(page);
    await page.screenshot({ path: `${shots}/plans-1-draft-form.png`, fullPage: true });
    await editor.getByRole('button', { name: 'Lưu kế hoạch' }).click();
    await page.getByText('Đã lưu kế hoạch.').waitFor();
    await page.getByText('Tháng 10/' + y1, { exact: true }).waitFor();
    await page.getByText(items[0]!.title).waitFor();
    await page.getByText(`Chủ trì: ${items[0]!.host} · Phụ trách: ${items[0]!.responsible}`).waitFor();
    await page.getByText(/Nâng cao chất lượng dạy học .* \(Điều 1, khoản 1 của Biên bản ghi nhớ\)/u).waitFor();
    // A coordinator submits but never approves.
    await expect(page.getByRole('button', { name: 'Phê duyệt', exact: true }).count()).resolves.toBe(0);
    await page.getByRole('button', { name: 'Trình phê duyệt' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Trình phê duyệt' }).click();
    await page.getByText('Đã trình kế hoạch; Hiệu trưởng hai trường đã được thông báo.').waitFor();
    await page.getByText('Đã trình, chờ phê duyệt').first().waitFor();
    await expectAccessible(page);
    await coordinator.context.close();

    // 2. Both leaders approve in the browser, each for their own school.
    for (const [username, after] of [
      [users.leaderA, 'Đã trình, chờ phê duyệt'],
      [users.leaderB, 'Đã phê duyệt'],
    ] as const) {
      const leader = await signedIn(username);
      await leader.page.goto(pairUrl);
      await leader.page.getByRole('button', { name: 'Phê duyệt', exact: true }).click();
      const dialog = leader.page.getByRole('dialog');
      await dialog.getByText(/^SHA-256: [0-9a-f]{64}$/u).waitFor();
      await expectAccessible(leader.page);
      await dialog.getByRole('button', { name: 'Phê duyệt', exact: true }).click();
      await leader.page.getByText('Đã phê duyệt kế hoạch.').waitFor();
      await leader.page.locator('.ant-tag').filter({ hasText: new RegExp(`^${after}$`, 'u') }).first().waitFor();
      await expect(leader.page.getByRole('button', { name: 'Phê duyệt', exact: true }).count()).resolves.toBe(0);
      if (username === users.leaderB) {
        await leader.page.getByText(/^\d+\/KH-THCSPL$/u).waitFor();
        await expect(leader.page.getByText(/đã phê duyệt lúc/u).count()).resolves.toBe(2);
        await expectAccessible(leader.page);
        await leader.page.screenshot({ path: `${shots}/plans-2-approved.png`, fullPage: true });
        page = leader.page;
      } else {
        await leader.context.close();
      }
    }

    // 3. The approved plan as DOCX and PDF (Decree 30: "Số: …/KH-…", Vietnamese intact).
    const [pdfDownload] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Tải PDF' }).click()]);
    expect(pdfDownload.suggestedFilename()).toMatch(new RegExp(`^ke-hoach-${schoolYear}-\\d+-KH-THCSPL-v1\\.pdf$`, 'u'));
    const pdf = join(downloads, pdfDownload.suggestedFilename());
    await pdfDownload.saveAs(pdf);
    expect(readFileSync(pdf).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const text = execFileSync('pdftotext', ['-enc', 'UTF-8', pdf, '-'], { encoding: 'utf8' }).replace(/\s+/gu, ' ');
    expect(text).toContain('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
    expect(text).toContain('Độc lập - Tự do - Hạnh phúc');
    expect(text).toMatch(/Số: \d+\/KH-THCSPL/u);
    expect(text).toContain('/KH-');
    expect(text).toContain('TRƯỜNG THCS PHƯƠNG LIỆT');
    expect(text).toContain('KẾ HOẠCH');
    expect(text).toContain(`năm học ${schoolYear}`);
    expect(text).toContain(items[0]!.title);
    expect(text).toContain('Ông Nguyễn Đức Thắng, Tổ trưởng tổ Toán');
    expect(text).toContain('Giao lưu Liên đội và trao tặng sách cho thư viện');
    expect(text).toContain('Đặng Văn Đức');
    execFileSync('pdftoppm', ['-png', '-r', '70', '-f', '1', '-l', '1', pdf, join(shots, 'plans-3-pdf')]);

    const [docxDownload] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Tải DOCX' }).click()]);
    expect(docxDownload.suggestedFilename()).toMatch(/-v1\.docx$/u);
    const docx = join(downloads, docxDownload.suggestedFilename());
    await docxDownload.saveAs(docx);
    const xml = readZip(readFileSync(docx)).get('word/document.xml')!.toString('utf8');
    const words = xml.replace(/<[^>]+>/gu, '');
    expect(words).toMatch(/Số: \d+\/KH-THCSPL/u);
    expect(words).toContain('Chuyên đề dạy học Toán 9 theo Chương trình GDPT 2018');
    await page.context().close();

    // 4. A change after approval is a new version; version 1 stays in force; the difference is readable.
    const again = await signedIn(users.coordinatorA);
    page = again.page;
    await page.goto(pairUrl);
    await page.getByRole('button', { name: 'Điều chỉnh kế hoạch' }).click();
    await page.getByText('Kế hoạch đã được phê duyệt: khi lưu', { exact: false }).waitFor();
    const revising = page.locator('.ant-card').filter({ has: page.getByText(`Điều chỉnh kế hoạch năm học ${schoolYear}`, { exact: true }) }).first();
    await revising.getByLabel('Người phụ trách').first().fill('Bà Vũ Thị Lan, Tổ trưởng tổ Toán');
    await page.locator('#plan-change-note').fill('Đổi người phụ trách chuyên đề Toán 9');
    await revising.getByRole('button', { name: 'Lưu kế hoạch' }).click();
    await page.getByText('Đã lưu kế hoạch.').waitFor();
    await page.getByText('Dự thảo', { exact: true }).first().waitFor();
    // Submitted too early: the drafting school takes it back to draft.
    await page.getByRole('button', { name: 'Trình phê duyệt' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Trình phê duyệt' }).click();
    await page.getByText('Đã trình, chờ phê duyệt', { exact: true }).first().waitFor();
    await page.getByRole('button', { name: 'Rút về dự thảo' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Rút về dự thảo' }).click();
    await page.getByText('Đã rút kế hoạch về dự thảo; các phê duyệt đã có bị hủy.').waitFor();
    await page.locator('.ant-tag').filter({ hasText: /^Dự thảo$/u }).first().waitFor();
    await page.getByRole('dialog').waitFor({ state: 'hidden' });
    await choose(page, page, 'So sánh với', 'Phiên bản 1');
    const diff = page.locator('.ant-card').filter({ has: page.getByText('Thay đổi từ phiên bản 1 sang 2', { exact: true }) }).first();
    await diff.getByText(`Sửa: ${items[0]!.title}`).waitFor();
    // The old name struck out as one phrase, the new one inserted after it, the rest of the line kept.
    await expect(diff.locator('del').allTextContents()).resolves.toEqual(['Ông Nguyễn Đức Thắng,']);
    await expect(diff.locator('ins').allTextContents()).resolves.toEqual(['Bà Vũ Thị Lan,']);
    await diff.getByText('Người phụ trách: Ông Nguyễn Đức Thắng, Bà Vũ Thị Lan, Tổ trưởng tổ Toán', { exact: true }).waitFor();
    await expectAccessible(page);
    await page.screenshot({ path: `${shots}/plans-4-diff.png`, fullPage: true });
    // Version 1 is still the one in force, with its number.
    await choose(page, page, 'Phiên bản', /^Phiên bản 1 — Đã phê duyệt/u);
    await page.getByText(/Phiên bản 2 \(điều chỉnh\) đang chờ/u).waitFor();
    await page.getByText(/^\d+\/KH-THCSPL$/u).waitFor();
    await expectAccessible(page);
    await again.context.close();
  }, 240_000);
});
