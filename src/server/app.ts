import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { translate } from '#src/server/i18n/i18n.ts';
import { registerMetrics } from './metrics.ts';
import type { AppDeps } from './deps.ts';
import { localUploadsDir } from './files/create-file-store.ts';
import { LocalFileStore } from './files/local-file-store.ts';
import { ResponseCache } from './http/response-cache.ts';
import { applySecurityHeaders, securityHeaders } from './http/security-headers.ts';
import accessPlugin from './plugins/access.ts';
import errorsPlugin from './plugins/errors.ts';
import { authRoutes } from './features/auth/auth.routes.ts';
import { campaignsRoutes } from './features/campaigns/campaigns.routes.ts';
import { dashboardRoutes } from './features/dashboard/dashboard.routes.ts';
import { healthRoutes } from './features/health/health.routes.ts';
import { matchingRoutes } from './features/matching/matching.routes.ts';
import { pairsRoutes } from './features/pairs/pairs.routes.ts';
import { schoolsRoutes } from './features/schools/schools.routes.ts';
import { searchRoutes } from './features/search/search.routes.ts';
import { usersRoutes } from './features/users/users.routes.ts';
// activities
import { activitiesRoutes } from './features/activities/activities.routes.ts';
// notify
import { mailRoutes } from './mail/mail.routes.ts';
// support
import { supportRoutes } from './features/support/support.routes.ts';
import { notificationsRoutes } from './features/notifications/notifications.routes.ts';
// news
import { newsRoutes } from './features/news/news.routes.ts';
import { portalRoutes } from './features/portal/portal.routes.ts';
import { publicPagesRoutes } from './features/public-pages/public-pages.routes.ts';
// plans
import { plansRoutes } from './features/plans/plans.routes.ts';
// audit
import { auditRoutes } from './features/audit/audit.routes.ts';
import { reminderSettingsRoutes } from './features/campaigns/reminder-settings.routes.ts';

export const WEB_DIST = fileURLToPath(new URL('../../dist/web/', import.meta.url));

/** A path with a segment starting with a dot (`/.vite/…`, `/.env`, `/%2Evite/…`): never a page of the app, never a file served. */
export function hasDotSegment(url: string): boolean {
  let path = url.split('?', 1)[0]!;
  try {
    path = decodeURIComponent(path);
  } catch {
    return true;
  }
  return path.split(/[/\\]/u).some((segment) => segment.startsWith('.'));
}

export interface BuildOptions extends Omit<AppDeps, 'files' | 'responses'> {
  /** The file store (default: the local one under `dataDir`); its owner closes it. */
  files?: AppDeps['files'];
  logger?: FastifyServerOptions['logger'];
  /** Serve the built web app from dist/web when it exists (default true). */
  serveWeb?: boolean;
  /** Where the built web app is (default dist/web/, with its trailing slash; tests point elsewhere). */
  webDist?: string;
  /**
   * Which proxies' `X-Forwarded-For` to believe (`TRUST_PROXY`): false (default: the socket's
   * address is the client), a hop count, or the proxies' addresses/CIDRs.
   */
  trustProxy?: boolean | number | string[];
  /** Requests per minute per client address, and per account once signed in (`RATE_LIMIT_PER_MINUTE`); 0 = off. */
  rateLimitPerMinute?: number;
  /** `GET /metrics` also answers this bearer token (`METRICS_TOKEN`). */
  metricsToken?: string | undefined;
  /**
   * Megabytes of answers of the school list, the dashboard and the search this node keeps
   * (`RESPONSE_CACHE_MB`, default 32; 0 = off): docs/decisions/0033-response-cache.md.
   */
  responseCacheMb?: number;
}

/** Browser features the page never uses: refused to it and to anything injected into it. */
export const PERMISSIONS_POLICY =
  'accelerometer=(), autoplay=(), camera=(), display-capture=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), midi=(), payment=(), usb=(), interest-cohort=()';

/** The whole HTTP app, without listening: the server and the tests (`inject`) use the same one. */
export async function buildApp(options: BuildOptions): Promise<FastifyInstance> {
  const { logger = false, serveWeb = true, webDist = WEB_DIST, trustProxy = false, rateLimitPerMinute = 1200, metricsToken, files, responseCacheMb = 32, ...rest } = options;
  const deps: AppDeps = {
    ...rest,
    files: files ?? new LocalFileStore(localUploadsDir(rest.dataDir ?? './data')),
    responses: new ResponseCache(rest.db, { maxBytes: Math.round(responseCacheMb * 1024 * 1024) }),
  };
  const https = (deps.publicUrl ?? '').startsWith('https://');
  const app = Fastify({
    logger,
    genReqId: () => randomUUID(),
    // Fastify refuses a bare hop count (it fails closed); the count means: believe the last
    // `n` hops of X-Forwarded-For, for an app that only its proxies can reach.
    trustProxy: typeof trustProxy === 'number' ? (_address: string, hop: number) => hop < trustProxy : trustProxy,
    bodyLimit: 2 * 1024 * 1024,
  }).withTypeProvider<ZodTypeProvider>();
  app.decorate('responseCache', deps.responses);
  app.setValidatorCompiler(validatorCompiler);
  // zod's parse then JSON.stringify: a serializer compiled by fast-json-stringify was measured no faster (decision 0039).
  app.setSerializerCompiler(serializerCompiler);

  // External plugins first, then ours, then routes (fastify/demo's order).
  await app.register(cookie);
  // Helmet's headers, worked out once instead of on every request (decision 0039).
  const security = securityHeaders({
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        // Ant Design injects its CSS-in-JS as <style> elements.
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        connectSrc: ["'self'"],
        fontSrc: ["'self'", 'data:'],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
        upgradeInsecureRequests: null,
      },
    },
    // Over plain http (a laptop, a LAN) HSTS would only break the next visit.
    strictTransportSecurity: https ? { maxAge: 31_536_000, includeSubDomains: true } : false,
  });
  app.addHook('onRequest', (_request, reply, done) => {
    applySecurityHeaders(security, reply.raw);
    done();
  });
  app.addHook('onSend', async (request, reply, payload) => {
    reply.header('permissions-policy', PERMISSIONS_POLICY);
    // Answers of the API are per user (and carry CSRF tokens): never kept by browsers or proxies.
    if (request.url.startsWith('/api/') && !reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
    return payload;
  });
  if (rateLimitPerMinute > 0) {
    await app.register(rateLimit, {
      global: true,
      max: rateLimitPerMinute,
      timeWindow: '1 minute',
      // After the access plugin has found the session (onRequest), before the body is read.
      hook: 'preParsing',
      // A signed-in user has a budget of its own, so a school behind one NAT address is not one client.
      keyGenerator: (request) => (request.session ? `user:${request.session.actor.userId}` : `ip:${request.ip}`),
    });
  }
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Chung Tay API',
        version: deps.version,
        description:
          'School-twinning programme platform. Errors: `{ "error": { "code", "message", "field?" } }`, message in the caller\'s language (cookie `ct_lang`, else Accept-Language). Mutations of a signed-in user need the `X-CSRF-Token` header returned by login and /api/auth/me.',
      },
      components: {
        securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'ct_session' } },
      },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(errorsPlugin);
  await app.register(accessPlugin, { db: deps.db, now: deps.now });
  registerMetrics(app, { db: deps.db, token: metricsToken });

  await app.register(healthRoutes, deps);
  await app.register(authRoutes, deps);
  await app.register(dashboardRoutes, deps);
  await app.register(usersRoutes, deps);
  await app.register(campaignsRoutes, deps);
  await app.register(pairsRoutes, deps);
  await app.register(schoolsRoutes, deps);
  await app.register(searchRoutes, deps);
  await app.register(matchingRoutes, deps);
  // activities
  await app.register(activitiesRoutes, deps);
  // notify
  await app.register(mailRoutes, deps);
  // support
  await app.register(supportRoutes, deps);
  await app.register(notificationsRoutes, deps);
  // news
  await app.register(newsRoutes, deps);
  await app.register(portalRoutes, deps);
  // plans
  await app.register(plansRoutes, deps);
  // audit
  await app.register(auditRoutes, deps);
  await app.register(reminderSettingsRoutes, deps);
  // public pages: server-rendered, no Ant Design (docs/decisions/0027)
  await app.register(publicPagesRoutes, { ...deps, webDist: serveWeb && existsSync(`${webDist}index.html`) ? webDist : null });

  app.get(
    '/api/openapi.json',
    { config: { access: 'public' }, schema: { hide: true } },
    async () => app.swagger(),
  );

  const webBuilt = serveWeb && existsSync(`${webDist}index.html`);
  if (webBuilt) {
    // Only the app's files: never a dot-folder of the build (`.vite/manifest.json`, the server's map
    // of every chunk), which the routes below refuse rather than answering with the app.
    await app.register(fastifyStatic, {
      root: webDist,
      serveDotFiles: false,
      wildcard: false,
      index: false,
      preCompressed: true,
      // Vite names assets by content hash: they never change, so browsers may keep them.
      setHeaders: (res, path) => {
        res.setHeader('cache-control', path.includes('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache');
      },
    });
  }
  app.setNotFoundHandler((request, reply) => {
    if (!request.url.startsWith('/api/') && request.method === 'GET' && webBuilt && !hasDotSegment(request.url)) {
      // The single-page app owns every other path.
      return reply.header('cache-control', 'no-cache').sendFile('index.html');
    }
    return reply.status(404).send({
      error: {
        code: 'ROUTE_NOT_FOUND',
        message: translate(request.locale ?? 'vi', 'errors.ROUTE_NOT_FOUND', { method: request.method, url: request.url.split('?')[0] }),
      },
    });
  });
  return app;
}
