import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { messyWorkbook } from '../helpers/registry-files.ts';
import { expectAccessible, launchBrowser } from './browser.ts';

const base = inject('baseUrl');
let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe('the department in Chromium', () => {
  it('checks a bad list (errors shown, nothing written), imports a good one, then finds the school without diacritics', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'chungtay-e2e-xlsx-'));
    const bad = join(dir, 'danh-sach-loi.xlsx');
    await writeFile(bad, await messyWorkbook([{ code: 'E2E-1', name: 'Trường Tiểu học Đoàn Thị Điểm', level: 'Đại học', area: 'Nội thành', students: '12a' }]));
    const good = join(dir, 'danh-sach.xlsx');
    await writeFile(good, await messyWorkbook([{ code: 'E2E-1', name: 'Trường Tiểu học Đoàn Thị Điểm', level: 'TH', district: 'Long Biên', commune: 'Bồ Đề', area: 'Nội thành', students: '1.234' }]));

    const page = await browser.newPage();
    await page.goto(`${base}/login`);
    await page.getByLabel('Tên đăng nhập').fill('so.admin');
    await page.getByLabel('Mật khẩu').fill('ChungTay@2025');
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.getByTestId('count-schools').waitFor();

    await page.getByRole('link', { name: 'Trường', exact: true }).click();
    await page.getByRole('heading', { name: 'Danh sách trường' }).waitFor();
    await page.locator('.ant-table-row').first().waitFor();
    await expectAccessible(page);

    await page.getByRole('button', { name: 'Nhập từ Excel' }).click();
    await page.locator('input[type=file]').setInputFiles(bad);
    await page.getByTestId('dry-run').click();
    await page.getByTestId('import-errors').waitFor();
    expect(await page.getByTestId('import-errors').textContent()).toContain('Số HS “12a” không phải là số nguyên không âm.');
    await expectAccessible(page);

    await page.locator('input[type=file]').setInputFiles(good);
    await page.getByTestId('dry-run').click();
    // A double click starts one import, not two (the second would report "0 created" beside the first).
    await page.getByTestId('import-now').dblclick();
    await page.getByText('Đã nhập xong').waitFor();
    const imports = (await (await page.request.get(`${base}/api/schools/imports`)).json()) as { items: { fileName: string; dryRun: boolean }[] };
    expect(imports.items.filter((i) => i.fileName === 'danh-sach.xlsx' && !i.dryRun)).toHaveLength(1);

    await page.getByPlaceholder('Tìm kiếm (không cần dấu)…').fill('doan thi diem');
    await page.locator('.ant-select-item-option').first().click();
    await page.getByRole('heading', { name: 'Trường Tiểu học Đoàn Thị Điểm' }).waitFor();
    expect(await page.getByText('Phường Bồ Đề, Thành phố Hà Nội').first().isVisible()).toBe(true);
    expect(await page.getByText('1.234').first().isVisible()).toBe(true);
    // Let the search dropdown finish closing: axe would catch its listbox mid-animation.
    await page.locator('.ant-select-dropdown').waitFor({ state: 'hidden' });
    await expectAccessible(page);
    await page.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('a principal enters the school’s position from a map: a swapped one is refused, a pasted one is kept and shown with a map link', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${base}/login`);
    await page.getByLabel('Tên đăng nhập').fill('chuphan.ht');
    await page.getByLabel('Mật khẩu').fill('ChungTay@2025');
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.getByTestId('user').waitFor();
    await page.getByRole('link', { name: 'Trường', exact: true }).click();
    await page.getByRole('heading', { name: 'Danh sách trường' }).waitFor();
    await page.getByRole('link', { name: 'Trường Tiểu học Chu Phan', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Trường Tiểu học Chu Phan', exact: true }).waitFor();
    await page.getByRole('button', { name: 'Sửa hồ sơ' }).click();
    const field = page.getByLabel('Tọa độ');
    await field.fill('105.7233, 21.1961');
    await page.getByRole('button', { name: 'Lưu' }).click();
    await page.getByText('Vĩ độ và kinh độ có vẻ bị đổi chỗ', { exact: false }).waitFor();
    await field.fill(`21°11'46.0"N 105°43'23.9"E`);
    await page.getByRole('button', { name: 'Lưu' }).click();
    await page.locator('.ant-drawer').waitFor({ state: 'hidden' });
    await page.getByText('21,196111; 105,723306').waitFor();
    const map = page.getByRole('link', { name: 'Xem trên bản đồ' });
    expect(await map.getAttribute('href')).toContain('mlat=21.196111');
    await expectAccessible(page);
    await page.close();
  });
  it('pages the school list on and back by cursor, a shared address opens the same page, and a page number is read by offset', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${base}/login`);
    await page.getByLabel('Tên đăng nhập').fill('so.admin');
    await page.getByLabel('Mật khẩu').fill('ChungTay@2025');
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.getByTestId('count-schools').waitFor();
    // What the API gives by offset: the pages the browser must show, whichever way it asks.
    const apiPage = async (offset: number) =>
      ((await (await page.request.get(`${base}/api/schools?limit=3&offset=${offset}`)).json()) as { items: { name: string }[] }).items.map((s) => s.name);
    const [first, second, third] = [await apiPage(0), await apiPage(3), await apiPage(6)];
    expect(third).toHaveLength(3);
    const names = () => page.locator('.ant-table-row td:nth-child(2) a').allTextContents();
    const param = (key: string) => new URL(page.url()).searchParams.get(key);

    await page.goto(`${base}/app/schools?limit=3`);
    await expect.poll(names, { timeout: 30_000 }).toEqual(first);
    // A page number chosen in the pager: by offset.
    await page.locator('.ant-pagination-item-3').click();
    await expect.poll(names, { timeout: 30_000 }).toEqual(third);
    expect(param('page')).toBe('3');
    expect(param('after')).toBeNull();
    await page.locator('.ant-pagination-item-1').click();
    await expect.poll(names, { timeout: 30_000 }).toEqual(first);
    expect(param('page')).toBeNull();
    await page.locator('.ant-pagination-next').click();
    await expect.poll(names, { timeout: 30_000 }).toEqual(second);
    // The next page was asked for by the cursor the first page gave.
    expect(param('page')).toBe('2');
    const cursor2 = param('after');
    expect(cursor2).toBeTruthy();
    await page.locator('.ant-pagination-next').click();
    await expect.poll(names, { timeout: 30_000 }).toEqual(third);
    expect(param('page')).toBe('3');
    expect(param('after')).toBeTruthy();
    expect(param('after')).not.toBe(cursor2);
    // Back: page 2 by the cursor it was opened with.
    await page.locator('.ant-pagination-prev').click();
    await expect.poll(names, { timeout: 30_000 }).toEqual(second);
    expect(param('after')).toBe(cursor2);
    await page.locator('.ant-pagination-next').click();
    await expect.poll(names, { timeout: 30_000 }).toEqual(third);

    // The address, shared: the same page in a fresh load; back from there is read by offset.
    const shared = page.url();
    await page.goto(shared);
    await expect.poll(names, { timeout: 30_000 }).toEqual(third);
    await page.locator('.ant-pagination-prev').click();
    await expect.poll(names, { timeout: 30_000 }).toEqual(second);
    expect(param('page')).toBe('2');
    expect(param('after')).toBeNull();
    await expectAccessible(page);
    await page.close();
  });
});
