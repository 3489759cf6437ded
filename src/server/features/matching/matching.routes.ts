import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { acceptedPairsDto, runComparisonDto, runDetailDto, runListDto, wishListDto } from '#src/core/matching/dto.ts';
import { runParamsSchema, wishesInputSchema } from '#src/core/matching/run-params.ts';
import type { AppDeps } from '#src/server/deps.ts';
import { queueOf } from '#src/server/jobs/job-queue.ts';
import { contentDisposition, XLSX_TYPE } from '#src/server/http/download.ts';
import { acceptRunPairs, compareRuns, exportRun, getRun, listRuns, listWishes, setWishes, startRun } from './matching.service.ts';

const tags = ['matching'];
const uuid = z.string().uuid();
const idParams = z.object({ id: uuid });

export const matchingRoutes: FastifyPluginAsyncZod<AppDeps> = async (app, deps) => {
  app.get(
    '/api/matching/wishes',
    {
      config: { access: 'signed-in' },
      schema: {
        tags,
        summary: "A school's ranked wishes for partners in a campaign (school users: their own school; the department: every school)",
        querystring: z.object({ campaignId: uuid, schoolId: uuid.optional() }),
        response: { 200: wishListDto },
      },
    },
    async (request) => ({ items: await listWishes(deps.db, request.callContext(), request.query, deps.now()) }),
  );

  app.put(
    '/api/matching/wishes',
    {
      config: { access: ['department-admin', 'area-officer', 'school-leader'] },
      schema: {
        tags,
        summary: "Replace a school's ranked wishes (most wished first, at most 5; empty clears them): its leader, its area's officer or the department",
        body: wishesInputSchema,
        response: { 200: wishListDto },
      },
    },
    async (request) => ({
      items: await deps.db.transaction().execute((trx) => setWishes(trx, request.callContext(), request.body, deps.now())),
    }),
  );

  app.get(
    '/api/matching/runs',
    {
      config: { access: ['department-admin', 'area-officer'] },
      schema: {
        tags,
        summary: 'The latest matching runs (50), newest first, with their parameters and summaries (an area officer: their own runs, made from their area’s schools)',
        querystring: z.object({ campaignId: uuid.optional() }),
        response: { 200: runListDto },
      },
    },
    async (request) => ({ items: await listRuns(deps.db, request.callContext(), request.query.campaignId, request.locale, deps.now()) }),
  );

  app.post(
    '/api/matching/runs',
    {
      config: { access: ['department-admin', 'area-officer'] },
      schema: {
        tags,
        summary:
          'Run the pairing engine (best overall or wish-stable, both computed for the trade-off). Answers 201 with the result when it finishes quickly, else 202 while it runs: poll GET /api/matching/runs/:id',
        body: runParamsSchema,
        response: { 201: runDetailDto, 202: runDetailDto },
      },
    },
    async (request, reply) => {
      const id = await startRun(deps.db, request.callContext(), request.body, deps.now(), queueOf(deps));
      const run = await getRun(deps.db, request.callContext(), id, request.locale, deps.now());
      return reply.status(run.status === 'succeeded' || run.status === 'failed' ? 201 : 202).send(run);
    },
  );

  app.get(
    '/api/matching/runs/compare',
    {
      config: { access: ['department-admin', 'area-officer'] },
      schema: {
        tags,
        summary: 'Two runs side by side: summaries, the number of pairs both propose, and the pairs only one proposes',
        querystring: z.object({ a: uuid, b: uuid }),
        response: { 200: runComparisonDto },
      },
    },
    async (request) => compareRuns(deps.db, request.callContext(), request.query.a, request.query.b, request.locale, deps.now()),
  );

  app.get(
    '/api/matching/runs/:id',
    {
      config: { access: ['department-admin', 'area-officer'] },
      schema: {
        tags,
        summary: 'A run: its progress, or its pairs with score and explanation (in the caller’s language), the other mode’s pairs, unpaired and excluded schools',
        params: idParams,
        response: { 200: runDetailDto },
      },
    },
    async (request) => getRun(deps.db, request.callContext(), request.params.id, request.locale, deps.now()),
  );

  app.get(
    '/api/matching/runs/:id/export.xlsx',
    {
      config: { access: ['department-admin', 'area-officer'] },
      schema: {
        tags,
        summary: 'A finished run as .xlsx: the proposed pairs (score, distance, wishes, explanation), the schools left without a partner and why, the settings used',
        params: idParams,
      },
    },
    async (request, reply) => {
      const file = await exportRun(deps.db, request.callContext(), request.params.id, request.locale, deps.now());
      return reply.header('content-type', XLSX_TYPE).header('content-disposition', contentDisposition(file.fileName)).header('cache-control', 'private, no-store').send(file.bytes);
    },
  );

  app.post(
    '/api/matching/runs/:id/accept',
    {
      config: { access: ['department-admin', 'area-officer'] },
      schema: {
        tags,
        summary: "Turn chosen pairs of a finished run into proposed pairs (the pairs' acceptance flow follows); all or nothing",
        params: idParams,
        body: z.strictObject({
          pairs: z.array(z.strictObject({ left: uuid, right: uuid })).min(1).max(5000),
          /** phases: required (true) when the run's campaign has ended (409 CAMPAIGN_ENDED otherwise). */
          confirmCampaignEnded: z.boolean().optional(),
        }),
        response: { 200: acceptedPairsDto },
      },
    },
    async (request) =>
      deps.db.transaction().execute((trx) => acceptRunPairs(trx, request.callContext(), request.params.id, request.body.pairs, deps.now(), request.body.confirmCampaignEnded)),
  );
};
