import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { formatVnd } from '#src/core/vn/format.ts';
import { DEMO_BENEFICIARIES } from '#src/server/features/demo/demo-support.ts';
import { expectAccessible, launchBrowser } from './browser.ts';

const base = inject('baseUrl');
/** Screenshots to look at (not compared): SHOTS_DIR, default /tmp/chungtay-shots. */
const shots = process.env.SHOTS_DIR ?? '/tmp/chungtay-shots';
mkdirSync(shots, { recursive: true });
const downloads = mkdtempSync(join(tmpdir(), 'ct-e2e-support-'));
let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  rmSync(downloads, { recursive: true, force: true });
});

/** A signed-in API client (cookie + CSRF), for reading what the page should show. */
async function apiAs(username: string | null) {
  let headers: Record<string, string> = {};
  if (username) {
    const login = await fetch(`${base}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password: 'ChungTay@2025' }),
    });
    const { csrfToken } = (await login.json()) as { csrfToken: string };
    headers = { cookie: login.headers.getSetCookie()[0]!.split(';')[0]!, 'x-csrf-token': csrfToken };
  }
  return async (url: string): Promise<{ status: number; body: unknown; text: string }> => {
    const res = await fetch(`${base}${url}`, { headers });
    const text = await res.text();
    return { status: res.status, text, body: res.headers.get('content-type')?.includes('json') ? JSON.parse(text) : null };
  };
}

/** Each person in their own browser context (their own cookies), at a desk or on a phone. */
async function signedIn(username: string, phone = false): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext(phone ? { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, acceptDownloads: true } : { viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  const page = await context.newPage();
  await page.goto(`${base}/login`);
  await page.getByLabel('Tên đăng nhập').fill(username);
  await page.getByLabel('Mật khẩu').fill('ChungTay@2025');
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.waitForURL(/\/app/u);
  // On a phone the user's name sits in the menu drawer.
  await (phone ? page.getByRole('button', { name: 'Mở menu điều hướng' }) : page.getByTestId('user')).waitFor();
  await page.goto(`${base}/app/support`);
  await page.getByRole('heading', { level: 1, name: 'Huy động nguồn lực, hỗ trợ' }).waitFor();
  return { context, page };
}

async function pickOption(page: Page, selectId: string, text: string | RegExp) {
  await page.locator(`#${selectId}`).click();
  await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option', { hasText: text }).first().click();
  // The list closes with an animation: an accessibility check taken meanwhile sees a half-gone listbox.
  await expect.poll(() => page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)').count()).toBe(0);
}

async function typeDate(page: Page, inputId: string, ddmmyyyy: string) {
  const input = page.locator(`#${inputId}`);
  await input.click();
  await input.fill(ddmmyyyy);
  await input.press('Enter');
}

const publicTotals = async () => (await (await apiAs(null))('/api/public/support/totals')).body as { overall: { inKindVnd: number; deliveries: number } };

describe('a support drive in Chromium: pledge, delivery with minutes, acknowledgement, public total', () => {
  const what = 'Máy chiếu đa năng cho phòng học bộ môn';

  it('Nhân Chính pledges and hands over 41.000.000 ₫ with minutes; PTDTNT acknowledges; the public total moves by exactly that', async () => {
    const before = await publicTotals();

    // The giving school records the pledge.
    const giver = await signedIn('nhanchinh.ht');
    const page = giver.page;
    await page.getByRole('button', { name: 'Ghi nhận cam kết' }).click();
    await pickOption(page, 'pledge-pair', /PTDTNT/u);
    await expect(page.locator('#pledge-school').locator('xpath=..').textContent()).resolves.toContain('Dân tộc nội trú Hà Nội');
    await page.locator('#pledge-description').fill(what);
    await page.locator('#pledge-quantity').fill('4');
    await page.locator('#pledge-valueVnd').fill('41000000');
    await expectAccessible(page);
    await page.screenshot({ path: `${shots}/support-1-pledge-form.png`, fullPage: true });
    await page.getByRole('button', { name: 'Lưu' }).click();
    await page.getByText('Đã ghi nhận cam kết.').waitFor();

    // … and its delivery, which numbers the hand-over minutes.
    const card = page.locator('.ant-card').filter({ has: page.getByText(what, { exact: true }) }).first();
    await card.getByRole('button', { name: 'Ghi nhận bàn giao' }).click();
    const deliveryForm = card.locator('.ant-card').filter({ hasText: 'Ghi nhận bàn giao' }).last();
    await deliveryForm.getByLabel('Bên giao').fill('Bà Trịnh Thu Hằng, Phó Hiệu trưởng');
    await deliveryForm.getByLabel('Bên nhận').fill('Ông Hà Văn Khánh, Hiệu trưởng');
    await deliveryForm.getByLabel('Địa điểm (dòng ngày tháng)').fill('Thanh Xuân');
    await deliveryForm.getByRole('button', { name: 'Lưu' }).click();
    await page.getByText('Đã ghi nhận bàn giao và lập biên bản.').waitFor();
    const minutesTitle = card.getByText(/^Biên bản bàn giao số \d+\/BB-[^ ]+ · \d{2}\/\d{2}\/\d{4}$/u);
    await minutesTitle.waitFor();
    const number = /số (\d+\/BB-[^ ]+)/u.exec((await minutesTitle.textContent())!)![1]!;
    await card.getByText('Chờ trường nhận xác nhận').waitFor();
    await expectAccessible(page);
    await page.screenshot({ path: `${shots}/support-2-delivered.png`, fullPage: true });

    // The minutes as PDF: the number, the amount as 41.000.000 ₫, Vietnamese intact.
    const [download] = await Promise.all([page.waitForEvent('download'), card.getByRole('link', { name: 'PDF' }).click()]);
    const pdf = join(downloads, download.suggestedFilename());
    await download.saveAs(pdf);
    expect(readFileSync(pdf).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const text = execFileSync('pdftotext', [pdf, '-'], { encoding: 'utf8' }).replace(/\s+/gu, ' ');
    expect(text).toContain('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
    expect(text).toContain('Số:');
    expect(text).toContain(number);
    expect(text).toContain('/BB-');
    expect(text).toContain('BIÊN BẢN BÀN GIAO');
    expect(text).toContain('41.000.000 ₫');
    expect(text).toContain(what);
    expect(text).toContain('Trịnh Thu Hằng');
    // The picture of its first page, to look at.
    execFileSync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '1', pdf, join(shots, 'support-3-minutes')]);

    // Nothing public moves before … the ledger takes the delivery at once (acknowledgement is the school's receipt).
    const afterDelivery = await publicTotals();
    expect(afterDelivery.overall.inKindVnd - before.overall.inKindVnd).toBe(41_000_000);
    expect(afterDelivery.overall.deliveries - before.overall.deliveries).toBe(1);

    // The receiving school acknowledges it in the app (on a phone).
    const receiver = await signedIn('ptdtnt.ht', true);
    const rcard = receiver.page.locator('.ant-card').filter({ has: receiver.page.getByText(what, { exact: true }) }).first();
    await rcard.getByRole('button', { name: 'Xác nhận đã nhận' }).click();
    await receiver.page.getByText('Đã xác nhận nhận hàng.').waitFor();
    await rcard.getByText(/^Đã xác nhận ngày \d{2}\/\d{2}\/\d{4}$/u).waitFor();
    await rcard.getByText('Trường nhận đã xác nhận').waitFor();
    await expectAccessible(receiver.page);
    await receiver.page.screenshot({ path: `${shots}/support-4-acknowledged-390.png`, fullPage: true });

    // The public page shows the new total (and the giver's card its acknowledgement).
    const after = await publicTotals();
    expect(after.overall.inKindVnd - before.overall.inKindVnd).toBe(41_000_000);
    const pub = await browser.newPage({ viewport: { width: 390, height: 844 } });
    await pub.goto(`${base}/cong-khai`);
    await pub.getByRole('heading', { level: 1, name: 'Công khai các khoản hỗ trợ' }).waitFor();
    await pub.getByText(formatVnd(after.overall.inKindVnd), { exact: true }).first().waitFor();
    await pub.getByText(number).first().waitFor();
    await expectAccessible(pub);
    await pub.screenshot({ path: `${shots}/support-5-public-390.png`, fullPage: true });
    const width = await pub.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(390);
    await pub.close();
    await page.reload();
    await page.locator('.ant-card').filter({ has: page.getByText(what, { exact: true }) }).first().getByText(/^Đã xác nhận ngày/u).waitFor();
    await giver.context.close();
    await receiver.context.close();
  }, 240_000);

  it("a beneficiary: PTDTNT's leader records one with consent; the partner school and the department see only counts, never a name", async () => {
    const name = 'Giàng Thị Dợ';
    const own = await signedIn('ptdtnt.ht');
    const page = own.page;
    await page.getByRole('button', { name: 'Thêm hồ sơ' }).click();
    const form = page.locator('.ant-card').filter({ has: page.getByText('Thêm hồ sơ', { exact: true }) }).last();
    await page.locator('#beneficiary-new-fullName').fill(name);
    await typeDate(page, 'beneficiary-new-birthDate', '14/02/2012');
    await page.locator('#beneficiary-new-className').fill('8A1');
    await page.locator('#beneficiary-new-g-name').fill('Giàng A Tủa');
    await page.locator('#beneficiary-new-reason').fill('Lập hồ sơ nhận học bổng học kỳ II');
    await expectAccessible(page);
    await page.screenshot({ path: `${shots}/support-6-beneficiary-form.png`, fullPage: true });
    await form.screenshot({ path: `${shots}/support-6b-beneficiary-form-only.png` });
    await form.getByRole('button', { name: 'Lưu' }).click();
    await page.getByText('Đã lưu hồ sơ.').waitFor();
    await page.getByLabel('Lý do xem danh sách').fill('Kiểm tra hồ sơ vừa lập');
    await page.getByRole('button', { name: 'Xem danh sách' }).click();
    await page.getByText(name, { exact: true }).waitFor();
    await expectAccessible(page);
    await page.screenshot({ path: `${shots}/support-7-beneficiaries.png`, fullPage: true });
    await own.context.close();

    const phoneForm = await signedIn('ptdtnt.ht', true);
    await phoneForm.page.getByRole('button', { name: 'Thêm hồ sơ' }).click();
    await phoneForm.page.getByLabel('Họ và tên').waitFor();
    await phoneForm.page.screenshot({ path: `${shots}/support-8-beneficiary-form-390.png`, fullPage: true });
    await phoneForm.page.locator('.ant-card').filter({ has: phoneForm.page.getByText('Thêm hồ sơ', { exact: true }) }).last().screenshot({ path: `${shots}/support-8b-beneficiary-form-only-390.png` });
    const width = await phoneForm.page.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(390);
    await phoneForm.context.close();

    const names = [name, ...DEMO_BENEFICIARIES.map((b) => b.fullName)];
    const ptdtnt = ((await (await apiAs('ptdtnt.ht'))('/api/auth/me')).body as { school: { id: string } }).school.id;
    for (const username of ['nhanchinh.ht', 'so.admin']) {
      const { context, page: p } = await signedIn(username);
      await p.getByText(/học sinh, .* giáo viên/u).first().waitFor();
      if (username === 'so.admin') await p.getByText('< 5 học sinh', { exact: false }).first().waitFor();
      const body = await p.locator('body').textContent();
      for (const n of names) expect(body).not.toContain(n);
      await expectAccessible(p);
      await p.screenshot({ path: `${shots}/support-9-${username}.png`, fullPage: true });
      await context.close();
      const api = await apiAs(username);
      const summary = await api(`/api/support/beneficiaries/summary?schoolId=${ptdtnt}`);
      expect(summary.status).toBe(200);
      expect((summary.body as { students: unknown }).students).toBe('< 5');
      for (const n of names) expect(summary.text).not.toContain(n);
      const list = await api(`/api/support/beneficiaries?schoolId=${ptdtnt}&reason=${encodeURIComponent('tò mò')}`);
      expect(list.status).toBe(403);
      for (const n of names) expect(list.text).not.toContain(n);
    }
  }, 240_000);
  it('offers "Học sinh tôi đỡ đầu" to the demo\'s sponsor, whose list it opens, and not to the department\'s admin, who sponsors nobody', async () => {
    for (const username of ['nhanchinh.gv', 'so.admin']) {
      const { context, page } = await signedIn(username);
      await page.goto(`${base}/app`);
      await page.getByTestId('user').waitFor();
      const counted = page.waitForResponse((r) => r.url().endsWith('/api/support/sponsorships/mine/count'));
      await page.goto(`${base}/app/support`);
      expect((await (await counted).json()) as unknown).toEqual({ count: username === 'nhanchinh.gv' ? 1 : 0 });
      await page.getByRole('heading', { level: 1, name: 'Huy động nguồn lực, hỗ trợ' }).waitFor();
      const link = page.getByRole('link', { name: 'Học sinh tôi đỡ đầu' });
      if (username === 'nhanchinh.gv') {
        await link.click();
        await page.getByRole('heading', { level: 1, name: 'Học sinh tôi đỡ đầu' }).waitFor();
        await expect.poll(() => page.locator('.ant-list-item').count()).toBe(1);
        // on a phone the sponsor sees each payment's amount without scrolling the table sideways
        const phone = await signedIn(username, true);
        await phone.page.goto(`${base}/app/support/mine`);
        const amount = phone.page.getByRole('columnheader', { name: 'Giá trị (₫)' });
        await amount.waitFor();
        const box = (await amount.boundingBox())!;
        expect(box.x + box.width).toBeLessThanOrEqual(390);
        await phone.context.close();
      } else {
        expect(await link.count()).toBe(0);
        // opened by its address, the empty page says once that there is none and how one begins
        await page.goto(`${base}/app/support/mine`);
        await page.getByText('Thầy/cô chưa nhận đỡ đầu học sinh nào.').waitFor();
        await expect.poll(() => page.locator('.ant-empty').count()).toBe(1);
        expect(await page.locator('#main').innerText()).toContain('cán bộ phụ trách');
      }
      await context.close();
    }
  }, 120_000);
});
