/**
 * The public pages outside the portal (docs/decisions/0027), server-rendered over real HTTP
 * (`inject`): the platform's home, sign-in, a document's verification and the
 * public support ledger — no script but the sign-in form's, in Vietnamese or English by
 * `?lang=` (remembered), the cookie or Accept-Language, with hreflang alternates.
 */
import { describe, expect, it } from 'vitest';
import { scriptsOf } from '../../scripts/js-budget.mjs';
import { safeNext } from '#src/server/features/public-pages/public-pages.routes.ts';
import { createPair } from '../factories/pairs.ts';
import { createSchoolLeader, FACTORY_PASSWORD } from '../factories/users.ts';
import { createContribution, deliverContribution } from '../factories/support.ts';
import { createTestApp } from '../helpers/app.ts';

const t = await createTestApp({ demo: false, workers: false });
const pub = t.as(null);

/** The verification code of the MoU of a new active pair (signed by both principals). */
async function signedMouCode(): Promise<string> {
  const pair = await createPair(t.db, { state: 'active' });
  const admin = t.as(await t.signIn(pair.admin.username, FACTORY_PASSWORD));
  return ((await admin('GET', `/api/pairs/${pair.id}`)).json() as { mou: { current: { verificationCode: string } } }).mou.current.verificationCode;
}

describe('the public pages', () => {
  it('render the home, sign-in, verification and ledger as HTML with no script but the sign-in form’s', async () => {
    for (const path of ['/', '/verify', '/cong-khai']) {
      const res = await pub('GET', path);
      expect(res.statusCode, path).toBe(200);
      expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(res.body, path).toContain('<html lang="vi">');
      expect(scriptsOf(res.body), path).toEqual([]);
    }
    const home = await pub('GET', '/');
    expect(home.body).toContain('<h1>Nền tảng kết nghĩa nhà trường</h1>');
    expect(home.body).toMatch(/<form action="\/login" method="get"><button class="btn primary" type="submit">Đăng nhập<\/button>/u);
    const login = await pub('GET', '/login');
    expect(login.headers['cache-control']).toBe('no-store');
    expect(scriptsOf(login.body)).toEqual(['/sign-in.ts']);
    expect(login.body).toContain('<label for="username">Tên đăng nhập</label>');
    expect(login.body).toContain('<label for="password">Mật khẩu</label>');
    expect(login.body).toContain('<label for="code">Mã xác thực</label>');
    expect(login.body).toContain('<meta name="robots" content="noindex">');
    // the demo hint names every demo account the README lists, the sponsor nhanchinh.gv too
    for (const u of ['so.admin', 'bode.cb', 'aimob.ht', 'aimob.pt', 'aimob.gv', 'nhanchinh.gv'])
      expect(login.body).toMatch(new RegExp(`<p class="meta">[^<]*\\b${u.replace('.', '\\.')}\\b`, 'u'));
    // Without JavaScript the form cannot sign in: the page says so, in the page's language.
    expect(login.body).toContain('<noscript><div class="alert warn">Cần bật JavaScript để đăng nhập');
    expect((await pub('GET', '/login?lang=en')).body).toContain('<noscript><div class="alert warn">JavaScript is needed to sign in');
  });

  it('speaks English by ?lang=en, remembers it in the cookie the app reads, and offers both by hreflang', async () => {
    const res = await pub('GET', '/?lang=en');
    expect(res.body).toContain('<html lang="en">');
    expect(res.body).toContain('<h1>The school-twinning platform</h1>');
    expect(res.cookies.find((c) => c.name === 'ct_lang')?.value).toBe('en');
    expect(res.body).toContain('<link rel="alternate" hreflang="vi" href="https://chungtay.example.vn/?lang=vi">');
    expect(res.body).toContain('<link rel="alternate" hreflang="en" href="https://chungtay.example.vn/?lang=en">');
    expect(res.body).toMatch(/<a href="\/\?lang=vi" lang="vi" hreflang="vi">Tiếng Việt<\/a>/u);
    // The cookie; without it Vietnamese, as the app starts, whatever the browser asks for.
    expect((await pub('GET', '/login', undefined, { cookie: 'ct_lang=en' })).body).toContain('<label for="username">Username</label>');
    expect((await pub('GET', '/cong-khai', undefined, { cookie: 'ct_lang=en' })).body).toContain('<h1>Public ledger of support</h1>');
    expect((await pub('GET', '/cong-khai', undefined, { 'accept-language': 'en-GB,en;q=0.9' })).body).toContain('<html lang="vi">');
    // The switch keeps the rest of the address.
    expect((await pub('GET', '/login?next=%2Fapp%2Fpairs')).body).toContain('href="/login?next=%2Fapp%2Fpairs&amp;lang=en"');
  });

  it('sends a signed-in visitor of the sign-in page on to the app, and only to a page of the app', async () => {
    const me = await t.signIn((await createSchoolLeader(t.db)).username, FACTORY_PASSWORD);
    const res = await t.as(me)('GET', '/login?next=%2Fapp%2Fpairs');
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/app/pairs');
    expect((await t.as(me)('GET', '/login?next=https%3A%2F%2Fevil.example')).headers.location).toBe('/app');
    expect((await pub('GET', '/login?next=%2F%2Fevil.example')).body).toContain('data-next="/app"');
    expect(safeNext('/app?x=1')).toBe('/app?x=1');
    expect(safeNext('/application')).toBe('/app');
    expect(safeNext('//evil.example/app')).toBe('/app');
    expect((await t.as(me)('GET', '/')).body).toContain('Vào hệ thống');
  });

  it('says a genuine document’s parties in the page’s language, and an unknown code is a 404 page saying why', async () => {
    const code = await signedMouCode();
    const vi = await pub('GET', `/verify/${code.toLowerCase()}`);
    expect(vi.statusCode).toBe(200);
    expect(vi.body).toContain('Văn bản do hệ thống Chung Tay cấp');
    expect(vi.body).toMatch(/data-testid="verify-parties"><li>[^<]+ — hiệu trưởng /u);
    const en = await pub('GET', `/verify/${code}?lang=en`);
    expect(en.body).toContain('Document issued by Chung Tay');
    expect(en.body).toMatch(/data-testid="verify-parties"><li>[^<]+ — principal /u);
    const unknown = await pub('GET', '/verify/ZZZZ-ZZZZ');
    expect(unknown.statusCode).toBe(404);
    expect(unknown.body).toContain('Không xác thực được');
    const form = await pub('GET', `/verify?code=${encodeURIComponent(` ${code} `)}`);
    expect(form.statusCode).toBe(303);
    expect(form.headers.location).toBe(`/verify/${code}`);
  });

  it('shows the ledger’s totals and entries as the public API has them, money as 1.500.000 ₫', async () => {
    // A scholarship of 1.500.000 ₫ in cash and four televisions, handed over.
    const leader = await createSchoolLeader(t.db);
    const cash = await createContribution(t.db, leader.ctx, { schoolId: leader.school!.id, kind: 'cash', description: 'Học bổng', quantity: 1, unit: 'lần', valueVnd: 1_500_000 });
    await deliverContribution(t.db, leader.ctx, cash.id, { description: 'Học bổng', quantity: 1, valueVnd: 1_500_000 });
    const tv = await createContribution(t.db, leader.ctx, { schoolId: leader.school!.id });
    await deliverContribution(t.db, leader.ctx, tv.id);
    const totals = (await pub('GET', '/api/public/support/totals')).json() as { overall: { cashVnd: number } };
    const ledger = (await pub('GET', '/api/public/ledger?limit=50')).json() as { items: { seq: number; hash: string }[] };
    const res = await pub('GET', '/cong-khai');
    expect(totals.overall.cashVnd).toBeGreaterThanOrEqual(1_500_000);
    expect(ledger.items.length).toBeGreaterThanOrEqual(2);
    const money = new Intl.NumberFormat('vi-VN').format(totals.overall.cashVnd);
    expect(res.body).toContain(`<b>${money}\u00a0₫</b>Tiền mặt`);
    for (const e of ledger.items) expect(res.body).toContain(`SHA-256 ${e.hash}`);
    expect((await pub('GET', '/cong-khai?lang=en')).body).toContain(`<b>${money}\u00a0₫</b>Cash`);
  });
});
