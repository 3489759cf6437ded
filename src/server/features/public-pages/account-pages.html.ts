/**
 * The public pages of accounts (docs/decisions/0027): "forgot password", and the pages the
 * invitation, password-reset and unsubscribe e-mails link to (`/invite/{token}`,
 * `/reset/{token}`, `/unsubscribe/{token}`). Server-rendered in the portal's layout; each form
 * is sent to the unchanged JSON API by one small script (`src/web/account-forms.ts`, no
 * framework), which reads its messages from the page's `data-*` attributes. The server checks
 * the password rules (its message is shown under the field); the page says the rules up front.
 */
import type { TokenInfoDto } from '#src/core/auth/dto.ts';
import type { UnsubscribeInfoDto } from '#src/core/mail/dto.ts';
import type { Locale } from '#src/server/i18n/i18n.ts';
import { formatDateTime } from '#src/core/vn/format.ts';
import { html, page, type Safe } from '../portal/portal.html.ts';
import { tr, type Ctx, type T } from './public-pages.html.ts';

/** The error line under a field, tied to it by `aria-describedby` (filled by the script). */
const fieldError = (id: string) => html`<div class="ferr" id="${id}-error" hidden></div>`;
const formError = html`<div class="alert error" role="alert" id="form-error" hidden></div>`;
const noscript = (t: T) => html`<noscript><div class="alert warn">${t('noscript')}</div></noscript>`;

/** `/forgot-password`: ask for a reset link by e-mail address or username (the answer never says whether an account exists). */
export function forgotHtml(c: Ctx, script: string): string {
  const t = tr(c.lang);
  // The confirmation names what was typed: the script fills it in.
  const [before = '', after = ''] = t('forgot.sent', { login: '\u0000' }).split('\u0000');
  return page({
    title: t('forgot.title'),
    description: t('forgot.intro'),
    canonical: '/forgot-password',
    publicUrl: c.publicUrl,
    lang: c.lang,
    path: c.path,
    noindex: true,
    scripts: [script],
    body: html`<div class="narrow"><h1>${t('forgot.title')}</h1>
<div id="forgot-ask"><p>${t('forgot.intro')}</p>
${formError}${noscript(t)}
<form id="forgot" class="box" method="post" action="/api/auth/password-reset" novalidate data-network="${t('login.network')}">
<div class="field"><label for="login">${t('forgot.login')}</label><input id="login" name="login" autocomplete="username" required autofocus maxlength="200" aria-describedby="login-error" data-required="${t('password.required')}">${fieldError('login')}</div>
<button class="btn primary" type="submit" style="width:100%">${t('forgot.submit')}</button>
</form></div>
<div id="forgot-sent" class="box" hidden><h2 tabindex="-1" style="margin-top:0">${t('forgot.sentTitle')}</h2><p>${before}<span id="sent-login"></span>${after}</p><p class="meta">${t('forgot.noMail')}</p></div>
<p style="text-align:center"><a href="/login">${t('forgot.back')}</a></p></div>`,
  });
}

export type TokenPurpose = TokenInfoDto['purpose'];

/**
 * `/invite/{token}` and `/reset/{token}`: set a password (typed twice), then be signed in; or,
 * for a link that is unknown, used, expired, replaced or of the other kind, what to do instead.
 */
export function tokenHtml(c: Ctx, o: { purpose: TokenPurpose; token: string; found: TokenInfoDto | null; script: string }): string {
  const t = tr(c.lang);
  const invitation = o.purpose === 'invitation';
  const canonical = `/${invitation ? 'invite' : 'reset'}/${encodeURIComponent(o.token)}`;
  const common = { canonical, publicUrl: c.publicUrl, lang: c.lang, path: c.path, noindex: true } as const;
  if (!o.found) {
    const signIn = html`<a class="btn${invitation ? ' primary' : ''}" href="/login">${t('token.signIn')}</a>`;
    const askNew = html`<a class="btn${invitation ? '' : ' primary'}" href="/forgot-password">${t('token.askNew')}</a>`;
    return page({
      ...common,
      title: t('token.invalidTitle'),
      description: t('token.invalidTitle'),
      body: html`<div class="narrow"><h1>${t('token.invalidTitle')}</h1>
<div class="alert warn" role="status">${t(invitation ? 'token.invalidInvite' : 'token.invalidReset')}</div>
<div class="actions">${invitation ? [signIn, askNew] : [askNew, signIn]}</div></div>`,
    });
  }
  const f = o.found;
  const title = invitation ? t('token.inviteTitle', { name: f.displayName }) : t('token.resetTitle');
  return page({
    ...common,
    title,
    description: title,
    scripts: [o.script],
    body: html`<div class="narrow"><h1>${title}</h1>
<p>${t(invitation ? 'token.inviteIntro' : 'token.resetIntro', { username: f.username, name: f.displayName })}</p>
<p class="meta">${t('token.validUntil', { time: formatDateTime(new Date(f.expiresAt)) })}</p>
${formError}${noscript(t)}
<form id="set-password" class="box" method="post" action="/api/auth/tokens/${encodeURIComponent(o.token)}" novalidate data-network="${t('login.network')}" data-differ="${t('password.passwordsDiffer')}">
<input type="text" name="username" id="username" autocomplete="username" value="${f.username}" readonly hidden>
${passwordFields(t)}
<button class="btn primary" type="submit" style="width:100%">${t(invitation ? 'token.submitInvite' : 'token.submitReset')}</button>
</form></div>`,
  });
}

/** A new password typed twice, the rules said up front (the server checks them). */
function passwordFields(t: T): Safe {
  return html`<div class="field"><label for="password">${t('password.newPassword')}</label><input id="password" name="password" type="password" autocomplete="new-password" required autofocus maxlength="200" aria-describedby="password-rules password-error" data-required="${t('password.required')}"><div class="hint" id="password-rules">${t('password.passwordRules')}</div>${fieldError('password')}</div>
<div class="field"><label for="confirm">${t('password.confirmPassword')}</label><input id="confirm" name="confirm" type="password" autocomplete="new-password" required maxlength="200" aria-describedby="confirm-error" data-required="${t('password.required')}">${fieldError('confirm')}</div>`;
}

/** The name of a notification kind, or the kind itself when the catalogue has none. */
function kindLabel(lang: Locale, kind: string): string {
  const key = `unsubscribe.kind.${kind}`;
  const label = tr(lang)(key);
  return label === `pages.${key}` ? kind : label;
}

/** `/unsubscribe/{token}`: what stops, and stopping it on one click; an unknown link says so. */
export function unsubscribeHtml(c: Ctx, o: { token: string; found: UnsubscribeInfoDto | null; script: string }): string {
  const t = tr(c.lang);
  const common = {
    title: t('unsubscribe.title'),
    description: t('unsubscribe.title'),
    canonical: `/unsubscribe/${encodeURIComponent(o.token)}`,
    publicUrl: c.publicUrl,
    lang: c.lang,
    path: c.path,
    noindex: true,
  } as const;
  if (!o.found)
    return page({
      ...common,
      body: html`<div class="narrow"><h1>${t('unsubscribe.title')}</h1><div class="alert warn" role="status">${t('unsubscribe.notFound')}</div></div>`,
    });
  const kind = kindLabel(c.lang, o.found.kind);
  return page({
    ...common,
    scripts: [o.script],
    body: html`<div class="narrow"><h1>${t('unsubscribe.title')}</h1>
<div id="unsubscribe-ask"><p>${t('unsubscribe.question', { kind, email: o.found.email ?? '' })}</p>
${formError}${noscript(t)}
<form id="unsubscribe" method="post" action="/api/mail/unsubscribe/${encodeURIComponent(o.token)}" data-network="${t('login.network')}"><button class="btn primary" type="submit">${t('unsubscribe.confirm')}</button></form></div>
<div id="unsubscribe-done" class="box" hidden><h2 tabindex="-1" style="margin-top:0">✓ ${t('unsubscribe.done', { kind })}</h2><p>${t('unsubscribe.stillInApp')}</p></div></div>`,
  });
}
