import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { planDiffDto, planDto, planListDto } from '#src/core/plans/dto.ts';
import { schoolYearSchema } from '#src/core/plans/plan.ts';
import type { AppDeps } from '#src/server/deps.ts';
import { contentDisposition } from '#src/server/http/download.ts';
import { approvePlan, confirmVersionSchema, diffPlanVersions, getPlan, listPlans, renderPlanDocument, savePlan, savePlanSchema, submitPlan, withdrawPlan } from './plans.service.ts';

const tags = ['plans'];
const uuid = z.string().uuid();
const pairParams = z.object({ id: uuid });
const planParams = z.object({ id: uuid, schoolYear: schoolYearSchema });

export const plansRoutes: FastifyPluginAsyncZod<AppDeps> = async (app, deps) => {
  app.get(
    '/api/pairs/:id/plans',
    {
      config: { access: 'signed-in' },
      schema: { tags, summary: "The pair's yearly plans (one per school year) and what a new plan starts from", params: pairParams, response: { 200: planListDto } },
    },
    async (request) => listPlans(deps.db, request.callContext(), request.params.id, deps.now()),
  );

  app.get(
    '/api/pairs/:id/plans/:schoolYear',
    {
      config: { access: 'signed-in' },
      schema: {
        tags,
        summary: 'The plan of a school year ("2025-2026"), its latest version or the version asked: JSON with each item\'s linked activities, or the Decree 30 document as DOCX or PDF',
        params: planParams,
        querystring: z.object({ format: z.enum(['json', 'docx', 'pdf']).default('json'), version: z.coerce.number().int().min(1).optional() }),
      },
    },
    async (request, reply) => {
      const { format, version } = request.query;
      const { id, schoolYear } = request.params;
      if (format === 'json') return getPlan(deps.db, request.callContext(), id, schoolYear, version ?? 'current', deps.now());
      const doc = await renderPlanDocument(deps.db, request.callContext(), id, schoolYear, { format, version }, deps.now());
      return reply
        .header('content-type', doc.contentType)
        .header('content-disposition', contentDisposition(doc.fileName))
        .header('cache-control', 'private, no-store')
        .send(doc.bytes);
    },
  );

  app.put(
    '/api/pairs/:id/plans/:schoolYear',
    {
      config: { access: ['school-leader', 'school-coordinator'] },
      schema: {
        tags,
        summary:
          'Save the plan: the first version, or the latest changed (a draft or submitted one in place, back to draft; an approved one stays in force and the change is a new version). Refused if another version or text was saved since `baseVersion`/`baseSha256`',
        params: planParams,
        body: savePlanSchema,
        response: { 200: planDto },
      },
    },
    async (request) =>
      deps.db.transaction().execute((trx) => savePlan(trx, request.callContext(), request.params.id, request.params.schoolYear, request.body, deps.now())),
  );

  app.post(
    '/api/pairs/:id/plans/:schoolYear/submit',
    {
      config: { access: ['school-leader', 'school-coordinator'] },
      schema: {
        tags,
        summary: "Submit the latest draft for the leaders' approval, confirming the SHA-256 of the text read; the leaders are told",
        params: planParams,
        body: confirmVersionSchema,
        response: { 200: planDto },
      },
    },
    async (request) =>
      deps.db.transaction().execute((trx) => submitPlan(trx, request.callContext(), request.params.id, request.params.schoolYear, request.body, deps.now())),
  );

  app.post(
    '/api/pairs/:id/plans/:schoolYear/approvals',
    {
      config: { access: ['school-leader'] },
      schema: {
        tags,
        summary: "Approve the submitted version for the caller's school, confirming its SHA-256; with every school's approval it is in force and numbered (KH-)",
        params: planParams,
        body: confirmVersionSchema,
        response: { 200: planDto },
      },
    },
    async (request) =>
      deps.db.transaction().execute((trx) => approvePlan(trx, request.callContext(), request.params.id, request.params.schoolYear, request.body, deps.now())),
  );

  // plans-e2e
  app.post(
    '/api/pairs/:id/plans/:schoolYear/withdraw',
    {
      config: { access: ['school-leader', 'school-coordinator'] },
      schema: {
        tags,
        summary: 'Take the version awaiting approval back to draft (the school that drafted it), confirming its version and SHA-256; the approvals given so far are dropped',
        params: planParams,
        body: confirmVersionSchema,
        response: { 200: planDto },
      },
    },
    async (request) =>
      deps.db.transaction().execute((trx) => withdrawPlan(trx, request.callContext(), request.params.id, request.params.schoolYear, request.body, deps.now())),
  );

  app.get(
    '/api/pairs/:id/plans/:schoolYear/diff',
    {
      config: { access: 'signed-in' },
      schema: {
        tags,
        summary: 'What changed between two versions: place and date, goals, items (added, removed, each changed field word by word), closing',
        params: planParams,
        querystring: z.object({ from: z.coerce.number().int().min(1), to: z.coerce.number().int().min(1) }),
        response: { 200: planDiffDto },
      },
    },
    async (request) => diffPlanVersions(deps.db, request.callContext(), request.params.id, request.params.schoolYear, request.query.from, request.query.to, deps.now()),
  );
};
