import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { FREQUENCIES, PAYMENT_CORRECTION_KINDS, SPONSOR_KINDS, endSponsorshipSchema, newSponsorshipSchema, paymentCorrectionSchema, paymentSchema } from '#src/core/support/sponsorship.ts';
import type { AppDeps } from '#src/server/deps.ts';
import { correctPayment, createSponsorship, endSponsorship, getSponsorship, listSponsorships, mySponsorship, mySponsorships, recordPayment } from './sponsorships.service.ts';

const tags = ['support'];
const idParams = z.object({ id: z.uuid() });
const paymentParams = z.object({ id: z.uuid(), paymentId: z.uuid() });

const correctionDto = z.object({
  kind: z.enum(PAYMENT_CORRECTION_KINDS),
  amountVnd: z.number(),
  reason: z.string(),
  correctedAt: z.string(),
  ledgerSeq: z.number(),
});

const sponsorshipDto = z.object({
  id: z.string(),
  schoolId: z.string(),
  schoolName: z.string(),
  beneficiaryId: z.string(),
  sponsorKind: z.enum(SPONSOR_KINDS),
  sponsorName: z.string(),
  sponsorUsername: z.string().nullable(),
  anonymous: z.boolean(),
  frequency: z.enum(FREQUENCIES),
  amountVnd: z.number(),
  startsOn: z.string(),
  endsOn: z.string().nullable(),
  endedOn: z.string().nullable(),
  endReason: z.string().nullable(),
  nextDueOn: z.string().nullable(),
  paidVnd: z.number(),
  payments: z.array(
    z.object({ id: z.string(), periodOn: z.string(), paidOn: z.string(), amountVnd: z.number(), ledgerSeq: z.number(), countedVnd: z.number(), correction: correctionDto.nullable() }),
  ),
  actions: z.object({ pay: z.boolean(), end: z.boolean(), correctPayment: z.boolean() }),
});

/** The sponsor's view: an explicit allow-list, never more of the student than the consents allow. */
const sponsorViewDto = z.object({
  id: z.string(),
  schoolName: z.string(),
  student: z.object({ givenName: z.string(), className: z.string().nullable() }).nullable(),
  frequency: z.enum(FREQUENCIES),
  amountVnd: z.number(),
  startsOn: z.string(),
  endsOn: z.string().nullable(),
  endedOn: z.string().nullable(),
  nextDueOn: z.string().nullable(),
  paidVnd: z.number(),
  payments: z.array(
    z.object({
      id: z.string(),
      periodOn: z.string(),
      paidOn: z.string(),
      amountVnd: z.number(),
      countedVnd: z.number(),
      correction: z.object({ kind: z.enum(PAYMENT_CORRECTION_KINDS), amountVnd: z.number(), correctedAt: z.string() }).nullable(),
    }),
  ),
});

export const sponsorshipsRoutes: FastifyPluginAsyncZod<AppDeps> = async (app, deps) => {
  app.get(
    '/api/support/sponsorships',
    {
      config: { access: 'signed-in' },
      schema: {
        tags,
        summary: "A school's sponsorships (nhận đỡ đầu): its own leader and coordinator only; the student is named by the beneficiary id only",
        querystring: z.object({ schoolId: z.uuid() }),
        response: { 200: z.object({ items: z.array(sponsorshipDto) }) },
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
        summary: "A teacher (an account) or an organisation takes on a student of the school: refused unless the guardian's consent covers sponsorship",
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
        response: { 200: z.object({ items: z.array(sponsorViewDto) }) },
      },
    },
    async (request) => ({ items: await mySponsorships(deps.db, request.callContext(), deps.now()) }),
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
