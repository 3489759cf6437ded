/**
 * The portal's pages as HTML strings, server-rendered with no JavaScript: a search engine
 * reads them as they are, and a phone on a slow network gets a few kilobytes. Every value
 * is escaped by `html` unless it is already `Safe` (a post's body, stored after the
 * server's allow-list). Built only from the public DTOs.
 */
import { escapeHtml } from '#src/core/news/draft.ts';
import type { PublicActivity, PublicHome, PublicNewsList, PublicNewsPost, PublicNewsSummary, PublicPairList, PublicPairPage, PublicPairSummary, PublicTotals } from '#src/core/portal/dto.ts';
import { formatCount, formatDate, isoDateInHanoi } from '#src/core/vn/format.ts';
import { translate } from '#src/server/i18n/i18n.ts';

export class Safe {
  constructor(readonly value: string) {}
  toString() {
    return this.value;
  }
}
export const raw = (s: string) => new Safe(s);

function render(v: unknown): string {
  if (v instanceof Safe) return v.value;
  if (Array.isArray(v)) return v.map(render).join('');
  if (v === null || v === undefined || v === false) return '';
  return escapeHtml(String(v));
}

/** A template whose values are escaped (arrays joined, `Safe` kept as is). */
export function html(strings: TemplateStringsArray, ...values: unknown[]): Safe {
  let out = strings[0]!;
  values.forEach((v, i) => {
    out += render(v) + strings[i + 1]!;
  });
  return new Safe(out);
}

export const SITE_NAME = 'Chung Tay — Nhà trường cùng chung tay phát triển';

const CSS = `
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;font:16px/1.6 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",Arial,sans-serif;color:#1f2328;background:#f6f8fa}
a{color:#0b4f8a}
a:focus-visible{outline:3px solid #f0a500;outline-offset:2px}
.skip{position:absolute;left:-999px}.skip:focus{left:8px;top:8px;background:#fff;padding:8px;z-index:2}
header{background:#0b4f8a;color:#fff}
header .in,main,footer .in{max-width:960px;margin:0 auto;padding:0 16px}
header .in{display:flex;flex-wrap:wrap;align-items:center;gap:8px 20px;padding-top:10px;padding-bottom:10px}
header .brand{color:#fff;font-weight:700;text-decoration:none;font-size:18px}
header nav{display:flex;flex-wrap:wrap;gap:4px 16px}
header nav a{color:#fff;text-decoration:none;padding:6px 0;font-size:15px}
header nav a[aria-current=page]{border-bottom:2px solid #fff}
main{padding-top:20px;padding-bottom:32px}
h1{font-size:26px;line-height:1.3;margin:0 0 12px}
h2{font-size:20px;margin:28px 0 10px}
.lead{font-size:17px;color:#3d444d}
.totals{display:grid;grid-template-columns:repeat(auto-fit,minmax(140px,1fr));gap:12px;margin:16px 0}
.total{background:#fff;border:1px solid #d0d7de;border-radius:8px;padding:12px 14px}
.total b{display:block;font-size:26px;color:#0b4f8a}
.totals.money{grid-template-columns:repeat(auto-fit,minmax(160px,1fr))}.totals.money b{font-size:clamp(16px,4.6vw,21px);overflow-wrap:anywhere}
.cards{list-style:none;margin:0;padding:0;display:grid;gap:12px}
.card{background:#fff;border:1px solid #d0d7de;border-radius:8px;padding:14px;display:flex;gap:12px}
.card img{width:96px;height:72px;object-fit:cover;border-radius:4px;flex:none}
.card h3{font-size:17px;margin:0 0 4px;line-height:1.35}
.meta{color:#57606a;font-size:14px}
.card p{margin:4px 0 0}
table{width:100%;border-collapse:collapse;background:#fff;font-size:15px}
th,td{text-align:left;padding:8px;border-bottom:1px solid #d0d7de;vertical-align:top}
th{background:#eef2f6}
.table{overflow-x:auto}
article .body{background:#fff;border:1px solid #d0d7de;border-radius:8px;padding:16px;font-size:17px}
article .body p{margin:0 0 12px}
.photos{display:grid;grid-template-columns:repeat(auto-fill,minmax(220px,1fr));gap:8px;margin:16px 0;padding:0;list-style:none}
.photos img{width:100%;height:auto;border-radius:6px;display:block}
form.search{display:flex;gap:8px;margin:8px 0 16px}
form.search input{flex:1;min-width:0;font:inherit;padding:8px 10px;border:1px solid #8c959f;border-radius:6px}
form.search button{font:inherit;padding:8px 14px;border:0;border-radius:6px;background:#0b4f8a;color:#fff}
.pager{display:flex;gap:16px;margin:16px 0}
footer{border-top:1px solid #d0d7de;background:#fff;font-size:14px;color:#57606a}
footer .in{padding-top:14px;padding-bottom:20px}
.btn{display:inline-block;font:inherit;font-size:16px;padding:9px 18px;border:1px solid #0b4f8a;border-radius:6px;background:#fff;color:#0b4f8a;text-decoration:none;cursor:pointer}
.btn.primary{background:#0b4f8a;color:#fff}
.btn[disabled]{opacity:.6;cursor:progress}
.actions{display:flex;flex-wrap:wrap;gap:12px;margin:20px 0}.actions form{margin:0}
.box{background:#fff;border:1px solid #d0d7de;border-radius:8px;padding:16px 18px;margin:12px 0}
.narrow{max-width:420px;margin:0 auto}
.field{margin:0 0 14px}.field label{display:block;font-weight:600;margin-bottom:4px}
.field input{width:100%;font:inherit;padding:9px 10px;border:1px solid #8c959f;border-radius:6px}
.field .hint{color:#57606a;font-size:14px;margin-top:4px}
.field .ferr{color:#a8071a;font-size:14px;margin-top:4px}.field input[aria-invalid=true]{border-color:#c41d1d}
.alert{border-radius:6px;padding:10px 12px;margin:0 0 14px;border:1px solid}
.alert.error{background:#fff1f0;border-color:#c41d1d;color:#820014}
.alert.ok{background:#f6ffed;border-color:#389e0d;color:#135200}
.alert.warn{background:#fffbe6;border-color:#ad6800;color:#613400}
.linkbtn{background:none;border:0;padding:6px 0;font:inherit;color:#0b4f8a;text-decoration:underline;cursor:pointer}
dl.facts{display:grid;grid-template-columns:minmax(120px,200px) 1fr;gap:0;margin:12px 0;background:#fff;border:1px solid #d0d7de;border-radius:8px}
dl.facts dt,dl.facts dd{margin:0;padding:8px 12px;border-bottom:1px solid #eef2f6}
dl.facts dt{font-weight:600;background:#f6f8fa}
.hash{word-break:break-all;font-size:13px}
[hidden]{display:none!important}
@media (max-width:600px){dl.facts{grid-template-columns:1fr}dl.facts dt{border-bottom:0;padding-bottom:0;background:none}}
@media (max-width:600px){h1{font-size:22px}.card{flex-direction:column}.card img{width:100%;height:160px}th.opt,td.opt{display:none}}
`;

type Section = 'home' | 'pairs' | 'news' | 'ledger' | 'sign-in';
type Lang = 'vi' | 'en';

const CHROME = {
  vi: {
    nav: ['Chương trình', 'Cặp kết nghĩa', 'Tin tức', 'Công khai hỗ trợ'],
    signIn: 'Đăng nhập',
    skip: 'Bỏ qua điều hướng',
    portalNav: 'Cổng thông tin',
    footer: 'Phong trào “Nhà trường cùng chung tay phát triển - Thầy cô cùng sẻ chia trách nhiệm” — Sở Giáo dục và Đào tạo Hà Nội.',
    follow: 'Theo dõi tin:',
    language: 'Ngôn ngữ',
    ogLocale: 'vi_VN',
    feed: 'Tin tức Chung Tay',
  },
  en: {
    nav: ['Programme', 'Twinned schools', 'News', 'Support ledger'],
    signIn: 'Sign in',
    skip: 'Skip navigation',
    portalNav: 'Portal',
    footer: 'The movement “Schools join hands to develop – Teachers share responsibility” — Hanoi Department of Education and Training.',
    follow: 'Follow the news:',
    language: 'Language',
    ogLocale: 'en_GB',
    feed: 'Chung Tay news (in Vietnamese)',
  },
} as const;

/** `path` with `lang` set in its query (the language switch and the hreflang alternates). */
export function withLang(path: string, lang: Lang): string {
  const [p, q = ''] = path.split('?', 2) as [string, string?];
  const params = new URLSearchParams(q);
  params.set('lang', lang);
  return `${p}?${params.toString()}`;
}

export function page(opts: {
  title: string;
  /** The title is the whole `<title>` (the portal's home), not followed by "— Chung Tay". */
  bareTitle?: boolean;
  description: string;
  canonical: string;
  section?: Section;
  body: Safe;
  publicUrl: string;
  type?: 'article' | 'website';
  /** The page's language (Vietnamese unless said). */
  lang?: Lang;
  /** The address of this page as asked for: with it the page offers the other language (a link and hreflang alternates). */
  path?: string;
  /** Module scripts the page loads (the sign-in page's only). */
  scripts?: readonly string[];
  /** Pages a search engine should not keep (sign-in, a verification result). */
  noindex?: boolean;
}): string {
  const lang = opts.lang ?? 'vi';
  const c = CHROME[lang];
  const other: Lang = lang === 'vi' ? 'en' : 'vi';
  const nav: [Section, string, string][] = [
    ['home', '/chuong-trinh', c.nav[0]],
    ['pairs', '/ket-nghia', c.nav[1]],
    ['news', '/tin-tuc', c.nav[2]],
    ['ledger', '/cong-khai', c.nav[3]],
  ];
  // An English page is its own canonical address (`?lang=en`); the Vietnamese one is the default (x-default).
  const url = `${opts.publicUrl}${opts.canonical}`;
  const canonical = lang === 'en' && opts.path ? `${opts.publicUrl}${withLang(opts.canonical, 'en')}` : url;
  const title = opts.bareTitle || (opts.section === 'home' && opts.title === SITE_NAME) ? opts.title : `${opts.title} — Chung Tay`;
  const alternates = opts.path
    ? html`<link rel="alternate" hreflang="vi" href="${opts.publicUrl}${withLang(opts.canonical, 'vi')}"><link rel="alternate" hreflang="en" href="${opts.publicUrl}${withLang(opts.canonical, 'en')}"><link rel="alternate" hreflang="x-default" href="${url}">`
    : '';
  const switcher = opts.path ? html`<a href="${withLang(opts.path, other)}" lang="${other}" hreflang="${other}">${other === 'en' ? 'English' : 'Tiếng Việt'}</a>` : '';
  return `<!doctype html>${html`<html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<meta name="description" content="${opts.description}">${opts.noindex ? raw('<meta name="robots" content="noindex">') : ''}
<link rel="canonical" href="${canonical}">${alternates}
<meta property="og:title" content="${opts.title}"><meta property="og:description" content="${opts.description}"><meta property="og:type" content="${opts.type ?? 'website'}"><meta property="og:url" content="${canonical}"><meta property="og:locale" content="${c.ogLocale}">
<link rel="alternate" type="application/rss+xml" title="${c.feed} (RSS)" href="/tin-tuc/rss.xml">
<link rel="alternate" type="application/atom+xml" title="${c.feed} (Atom)" href="/tin-tuc/atom.xml">
<style>${raw(CSS)}</style>${(opts.scripts ?? []).map((src) => html`<script type="module" src="${src}"></script>`)}</head>
<body><a class="skip" href="#noi-dung">${c.skip}</a>
<header><div class="in"><a class="brand" href="/chuong-trinh">Chung Tay</a><nav aria-label="${c.portalNav}">${nav.map(
    ([s, href, label]) => html`<a href="${href}"${raw(s === opts.section ? ' aria-current="page"' : '')}>${label}</a>`,
  )}<a href="/login"${raw(opts.section === 'sign-in' ? ' aria-current="page"' : '')}>${c.signIn}</a>${switcher}</nav></div></header>
<main id="noi-dung">${opts.body}</main>
<footer><div class="in"><p>${c.footer}</p><p>${c.follow} <a href="/tin-tuc/rss.xml">RSS</a> · <a href="/tin-tuc/atom.xml">Atom</a></p></div></footer>
</body></html>`.value}`;
}

const day = (iso: string) => formatDate(iso);
const published = (at: string) => formatDate(isoDateInHanoi(new Date(at)));
const when = (a: { startsOn: string; endsOn: string | null }) => (a.endsOn && a.endsOn !== a.startsOn ? `${day(a.startsOn)} – ${day(a.endsOn)}` : day(a.startsOn));

/** Who a portal page is rendered for: its language, the address asked for (the language switch keeps it), the site's public address. */
export interface PortalCtx {
  lang: Lang;
  path: string;
  publicUrl: string;
}

type T = (key: string, params?: Record<string, unknown>) => string;
/** The portal's strings (`pages.portal.*` of the server catalogs). */
const tr = (lang: Lang): T => (key, params) => translate(lang, `pages.portal.${key}`, params);

/** The options of `page()` every portal page shares. */
const common = (c: PortalCtx) => ({ publicUrl: c.publicUrl, lang: c.lang, path: c.path });

function totalsBlock(t: T, totals: Partial<PublicTotals>): Safe {
  const items: [number | undefined, string][] = [
    [totals.pairs, t('totals.pairs')],
    [totals.schools, t('totals.schools')],
    [totals.activities, t('totals.activities')],
    [totals.teacherParticipations, t('totals.teachers')],
    [totals.studentParticipations, t('totals.students')],
  ];
  return html`<div class="totals">${items.filter(([n]) => n !== undefined).map(([n, label]) => html`<div class="total"><b>${formatCount(n!)}</b>${label}</div>`)}</div>`;
}

function newsCards(t: T, items: PublicNewsSummary[]): Safe {
  if (!items.length) return html`<p>${t('noNews')}</p>`;
  return html`<ul class="cards">${items.map(
    (n) => html`<li class="card">${n.thumbnailPath ? html`<img src="${n.thumbnailPath}" alt="" loading="lazy" width="96" height="72">` : ''}<div><h3><a href="${n.path}">${n.title}</a></h3><div class="meta">${published(n.publishedAt)} · ${n.pairName}</div><p>${n.summary}</p></div></li>`,
  )}</ul>`;
}

function pairCards(t: T, items: PublicPairSummary[]): Safe {
  if (!items.length) return html`<p>${t('noPairs')}</p>`;
  return html`<ul class="cards">${items.map(
    (p) =>
      html`<li class="card"><div><h3><a href="${p.path}">${p.schools.map((s) => s.name).join(' – ')}</a></h3><div class="meta">${t('pairPhase', { phase: p.phase })} · ${p.signedOn ? `${t('pairSignedOn', { date: day(p.signedOn) })} · ` : ''}${t('activityCount', { n: formatCount(p.activities), count: p.activities })}</div></div></li>`,
  )}</ul>`;
}

function pager(t: T, c: PortalCtx, base: string, q: string | undefined, page: number, total: number, size: number): Safe {
  const pages = Math.max(1, Math.ceil(total / size));
  if (pages <= 1) return html``;
  // Vietnamese keeps its addresses as they were; an English page's next page stays English without a cookie (a search engine's).
  const link = (p: number) => `${base}?${new URLSearchParams({ ...(q ? { q } : {}), trang: String(p), ...(c.lang === 'en' ? { lang: 'en' } : {}) }).toString()}`;
  return html`<nav class="pager" aria-label="${t('pages')}">${page > 1 ? html`<a href="${link(page - 1)}" rel="prev">${t('prev')}</a>` : ''}<span>${t('pageOf', { page, pages })}</span>${page < pages ? html`<a href="${link(page + 1)}" rel="next">${t('next')}</a>` : ''}</nav>`;
}

function searchForm(t: T, c: PortalCtx, action: string, q: string | undefined, label: string, placeholder: string): Safe {
  return html`<form class="search" action="${action}" method="get" role="search"><label for="q" class="skip">${label}</label><input id="q" name="q" type="search" value="${q ?? ''}" placeholder="${placeholder}">${c.lang === 'en' ? raw('<input type="hidden" name="lang" value="en">') : ''}<button type="submit">${t('search')}</button></form>`;
}

export function homePage(d: PublicHome, c: PortalCtx): string {
  const t = tr(c.lang);
  return page({
    ...common(c),
    title: t('siteName'),
    bareTitle: true,
    description: t('home.description', { pairs: formatCount(d.totals.pairs), schools: formatCount(d.totals.schools), activities: formatCount(d.totals.activities), teachers: formatCount(d.totals.teacherParticipations) }),
    canonical: '/chuong-trinh',
    section: 'home',
    body: html`<h1>${t('home.heading')}</h1>
<p class="lead">${t('home.lead')}</p>
<h2>${t('home.figures')}</h2>${totalsBlock(t, d.totals)}
<p class="meta">${t('home.figuresNote')} <a href="/cong-khai">${t('home.ledgerLink')}</a>.</p>
<h2>${t('home.latestNews')}</h2>${newsCards(t, d.news)}<p><a href="/tin-tuc">${t('home.allNews')}</a></p>
<h2>${t('home.pairs')}</h2>${pairCards(t, d.pairs)}${d.pairsTotal > d.pairs.length ? html`<p><a href="/ket-nghia">${t('home.allPairs', { n: formatCount(d.pairsTotal) })}</a></p>` : ''}`,
  });
}

export function pairsPage(d: PublicPairList, q: string | undefined, c: PortalCtx): string {
  const t = tr(c.lang);
  return page({
    ...common(c),
    title: t('pairs.title'),
    description: t('pairs.description', { n: formatCount(d.total) }),
    canonical: '/ket-nghia',
    section: 'pairs',
    body: html`<h1>${t('pairs.title')}</h1>
${searchForm(t, c, '/ket-nghia', q, t('pairs.searchLabel'), t('pairs.searchPlaceholder'))}
<p class="meta">${t('pairs.count', { n: formatCount(d.total), count: d.total })}</p>${pairCards(t, d.items)}${pager(t, c, '/ket-nghia', q, d.page, d.total, d.pageSize)}`,
  });
}

function activityRows(t: T, items: PublicActivity[]): Safe {
  if (!items.length) return html`<p>${t('pair.noActivities')}</p>`;
  return html`<div class="table"><table><thead><tr><th scope="col">${t('pair.date')}</th><th scope="col">${t('pair.activity')}</th><th scope="col" class="opt">${t('pair.host')}</th><th scope="col">${t('pair.teachers')}</th><th scope="col" class="opt">${t('pair.students')}</th></tr></thead><tbody>${items.map(
    (a) =>
      html`<tr><td>${when(a)}</td><td>${a.newsPath ? html`<a href="${a.newsPath}">${a.title}</a>` : a.title}<div class="meta">${a.kindName}${a.mode === 'online' ? ` · ${t('pair.online')}` : ''}</div></td><td class="opt">${a.hostSchoolName ?? ''}</td><td>${formatCount(a.teachers)}</td><td class="opt">${formatCount(a.students)}</td></tr>`,
  )}</tbody></table></div>`;
}

export function pairPage(d: PublicPairPage, c: PortalCtx): string {
  const t = tr(c.lang);
  const names = d.schools.map((s) => s.name).join(' – ');
  const figures = { names, activities: formatCount(d.totals.activities), teachers: formatCount(d.totals.teacherParticipations) };
  return page({
    ...common(c),
    title: t('pair.title', { name: d.name }),
    description: d.signedOn ? t('pair.descriptionSigned', { ...figures, date: day(d.signedOn) }) : t('pair.description', figures),
    canonical: d.path,
    section: 'pairs',
    body: html`<h1>${names}</h1>
<p class="lead">${d.signedOn ? t('pair.signed', { date: day(d.signedOn) }) : t('pair.unsigned')}${d.phase ? t('pair.phase', { phase: d.phase }) : ''}${t('pair.plan', { number: d.campaign.number })}</p>
<h2>${t('pair.schools')}</h2><ul>${d.schools.map((s) => html`<li><strong>${s.name}</strong> (${s.levelLabel}${s.place ? `, ${s.place}` : ''})</li>`)}</ul>
${d.objectives.length ? html`<h2>${t('pair.objectives')}</h2><ol>${d.objectives.map((o) => html`<li>${o}</li>`)}</ol>` : ''}
<h2>${t('pair.results')}</h2>${totalsBlock(t, d.totals)}
<h2>${t('pair.activities')}</h2>${activityRows(t, d.activities)}
<h2>${t('pair.news')}</h2>${newsCards(t, d.news)}`,
  });
}

export function newsListPage(d: PublicNewsList, q: string | undefined, c: PortalCtx): string {
  const t = tr(c.lang);
  return page({
    ...common(c),
    title: q ? t('news.titleSearch', { q }) : t('news.title'),
    description: t('news.description'),
    canonical: '/tin-tuc',
    section: 'news',
    body: html`<h1>${t('news.title')}</h1>
${searchForm(t, c, '/tin-tuc', q, t('news.searchLabel'), t('news.searchPlaceholder'))}
${q ? html`<p class="meta">${t('news.matches', { n: formatCount(d.total), count: d.total, q })}</p>` : ''}${newsCards(t, d.items)}${pager(t, c, '/tin-tuc', q, d.page, d.total, d.pageSize)}`,
  });
}

export function newsPostPage(p: PublicNewsPost, c: PortalCtx): string {
  const t = tr(c.lang);
  return page({
    ...common(c),
    title: p.title,
    description: p.summary,
    canonical: p.path,
    section: 'news',
    type: 'article',
    body: html`<article><h1>${p.title}</h1>
<p class="meta">${t('news.posted', { date: published(p.publishedAt) })} · <a href="${p.pair.path}">${p.pair.name}</a> · ${p.activity.kindName}, ${when(p.activity)}</p>
${p.summary ? html`<p class="lead">${p.summary}</p>` : ''}
<div class="body">${raw(p.bodyHtml)}</div>
${p.photos.length ? html`<ul class="photos">${p.photos.map((ph, i) => html`<li><a href="${ph.path}"><img src="${ph.thumbnailPath}" alt="${t('news.photoAlt', { i: i + 1, title: p.activity.title })}" loading="lazy"${ph.width && ph.height ? raw(` width="${Math.min(480, ph.width)}" height="${Math.round((Math.min(480, ph.width) * ph.height) / ph.width)}"`) : ''}></a></li>`)}</ul>` : ''}
</article><p><a href="/tin-tuc">${t('news.all')}</a></p>`,
  });
}

export function notFoundPage(c: PortalCtx): string {
  const t = tr(c.lang);
  return page({
    ...common(c),
    title: t('notFound.title'),
    description: t('notFound.text'),
    canonical: '/chuong-trinh',
    noindex: true,
    body: html`<h1>${t('notFound.title')}</h1><p>${t('notFound.text')} <a href="/chuong-trinh">${t('notFound.home')}</a> · <a href="/tin-tuc">${t('notFound.news')}</a></p>`,
  });
}

/** A withdrawn post's address (410 Gone): it was here and was taken off; nothing of it is shown. */
export function withdrawnPage(c: PortalCtx): string {
  const t = tr(c.lang);
  return page({
    ...common(c),
    title: t('withdrawn.title'),
    description: t('withdrawn.text'),
    canonical: '/tin-tuc',
    section: 'news',
    noindex: true,
    body: html`<h1>${t('withdrawn.title')}</h1><p>${t('withdrawn.text')}</p><p><a href="/tin-tuc">${t('withdrawn.more')}</a></p>`,
  });
}
