import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { pingDatabase } from '#src/db/database.ts';
import type { AppDeps } from '#src/server/deps.ts';

export const healthRoutes: FastifyPluginAsyncZod<AppDeps> = async (app, deps) => {
  app.get(
    '/api/health',
    {
      config: { access: 'public' },
      schema: {
        tags: ['system'],
        summary: 'Liveness and database reachability',
        response: {
          200: z.object({ status: z.literal('ok'), database: z.enum(['embedded', 'postgres']), version: z.string() }),
          503: z.object({ status: z.literal('unavailable'), database: z.enum(['embedded', 'postgres']), version: z.string() }),
        },
      },
    },
    async (_request, reply) => {
      try {
        await pingDatabase(deps.db);
        return { status: 'ok' as const, database: deps.databaseKind, version: deps.version };
      } catch {
        return reply.status(503).send({ status: 'unavailable' as const, database: deps.databaseKind, version: deps.version });
      }
    },
  );
};
