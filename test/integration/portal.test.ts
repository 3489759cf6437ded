/**
 * The public portal without signing in, on two pairs built with the factories as in the demo's
 * story (the demo itself: demo-portal.test.ts): the pages a search engine reads (titles,
 * descriptions, no script), totals equal to the records, diacritics-insensitive search, RSS
 * and Atom read by a real feed parser, and the allow-list: every public answer, HTML and
 * JSON, is walked for fields outside the public DTOs and for anything private.
 */
import { parseFeed } from '@rowanmanning/feed-parser';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { publicHome, publicNewsList, publicNewsPost, publicPairList, publicPairPage } from '#src/core/portal/dto.ts';
import { escapeHtml } from '#src/core/news/draft.ts';
import { addSteeringMember } from '#src/server/features/pairs/steering.service.ts';
import viCatalog from '#src/server/i18n/vi.json' with { type: 'json' };
import { createBeneficiary } from '../factories/beneficiaries.ts';
import { createCampaign } from '../factories/campaigns.ts';
import { createPair } from '../factories/pairs.ts';
import { createSchool } from '../factories/schools.ts';
import { createCoordinator, createDepartmentAdmin, createSchoolLeader, FACTORY_PASSWORD } from '../factories/users.ts';
import { createTestApp, type SignedIn } from '../helpers/app.ts';
import { gzipBytesOf, PUBLIC_BUDGET_KB, scriptsOf } from '../../scripts/js-budget.mjs';

const NOW = new Date('2026-03-02T03:00:00Z');
const t = await createTestApp({ demo: false, now: () => NOW });
const pub = t.as(null);
const DRAFT_TITLE = 'Bản nháp nội bộ chưa đăng Zebra';
const DRAFT_NOTE = 'Ghi chú nội bộ không công bố Quokka';
const NEWS_TITLE = 'Trường THPT Nhân Chính và Trường PTDTNT Hà Nội ký kết biên bản ghi nhớ về chương trình kết nghĩa';
const NEWS_BODY =
  '<p>Ngày 25/10/2023, hai đơn vị đã tổ chức Hội nghị Gặp mặt và kí kết biên bản ghi nhớ về chương trình kết nghĩa “Nhà trường cùng chung tay phát triển”.</p>';

// THPT Nhân Chính – PTDTNT Hà Nội (signed 25/10/2023) and TH Chu Phan – TH Ái Mộ B (signed 13/03/2023),
// in the plan for 2022–2025; schools, people and activities with private details the portal must not show.
const adminUser = await createDepartmentAdmin(t.db, { displayName: 'Bà Phạm Thu Trang', email: 'trang.pt@sogd.example.vn' });
const campaign = await createCampaign(t.db, { issuedOn: '2022-12-12', phaseStartYear: 2022, phaseEndYear: 2025 });
let n = 0;
const school = (name: string, shortName: string, over: Parameters<typeof createSchool>[1] = {}) => {
  n += 1;
  return createSchool(t.db, { name, shortName, principalName: `Hiệu trưởng Nguyễn Văn Số${n}`, phone: `0243 800 00${n}${n}`, email: `hieutruong${n}@truong.example.vn`, ...over });
};
const nc = await school('Trường THPT Nhân Chính', 'THPT Nhân Chính', { level: 'upper-secondary' });
const nt = await school('Trường Phổ thông Dân tộc nội trú Hà Nội', 'PTDTNT Hà Nội', { level: 'ethnic-boarding', areaType: 'mountainous' });
const cp = await school('Trường Tiểu học Chu Phan', 'TH Chu Phan', { areaType: 'suburban' });
const am = await school('Trường Tiểu học Ái Mộ B', 'TH Ái Mộ B');
const person = (s: typeof nc, name: string, mail: string) => ({ school: s, displayName: name, email: `${mail}@truong.example.vn` });
const leaders = {
  nc: await createSchoolLeader(t.db, person(nc, 'Bà Trịnh Thu Hằng', 'hang.tt')),
  nt: await createSchoolLeader(t.db, person(nt, 'Ông Hà Văn Khánh', 'khanh.hv')),
  cp: await createSchoolLeader(t.db, person(cp, 'Ông Nguyễn Văn Tuấn', 'tuan.nv')),
  am: await createSchoolLeader(t.db, person(am, 'Bà Hoàng Thị Bích Thu', 'thu.htb')),
};
const ncCoordinator = await createCoordinator(t.db, person(nc, 'Cô Lê Minh Phương', 'phuong.lm'));
const amCoordinator = await createCoordinator(t.db, person(am, 'Thầy Đỗ Quang Vinh', 'vinh.dq'));
const ncPair = await createPair(t.db, { state: 'active', campaign, schools: [nc, nt], leaders: [leaders.nc, leaders.nt], admin: adminUser, now: new Date('2023-10-25T03:00:00Z') });
const cpPair = await createPair(t.db, { state: 'active', campaign, schools: [cp, am], leaders: [leaders.cp, leaders.am], admin: adminUser, now: new Date('2023-03-13T03:00:00Z') });
await t.db.transaction().execute((trx) => addSteeringMember(trx, adminUser.ctx, ncPair.id, { schoolId: nc.id, fullName: 'Ông Vũ Đình Khiêm', committeeRole: 'member' }, NOW));
await createBeneficiary(t.db, leaders.nt, { fullName: 'Sùng Thị Mỷ', hardship: 'orphan', now: NOW });

const admin: SignedIn = await t.signIn(adminUser.username, FACTORY_PASSWORD);
const asNc = await t.signIn(ncCoordinator.username, FACTORY_PASSWORD);
const asAm = await t.signIn(amCoordinator.username, FACTORY_PASSWORD);
/** An activity a coordinator records and completes through the API. */
async function held(who: SignedIn, body: Record<string, unknown>) {
  const res = await t.as(who)('POST', '/api/activities', { mode: 'in-person', ...body });
  expect(res.statusCode, res.body).toBe(201);
  const done = await t.as(who)('POST', `/api/activities/${res.json().id}/transitions`, { event: 'complete' });
  expect(done.statusCode, done.body).toBe(200);
  return res.json().id as string;
}
const conference = await held(asNc, {
  pairId: ncPair.id,
  kind: 'signing-conference',
  title: 'Hội nghị Gặp mặt và kí kết biên bản ghi nhớ',
  startsOn: '2023-10-25',
  hostSchoolId: nc.id,
  place: 'Trường THPT Nhân Chính',
  description: 'Nội dung nội bộ: danh sách đại biểu và kinh phí tiếp khách của hội nghị.',
  participants: [
    { schoolId: nc.id, teachers: 14, staff: 4, students: 0 },
    { schoolId: nt.id, teachers: 11, staff: 3, students: 0 },
  ],
});
const seminar = await held(asAm, {
  pairId: cpPair.id,
  kind: 'seminar',
  title: 'Chuyên đề “Xây dựng trường học Xanh - sạch - đẹp - văn minh - hạnh phúc”',
  startsOn: '2025-11-14',
  hostSchoolId: am.id,
  place: 'Trường Tiểu học Ái Mộ B',
  description: 'Ghi chép nội bộ về khuôn viên và thư viện xanh của nhà trường.',
  participants: [
    { schoolId: cp.id, teachers: 22, staff: 2, students: 0 },
    { schoolId: am.id, teachers: 30, staff: 4, students: 40 },
  ],
});
// The conference's article, published; the seminar's, a draft with words no public page may show.
const article = await t.as(asNc)('POST', `/api/activities/${conference}/news`);
expect(article.statusCode, article.body).toBe(201);
expect((await t.as(asNc)('PATCH', `/api/news/${article.json().id}`, { title: NEWS_TITLE, bodyHtml: NEWS_BODY })).statusCode).toBe(200);
expect((await t.as(asNc)('POST', `/api/news/${article.json().id}/publish`)).statusCode).toBe(200);
const draft = await t.as(asAm)('POST', `/api/activities/${seminar}/news`);
expect(draft.statusCode, draft.body).toBe(201);
const saved = await t.as(asAm)('PATCH', `/api/news/${draft.json().id}`, { title: DRAFT_TITLE, bodyHtml: `<p>${DRAFT_NOTE}</p>` });
expect(saved.statusCode, saved.body).toBe(200);

describe('the public portal', () => {
  it('serves the programme home as HTML a search engine reads: title, description, canonical, no script, Vietnamese', async () => {
    const res = await pub('GET', '/chuong-trinh');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.body).toContain('<html lang="vi">');
    expect(res.body).toMatch(/<title>Chung Tay — Nhà trường cùng chung tay phát triển<\/title>/u);
    expect(res.body).toMatch(/<meta name="description" content="Phong trào kết nghĩa[^"]+lượt giáo viên tham gia.">/u);
    expect(res.body).toContain('<link rel="canonical" href="https://chungtay.example.vn/chuong-trinh">');
    expect(res.body).not.toMatch(/<script/iu);
    expect(res.body).toContain('href="/cong-khai"');
    expect(res.body).toContain(NEWS_TITLE);
  });

  it('counts pairs, schools, activities and teacher participations from the records', async () => {
    const home = publicHome.parse((await pub('GET', '/api/public/portal')).json());
    const pairs = ((await t.as(admin)('GET', '/api/pairs?page=1&pageSize=100')).json() as { items: { id: string; state: string; schools: { id: string }[] }[] }).items;
    const shown = pairs.filter((p) => p.state === 'active' || p.state === 'completed');
    const held = ((await t.as(admin)('GET', '/api/activities?limit=500&status=done,reported')).json() as { items: { pairId: string; teachers: number; students: number }[] }).items.filter((a) =>
      shown.some((p) => p.id === a.pairId),
    );
    expect(home.totals).toEqual({
      pairs: shown.length,
      schools: new Set(shown.flatMap((p) => p.schools.map((s) => s.id))).size,
      activities: held.length,
      teacherParticipations: held.reduce((n, a) => n + a.teachers, 0),
      studentParticipations: held.reduce((n, a) => n + a.students, 0),
    });
    expect(home.totals.activities).toBeGreaterThan(0);
    expect(home.totals.teacherParticipations).toBeGreaterThan(0);
    const page = (await pub('GET', '/chuong-trinh')).body;
    expect(page).toContain(`<b>${home.totals.teacherParticipations.toLocaleString('vi-VN')}</b>lượt giáo viên tham gia`);
  });

  it('names the phase on every pair card, so that the same two schools continued into a next phase read as two phases, not a duplicate', async () => {
    const list = publicPairList.parse((await pub('GET', '/api/public/pairs')).json());
    expect(list.items.map((p) => p.phase)).toEqual(list.items.map(() => '2022–2025'));
    const page = (await pub('GET', '/ket-nghia')).body;
    expect(page).toContain('Giai đoạn 2022–2025 · Ký kết ngày 25/10/2023');
    expect((await pub('GET', '/ket-nghia?lang=en')).body).toContain('Phase 2022–2025 · Signed on 25/10/2023');
  });

  it('shows a pair page with its schools, the MoU’s signing date and objectives, held activities and news', async () => {
    const list = publicPairList.parse((await pub('GET', '/api/public/pairs?q=nhan%20chinh')).json());
    expect(list.items.length).toBeGreaterThan(0);
    const nc = list.items.find((p) => p.name.includes('Nhân Chính'))!;
    const d = publicPairPage.parse((await pub('GET', `/api/public/pairs/${nc.id}`)).json());
    expect(d.schools.map((s) => s.name)).toEqual(expect.arrayContaining([expect.stringContaining('Nhân Chính'), expect.stringContaining('Dân tộc nội trú')]));
    expect(d.activities.some((a) => a.startsOn === '2023-10-25')).toBe(true);
    expect(d.news.map((n) => n.title)).toContain(NEWS_TITLE);
    const html = await pub('GET', `/ket-nghia/${nc.id}`);
    expect(html.statusCode).toBe(200);
    expect(html.body).toContain('25/10/2023');
    expect(html.body).toContain(`<title>Kết nghĩa ${d.name} — Chung Tay</title>`);
    // Chu Phan – Ái Mộ B signed its MoU on 13/03/2023: the date and Điều 1's objectives, placeholders filled.
    const cp = publicPairList.parse((await pub('GET', '/api/public/pairs?q=ai%20mo%20b')).json()).items.find((p) => p.signedOn === '2023-03-13')!;
    const c = publicPairPage.parse((await pub('GET', `/api/public/pairs/${cp.id}`)).json());
    expect(c.signedOn).toBe('2023-03-13');
    expect(c.objectives.length).toBe(4);
    expect(c.objectives.join(' ')).not.toMatch(/[{}*]/u);
    expect(c.objectives[2]).toContain('giai đoạn 2023 - 2025');
    const cpHtml = (await pub('GET', cp.path)).body;
    expect(cpHtml).toContain('Ký biên bản ghi nhớ ngày 13/03/2023');
    expect(cpHtml).toContain(c.objectives[0]!.slice(0, 60));
    expect((await pub('GET', '/ket-nghia/00000000-0000-4000-8000-000000000000')).statusCode).toBe(404);
    expect((await pub('GET', '/ket-nghia/not-a-uuid')).statusCode).toBe(404);
    expect((await pub('GET', '/api/public/pairs/00000000-0000-4000-8000-000000000000')).json().error.code).toBe('PAGE_NOT_FOUND');
  });

  it('finds news without diacritics or case, and never a draft', async () => {
    for (const q of ['nhan chinh', 'NHÂN CHÍNH', 'ky ket', 'ptdtnt ha noi']) {
      const r = publicNewsList.parse((await pub('GET', `/api/public/news?q=${encodeURIComponent(q)}`)).json());
      expect(r.items.map((i) => i.title), q).toContain(NEWS_TITLE);
    }
    expect(publicNewsList.parse((await pub('GET', '/api/public/news?q=zebra')).json()).total).toBe(0);
    expect((await pub('GET', `/tin-tuc?q=${encodeURIComponent('kết nghĩa')}`)).body).toContain(NEWS_TITLE);
    expect((await pub('GET', '/tin-tuc?q=%00')).statusCode).toBe(400);
    expect((await pub('GET', `/tin-tuc?q=${'a'.repeat(201)}`)).statusCode).toBe(400);
    expect((await pub('GET', '/tin-tuc?q=%25%25%5F')).statusCode).toBe(200);
  });

  it('serves a published article word for word under its address', async () => {
    const list = publicNewsList.parse((await pub('GET', '/api/public/news')).json());
    const seed = list.items.find((i) => i.title === NEWS_TITLE)!;
    const post = publicNewsPost.parse((await pub('GET', `/api/public/news/${seed.slug}`)).json());
    expect(post.bodyHtml).toContain('Ngày 25/10/2023, hai đơn vị đã tổ chức Hội nghị Gặp mặt và kí kết biên bản ghi nhớ');
    expect(post.publishedAt.slice(0, 10)).toBe('2026-03-02');
    const html = (await pub('GET', seed.path)).body;
    expect(html).toContain('<meta property="og:type" content="article">');
    expect(html).toContain('Ngày 25/10/2023, hai đơn vị đã tổ chức Hội nghị Gặp mặt và kí kết biên bản ghi nhớ về chương trình kết nghĩa');
    expect((await pub('GET', '/tin-tuc/khong-co-bai-nay')).statusCode).toBe(404);
    expect((await pub('GET', '/tin-tuc/..%2F..%2Fetc')).statusCode).toBe(404);
  });

  it('publishes RSS 2.0 and Atom feeds that a real feed parser reads, with Vietnamese intact', async () => {
    const rss = await pub('GET', '/tin-tuc/rss.xml');
    expect(rss.headers['content-type']).toBe('application/rss+xml; charset=utf-8');
    const r = parseFeed(rss.body);
    expect(r.meta.type).toBe('rss');
    expect(r.meta.version).toBe('2.0');
    expect(r.title).toBe('Tin tức Chung Tay');
    expect(r.language).toBe('vi');
    const item = r.items.find((i) => i.title === NEWS_TITLE)!;
    expect(item.url).toMatch(/^https:\/\/chungtay\.example\.vn\/tin-tuc\/[a-z0-9-]+$/u);
    expect(item.published?.toISOString().slice(0, 10)).toBe('2026-03-02');
    expect(item.content).toContain('Nhà trường cùng chung tay phát triển');

    const atom = await pub('GET', '/tin-tuc/atom.xml');
    expect(atom.headers['content-type']).toBe('application/atom+xml; charset=utf-8');
    const a = parseFeed(atom.body);
    expect(a.meta.type).toBe('atom');
    expect(a.items.map((i) => i.title)).toContain(NEWS_TITLE);
    expect(a.items.map((i) => i.title)).not.toContain(DRAFT_TITLE);
    expect(a.items.find((i) => i.title === NEWS_TITLE)!.url).toBe(item.url);
  });

  it('returns only allow-listed fields and nothing private, on every public answer (HTML and JSON)', async () => {
    // What must never reach the public side.
    const markers = new Set<string>([DRAFT_TITLE, DRAFT_NOTE]);
    const add = (...v: (string | null | undefined)[]) => v.forEach((s) => s && s.trim().length >= 6 && markers.add(s));
    for (const b of await t.db.selectFrom('beneficiary').select(['full_name', 'situation']).execute()) add(b.full_name, b.situation);
    for (const u of await t.db.selectFrom('app_user').select(['email', 'display_name', 'username']).execute()) add(u.email, u.display_name, `"${u.username}"`);
    for (const s of await t.db.selectFrom('school').select(['phone', 'email', 'principal_name']).execute()) add(s.phone, s.email, s.principal_name);
    for (const c of await t.db.selectFrom('school_contact').select(['name', 'phone', 'email']).execute()) add(c.name, c.phone, c.email);
    for (const m of await t.db.selectFrom('steering_member').select(['full_name', 'phone', 'email']).execute()) add(m.full_name, m.phone, m.email);
    for (const a of await t.db.selectFrom('activity').select(['description', 'cancel_reason']).execute()) add(a.description, a.cancel_reason);
    expect(markers.size).toBeGreaterThan(10);

    const pairs = publicPairList.parse((await pub('GET', '/api/public/pairs')).json());
    const news = publicNewsList.parse((await pub('GET', '/api/public/news')).json());
    const json: [string, z.ZodType][] = [
      ['/api/public/portal', publicHome],
      ['/api/public/pairs', publicPairList],
      ['/api/public/news', publicNewsList],
      ...pairs.items.map((p): [string, z.ZodType] => [`/api/public/pairs/${p.id}`, publicPairPage]),
      ...news.items.map((n): [string, z.ZodType] => [`/api/public/news/${n.slug}`, publicNewsPost]),
    ];
    const pages = ['/chuong-trinh', '/ket-nghia', '/tin-tuc', '/tin-tuc?q=ket+nghia', '/tin-tuc/rss.xml', '/tin-tuc/atom.xml', ...pairs.items.map((p) => p.path), ...news.items.map((n) => n.path)];
    const problems: string[] = [];
    for (const [url, schema] of json) {
      const res = await pub('GET', url);
      expect(res.statusCode, url).toBe(200);
      for (const path of fieldsOutside(res.json(), schema)) problems.push(`${url}: field ${path} is not on the allow-list`);
      for (const m of markers) if (res.body.includes(m)) problems.push(`${url}: shows “${m}”`);
    }
    for (const url of pages) {
      const res = await pub('GET', url);
      expect(res.statusCode, url).toBe(200);
      for (const m of markers) if (res.body.includes(m)) problems.push(`${url}: shows “${m}”`);
    }
    // The draft is nowhere, not even by its would-be address.
    expect((await pub('GET', `/api/public/news?q=${encodeURIComponent('Zebra')}`)).json().total).toBe(0);
    expect(problems).toEqual([]);
  });
});

describe('the portal in English (docs/decisions/0027)', () => {
  /** Every page of the portal, a search and the not-found page included. */
  async function portalPages(): Promise<string[]> {
    const news = publicNewsList.parse((await pub('GET', '/api/public/news')).json());
    const pairs = publicPairList.parse((await pub('GET', '/api/public/pairs')).json());
    const seed = news.items.find((i) => i.title === NEWS_TITLE)!;
    const nc = pairs.items.find((p) => p.name.includes('Nhân Chính'))!;
    return ['/chuong-trinh', '/ket-nghia', '/ket-nghia?q=ai+mo', nc.path, '/tin-tuc', '/tin-tuc?q=ket+nghia', seed.path, '/tin-tuc/khong-co-bai-nay'];
  }

  /** What the schools wrote (titles, names, places, posts): it stays as written, in both languages. */
  async function authoredStrings(): Promise<string[]> {
    const out = new Set<string>();
    const walk = (v: unknown, key = ''): void => {
      if (typeof v === 'string') {
        if (!['kindName', 'levelLabel', 'path', 'thumbnailPath', 'newsPath', 'slug', 'id', 'publishedAt', 'updatedAt', 'startsOn', 'endsOn', 'signedOn'].includes(key)) out.add(v);
      } else if (Array.isArray(v)) v.forEach((x) => walk(x, key));
      else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, k);
    };
    const news = publicNewsList.parse((await pub('GET', '/api/public/news?q=ket+nghia')).json());
    const pairs = publicPairList.parse((await pub('GET', '/api/public/pairs')).json());
    walk((await pub('GET', '/api/public/portal')).json());
    walk(pairs);
    walk(news);
    walk(publicPairList.parse((await pub('GET', '/api/public/pairs?q=ai+mo')).json()));
    for (const p of pairs.items) walk((await pub('GET', `/api/public/pairs/${p.id}`)).json());
    for (const n of publicNewsList.parse((await pub('GET', '/api/public/news')).json()).items) walk((await pub('GET', `/api/public/news/${n.slug}`)).json());
    return [...out].sort((a, b) => b.length - a.length);
  }

  /** The Vietnamese labels of the portal's pages: its catalog (`pages.portal`) and the layout's. */
  function vietnameseLabels(): string[] {
    const out = new Set<string>(['Chương trình', 'Cặp kết nghĩa', 'Công khai hỗ trợ', 'Đăng nhập', 'Bỏ qua điều hướng', 'Cổng thông tin', 'Theo dõi tin:', 'Tin tức Chung Tay', 'Sở Giáo dục và Đào tạo Hà Nội']);
    const walk = (v: unknown): void => {
      if (typeof v === 'string') for (const part of v.split(/\{\{\w+\}\}/u)) out.add(part.trim().replace(/^[—,:.·]\s*|\s*[—,:.·“”]$/gu, ''));
      else if (v && typeof v === 'object') Object.values(v).forEach(walk);
    };
    walk(viCatalog.pages.portal);
    return [...out].filter((l) => l.length >= 3 && /[^ -~]/u.test(l));
  }

  it('renders every portal page in English by ?lang=en: lang="en", no Vietnamese label of the Vietnamese page, the authored text as written', async () => {
    const authored = await authoredStrings();
    const labels = vietnameseLabels();
    expect(labels).toEqual(expect.arrayContaining(['Cặp kết nghĩa', 'Trường chủ trì', 'Đăng ngày', 'Tất cả tin tức →']));
    const problems: string[] = [];
    for (const url of await portalPages()) {
      const en = await pub('GET', `${url}${url.includes('?') ? '&' : '?'}lang=en`);
      expect(en.statusCode, url).toBe(url.includes('khong-co') ? 404 : 200);
      expect(en.body, url).toContain('<html lang="en">');
      expect(en.body, url).toContain('<meta property="og:locale" content="en_GB">');
      let chrome = en.body;
      // (A post's body is HTML already, kept through the server's allow-list: as is.)
      for (const a of authored) chrome = chrome.split(escapeHtml(a)).join('').split(a).join('');
      for (const l of labels) if (chrome.includes(escapeHtml(l))) problems.push(`${url}?lang=en shows “${l}”`);
      // The other language, by a link and by hreflang alternates.
      expect(en.body, url).toMatch(/<a href="[^"]*lang=vi" lang="vi" hreflang="vi">Tiếng Việt<\/a>/u);
      expect(en.body, url).toMatch(/<link rel="alternate" hreflang="vi" href="https:\/\/chungtay\.example\.vn\/[^"]*lang=vi">/u);
    }
    expect(problems).toEqual([]);
  });

  it('says the home’s title, description, figures, kinds and levels in English, and keeps the dates dd/mm/yyyy', async () => {
    const home = await pub('GET', '/chuong-trinh?lang=en');
    expect(home.body).toContain('<title>Chung Tay — Schools join hands to develop</title>');
    expect(home.body).toMatch(/<meta name="description" content="Hanoi&#39;s school-twinning movement: [^"]+ teacher participations.">/u);
    expect(home.body).toContain('<link rel="canonical" href="https://chungtay.example.vn/chuong-trinh?lang=en">');
    expect(home.body).toMatch(/<b>[\d.]+<\/b>teacher participations/u);
    expect(home.cookies.find((c) => c.name === 'ct_lang')?.value).toBe('en');
    const pairs = publicPairList.parse((await pub('GET', '/api/public/pairs?q=nhan%20chinh')).json());
    const nc = pairs.items.find((p) => p.name.includes('Nhân Chính'))!;
    const page = (await pub('GET', nc.path, undefined, { cookie: 'ct_lang=en' })).body;
    expect(page).toContain(`<title>Twinning ${escapeHtml(nc.name)} — Chung Tay</title>`);
    expect(page).toContain('Signing conference');
    expect(page).toContain('25/10/2023');
    expect(page).toMatch(/\(upper secondary, /u);
    expect(page).toContain('<th scope="col" class="opt">Host school</th>');
    const seed = publicNewsList.parse((await pub('GET', '/api/public/news')).json()).items.find((i) => i.title === NEWS_TITLE)!;
    const post = (await pub('GET', `${seed.path}?lang=en`)).body;
    expect(post).toContain('Posted on 02/03/2026');
    expect(post).toContain('Ngày 25/10/2023, hai đơn vị đã tổ chức Hội nghị Gặp mặt và kí kết biên bản ghi nhớ');
    expect(post).toContain('<a href="/tin-tuc">← All news</a>');
  });

  it('keeps Vietnamese by default, the same as ?lang=vi, whatever the browser asks for', async () => {
    for (const url of await portalPages()) {
      const vi = await pub('GET', url, undefined, { 'accept-language': 'en-GB,en;q=0.9' });
      expect(vi.body, url).toContain('<html lang="vi">');
      expect(vi.body, url).toMatch(/<a href="[^"]*lang=en" lang="en" hreflang="en">English<\/a>/u);
      expect(vi.headers.vary, url).toContain('Cookie');
      const chosen = await pub('GET', `${url}${url.includes('?') ? '&' : '?'}lang=vi`);
      expect(chosen.body, url).toBe(vi.body);
    }
    expect((await pub('GET', '/ket-nghia')).body).toContain('<h1>Các cặp kết nghĩa</h1>');
  });
});

describe('the JavaScript budget of public pages', () => {
  it('every portal page loads no script at all (at most 100 KB gzip allowed), so a phone on a slow network reads it at once', async () => {
    const news = publicNewsList.parse((await pub('GET', '/api/public/news')).json());
    const pairs = publicPairList.parse((await pub('GET', '/api/public/pairs')).json());
    for (const url of ['/chuong-trinh', '/ket-nghia', '/tin-tuc', '/tin-tuc?q=a', news.items[0]!.path, pairs.items[0]!.path, '/tin-tuc/khong-co']) {
      const html = (await pub('GET', url)).body;
      expect(scriptsOf(html), url).toEqual([]);
      expect(html, url).not.toMatch(/<script|on(load|click|error)=/iu);
      const bytes = await gzipBytesOf(html, async (src) => (await pub('GET', src)).rawPayload);
      expect(bytes).toBeLessThanOrEqual(PUBLIC_BUDGET_KB * 1024);
    }
  });

  it('counts the scripts and module preloads a page references', async () => {
    const html = '<script type="module" crossorigin src="/assets/a.js"></script><link rel="modulepreload" crossorigin href="/assets/b.js"><link rel="stylesheet" href="/assets/c.css">';
    expect(scriptsOf(html)).toEqual(['/assets/a.js', '/assets/b.js']);
    const bytes = await gzipBytesOf(html, (src) => Buffer.from(src === '/assets/a.js' ? 'x'.repeat(50_000) : 'y'));
    expect(bytes).toBeGreaterThan(40);
    expect(bytes).toBeLessThan(1000);
  });
});

/** Dotted paths of the keys in `value` that `schema` does not name. */
function fieldsOutside(value: unknown, schema: z.ZodType, path = ''): string[] {
  let s: z.ZodType = schema;
  while (s instanceof z.ZodOptional || s instanceof z.ZodNullable) s = s.unwrap() as z.ZodType;
  if (value === null || value === undefined) return [];
  if (s instanceof z.ZodArray) return Array.isArray(value) ? value.flatMap((v, i) => fieldsOutside(v, s.element as z.ZodType, `${path}[${i}]`)) : [path];
  if (s instanceof z.ZodObject) {
    if (typeof value !== 'object' || Array.isArray(value)) return [path];
    const shape = s.shape as Record<string, z.ZodType>;
    return Object.entries(value as Record<string, unknown>).flatMap(([k, v]) => (k in shape ? fieldsOutside(v, shape[k]!, path ? `${path}.${k}` : k) : [path ? `${path}.${k}` : k]));
  }
  return typeof value === 'object' ? [path] : [];
}
