import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { translate } from '#src/server/i18n/i18n.ts';
import type { AppDeps } from './deps.ts';
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

export const WEB_DIST = fileURLToPath(new URL('../../dist/web/', import.meta.url));

export interface BuildOptions extends AppDeps {
  logger?: FastifyServerOptions['logger'];
  /** Serve the built web app from dist/web when it exists (default true). */
  serveWeb?: boolean;
}

/** The whole HTTP app, without listening: the server and the tests (`inject`) use the same one. */
export async function buildApp(options: BuildOptions): Promise<FastifyInstance> {
  const { logger = false, serveWeb = true, ...deps } = options;
  const app = Fastify({
    logger,
    genReqId: () => randomUUID(),
    trustProxy: true,
    bodyLimit: 2 * 1024 * 1024,
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  // External plugins first, then ours, then routes (fastify/demo's order).
  await app.register(cookie);
  await app.register(helmet, {
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
  });
  await app.register(rateLimit, { global: true, max: 1200, timeWindow: '1 minute' });
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

  await app.register(healthRoutes, deps);
  await app.register(authRoutes, deps);
  await app.register(dashboardRoutes, deps);
  await app.register(usersRoutes, deps);
  await app.register(campaignsRoutes, deps);
  await app.register(pairsRoutes, deps);
  await app.register(schoolsRoutes, deps);
  await app.register(searchRoutes, deps);
  await app.register(matchingRoutes, deps);

  app.get(
    '/api/openapi.json',
    { config: { access: 'public' }, schema: { hide: true } },
    async () => app.swagger(),
  );

  const webBuilt = serveWeb && existsSync(`${WEB_DIST}index.html`);
  if (webBuilt) {
    await app.register(fastifyStatic, {
      root: WEB_DIST,
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
    if (!request.url.startsWith('/api/') && request.method === 'GET' && webBuilt) {
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
