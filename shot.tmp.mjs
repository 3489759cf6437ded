import { chromium } from 'playwright-core';
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'] });
const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
const base = process.argv[2];
const [user, ...paths] = process.argv.slice(3);
await page.goto(base + '/login');
await page.getByLabel('Tên đăng nhập').fill(user);
await page.getByLabel('Mật khẩu').fill('ChungTay@2025');
await page.getByRole('button', { name: 'Đăng nhập' }).click();
await page.getByTestId('count-schools').waitFor();
for (const [i, p] of paths.entries()) {
  await page.goto(base + p);
  await page.waitForTimeout(1500);
  await page.screenshot({ path: `/tmp/ws-${user}-${i}.png`, fullPage: true });
}
await browser.close();
