import { authorize } from '#src/core/access/guard.ts';
import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { singleLineText } from '#src/core/text-schema.ts';
import {
  loginThrottleListDto,
  meDto,
  ownSessionListDto,
  recoveryCodesDto,
  sessionStateDto,
  sessionsEndedDto,
  tokenInfoDto,
  tokenUsedDto,
  twoFactorSetupDto,
  twoFactorStatusDto,
  type MeDto,
} from '#src/core/auth/dto.ts';
import { errorDto } from '#src/core/errors.ts';
import { SESSION_COOKIE } from '#src/server/plugins/access.ts';
import { recordAudit } from '#src/server/features/audit/audit.service.ts';
import type { AppDeps } from '#src/server/deps.ts';
import { liftLoginThrottle, listLoginThrottles, login, logout, type SessionUser } from './auth.service.ts';
import { updateUserLocale } from './auth.repository.ts';
import { changePassword, endOtherSessions, endOwnSession, listOwnSessions, readToken, requestPasswordReset, usePasswordToken } from './account.service.ts';
import { passwordChangeSchema } from '#src/core/accounts.ts';
import { confirmTotpEnrolment, disableTotp, startTotpEnrolment, twoFactorStatus } from './totp.service.ts';

/**
 * A password-reset request answers after at least this long, whether or not the address has an
 * account (the work for a known address — a link, a mail queued — takes a few milliseconds).
 */
export const RESET_ANSWER_FLOOR_MS = 400;

function toMe(u: SessionUser): MeDto {
  return {
    id: u.actor.userId,
    username: u.actor.username,
    displayName: u.displayName,
    role: u.actor.role,
    locale: u.locale,
    school: u.actor.schoolId ? { id: u.actor.schoolId, name: u.schoolName ?? '' } : null,
    area: u.actor.adminUnitId ? { id: u.actor.adminUnitId, name: u.adminUnitName ?? '' } : null,
    csrfToken: u.csrfToken,
  };
}

export const authRoutes: FastifyPluginAsyncZod<AppDeps> = async (app, deps) => {
  const setSessionCookie = (reply: FastifyReply, token: string, expires: Date) =>
    reply.setCookie(SESSION_COOKIE, token, {
      path: '/',
      httpOnly: true,
      sameSite: 'lax',
      secure: deps.secureCookies,
      expires,
    });

  app.post(
    '/api/auth/login',
    {
      config: { access: 'public' },
      schema: {
        tags: ['auth'],
        summary: 'Sign in; sets the HttpOnly session cookie and returns the user with its CSRF token. An account with two-factor sign-in answers 401 TOTP_REQUIRED (field code) until the code is sent too',
        body: z.strictObject({
          username: singleLineText().min(1).max(100),
          password: z.string().min(1).max(200),
          code: z.string().max(40).optional().describe('two-factor sign-in: the 6-digit code of the authenticator app, or a recovery code (asked by TOTP_REQUIRED)'),
        }),
        response: { 200: meDto, 401: errorDto, 429: errorDto },
      },
    },
    async (request, reply) => {
      const { token, user, expiresAt } = await login(deps.db, {
        ...request.body,
        ip: request.ip,
        now: deps.now(),
        requestId: request.id,
        previousToken: request.cookies[SESSION_COOKIE],
        userAgent: request.headers['user-agent'],
      });
      setSessionCookie(reply, token, expiresAt);
      return toMe(user);
    },
  );

  app.get(
    '/api/auth/me',
    {
      config: { access: 'signed-in' },
      schema: { tags: ['auth'], summary: 'The signed-in user, role and school or area', response: { 200: meDto } },
    },
    async (request) => toMe(request.session!),
  );

  app.get(
    '/api/auth/session',
    {
      config: { access: 'public' },
      schema: {
        tags: ['auth'],
        summary: 'The signed-in user, or null for a visitor (the page asks this without an error when signed out)',
        response: { 200: sessionStateDto },
      },
    },
    async (request) => ({ user: request.session ? toMe(request.session) : null }),
  );

  app.patch(
    '/api/auth/me',
    {
      config: { access: 'signed-in' },
      schema: {
        tags: ['auth'],
        summary: "Change the signed-in user's preferred language",
        body: z.strictObject({ locale: z.enum(['vi', 'en']) }),
        response: { 200: meDto },
      },
    },
    async (request) => {
      const session = request.session!;
      await deps.db.transaction().execute(async (trx) => {
        await updateUserLocale(trx, session.actor.userId, request.body.locale);
        await recordAudit(trx, request.callContext(), {
          action: 'user.locale',
          entity: 'user',
          entityId: session.actor.userId,
          before: { locale: session.locale },
          after: { locale: request.body.locale },
        });
      });
      return toMe({ ...session, locale: request.body.locale });
    },
  );

  app.post(
    '/api/auth/logout',
    {
      config: { access: 'signed-in' },
      schema: { tags: ['auth'], summary: 'Sign out: ends the session', response: { 204: z.null() } },
    },
    async (request, reply) => {
      await deps.db.transaction().execute((trx) => logout(trx, request.callContext(), request.sessionToken!));
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/auth/throttles',
    {
      config: { access: ['department-admin'] },
      schema: {
        tags: ['auth'],
        summary: 'Sign-in throttles in force: a username at an address (or an address for every username) refused until a time',
        response: { 200: loginThrottleListDto },
      },
    },
    async (request) => {
      authorize(request.callContext().actor, 'loginThrottle.manage');
      return { items: await listLoginThrottles(deps.db, deps.now()) };
    },
  );

  app.delete(
    '/api/auth/throttles/:id',
    {
      config: { access: ['department-admin'] },
      schema: {
        tags: ['auth'],
        summary: 'Lift a sign-in throttle: the username (or address) may try again at once',
        params: z.object({ id: z.uuid() }),
        response: { 204: z.null(), 404: errorDto },
      },
    },
    async (request, reply) => {
      await deps.db.transaction().execute((trx) => liftLoginThrottle(trx, request.callContext(), request.params.id));
      return reply.status(204).send(null);
    },
  );

  // accounts: one's own password and sessions; one-time links (invitation, password reset).
  app.post(
    '/api/auth/password',
    {
      config: { access: 'signed-in' },
      schema: {
        tags: ['auth'],
        summary: 'Change one\'s password (the current one must be right; not a common password); every other session ends',
        body: passwordChangeSchema,
        response: { 200: sessionsEndedDto, 400: errorDto },
      },
    },
    async (request) =>
      deps.db.transaction().execute((trx) => changePassword(trx, request.callContext(), request.sessionToken!, request.body, deps.now())),
  );

  app.get(
    '/api/auth/sessions',
    {
      config: { access: 'signed-in' },
      schema: {
        tags: ['auth'],
        summary: 'The devices one is signed in on, newest first (the current one marked)',
        response: {
          200: ownSessionListDto,
        },
      },
    },
    async (request) => ({ items: await listOwnSessions(deps.db, request.callContext(), request.sessionToken!, deps.now()) }),
  );

  app.delete(
    '/api/auth/sessions',
    {
      config: { access: 'signed-in' },
      schema: { tags: ['auth'], summary: 'Sign out everywhere else: every session but this one ends', response: { 200: sessionsEndedDto } },
    },
    async (request) => deps.db.transaction().execute((trx) => endOtherSessions(trx, request.callContext(), request.sessionToken!)),
  );

  app.delete(
    '/api/auth/sessions/:id',
    {
      config: { access: 'signed-in' },
      schema: { tags: ['auth'], summary: 'Sign out one of one\'s devices', params: z.object({ id: z.uuid() }), response: { 204: z.null(), 404: errorDto } },
    },
    async (request, reply) => {
      await deps.db.transaction().execute((trx) => endOwnSession(trx, request.callContext(), request.params.id));
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/api/auth/password-reset',
    {
      config: { access: 'public' },
      schema: {
        tags: ['auth'],
        summary: 'Ask for a password-reset link by e-mail address or username; the same answer whether or not an account exists',
        body: z.strictObject({ login: singleLineText().min(1).max(200) }),
        response: { 202: z.object({ ok: z.literal(true) }) },
      },
    },
    async (request, reply) => {
      const started = Date.now();
      try {
        await deps.db.transaction().execute((trx) => requestPasswordReset(trx, request.body.login, deps.now(), request.id, request.ip));
      } catch (err) {
        // Nothing about the account may show in the answer; the failure is in the log.
        request.log.error({ err }, 'password reset request failed');
      }
      const wait = RESET_ANSWER_FLOOR_MS - (Date.now() - started);
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      return reply.status(202).send({ ok: true as const });
    },
  );

  const tokenParams = z.object({ token: z.string().min(20).max(100).regex(/^[A-Za-z0-9_-]+$/u) });

  app.get(
    '/api/auth/tokens/:token',
    {
      config: { access: 'public' },
      schema: {
        tags: ['auth'],
        summary: 'What a one-time link (invitation or password reset) is for; TOKEN_INVALID when unknown, used or expired',
        params: tokenParams,
        response: {
          200: tokenInfoDto,
          400: errorDto,
        },
      },
    },
    async (request) => readToken(deps.db, request.params.token, deps.now()),
  );

  app.post(
    '/api/auth/tokens/:token',
    {
      config: { access: 'public' },
      schema: {
        tags: ['auth'],
        summary: 'Use a one-time link: set the password (the link then stops working; every session of the account ends)',
        params: tokenParams,
        body: z.strictObject({ password: z.string().min(1).max(200) }),
        response: { 200: tokenUsedDto, 400: errorDto },
      },
    },
    async (request) =>
      deps.db.transaction().execute((trx) => usePasswordToken(trx, request.params.token, request.body.password, deps.now(), request.id)),
  );
  // accounts: two-factor sign-in with an authenticator app (TOTP) and recovery codes.
  app.get(
    '/api/auth/two-factor',
    {
      config: { access: 'signed-in' },
      schema: {
        tags: ['auth'],
        summary: 'Whether two-factor sign-in is on for one\'s account, and how many recovery codes are left',
        response: { 200: twoFactorStatusDto },
      },
    },
    async (request) => twoFactorStatus(deps.db, request.callContext()),
  );

  app.post(
    '/api/auth/two-factor/setup',
    {
      config: { access: 'signed-in' },
      schema: {
        tags: ['auth'],
        summary: 'Start turning two-factor sign-in on: a new secret, its otpauth:// URI and a QR code (SVG) to scan; on only once confirmed',
        response: { 200: twoFactorSetupDto, 409: errorDto },
      },
    },
    async (request) => deps.db.transaction().execute((trx) => startTotpEnrolment(trx, request.callContext(), deps.now())),
  );

  app.post(
    '/api/auth/two-factor/confirm',
    {
      config: { access: 'signed-in' },
      schema: {
        tags: ['auth'],
        summary: 'Confirm with a first code from the app: two-factor sign-in is on; returns the ten recovery codes, this once',
        body: z.strictObject({ code: z.string().min(1).max(20) }),
        response: { 200: recoveryCodesDto, 400: errorDto, 409: errorDto, 429: errorDto },
      },
    },
    async (request) => confirmTotpEnrolment(deps.db, request.callContext(), request.body.code, deps.now()),
  );

  app.post(
    '/api/auth/two-factor/disable',
    {
      config: { access: 'signed-in' },
      schema: {
        tags: ['auth'],
        summary: 'Turn two-factor sign-in off, with the password and a code from the app (or a recovery code)',
        body: z.strictObject({ password: z.string().min(1).max(200), code: z.string().min(1).max(40) }),
        response: { 204: z.null(), 400: errorDto, 409: errorDto, 429: errorDto },
      },
    },
    async (request, reply) => {
      await disableTotp(deps.db, request.callContext(), request.body, deps.now());
      return reply.status(204).send(null);
    },
  );
};
