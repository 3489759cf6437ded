import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { beneficiaryPatchSchema, newBeneficiarySchema, receivedSchema } from '#src/core/support/beneficiary.ts';
import { beneficiaryDto, beneficiaryListDto, beneficiarySummaryDto } from '#src/core/support/dto.ts';
import type { AppDeps } from '#src/server/deps.ts';
import { contentDisposition } from '#src/server/http/download.ts';
import {
  beneficiarySummary,
  createBeneficiary,
  eraseBeneficiary,
  exportBeneficiary,
  listBeneficiaries,
  readBeneficiary,
  recordReceived,
  updateBeneficiaryRecord,
} from './beneficiaries.service.ts';

const tags = ['support'];
const idParams = z.object({ id: z.uuid() });
/**
 * Every signed-in caller reaches the service, whose guard asks the policy and writes a
 * refusal to the access log too (a coarse role gate here would refuse without a trace).
 */
const staff = 'signed-in' as const;
const reasonQuery = z.object({ reason: z.string().max(300).optional() });
export const beneficiariesRoutes: FastifyPluginAsyncZod<AppDeps> = async (app, deps) => {
  app.get(
    '/api/support/beneficiaries',
    {
      config: { access: staff },
      schema: {
        tags,
        summary: "A school's beneficiaries (sensitive): only its own authorised staff; the reason is asked and every read is logged",
        querystring: z.object({ schoolId: z.uuid(), reason: z.string().max(300).optional() }),
        response: { 200: beneficiaryListDto },
      },
    },
    async (request) => ({ items: await listBeneficiaries(deps.db, request.callContext(), request.query.schoolId, request.query.reason ?? null) }),
  );

  app.post(
    '/api/support/beneficiaries',
    {
      config: { access: staff },
      schema: { tags, summary: "Record a beneficiary: refused without a guardian's consent (a teacher's own); the child's own from age 7 to publish", body: newBeneficiarySchema, response: { 201: beneficiaryDto } },
    },
    async (request, reply) => {
      const dto = await deps.db.transaction().execute((trx) => createBeneficiary(trx, deps.db, request.callContext(), request.body, deps.now()));
      return reply.status(201).send(dto);
    },
  );

  app.get(
    '/api/support/beneficiaries/summary',
    {
      config: { access: 'signed-in' },
      schema: {
        tags,
        summary: 'Counts of beneficiaries (of a school, or all): groups smaller than 5 shown as "< 5", never a person',
        querystring: z.object({ schoolId: z.uuid().optional() }),
        response: { 200: beneficiarySummaryDto },
      },
    },
    async (request) => beneficiarySummary(deps.db, request.callContext(), request.query.schoolId ?? null),
  );

  app.get(
    '/api/support/beneficiaries/:id',
    { config: { access: staff }, schema: { tags, summary: 'One beneficiary (reason asked, read logged)', params: idParams, querystring: reasonQuery, response: { 200: beneficiaryDto } } },
    async (request) => readBeneficiary(deps.db, request.callContext(), request.params.id, request.query.reason ?? null),
  );

  app.patch(
    '/api/support/beneficiaries/:id',
    { config: { access: staff }, schema: { tags, summary: 'Change a beneficiary (reason asked, change logged)', params: idParams, body: beneficiaryPatchSchema, response: { 200: beneficiaryDto } } },
    async (request) => deps.db.transaction().execute((trx) => updateBeneficiaryRecord(trx, deps.db, request.callContext(), request.params.id, request.body, deps.now())),
  );

  app.post(
    '/api/support/beneficiaries/:id/received',
    { config: { access: staff }, schema: { tags, summary: 'Record what a beneficiary received', params: idParams, body: receivedSchema, response: { 201: beneficiaryDto } } },
    async (request, reply) => {
      const dto = await deps.db.transaction().execute((trx) => recordReceived(trx, deps.db, request.callContext(), request.params.id, request.body, deps.now()));
      return reply.status(201).send(dto);
    },
  );

  app.get(
    '/api/support/beneficiaries/:id/export',
    { config: { access: staff }, schema: { tags, summary: "The person's data as a JSON file (the right of access), with who opened the record", params: idParams, querystring: reasonQuery } },
    async (request, reply) => {
      const data = await exportBeneficiary(deps.db, request.callContext(), request.params.id, request.query.reason ?? null);
      return reply.header('content-type', 'application/json; charset=utf-8').header('content-disposition', contentDisposition(`du-lieu-ca-nhan-${request.params.id}.json`)).send(JSON.stringify(data, null, 2));
    },
  );

  app.post(
    '/api/support/beneficiaries/:id/erase',
    {
      config: { access: staff },
      schema: { tags, summary: 'Erase the personal data on request; the anonymous totals stay', params: idParams, body: z.strictObject({ reason: z.string().max(300) }), response: { 200: beneficiaryDto } },
    },
    async (request) => deps.db.transaction().execute((trx) => eraseBeneficiary(trx, deps.db, request.callContext(), request.params.id, request.body, deps.now())),
  );

  app.get(
    '/api/public/support/beneficiaries',
    { config: { access: 'public' }, schema: { tags, summary: 'How many students and teachers were helped (counts only, small groups "< 5")', response: { 200: beneficiarySummaryDto } } },
    async () => beneficiarySummary(deps.db, null, null),
  );
};
