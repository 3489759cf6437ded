/**
 * The public pages outside the portal, server-rendered (docs/decisions/0027): `/` (the platform's
 * home), `/login` (its form's script: src/web/sign-in.ts, under 1 KB), `/verify` and
 * `/verify/{code}` (a document's QR code), `/cong-khai` (the public support ledger), and the
 * account pages — `/forgot-password` and the links of e-mails, `/invite/{token}`,
 * `/reset/{token}`, `/unsubscribe/{token}` — whose forms one small script sends to the JSON API
 * (src/web/account-forms.ts).
 * The language: `?lang=vi|en` (remembered in the `ct_lang` cookie the app reads too), else the
 * cookie, else the account's, else Vietnamese (as the app).
 */
import { existsSync, readFileSync } from 'node:fs';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { DomainError } from '#src/core/errors.ts';
import type { AppDeps } from '#src/server/deps.ts';
import { domainErrorBody } from '#src/server/plugins/errors.ts';
import { DEFAULT_PUBLIC_URL, verifyCode } from '#src/server/features/pairs/mou.service.ts';
import { publicHeads, publicLedger, publicTotals } from '#src/server/features/support/support.public.ts';
import type { TokenInfoDto } from '#src/core/auth/dto.ts';
import type { UnsubscribeInfoDto } from '#src/core/mail/dto.ts';
import { readToken } from '#src/server/features/auth/account.service.ts';
import { describeUnsubscribe } from '#src/server/mail/mail.service.ts';
import { translate } from '#src/server/i18n/i18n.ts';
import { langQuery, pageLangOf } from '../portal/portal.lang.ts';
import { forgotHtml, tokenHtml, unsubscribeHtml, type TokenPurpose } from './account-pages.html.ts';
import { homeHtml, ledgerHtml, signInHtml, verifyHtml } from './public-pages.html.ts';

const tags = ['pages'];
const HTML = 'text/html; charset=utf-8';
/** The sign-in script's source, which Vite's dev server serves as it is. */
export const SIGN_IN_ENTRY = 'sign-in.ts';
/** The account pages' script (forgot password, invitation, reset, unsubscribe). */
export const ACCOUNT_FORMS_ENTRY = 'account-forms.ts';

/** A small entry's built address (from Vite's manifest), or its source's for Vite's dev server. */
export function entryScript(webDist: string | null, entry: string): string {
  const manifest = webDist ? `${webDist}.vite/manifest.json` : null;
  if (manifest && existsSync(manifest)) {
    const built = (JSON.parse(readFileSync(manifest, 'utf8')) as Record<string, { file: string }>)[entry];
    if (built) return `/${built.file}`;
  }
  return `/${entry}`;
}

/** The built sign-in script's address (from Vite's manifest), or its source's for Vite's dev server. */
export function signInScript(webDist: string | null): string {
  return entryScript(webDist, SIGN_IN_ENTRY);
}

/** Only a path of the signed-in app, never another site. */
export function safeNext(next: string | undefined): string {
  return next && /^\/app(?:[/?#]|$)/u.test(next) && !next.startsWith('//') ? next : '/app';
}

export const publicPagesRoutes: FastifyPluginAsyncZod<AppDeps & { webDist: string | null }> = async (app, deps) => {
  const base = () => (deps.publicUrl ?? DEFAULT_PUBLIC_URL).replace(/\/+$/u, '');
  const script = signInScript(deps.webDist);
  const accountScript = entryScript(deps.webDist, ACCOUNT_FORMS_ENTRY);

  const ctx = (request: FastifyRequest, reply: FastifyReply) => ({ lang: pageLangOf(request, reply), path: request.url, publicUrl: base() });
  const send = (reply: FastifyReply, body: string, opts: { status?: number; cache?: string } = {}) =>
    reply
      .status(opts.status ?? 200)
      .header('content-type', HTML)
      .header('vary', 'Cookie, Accept-Language')
      .header('cache-control', opts.cache ?? 'no-cache')
      .send(body);

  app.get('/', { config: { access: 'public' }, schema: { tags, summary: "The platform's home (HTML, no script): what it is, sign-in, the public portal", querystring: langQuery } }, async (request, reply) =>
    send(reply, homeHtml(ctx(request, reply), Boolean(request.session))),
  );

  app.get(
    '/login',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'The sign-in page (HTML and one small script calling POST /api/auth/login, the two-factor code included); a signed-in user goes on to `next`',
        querystring: langQuery.extend({
          next: z.string().max(500).optional(),
          username: z.string().max(100).optional(),
          notice: z.enum(['password-set']).optional(),
        }),
      },
    },
    async (request, reply) => {
      const next = safeNext(request.query.next);
      if (request.session) return reply.header('cache-control', 'no-store').redirect(next, 303);
      const c = ctx(request, reply);
      const notice = request.query.notice === 'password-set' ? translate(c.lang, 'pages.login.passwordSet') : null;
      return send(reply, signInHtml(c, { next, username: request.query.username ?? '', notice, script }), { cache: 'no-store' });
    },
  );

  app.get(
    '/verify',
    { config: { access: 'public' }, schema: { tags, summary: 'Verify a document (HTML): the form; `?code=` goes on to /verify/{code}', querystring: langQuery.extend({ code: z.string().max(100).optional() }) } },
    async (request, reply) => {
      const code = request.query.code?.trim();
      if (code) return reply.redirect(`/verify/${encodeURIComponent(code)}`, 303);
      return send(reply, verifyHtml(ctx(request, reply), '', null));
    },
  );

  app.get(
    '/verify/:code',
    {
      config: { access: 'public' },
      schema: { tags, summary: "A document's verification page (HTML, what its QR code opens): genuine or not, between whom, signed when", params: z.object({ code: z.string().max(100) }), querystring: langQuery },
    },
    async (request, reply) => {
      const c = ctx(request, reply);
      try {
        const found = await verifyCode(deps.db, request.params.code);
        return send(reply, verifyHtml(c, found.code, { found }));
      } catch (err) {
        if (!(err instanceof DomainError) || err.status !== 404) throw err;
        return send(reply, verifyHtml(c, request.params.code, { error: domainErrorBody(err, c.lang).error.message }), { status: 404 });
      }
    },
  );

  app.get('/cong-khai', { config: { access: 'public' }, schema: { tags, summary: 'The public ledger of support (HTML, no script): totals, the 50 newest entries, the published heads', querystring: langQuery } }, async (request, reply) => {
    const [totals, ledger, heads] = await Promise.all([publicTotals(deps.db), publicLedger(deps.db, null, 50), publicHeads(deps.db)]);
    return send(reply, ledgerHtml(ctx(request, reply), totals, ledger, heads), { cache: 'public, max-age=60' });
  });

  // accounts: "forgot password" and the pages the invitation, reset and unsubscribe mails link to
  app.get(
    '/forgot-password',
    { config: { access: 'public' }, schema: { tags, summary: 'Ask for a password-reset link (HTML and one small script calling POST /api/auth/password-reset)', querystring: langQuery } },
    async (request, reply) => send(reply, forgotHtml(ctx(request, reply), accountScript)),
  );

  const tokenPage = (purpose: TokenPurpose) => async (request: FastifyRequest<{ Params: { token: string } }>, reply: FastifyReply) => {
    const c = ctx(request, reply);
    const token = request.params.token;
    // The API's own check: unknown, used, expired, replaced or of a disabled account alike; a link of the other kind too.
    let found: TokenInfoDto | null = null;
    try {
      found = await readToken(deps.db, token, deps.now());
    } catch (err) {
      if (!(err instanceof DomainError) || err.code !== 'TOKEN_INVALID') throw err;
    }
    if (found && found.purpose !== purpose) found = null;
    return send(reply, tokenHtml(c, { purpose, token, found, script: accountScript }), { status: found ? 200 : 404, cache: 'no-store' });
  };
  const tokenSchema = (what: string) => ({
    tags,
    summary: `${what} (HTML and one small script calling POST /api/auth/tokens/{token}, then signing in); a used, expired or unknown link is a 404 page saying what to do`,
    params: z.object({ token: z.string().max(200) }),
    querystring: langQuery,
  });
  app.get('/invite/:token', { config: { access: 'public' }, schema: tokenSchema('The page an invitation mail links to: set a password') }, tokenPage('invitation'));
  app.get('/reset/:token', { config: { access: 'public' }, schema: tokenSchema('The page a password-reset mail links to: set a new password') }, tokenPage('password-reset'));

  app.get(
    '/unsubscribe/:token',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: "The page a mail's unsubscribe link opens (HTML and one small script calling POST /api/mail/unsubscribe/{token}): what stops, on one click; an unknown link is a 404 page",
        params: z.object({ token: z.string().max(200) }),
        querystring: langQuery,
      },
    },
    async (request, reply) => {
      const c = ctx(request, reply);
      let found: UnsubscribeInfoDto | null = null;
      try {
        found = await describeUnsubscribe(deps.db, request.params.token);
      } catch (err) {
        if (!(err instanceof DomainError) || err.status !== 404) throw err;
      }
      return send(reply, unsubscribeHtml(c, { token: request.params.token, found, script: accountScript }), { status: found ? 200 : 404, cache: 'no-store' });
    },
  );
};
