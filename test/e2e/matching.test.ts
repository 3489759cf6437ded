import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { expectAccessible, launchBrowser } from './browser.ts';

const base = inject('baseUrl');
/** Screenshots to look at (not compared): SHOTS_DIR, default /tmp/chungtay-shots. */
const shots = process.env.SHOTS_DIR ?? '/tmp/chungtay-shots';
mkdirSync(shots, { recursive: true });
let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

async function signIn(page: Page, username: string) {
  await page.goto(`${base}/login`);
  await page.getByLabel('Tên đăng nhập').fill(username);
  await page.getByLabel('Mật khẩu').fill('ChungTay@2025');
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.getByTestId('user').waitFor();
}

const pairRows = (page: Page) => page.getByTestId('matching-pairs').locator('tbody tr.ant-table-row');

describe('the department pairs the demo primary schools in Chromium', () => {
  it('runs the engine, reads the explanations and the trade-off, locks and removes pairs, re-runs, compares and proposes pairs', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await signIn(page, 'so.admin');
    await page.getByRole('link', { name: 'Ghép cặp' }).click();
    await page.getByRole('heading', { level: 1, name: 'Ghép cặp kết nghĩa' }).waitFor();
    await page.getByTestId('run').click();
    await page.getByTestId('matching-result').waitFor();
    await expect(pairRows(page).count()).resolves.toBeGreaterThanOrEqual(3);

    // Every proposed pair is explained by the criteria that scored.
    const explanations = await page.getByTestId('explanation').allTextContents();
    for (const e of explanations) expect(e).toMatch(/mạnh về .+, .+ cần hỗ trợ /u);
    expect(explanations.some((e) => /cách \d+ km/u.test(e))).toBe(true);
    expect(explanations.some((e) => e.includes('cả hai trường đều chọn nhau'))).toBe(true);
    const tradeoff = await page.getByTestId('tradeoff').innerText();
    expect(tradeoff).toContain('Tối ưu tổng thể');
    expect(tradeoff).toContain('Ổn định theo nguyện vọng');
    await page.screenshot({ path: `${shots}/matching-1-result.png`, fullPage: true });
    // The result downloads as Excel, named in Vietnamese.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export').click()]);
    expect(download.suggestedFilename()).toMatch(/^Kết quả ghép cặp \d{2}-\d{2}-\d{4}\.xlsx$/u);
    await expectAccessible(page);

    // Lock the first pair, remove the second, re-run: the lock is kept, the removed pair is gone.
    // A pair's cell: its label on the first line, then schools without an account and tags.
    const label = (text: string) => text.split('\n')[0]!.replace(/\s*Giữ cố định\s*$/u, '').trim();
    const first = label(await pairRows(page).nth(0).locator('td').nth(1).innerText());
    const second = label(await pairRows(page).nth(1).locator('td').nth(1).innerText());
    await page.getByRole('button', { name: `Giữ: ${first}` }).click();
    await page.getByRole('button', { name: `Loại: ${second}` }).click();
    await page.getByTestId('adjustments').waitFor();
    await page.getByTestId('rerun').click();
    await page.getByText('Cặp được giữ cố định', { exact: false }).first().waitFor();
    const after = await pairRows(page).locator('td:nth-child(2)').allInnerTexts();
    expect(after.some((x) => x.startsWith(first) && x.includes('Giữ cố định'))).toBe(true);
    expect(after.map(label)).not.toContain(second);
    await page.screenshot({ path: `${shots}/matching-2-rerun.png`, fullPage: true });

    // Remove one more pair and keep all the others: the re-run only re-pairs the two schools set free.
    const kept = await pairRows(page).locator('td:nth-child(2)').allInnerTexts();
    const dropped = kept.map(label).find((x) => x !== first)!;
    await page.getByRole('button', { name: `Loại: ${dropped}` }).click();
    await page.getByTestId('keep-rest').click();
    await expect(page.getByTestId('adjustments').innerText()).resolves.toContain(`Cặp giữ cố định (${kept.length - 1})`);
    const secondRun = new URL(page.url()).searchParams.get('run');
    await page.getByTestId('rerun').click();
    await page.waitForURL((u) => Boolean(u.searchParams.get('run')) && u.searchParams.get('run') !== secondRun);
    await page.getByTestId('matching-runs').locator('tbody tr.ant-table-row').nth(2).waitFor();
    await page.getByTestId('matching-result').waitFor();
    // The removed pair does not come back; every kept pair does, locked (other schools of the
    // run, if any, may pair with the two set free).
    const names = async () => (await pairRows(page).locator('td:nth-child(2)').allInnerTexts()).map(label);
    await expect.poll(async () => (await names()).includes(dropped)).toBe(false);
    const third = await pairRows(page).locator('td:nth-child(2)').allInnerTexts();
    expect(third.filter((x) => x.includes('Giữ cố định'))).toHaveLength(kept.length - 1);
    // Reloaded from its address, the run gives the form its locks and removals again.
    await page.reload();
    await page.getByTestId('matching-result').waitFor();
    await expect(page.getByTestId('adjustments').innerText()).resolves.toContain(`Cặp giữ cố định (${kept.length - 1})`);
    await expect(page.getByTestId('adjustments').innerText()).resolves.toContain(dropped);

    // Compare the two runs.
    const compare = page.getByTestId('matching-runs').getByRole('checkbox');
    await compare.nth(0).check();
    await compare.nth(1).check();
    await page.getByTestId('matching-compare').waitFor();
    await expect(page.getByTestId('matching-compare').innerText()).resolves.toContain('Chỉ có ở lần chạy A:');

    // Propose the locked pair: it becomes a proposed pair, linked from the run.
    await page.getByRole('checkbox', { name: `Chọn cặp ${first}` }).check();
    await page.getByTestId('accept').click();
    // Asked once more, naming how many pairs it creates.
    const confirm = page.getByRole('dialog', { name: 'Tạo 1 cặp đề xuất?' });
    await confirm.getByRole('button', { name: 'Tạo cặp đề xuất (1)' }).click();
    // The page runs under the demo's current phase (2026–2028): no question about an ended plan.
    await page.getByText('Đã tạo 1 cặp đề xuất', { exact: false }).waitFor();
    await pairRows(page).getByText('Đã đề xuất').waitFor();
    await page.screenshot({ path: `${shots}/matching-3-accepted.png`, fullPage: true });
    await expectAccessible(page);

    await page.getByRole('link', { name: 'Đã đề xuất' }).click();
    await page.waitForURL(/\/app\/pairs\/[0-9a-f-]+$/u);
    const [leftName, rightName] = first.split(' – ').map((n) => n.replace(/^TH /u, ''));
    const heading = page.getByRole('heading', { level: 1, name: new RegExp(`${leftName}.*${rightName}|${rightName}.*${leftName}`, 'u') });
    await heading.waitFor();
    // The pair page says why the engine proposed it.
    const reason = await page.getByTestId('proposal-reason').innerText();
    expect(reason).toMatch(/Đề xuất từ ghép cặp tự động của Sở — điểm phù hợp [\d,]+\/100:[\s\S]*mạnh về/u);
    // The lock was the department's tool, not a reason for the schools.
    expect(reason).not.toContain('giữ cố định');
    await page.close();
  });

  it('a principal does not see the pairing page in the menu', async () => {
    const page = await browser.newPage();
    await signIn(page, 'aimob.ht');
    await expect(page.getByRole('link', { name: 'Ghép cặp' }).count()).resolves.toBe(0);
    await page.close();
  });
});
