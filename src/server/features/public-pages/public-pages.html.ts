/**
 * The public pages outside the portal — the platform's home, sign-in, document verification and
 * the public support ledger — as server-rendered HTML in the portal's layout (docs/decisions/
 * 0027): no JavaScript but the sign-in form's few kilobytes, so a phone on a slow network does not
 * download the signed-in app (Ant Design) to read them. Strings from the server catalogs
 * (`pages.*`), Vietnamese or English.
 */
import type { VerificationDto } from '#src/core/pairs/dto.ts';
import { formatDate, formatDateTime, formatVnd } from '#src/core/vn/format.ts';
import { SIGNATORY_TITLES, type SignatoryTitle } from '#src/core/mou/titles.ts';
import type { PublicLedgerEntryDto as PublicLedgerEntry, TotalsDto } from '#src/core/support/dto.ts';
import { ANONYMOUS_DONOR } from '#src/server/features/support/support.public.ts';
import { translate, type Locale } from '#src/server/i18n/i18n.ts';
import { html, page, type Safe } from '../portal/portal.html.ts';

export type T = (key: string, params?: Record<string, unknown>) => string;
export const tr = (lang: Locale): T => (key, params) => translate(lang, `pages.${key}`, params);

export interface Ctx {
  lang: Locale;
  /** The address asked for (the language switch keeps it). */
  path: string;
  publicUrl: string;
}

export function homeHtml(c: Ctx, signedIn: boolean): string {
  const t = tr(c.lang);
  return page({
    title: t('home.title'),
    description: t('home.intro'),
    canonical: '/',
    publicUrl: c.publicUrl,
    lang: c.lang,
    path: c.path,
    body: html`<div><h1>${t('home.title')}</h1>
<p class="lead"><strong>“${t('tagline')}”</strong></p>
<p>${t('home.intro')}</p>
<p class="meta">${t('home.basis')}</p>
<div class="actions">${
      signedIn
        ? html`<form action="/app" method="get"><button class="btn primary" type="submit">${t('home.openApp')}</button></form>`
        : html`<form action="/login" method="get"><button class="btn primary" type="submit">${t('home.signIn')}</button></form>`
    }<a class="btn" href="/chuong-trinh">${t('home.portal')}</a></div></div>`,
  });
}

export function signInHtml(c: Ctx, o: { next: string; username: string; notice: string | null; script: string }): string {
  const t = tr(c.lang);
  return page({
    title: t('login.title'),
    description: t('home.intro'),
    canonical: '/login',
    section: 'sign-in',
    publicUrl: c.publicUrl,
    lang: c.lang,
    path: c.path,
    noindex: true,
    scripts: [o.script],
    body: html`<div class="narrow"><h1>${t('login.title')}</h1>
${o.notice ? html`<div class="alert ok" role="status">${o.notice}</div>` : ''}
<div class="alert error" role="alert" id="sign-in-error" hidden></div>
<noscript><div class="alert warn">${t('login.noscript')}</div></noscript>
<form id="sign-in" class="box" method="post" action="/api/auth/login" novalidate data-next="${o.next}" data-network="${t('login.network')}">
<div id="credentials">
<div class="field"><label for="username">${t('login.username')}</label><input id="username" name="username" autocomplete="username" required autofocus maxlength="100" value="${o.username}" data-required="${t('login.usernameRequired')}"></div>
<div class="field"><label for="password">${t('login.password')}</label><input id="password" name="password" type="password" autocomplete="current-password" required maxlength="200" data-required="${t('login.passwordRequired')}"></div>
</div>
<div id="second-factor" hidden>
<div class="field"><label for="code">${t('login.codeLabel')}</label><input id="code" name="code" autocomplete="one-time-code" inputmode="text" maxlength="40" aria-describedby="code-hint" data-required="${t('login.required')}"><div class="hint" id="code-hint">${t('login.codeHint')}</div></div>
</div>
<button class="btn primary" type="submit" style="width:100%">${t('login.submit')}</button>
<p id="back-row" hidden style="text-align:center;margin:8px 0 0"><button type="button" class="linkbtn" id="back">${t('login.codeBack')}</button></p>
<p id="forgot-row" style="text-align:center;margin:12px 0 0"><a href="/forgot-password">${t('login.forgot')}</a></p>
</form>
<p class="meta">${t('login.demoHint')}</p></div>`,
  });
}

function signatoryLabel(title: string, t: T): string {
  const i = SIGNATORY_TITLES.indexOf(title as SignatoryTitle);
  return i < 0 ? title.toLocaleLowerCase('vi-VN') : t(`signatoryTitle.${i}`);
}

function verifySearch(t: T, code: string): Safe {
  return html`<form class="search" action="/verify" method="get" role="search"><label for="code" class="skip">${t('verify.codeLabel')}</label><input id="code" name="code" value="${code}" placeholder="ABCD-EF23" aria-label="${t('verify.codeLabel')}" maxlength="40"><button type="submit">${t('verify.check')}</button></form>`;
}

/** `/verify` and `/verify/{code}`: the form, and the document the code names or why it names none. */
export function verifyHtml(c: Ctx, code: string, result: { found: VerificationDto } | { error: string } | null): string {
  const t = tr(c.lang);
  let body: Safe;
  if (!result) body = html``;
  else if ('error' in result) body = html`<div class="box" role="status"><h2 style="margin-top:0;color:#a8071a">✗ ${t('verify.unknownTitle')}</h2><p>${result.error}</p></div>`;
  else {
    const v = result.found;
    const valid = v.status === 'in-force' || v.status === 'accepted' || v.status === 'sent';
    body = html`<div class="box"><h2 style="margin-top:0;color:#237804" data-testid="verify-result">✓ ${t('verify.genuine')}</h2><p>${v.title}</p>
${valid ? '' : html`<div class="alert warn" role="status">${t(`verify.status.${v.status}`)}</div>`}
<dl class="facts">
<dt>${t('verify.code')}</dt><dd>${v.code}</dd>
<dt>${t('verify.number')}</dt><dd>${v.number ?? '—'}</dd>
<dt>${t('verify.dateLine')}</dt><dd>${v.place}, ${formatDate(v.datedOn)}</dd>
${v.signedOn ? html`<dt>${t('verify.signedOn')}</dt><dd>${formatDate(v.signedOn)}</dd>` : ''}
<dt>${t('verify.statusLabel')}</dt><dd>${t(`verify.status.${v.status}`)}</dd>
<dt>${t('verify.campaign')}</dt><dd>${v.campaign.number} — ${v.campaign.title}</dd>
<dt>${t('verify.parties')}</dt><dd><ul style="margin:0;padding-left:18px" data-testid="verify-parties">${v.parties.map((p) => html`<li>${p.name} — ${signatoryLabel(p.signatoryTitle, t)} ${p.signatoryName}</li>`)}</ul></dd>
<dt>${t('verify.signatures')}</dt><dd><ul style="margin:0;padding-left:18px">${v.signatures.map(
      (s) =>
        html`<li>${s.signatoryName} (${s.party}) — ${s.electronic ? t('verify.signedAt', { at: formatDateTime(new Date(s.signedAt)) }) : t('verify.signedOnPaper', { date: formatDate(s.signedAt.slice(0, 10)) })}</li>`,
    )}</ul></dd>
<dt>SHA-256</dt><dd><code class="hash">${v.sha256}</code></dd>
</dl><p class="meta">${t('verify.hashHint')}</p></div>`;
  }
  return page({
    title: t('verify.title'),
    description: t('verify.codeLabel'),
    canonical: code ? `/verify/${encodeURIComponent(code)}` : '/verify',
    publicUrl: c.publicUrl,
    lang: c.lang,
    path: c.path,
    noindex: code !== '',
    body: html`<h1>${t('verify.title')}</h1>${verifySearch(t, code)}${body}`,
  });
}

interface Heads {
  current: { seq: number; hash: string } | null;
  published: { publishedOn: string; seq: number; hash: string }[];
}

/** `/cong-khai`: the public ledger's totals, its entries (newest first) and the published heads. */
export function ledgerHtml(c: Ctx, totals: TotalsDto, ledger: { items: PublicLedgerEntry[]; total: number }, heads: Heads): string {
  const t = tr(c.lang);
  const o = totals.overall;
  const cards: [string, string][] = [
    [formatVnd(o.cashVnd), t('ledger.cash')],
    [formatVnd(o.inKindVnd), t('ledger.inKind')],
    [String(o.inKindItems), t('ledger.items')],
    [String(o.hours), t('ledger.hours')],
    [String(o.deliveries), t('ledger.deliveries')],
  ];
  return page({
    title: t('ledger.title'),
    description: t('ledger.intro'),
    canonical: '/cong-khai',
    section: 'ledger',
    publicUrl: c.publicUrl,
    lang: c.lang,
    path: c.path,
    body: html`<h1>${t('ledger.title')}</h1><p>${t('ledger.intro')}</p>
<h2>${t('ledger.totals')}</h2><div class="totals money">${cards.map(([n, label]) => html`<div class="total"><b>${n}</b>${label}</div>`)}</div>
${
  totals.bySchool.length
    ? html`<div class="table"><table><thead><tr><th scope="col">${t('ledger.recipient')}</th><th scope="col">${t('ledger.cash')}</th><th scope="col">${t('ledger.inKind')}</th><th scope="col" class="opt">${t('ledger.hours')}</th></tr></thead><tbody>${totals.bySchool.map(
        (s) => html`<tr><td>${s.schoolName}</td><td>${formatVnd(s.cashVnd)}</td><td>${formatVnd(s.inKindVnd)}</td><td class="opt">${s.hours}</td></tr>`,
      )}</tbody></table></div>`
    : ''
}
<h2>${t('ledger.entries')}</h2>${
      ledger.items.length
        ? html`<ul class="cards">${ledger.items.map(
            (e) =>
              html`<li class="card"><div><h3>#${e.seq} ${e.donor === ANONYMOUS_DONOR ? t('ledger.anonymous') : e.donor} → ${e.schoolName}</h3>${e.kind === 'correction' ? html`<div class="meta">${t('ledger.correctionOf', { seq: e.correctsSeq })}</div>` : ''}${e.kind === 'payment' ? html`<div class="meta">${t('ledger.paymentEntry')}</div>` : ''}<p>${t(`ledger.kind.${e.contributionKind}`)} · ${e.quantity} ${e.unit} · ${formatVnd(e.valueVnd)} · ${formatDate(e.deliveredOn)}${e.minutesNumber ? ` · ${e.minutesNumber}` : ''}</p><p class="meta hash">SHA-256 ${e.hash}</p></div></li>`,
          )}</ul>`
        : html`<p>${t('ledger.none')}</p>`
    }
<h2>${t('ledger.heads')}</h2><p>${t('ledger.headsIntro')}</p>
${heads.current ? html`<p class="hash">${t('ledger.currentHead', { seq: heads.current.seq })}: <code>${heads.current.hash}</code></p>` : ''}
${heads.published.length ? html`<ul class="hash">${heads.published.map((h) => html`<li>${formatDate(h.publishedOn)} · #${h.seq} · <code>${h.hash}</code></li>`)}</ul>` : ''}`,
  });
}
