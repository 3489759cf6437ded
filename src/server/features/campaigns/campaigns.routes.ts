import { authorize } from '#src/core/access/guard.ts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { campaignDto, campaignPatchSchema, newCampaignSchema } from '#src/core/campaigns/campaign.ts';
import type { AppDeps } from '#src/server/deps.ts';
import { createCampaign, getCampaign, listCampaigns, nextPhaseSchema, openNextPhase, updateCampaignDetails } from './campaigns.service.ts';

const idParams = z.object({ id: z.string().uuid() });

export const campaignsRoutes: FastifyPluginAsyncZod<AppDeps> = async (app, deps) => {
  app.get(
    '/api/campaigns',
    {
      config: { access: 'signed-in' },
      schema: {
        tags: ['campaigns'],
        summary: 'Every campaign (plan / movement), newest first, with its number of pairs',
        response: { 200: z.object({ items: z.array(campaignDto) }) },
      },
    },
    async (request) => {
      authorize(request.callContext().actor, 'campaign.read');
      return { items: await listCampaigns(deps.db) };
    },
  );

  app.get(
    '/api/campaigns/:id',
    {
      config: { access: 'signed-in' },
      schema: { tags: ['campaigns'], summary: 'One campaign with its MoU template', params: idParams, response: { 200: campaignDto } },
    },
    async (request) => {
      authorize(request.callContext().actor, 'campaign.read');
      return getCampaign(deps.db, request.params.id);
    },
  );

  app.post(
    '/api/campaigns',
    {
      config: { access: ['department-admin'] },
      schema: {
        tags: ['campaigns'],
        summary: 'Create a campaign; without a template it gets the seed MoU articles with bases citing it',
        body: newCampaignSchema,
        response: { 201: campaignDto },
      },
    },
    async (request, reply) => {
      const dto = await deps.db.transaction().execute((trx) => createCampaign(trx, request.callContext(), request.body));
      return reply.status(201).send(dto);
    },
  );

  app.patch(
    '/api/campaigns/:id',
    {
      config: { access: ['department-admin'] },
      schema: {
        tags: ['campaigns'],
        summary: "Edit a campaign's details or its MoU template (drafts already made keep their text)",
        params: idParams,
        body: campaignPatchSchema,
        response: { 200: campaignDto },
      },
    },
    async (request) =>
      deps.db.transaction().execute((trx) => updateCampaignDetails(trx, request.callContext(), request.params.id, request.body)),
  );

  // phases
  app.post(
    '/api/campaigns/:id/next-phase',
    {
      config: { access: ['department-admin'] },
      schema: {
        tags: ['campaigns'],
        summary:
          "Open the next phase of a campaign: a new campaign (its number, date and years) starting from this one's issuer, movement and MoU template, linked to it; then each pair of this phase continues or ends (POST /api/pairs/{id}/next-phase)",
        params: idParams,
        body: nextPhaseSchema,
        response: { 201: campaignDto },
      },
    },
    async (request, reply) => {
      const dto = await deps.db.transaction().execute((trx) => openNextPhase(trx, request.callContext(), request.params.id, request.body));
      return reply.status(201).send(dto);
    },
  );
};
