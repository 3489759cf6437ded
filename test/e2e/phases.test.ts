/**
 * Issue 10 in Chromium, on the demo as `npm start` loads it (its current phase 2026–2028):
 * a new principal enters wishes, the department runs the engine and proposes the pair, records
 * the partner's acceptance on paper, approves; the principal signs in the app and the
 * department records the partner's signature on paper; the signed PDF's verification link
 * names the address the server listens on. Then the next-phase pages: a pair of 2022–2025
 * shows its continuation, and the department opens the phase after 2026–2028 from the
 * campaign page. Screenshots at 1280 wide and 390×844 go to SHOTS_DIR to be looked at.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PDFDocument } from 'pdf-lib';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { expectAccessible, launchBrowser } from './browser.ts';

const base = inject('baseUrl');
const shots = process.env.SHOTS_DIR ?? '/tmp/chungtay-shots';
mkdirSync(shots, { recursive: true });
const work = mkdtempSync(join(tmpdir(), 'ct-e2e-phases-'));
let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  rmSync(work, { recursive: true, force: true });
});

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

async function signIn(page: Page, username: string, password = 'ChungTay@2025') {
  await page.goto(`${base}/login`);
  await page.getByLabel('Tên đăng nhập').fill(username);
  await page.getByLabel('Mật khẩu').fill(password);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.getByTestId('user').waitFor();
}

/** Both sizes of a page, full length, for a person to look at; the phone one must not scroll sideways. */
async function shoot(page: Page, name: string) {
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.screenshot({ path: `${shots}/phases-${name}-desktop.png`, fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.waitForTimeout(300);
  expect(await page.evaluate(() => document.documentElement.scrollWidth), name).toBeLessThanOrEqual(390);
  await page.screenshot({ path: `${shots}/phases-${name}-phone.png`, fullPage: true });
  await page.setViewportSize({ width: 1280, height: 900 });
}

async function recordOnPaper(page: Page, school: string, button: 'Ghi nhận chấp thuận trên giấy' | 'Ghi nhận chữ ký trên giấy') {
  const doc = await PDFDocument.create();
  doc.addPage();
  const file = join(work, `${button.length}-letter.pdf`);
  writeFileSync(file, await doc.save());
  // Every member that has not answered has these buttons (with or without an account): the school's own.
  await page.getByRole('button', { name: new RegExp(`^${button} – .*${school}$`, 'u') }).click();
  const dialog = page.getByRole('dialog').filter({ hasText: school });
  await dialog.getByTestId('paper-letter-input').setInputFiles(file);
  await dialog.getByRole('button', { name: 'Lưu' }).click();
  await dialog.waitFor({ state: 'hidden' });
}

describe('issue 10 end to end in Chromium', () => {
  it('wishes → engine → paper acceptance → approval → both sign; the PDF verifies at the address the server listens on', async () => {
    // The scene: TH Bồ Đề gets its principal's account (the demo has none).
    const admin = await apiAs('so.admin');
    await admin('POST', '/api/users', { username: 'bode.ht', displayName: 'Hiệu trưởng TH Bồ Đề', role: 'school-leader', schoolCode: 'DEMO-TH-BODE', password: 'Bode-HieuTruong-2026!' });

    // 1. The principal ranks TH Minh Quang first on the wishes page (the current phase is chosen).
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await signIn(page, 'bode.ht', 'Bode-HieuTruong-2026!');
    await page.goto(`${base}/app/wishes`);
    await page.getByText('MH-01/KH-SGDĐT').first().waitFor();
    await page.getByLabel('Tên hoặc mã trường').fill('minh quang');
    await page.locator('.ant-select-item-option').filter({ hasText: 'Trường Tiểu học Minh Quang' }).first().click();
    await page.getByTestId('public-profile').waitFor();
    await page.getByTestId('add-wish').click();
    await page.getByTestId('save-wishes').click();
    await page.getByText('Đã lưu nguyện vọng.').waitFor();
    await shoot(page, '1-wishes');
    await page.getByRole('button', { name: 'Đăng xuất' }).click();
    await page.getByRole('button', { name: 'Đăng nhập' }).waitFor();

    // 2. The department runs the engine on the current phase and proposes Bồ Đề – Minh Quang: no "plan ended" question.
    await signIn(page, 'so.admin');
    await page.getByRole('link', { name: 'Ghép cặp' }).click();
    await page.getByRole('heading', { level: 1, name: 'Ghép cặp kết nghĩa' }).waitFor();
    await page.getByTestId('run').click();
    await page.getByTestId('matching-result').waitFor();
    const label = 'TH Bồ Đề – TH Minh Quang';
    await page.getByRole('checkbox', { name: `Chọn cặp ${label}` }).check();
    await page.getByTestId('accept').click();
    await page.getByRole('dialog', { name: 'Tạo 1 cặp đề xuất?' }).getByRole('button', { name: 'Tạo cặp đề xuất (1)' }).click();
    await page.getByText('Đã tạo 1 cặp đề xuất', { exact: false }).waitFor();
    await expect(page.getByTestId('confirm-campaign-ended').count()).resolves.toBe(0);
    await page.getByRole('link', { name: 'Đã đề xuất' }).click();
    await page.waitForURL(/\/app\/pairs\/[0-9a-f-]+$/u);
    const pairUrl = page.url();
    const title = 'Trường Tiểu học Bồ Đề – Trường Tiểu học Minh Quang';
    await page.getByRole('heading', { level: 1, name: title }).waitFor();

    // 3. Minh Quang (no account) accepted by letter: the department records it with the scan.
    await recordOnPaper(page, 'Minh Quang', 'Ghi nhận chấp thuận trên giấy');
    await page.getByTestId('paper-note').first().waitFor();
    await page.getByRole('button', { name: 'Đăng xuất' }).click();
    await page.getByRole('button', { name: 'Đăng nhập' }).waitFor();
    // Bồ Đề's principal accepts in the app (asked once more).
    await signIn(page, 'bode.ht', 'Bode-HieuTruong-2026!');
    await page.goto(pairUrl);
    await page.getByRole('button', { name: 'Chấp thuận kết nghĩa' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Chấp thuận kết nghĩa' }).click();
    await page.getByText('Đã chấp thuận.').waitFor();
    await page.getByRole('button', { name: 'Đăng xuất' }).click();
    await page.getByRole('button', { name: 'Đăng nhập' }).waitFor();

    // 4. The department approves (asked once more; no ended-plan question).
    await signIn(page, 'so.admin');
    await page.goto(pairUrl);
    await page.getByRole('button', { name: 'Phê duyệt', exact: true }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Phê duyệt', exact: true }).click();
    await page.getByRole('button', { name: 'Ghi nhận chữ ký trên giấy' }).first().waitFor();
    await expect(page.getByTestId('confirm-campaign-ended').count()).resolves.toBe(0);
    await page.getByRole('button', { name: 'Đăng xuất' }).click();
    await page.getByRole('button', { name: 'Đăng nhập' }).waitFor();

    // 5. Bồ Đề's principal signs in the app; the department records Minh Quang's signature on paper.
    await signIn(page, 'bode.ht', 'Bode-HieuTruong-2026!');
    await page.goto(pairUrl);
    await page.getByRole('button', { name: 'Ký biên bản' }).click();
    const sign = page.getByRole('dialog');
    await sign.getByText('Tôi đã đọc toàn văn phiên bản này và đồng ý ký.').click();
    await sign.getByRole('button', { name: 'Ký', exact: true }).click();
    await page.getByText('Đã ký. Đang chờ bên kia ký.').waitFor();
    await page.getByRole('button', { name: 'Đăng xuất' }).click();
    await page.getByRole('button', { name: 'Đăng nhập' }).waitFor();
    await signIn(page, 'so.admin');
    await page.goto(pairUrl);
    await recordOnPaper(page, 'Minh Quang', 'Ghi nhận chữ ký trên giấy');
    await page.getByText(/Các bên đã ký\. Biên bản số \d+\/GN-THBĐ có hiệu lực\./u).waitFor();
    await shoot(page, '2-pair-signed');
    await expectAccessible(page);

    // 6. The signed PDF: its verification link is the server's own address, and it verifies.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Tải PDF' }).click()]);
    const file = join(work, download.suggestedFilename());
    await download.saveAs(file);
    expect(readFileSync(file).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const text = execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }).replace(/\s+/gu, ' ');
    const link = /Kiểm tra tại: (\S+)/u.exec(text)?.[1];
    expect(link).toMatch(new RegExp(`^${base.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&')}/verify/[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}$`, 'u'));
    expect(text).toContain('Xác nhận trên giấy');
    const pub = await browser.newPage();
    await pub.goto(link!);
    await pub.getByTestId('verify-result').waitFor();
    await expect(pub.getByTestId('verify-parties').textContent()).resolves.toContain('Trường TH Minh Quang');
    await pub.close();
    await page.close();
  }, 240_000);

  it('shows the next phase: a 2022–2025 pair links its continuation; the department opens the phase after 2026–2028', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await signIn(page, 'chuphan.ht');
    const admin = await apiAs('so.admin');
    const campaigns = await admin<{ items: { id: string; number: string }[] }>('GET', '/api/campaigns');
    const old = campaigns.items.find((c) => c.number === '4340/KH-SGDĐT')!;
    const pairs = await admin<{ items: { id: string; schools: { shortName: string }[] }[] }>('GET', `/api/pairs?campaignId=${old.id}&q=chu%20phan`);
    await page.goto(`${base}/app/pairs/${pairs.items[0]!.id}`);
    const card = page.getByTestId('next-phase');
    await card.getByText('Đã chọn tiếp tục sang giai đoạn 2026-2028', { exact: false }).waitFor();
    await shoot(page, '3-old-pair');
    await card.getByTestId('next-phase-pair').click();
    await page.getByTestId('next-phase').getByText('Cặp này tiếp nối cặp của giai đoạn trước.').waitFor();
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Đăng xuất' }).click();
    await page.getByRole('button', { name: 'Đăng nhập' }).waitFor();

    await signIn(page, 'so.admin');
    await page.getByRole('link', { name: 'Kế hoạch' }).click();
    await page.getByRole('heading', { level: 1, name: 'Kế hoạch, phong trào' }).waitFor();
    // 4340 has its next phase; MH-01 (2026–2028) does not yet.
    await expect(page.getByTestId('open-next-phase-4340/KH-SGDĐT').count()).resolves.toBe(0);
    await page.getByTestId('open-next-phase-MH-01/KH-SGDĐT').click();
    const dialog = page.getByRole('dialog', { name: /Mở giai đoạn tiếp theo của kế hoạch MH-01\/KH-SGDĐT/u });
    await dialog.getByLabel('Số kế hoạch mới').fill('MH-02/KH-SGDĐT');
    await dialog.getByLabel('Ngày ban hành').fill('15/12/2028');
    await dialog.getByLabel('Ngày ban hành').press('Enter');
    // Leave the date field (its calendar would cover the dialog in the screenshot).
    await dialog.getByText('Số kế hoạch mới').click();
    await expect(dialog.getByTestId('next-phase-period').textContent()).resolves.toContain('2029–2031');
    await shoot(page, '4-open-next-phase');
    await dialog.getByRole('button', { name: 'Mở giai đoạn tiếp theo' }).click();
    await page.getByTestId('confirm-open-next-phase').click();
    await page.getByText('Đã mở giai đoạn 2029–2031 (kế hoạch MH-02/KH-SGDĐT).').waitFor();
    await page.getByText('Giai đoạn tiếp theo: MH-02/KH-SGDĐT').waitFor();
    await page.getByRole('dialog').first().waitFor({ state: 'hidden' });
    await shoot(page, '5-campaigns');
    // On a phone the campaigns are cards, each with its buttons in reach (the table's columns wrapped a word a line).
    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByTestId('campaign-cards').waitFor();
    await page.getByTestId('open-next-phase-MH-02/KH-SGDĐT').waitFor();
    await page.setViewportSize({ width: 1280, height: 900 });
    await expectAccessible(page);
    await page.close();
  }, 120_000);

  it('keeps the English pages English (date fields, signatories) and the outbox filter on a phone', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await signIn(page, 'so.admin');
    await page.getByText('English', { exact: true }).click();
    await page.getByRole('link', { name: 'Audit log' }).first().click();
    // The date fields say the format, not Vietnamese ("Chọn thời điểm").
    const from = page.locator('input[id$="from"]').first();
    await from.waitFor();
    await expect(from.getAttribute('placeholder')).resolves.toBe('dd/mm/yyyy');
    await expect(page.locator('body').textContent()).resolves.not.toContain('Chọn thời điểm');
    // A signed MoU's parties: the signatory's title in English.
    const admin = await apiAs('so.admin');
    const campaigns = await admin<{ items: { id: string; number: string }[] }>('GET', '/api/campaigns');
    const old = campaigns.items.find((c) => c.number === '4340/KH-SGDĐT')!;
    const pairs = await admin<{ items: { id: string }[] }>('GET', `/api/pairs?campaignId=${old.id}&q=chu%20phan`);
    await page.goto(`${base}/app/pairs/${pairs.items[0]!.id}`);
    await page.getByText('Nguyễn Văn Tuấn (principal)').waitFor();
    await expect(page.locator('main').textContent()).resolves.not.toMatch(/\((hiệu trưởng|phó hiệu trưởng)\)/iu);
    // The outbox: its status filter fits 390 px (a drop-down there).
    await page.goto(`${base}/app/outbox`);
    await page.getByRole('heading', { level: 1, name: 'Outbox' }).waitFor();
    await shoot(page, '6-outbox-en');
    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByTestId('outbox-filter').waitFor();
    await page.close();
  }, 120_000);
});
