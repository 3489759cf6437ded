import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { dashboardDto } from '#src/core/dashboard/dto.ts';
import { isoDateInHanoi } from '#src/core/vn/format.ts';
import type { AppDeps } from '#src/server/deps.ts';
import { getDashboard } from './dashboard.service.ts';

export const dashboardRoutes: FastifyPluginAsyncZod<AppDeps> = async (app, deps) => {
  app.get(
    '/api/dashboard',
    {
      config: { access: 'signed-in' },
      schema: {
        tags: ['dashboard'],
        summary: "Counts of schools, pairs and activities in the caller's scope",
        response: { 200: dashboardDto },
      },
    },
    async (request, reply) => {
      const today = isoDateInHanoi(deps.now());
      const compute = () => getDashboard(deps.db, request.callContext().actor, today);
      // Kept per caller and data generation (docs/decisions/0033-response-cache.md).
      return deps.responses ? deps.responses.send(request, reply, [today], compute) : compute();
    },
  );
};
