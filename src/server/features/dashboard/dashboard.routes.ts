import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { isoDateInHanoi } from '#src/core/vn/format.ts';
import type { AppDeps } from '#src/server/deps.ts';
import { getDashboard } from './dashboard.service.ts';

const dashboardSchema = z.object({
  scope: z.enum(['all', 'area', 'school']),
  counts: z.object({
    schools: z.number().int(),
    pairs: z.number().int(),
    activePairs: z.number().int(),
    activities: z.number().int(),
    activitiesDone: z.number().int(),
  }),
  pairs: z.array(z.object({ id: z.string(), state: z.string(), campaignNumber: z.string(), schoolNames: z.array(z.string()) })),
  recentActivities: z.array(
    z.object({
      id: z.string(),
      title: z.string(),
      kind: z.string(),
      startsOn: z.string(),
      status: z.string(),
      place: z.string().nullable(),
      hostName: z.string().nullable(),
    }),
  ),
});

export const dashboardRoutes: FastifyPluginAsyncZod<AppDeps> = async (app, deps) => {
  app.get(
    '/api/dashboard',
    {
      config: { access: 'signed-in' },
      schema: {
        tags: ['dashboard'],
        summary: "Counts of schools, pairs and activities in the caller's scope",
        response: { 200: dashboardSchema },
      },
    },
    async (request) => getDashboard(deps.db, request.callContext().actor, isoDateInHanoi(deps.now())),
  );
};
