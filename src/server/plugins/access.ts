import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { ForbiddenError, NotAuthenticatedError, DomainError } from '#src/core/errors.ts';
import type { Role } from '#src/core/roles.ts';
import { pickLocale, type Locale } from '#src/server/i18n/i18n.ts';
import { findSession, type SessionUser } from '#src/server/features/auth/auth.service.ts';
import type { CallContext, Db } from '#src/server/context.ts';

/**
 * Who may call a route. Every /api route must say it (checked when routes are
 * registered): 'public' (anyone, signed in or not), 'signed-in' (any role), or
 * the list of roles allowed. Data scoping happens in the services.
 */
export type Access = 'public' | 'signed-in' | readonly Role[];

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
  }
  interface FastifyRequest {
    session: SessionUser | null;
    sessionToken: string | null;
    locale: Locale;
    callContext(): CallContext;
  }
}

export const SESSION_COOKIE = 'ct_session';
export const CSRF_HEADER = 'x-csrf-token';
const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/**
 * A read (GET, HEAD) reuses the session this node looked up less than this long ago, instead of
 * a query per request (docs/performance.md). Writes always read the session from the database,
 * and every write answered by this node empties the cache (a sign-out, a role or language
 * change); a sign-out on another node reaches this node's reads within this time.
 */
const SESSION_CACHE_MS = 5_000;
const SESSION_CACHE_MAX = 10_000;

export class CsrfError extends DomainError {
  constructor() {
    super('CSRF_TOKEN_INVALID', 403);
  }
}

async function accessPlugin(app: FastifyInstance, opts: { db: Db; now: () => Date }) {
  app.addHook('onRoute', (route) => {
    if (route.url.startsWith('/api/') && route.config?.access === undefined) {
      throw new Error(`route ${String(route.method)} ${route.url} does not declare who may call it (config.access)`);
    }
  });

  app.decorateRequest('session', null);
  app.decorateRequest('sessionToken', null);
  app.decorateRequest('locale', 'vi');
  app.decorateRequest('callContext', function (this: FastifyRequest): CallContext {
    return { actor: this.session?.actor ?? null, requestId: this.id };
  });

  const sessions = new Map<string, { user: SessionUser; expiresAt: number; until: number }>();
  const lookUp = async (token: string, write: boolean): Promise<SessionUser | null> => {
    const now = opts.now();
    const cached = write ? undefined : sessions.get(token);
    if (cached && cached.until > performance.now() && cached.expiresAt > now.getTime()) return cached.user;
    const found = await findSession(opts.db, token, now);
    if (!found) {
      sessions.delete(token);
      return null;
    }
    if (sessions.size >= SESSION_CACHE_MAX) sessions.clear();
    sessions.set(token, { user: found.user, expiresAt: found.expiresAt.getTime(), until: performance.now() + SESSION_CACHE_MS });
    return found.user;
  };
  app.addHook('onResponse', async (request) => {
    if (UNSAFE.has(request.method)) sessions.clear();
  });

  app.addHook('onRequest', async (request: FastifyRequest, _reply: FastifyReply) => {
    const token = request.cookies[SESSION_COOKIE];
    if (token) {
      request.session = await lookUp(token, UNSAFE.has(request.method));
      if (request.session) request.sessionToken = token;
    }
    const chosen = request.cookies.ct_lang ?? request.session?.locale;
    request.locale = pickLocale(chosen, request.headers['accept-language']);

    const access = request.routeOptions.config?.access;
    if (access === undefined || access === 'public') return;
    if (!request.session) throw new NotAuthenticatedError();
    if (UNSAFE.has(request.method) && request.headers[CSRF_HEADER] !== request.session.csrfToken) {
      throw new CsrfError();
    }
    if (access !== 'signed-in' && !access.includes(request.session.actor.role)) throw new ForbiddenError();
  });
}

export default fp(accessPlugin, { name: 'access', dependencies: ['@fastify/cookie'] });
