/**
 * What `GET /api/dashboard` sends: one zod schema, used as the route's response schema
 * (dashboard.routes.ts, and from there the OpenAPI description) and, through its inferred
 * type, by the service and the page.
 */
import { z } from 'zod';

export const dashboardDto = z.object({
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
export type DashboardDto = z.infer<typeof dashboardDto>;
