import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { CONTRIBUTION_STATES, cancelSchema, correctionSchema, newDeliverySchema, newPledgeSchema } from '#src/core/support/contribution.ts';
import { ledgerHeadsDto, pledgeDto, pledgeListDto, publicLedgerDto, totalsDto } from '#src/core/support/dto.ts';
import type { AppDeps } from '#src/server/deps.ts';
import { XLSX_TYPE, contentDisposition } from '#src/server/http/download.ts';
import { beneficiariesRoutes } from './beneficiaries.routes.ts';
// sponsorships
import { sponsorshipsRoutes } from './sponsorships.routes.ts';
import { exportContributions, renderMinutes } from './support.documents.ts';
import { publicHeads, publicLedger, publicTotals } from './support.public.ts';
import { acknowledgeDelivery, addDelivery, cancelPledge, correctDelivery, createPledge, getPledge, listPledges, staffTotals } from './support.service.ts';

const tags = ['support'];
const idParams = z.object({ id: z.uuid() });

export const supportRoutes: FastifyPluginAsyncZod<AppDeps> = async (app, deps) => {
  await app.register(beneficiariesRoutes, deps);
  // sponsorships
  await app.register(sponsorshipsRoutes, deps);
  app.get(
    '/api/support/contributions',
    {
      config: { access: 'signed-in' },
      schema: {
        tags,
        summary: 'Pledges the caller may see (its school gives or receives them; its area; all for the department), newest first, with their deliveries',
        querystring: z.object({
          schoolId: z.uuid().optional(),
          pairId: z.uuid().optional(),
          campaignId: z.uuid().optional(),
          state: z.enum(CONTRIBUTION_STATES).optional(),
          page: z.coerce.number().int().min(1).default(1),
          pageSize: z.coerce.number().int().min(1).max(100).default(20),
        }),
        response: { 200: pledgeListDto },
      },
    },
    async (request) => listPledges(deps.db, request.callContext(), request.query, deps.now()),
  );

  app.post(
    '/api/support/contributions',
    {
      config: { access: ['department-admin', 'area-officer', 'school-leader', 'school-coordinator'] },
      schema: { tags, summary: 'Record a pledge (who gives what, to which school, pair and campaign)', body: newPledgeSchema, response: { 201: pledgeDto } },
    },
    async (request, reply) => {
      const dto = await deps.db.transaction().execute((trx) => createPledge(trx, request.callContext(), request.body, deps.now()));
      return reply.status(201).send(dto);
    },
  );

  app.get(
    '/api/support/contributions/:id',
    { config: { access: 'signed-in' }, schema: { tags, summary: 'One pledge with its deliveries', params: idParams, response: { 200: pledgeDto } } },
    async (request) => getPledge(deps.db, request.callContext(), request.params.id, deps.now()),
  );

  app.post(
    '/api/support/contributions/:id/deliveries',
    {
      config: { access: ['department-admin', 'school-leader', 'school-coordinator'] },
      schema: {
        tags,
        summary: 'Record a delivery (hand-over) of the pledge: numbers its minutes (Số: …/BB-…) and appends a ledger entry',
        params: idParams,
        body: newDeliverySchema,
        response: { 201: pledgeDto },
      },
    },
    async (request, reply) => {
      const dto = await deps.db.transaction().execute((trx) => addDelivery(trx, request.callContext(), request.params.id, request.body, deps.now()));
      return reply.status(201).send(dto);
    },
  );

  app.post(
    '/api/support/contributions/:id/cancel',
    {
      config: { access: ['department-admin', 'school-leader', 'school-coordinator'] },
      schema: { tags, summary: 'Cancel a pledge nothing was delivered of', params: idParams, body: cancelSchema, response: { 200: pledgeDto } },
    },
    async (request) => deps.db.transaction().execute((trx) => cancelPledge(trx, request.callContext(), request.params.id, request.body, deps.now())),
  );

  app.post(
    '/api/support/deliveries/:id/corrections',
    {
      config: { access: ['department-admin', 'school-leader', 'school-coordinator'] },
      schema: {
        tags,
        summary: 'Correct the value or quantity of a delivery: a new ledger entry referencing the one it corrects (nothing is rewritten)',
        params: idParams,
        body: correctionSchema,
        response: { 200: pledgeDto },
      },
    },
    async (request) => deps.db.transaction().execute((trx) => correctDelivery(trx, request.callContext(), request.params.id, request.body, deps.now())),
  );

  app.post(
    '/api/support/deliveries/:id/acknowledge',
    {
      config: { access: ['school-leader', 'school-coordinator'] },
      schema: { tags, summary: 'The receiving school acknowledges a delivery', params: idParams, response: { 200: pledgeDto } },
    },
    async (request) => deps.db.transaction().execute((trx) => acknowledgeDelivery(trx, request.callContext(), request.params.id, deps.now())),
  );

  app.get(
    '/api/support/deliveries/:id/minutes',
    {
      config: { access: 'signed-in' },
      schema: {
        tags,
        summary: 'The hand-over minutes (biên bản bàn giao) of a delivery, as DOCX or PDF (Decree 30 layout)',
        params: idParams,
        querystring: z.object({ format: z.enum(['docx', 'pdf']).default('pdf') }),
      },
    },
    async (request, reply) => {
      const doc = await renderMinutes(deps.db, request.callContext(), request.params.id, request.query.format, deps.now());
      return reply
        .header('content-type', doc.contentType)
        .header('content-disposition', contentDisposition(doc.fileName))
        .header('cache-control', 'private, no-store')
        .send(doc.bytes);
    },
  );

  app.get(
    '/api/support/totals',
    {
      config: { access: 'signed-in' },
      schema: { tags, summary: 'Delivered totals the caller may see, by school, pair, campaign and kind (cash, in kind, hours apart)', response: { 200: totalsDto } },
    },
    async (request) => staffTotals(deps.db, request.callContext(), deps.now()),
  );

  app.get(
    '/api/support/export.xlsx',
    {
      config: { access: ['department-admin', 'area-officer', 'school-leader', 'school-coordinator'] },
      schema: { tags, summary: 'Contributions and deliveries the caller may see, as Excel (no beneficiary)' },
    },
    async (request, reply) => {
      const bytes = await exportContributions(deps.db, request.callContext(), deps.now());
      return reply.header('content-type', XLSX_TYPE).header('content-disposition', contentDisposition('dong-gop-ho-tro.xlsx')).send(bytes);
    },
  );

  // ---- public: the ledger (công khai)

  app.get(
    '/api/public/ledger',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'The public ledger, newest first: each delivery and correction with donor (or "ẩn danh"), kind, quantity, value, date, school and its hashes',
        querystring: z.object({ before: z.coerce.number().int().min(1).optional(), limit: z.coerce.number().int().min(1).max(200).default(50) }),
        response: { 200: publicLedgerDto },
      },
    },
    async (request) => publicLedger(deps.db, request.query.before ?? null, request.query.limit),
  );

  app.get(
    '/api/public/ledger/heads',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'The current head of the ledger and the heads published each day (check with `chungtay ledger verify --head HASH`)',
        response: { 200: ledgerHeadsDto },
      },
    },
    async () => publicHeads(deps.db),
  );

  app.get(
    '/api/public/support/totals',
    {
      config: { access: 'public' },
      schema: { tags, summary: 'Public totals from the ledger, by school, pair, campaign and kind', response: { 200: totalsDto } },
    },
    async () => publicTotals(deps.db),
  );
};
