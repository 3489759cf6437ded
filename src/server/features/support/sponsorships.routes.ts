import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { endSponsorshipSchema, newSponsorshipSchema, paymentCorrectionSchema, paymentSchema } from '#src/core/support/sponsorship.ts';
import { sponsorViewDto, sponsorViewListDto, sponsorshipDto, sponsorshipListDto } from '#src/core/support/dto.ts';
import type { AppDeps } from '#src/server/deps.ts';
import { correctPayment, createSponsorship, endSponsorship, getSponsorship, listSponsorships, mySponsorship, mySponsorshipCount, mySponsorships, recordPayment } from './sponsorships.service.ts';

const tags = ['support'];
const idParams = z.object({ id: z.uuid() });
const paymentParams = z.object({ id: z.uuid(), paymentId: z.uuid() });

export const sponsorshipsRoutes: FastifyPluginAsyncZod<AppDeps> = async (app, deps) => {
  app.get(
    '/api/support/sponsorships',
    {
      config: { access: 'signed-in' },
      schema: {
        tags,
        summary: "A school's sponsorships (nhận đỡ đầu): its own leader and coordinator only; the student is named by the beneficiary id only",
        querystring: z.object({ schoolId: z.uuid() }),
        response: { 200: sponsorshipListDto },
      },
    },
    async (request) => ({ items: await listSponsorships(deps.db, request.callContext(), request.query.schoolId) }),
  );

  app.post(
    '/api/support/sponsorships',
    {
      config: { access: 'signed-in' },
      schema: {
        tags,
        summary:
          "A teacher (an account) or an organisation takes on a student of the school: refused unless the guardian's consent covers sponsorship. The sponsor's account (or an organisation's contact) must be an enabled staff account of the student's school or of a school twinned with it (a pair approved or active); anyone else is refused on `sponsorUsername` exactly as an unknown username is",
        body: newSponsorshipSchema,
        response: { 201: sponsorshipDto },
      },
    },
    async (request, reply) => {
      const dto = await deps.db.transaction().execute((trx) => createSponsorship(trx, deps.db, request.callContext(), request.body, deps.now()));
      return reply.status(201).send(dto);
    },
  );

  app.get(
    '/api/support/sponsorships/mine',
    {
      config: { access: 'signed-in' },
      schema: {
        tags,
        summary: 'The students I sponsor ("Học sinh tôi đỡ đầu"): of each, only what the consents allow (given name and class, or nothing)',
        response: { 200: sponsorViewListDto },
      },
    },
    async (request) => ({ items: await mySponsorships(deps.db, request.callContext(), deps.now()) }),
  );

  app.get(
    '/api/support/sponsorships/mine/count',
    {
      config: { access: 'signed-in' },
      schema: {
        tags,
        summary: 'How many sponsorships name me as their sponsor (the support page offers "Học sinh tôi đỡ đầu" only then); reads no student',
        response: { 200: z.object({ count: z.number().int().min(0) }) },
      },
    },
    async (request) => ({ count: await mySponsorshipCount(deps.db, request.callContext()) }),
  );

  app.get(
    '/api/support/sponsorships/mine/:id',
    { config: { access: 'signed-in' }, schema: { tags, summary: 'One sponsorship of mine (another sponsor\u2019s is "not found")', params: idParams, response: { 200: sponsorViewDto } } },
    async (request) => mySponsorship(deps.db, request.callContext(), request.params.id, deps.now()),
  );

  app.get(
    '/api/support/sponsorships/:id',
    { config: { access: 'signed-in' }, schema: { tags, summary: 'One sponsorship with its payments (the school\u2019s staff)', params: idParams, response: { 200: sponsorshipDto } } },
    async (request) => getSponsorship(deps.db, request.callContext(), request.params.id),
  );

  app.post(
    '/api/support/sponsorships/:id/payments',
    {
      config: { access: 'signed-in' },
      schema: {
        tags,
        summary: 'Record a payment of a due date (default: the first unpaid): appends a ledger entry that never names the student',
        params: idParams,
        body: paymentSchema,
        response: { 201: sponsorshipDto },
      },
    },
    async (request, reply) => {
      const dto = await deps.db.transaction().execute((trx) => recordPayment(trx, request.callContext(), request.params.id, request.body, deps.now()));
      return reply.status(201).send(dto);
    },
  );

  app.post(
    '/api/support/sponsorships/:id/payments/:paymentId/corrections',
    {
      config: { access: 'signed-in' },
      schema: {
        tags,
        summary:
          'Correct a payment recorded in error (a reversal, or the amount actually paid) with a reason: a new record and a new ledger entry referencing the payment’s, never an update; once per payment (409 after)',
        params: paymentParams,
        body: paymentCorrectionSchema,
        response: { 201: sponsorshipDto },
      },
    },
    async (request, reply) => {
      const dto = await deps.db.transaction().execute((trx) => correctPayment(trx, request.callContext(), request.params.id, request.params.paymentId, request.body, deps.now()));
      return reply.status(201).send(dto);
    },
  );

  app.post(
    '/api/support/sponsorships/:id/end',
    { config: { access: 'signed-in' }, schema: { tags, summary: 'End a sponsorship (no payment falls due after the day given)', params: idParams, body: endSponsorshipSchema, response: { 200: sponsorshipDto } } },
    async (request) => deps.db.transaction().execute((trx) => endSponsorship(trx, request.callContext(), request.params.id, request.body, deps.now())),
  );
};
