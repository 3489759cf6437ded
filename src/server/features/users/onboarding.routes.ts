import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { onboardingFilterSchema, onboardingPreviewSchema, onboardingRunSchema } from '#src/core/onboarding.ts';
import type { AppDeps } from '#src/server/deps.ts';
import { queueOf } from '#src/server/jobs/job-queue.ts';
import { getOnboardingRun, latestOnboardingRun, previewOnboarding, startOnboarding } from './onboarding.service.ts';
import { errorDto } from '#src/core/errors.ts';

const ONBOARDERS = ['department-admin', 'area-officer'] as const;

/** onboarding: inviting the leaders of the registry's schools without an account, in one run. */
export const onboardingRoutes: FastifyPluginAsyncZod<AppDeps> = async (app, deps) => {
  app.get(
    '/api/users/onboarding/preview',
    {
      config: { access: [...ONBOARDERS] },
      schema: {
        tags: ['administration'],
        summary:
          'Active schools (of the caller\'s scope, optionally one area and one level) without a leader account: how many, how many a run would invite, and what blocks the others (no e-mail, no principal\'s name, an e-mail shared by several schools or already an account\'s)',
        querystring: onboardingFilterSchema,
        response: { 200: onboardingPreviewSchema, 400: errorDto, 403: errorDto },
      },
    },
    async (request) => previewOnboarding(deps.db, request.callContext(), request.query, deps.now()),
  );

  app.post(
    '/api/users/onboarding',
    {
      config: { access: [...ONBOARDERS] },
      schema: {
        tags: ['administration'],
        summary:
          'Invite the leaders of those schools: one background job creates a school-leader account per ready school (from its e-mail and principal\'s name) and mails its invitation; schools that got an account are skipped, so a rerun never duplicates',
        body: onboardingFilterSchema,
        response: { 202: z.object({ id: z.string() }), 400: errorDto, 403: errorDto },
      },
    },
    async (request, reply) => {
      const id = await startOnboarding(deps.db, queueOf(deps), request.callContext(), request.body);
      return reply.status(202).send({ id });
    },
  );

  app.get(
    '/api/users/onboarding/latest',
    {
      config: { access: [...ONBOARDERS] },
      schema: {
        tags: ['administration'],
        summary: 'The caller\'s latest onboarding run (the department: anyone\'s), or null',
        response: { 200: z.object({ run: onboardingRunSchema.nullable() }), 403: errorDto },
      },
    },
    async (request) => ({ run: await latestOnboardingRun(deps.db, request.callContext(), request.locale) }),
  );

  app.get(
    '/api/users/onboarding/:id',
    {
      config: { access: [...ONBOARDERS] },
      schema: {
        tags: ['administration'],
        summary: 'An onboarding run: status, progress and, per school, the account created or why it was skipped',
        params: z.object({ id: z.uuid() }),
        response: { 200: onboardingRunSchema, 403: errorDto, 404: errorDto },
      },
    },
    async (request) => getOnboardingRun(deps.db, request.callContext(), request.params.id, request.locale),
  );
};
