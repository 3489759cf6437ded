import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { ForbiddenError, NotAuthenticatedError, DomainError } from '#src/core/errors.ts';
import type { Role } from '#src/core/roles.ts';
import { pickLocale, type Locale } from '#src/server/i18n/i18n.ts';
import { findRequestSession, type SessionUser } from '#src/server/features/auth/auth.service.ts';
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
    /**
     * The data generation (migration 0033) read with the session, before the handler: the
     * response cache's key (decision 0040); null without a session.
     */
    dataGeneration: string | null;
    locale: Locale;
    callContext(): CallContext;
  }
}

export const SESSION_COOKIE = 'ct_session';
export const CSRF_HEADER = 'x-csrf-token';
const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

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
  app.decorateRequest('dataGeneration', null);
  app.decorateRequest('locale', 'vi');
  app.decorateRequest('callContext', function (this: FastifyRequest): CallContext {
    return { actor: this.session?.actor ?? null, requestId: this.id };
  });

  app.addHook('onRequest', async (request: FastifyRequest, _reply: FastifyReply) => {
    const token = request.cookies[SESSION_COOKIE];
    if (token) {
      // Every request reads its session (decision 0040: no node keeps one, so a sign-out, a
      // disabled account or a new role counts at once on every node), with the data generation
      // in the same round trip for the response cache.
      const found = await findRequestSession(opts.db, token, opts.now());
      if (found) {
        request.session = found.user;
        request.sessionToken = token;
        request.dataGeneration = found.dataGeneration;
      }
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
