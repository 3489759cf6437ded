import { authorize } from '#src/core/access/guard.ts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { singleLineText } from '#src/core/text-schema.ts';
import { DomainError } from '#src/core/errors.ts';
import {
  adminUnitDetailDto,
  adminUnitListDto,
  capabilityAreaListDto,
  importJobDto,
  importJobListDto,
  reorganizeResultDto,
  schoolListDto,
  schoolProfile,
} from '#src/core/registry/dto.ts';
import { AREA_TYPES, OWNERSHIPS, SCHOOL_LEVELS } from '#src/core/registry/school.ts';
import {
  isoDate,
  locationSchema,
  mergeSchema,
  newCapabilityAreaSchema,
  newSchoolSchema,
  reorganizeSchema,
  schoolPatchSchema,
} from '#src/core/registry/schemas.ts';
import { isoDateInHanoi } from '#src/core/vn/format.ts';
import type { AppDeps } from '#src/server/deps.ts';
import { queueOf } from '#src/server/jobs/job-queue.ts';
import { contentDisposition, XLSX_TYPE } from '#src/server/http/download.ts';
import { getImportJob, markedCopy, recentImportJobs, startImportJob } from './school-import.jobs.ts';
import { getPublicSchoolProfile } from './public-profile.service.ts';
import { publicSchoolProfileDto } from '#src/core/registry/dto.ts';
import { decodeListCursor } from '#src/core/registry/list-cursor.ts';
import { exportSchools, importTemplate } from './schools.export.ts';
import {
  capabilityAreas,
  createCapabilityArea,
  createSchool,
  getSchoolProfile,
  listSchoolsFor,
  mergeSchool,
  reorganizeUnits,
  setSchoolLocation,
  unitDetail,
  unitsOn,
  updateSchool,
} from './schools.service.ts';

const MAX_UPLOAD_BYTES = 40 * 1024 * 1024;

const csv = <T extends readonly [string, ...string[]]>(values: T) =>
  z
    .string()
    .transform((s) => s.split(',').filter(Boolean))
    .pipe(z.array(z.enum(values)))
    .optional();

export const listQuery = z.object({
  q: singleLineText().max(200).optional(),
  level: csv(SCHOOL_LEVELS),
  areaType: csv(AREA_TYPES),
  ownership: z.enum(OWNERSHIPS).optional(),
  status: z.enum(['active', 'merged', 'closed', 'all']).default('active'),
  adminUnitId: z.uuid().optional(),
  paired: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
  campaignId: z.uuid().optional(),
  asOf: isoDate.optional(),
  sort: z.enum(['relevance', 'name', 'code', 'students', 'teachers', 'updatedAt']).default('relevance'),
  order: z.enum(['asc', 'desc']).default('asc'),
  limit: z.coerce.number().int().min(1).max(200).default(20),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
  /** `next` of the page before (name order only): this page starts after it, `offset` counts from there. */
  after: z
    .string()
    .max(2000)
    .refine((s) => decodeListCursor(s) !== null, { params: { key: 'list_cursor' } })
    .optional(),
});

const idParams = z.object({ id: z.uuid() });
export const schoolsRoutes: FastifyPluginAsyncZod<AppDeps> = async (app, deps) => {
  const today = () => isoDateInHanoi(deps.now());

  // The import takes the .xlsx file itself as the request body: no multipart needed.
  app.addContentTypeParser([XLSX_TYPE, 'application/octet-stream'], { parseAs: 'buffer', bodyLimit: MAX_UPLOAD_BYTES }, (_req, body, done) => {
    done(null, body);
  });

  app.get(
    '/api/schools',
    {
      config: { access: 'signed-in' },
      schema: {
        tags: ['schools'],
        summary: "The schools in the caller's scope: filtered, searched (diacritics and case ignored), sorted in Vietnamese order, paged",
        querystring: listQuery,
        response: { 200: schoolListDto },
      },
    },
    async (request, reply) => {
      const asOf = request.query.asOf ?? today();
      const compute = () => listSchoolsFor(deps.db, request.callContext(), { ...request.query, asOf });
      // Kept per caller and data generation (docs/decisions/0033-response-cache.md).
      return deps.responses ? deps.responses.send(request, reply, [request.query, asOf], compute) : compute();
    },
  );

  app.post(
    '/api/schools',
    {
      config: { access: ['department-admin'] },
      schema: { tags: ['schools'], summary: 'Add a school to the registry', body: newSchoolSchema, response: { 201: z.object({ id: z.string() }) } },
    },
    async (request, reply) => {
      const row = await deps.db.transaction().execute((trx) => createSchool(trx, request.callContext(), request.body, today()));
      return reply.status(201).send({ id: row.id });
    },
  );

  app.get(
    '/api/schools/:id',
    {
      config: { access: 'signed-in' },
      schema: {
        tags: ['schools'],
        summary: 'A school profile; units, name and location as of `asOf` (default today)',
        params: idParams,
        querystring: z.object({ asOf: isoDate.optional() }),
        response: { 200: schoolProfile },
      },
    },
    async (request) => getSchoolProfile(deps.db, request.callContext(), request.params.id, request.query.asOf ?? today(), today()),
  );

  app.patch(
    '/api/schools/:id',
    {
      config: { access: ['department-admin', 'area-officer', 'school-leader'] },
      schema: {
        tags: ['schools'],
        summary: "Edit a school profile (a school leader: their own school's profile; official fields: the department or area officer)",
        params: idParams,
        body: schoolPatchSchema,
        response: { 200: schoolProfile },
      },
    },
    async (request) => {
      await deps.db.transaction().execute((trx) => updateSchool(trx, request.callContext(), request.params.id, request.body, today()));
      return getSchoolProfile(deps.db, request.callContext(), request.params.id, today(), today());
    },
  );

  app.post(
    '/api/schools/:id/merge',
    {
      config: { access: ['department-admin'] },
      schema: { tags: ['schools'], summary: 'Merge a school into another from a date (its history stays)', params: idParams, body: mergeSchema, response: { 204: z.null() } },
    },
    async (request, reply) => {
      await deps.db.transaction().execute((trx) => mergeSchool(trx, request.callContext(), request.params.id, request.body.intoSchoolId, request.body.on));
      return reply.status(204).send(null);
    },
  );

  app.put(
    '/api/schools/:id/location',
    {
      config: { access: ['department-admin', 'area-officer'] },
      schema: { tags: ['schools'], summary: 'Record that a school stands in an administrative unit from a date', params: idParams, body: locationSchema, response: { 204: z.null() } },
    },
    async (request, reply) => {
      await deps.db
        .transaction()
        .execute((trx) => setSchoolLocation(trx, request.callContext(), request.params.id, request.body.adminUnitId, request.body.from, today()));
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/capability-areas',
    {
      config: { access: 'signed-in' },
      schema: {
        tags: ['schools'],
        summary: 'Areas of strengths and needs (national list, plus a campaign’s own)',
        querystring: z.object({ campaignId: z.uuid().optional() }),
        response: { 200: capabilityAreaListDto },
      },
    },
    async (request) => {
      authorize(request.callContext().actor, 'capabilityArea.read');
      return { items: await capabilityAreas(deps.db, request.query.campaignId) };
    },
  );

  app.post(
    '/api/capability-areas',
    {
      config: { access: ['department-admin'] },
      schema: { tags: ['schools'], summary: 'Add an area of strengths and needs', body: newCapabilityAreaSchema, response: { 201: z.object({ code: z.string() }) } },
    },
    async (request, reply) => {
      const a = await deps.db.transaction().execute((trx) => createCapabilityArea(trx, request.callContext(), request.body));
      return reply.status(201).send({ code: a.code });
    },
  );

  app.get(
    '/api/admin-units',
    {
      config: { access: 'signed-in' },
      schema: {
        tags: ['schools'],
        summary: 'Administrative units valid on a date (default today): searched by name (diacritics, case and kind ignored) or code, by parent or kind, paged',
        querystring: z.object({
          asOf: isoDate.optional(),
          parentId: z.uuid().optional(),
          kind: csv(['province', 'district', 'commune', 'ward', 'town', 'special-zone']),
          q: z.string().max(100).optional(),
          limit: z.coerce.number().int().min(1).max(200).default(50),
          offset: z.coerce.number().int().min(0).max(100_000).default(0),
        }),
        response: { 200: adminUnitListDto },
      },
    },
    async (request) => {
      authorize(request.callContext().actor, 'adminUnit.read');
      const asOf = request.query.asOf ?? today();
      return { ...(await unitsOn(deps.db, asOf, request.query)), asOf };
    },
  );

  app.get(
    '/api/admin-units/:id',
    {
      config: { access: 'signed-in' },
      schema: {
        tags: ['schools'],
        summary: 'One administrative unit with its parents, predecessors and successor (or, divided, the units that took over its parts)',
        params: idParams,
        response: { 200: adminUnitDetailDto },
      },
    },
    async (request) => {
      authorize(request.callContext().actor, 'adminUnit.read');
      return unitDetail(deps.db, request.params.id);
    },
  );

  app.post(
    '/api/admin-units/reorganize',
    {
      config: { access: ['department-admin'] },
      schema: {
        tags: ['schools'],
        summary: 'Merge or rename administrative units from a date; the schools in them follow',
        body: reorganizeSchema,
        response: { 200: reorganizeResultDto },
      },
    },
    async (request) => deps.db.transaction().execute((trx) => reorganizeUnits(trx, request.callContext(), request.body)),
  );

  app.get(
    '/api/schools/import-template.xlsx',
    { config: { access: 'signed-in' }, schema: { tags: ['schools'], summary: "The Excel template for imports: required columns marked (*), drop-down lists of levels, ownership, area types and today's provinces and communes" } },
    async (request, reply) => {
      authorize(request.callContext().actor, 'school.importTemplate');
      const file = await importTemplate(deps.db, today());
      return reply.header('content-type', XLSX_TYPE).header('content-disposition', contentDisposition('Mau-danh-sach-truong.xlsx')).send(file);
    },
  );

  app.get(
    '/api/schools/export.xlsx',
    {
      config: { access: ['department-admin', 'area-officer'] },
      schema: { tags: ['schools'], summary: "Export the schools of the caller's scope (the list's filters apply) as .xlsx, same columns as the template", querystring: listQuery.omit({ after: true }) },
    },
    async (request, reply) => {
      const asOf = request.query.asOf ?? today();
      const stream = await exportSchools(deps.db, request.callContext(), { ...request.query, asOf });
      return reply.header('content-type', XLSX_TYPE).header('content-disposition', contentDisposition(`Danh-sach-truong-${asOf}.xlsx`)).send(stream);
    },
  );

  app.post(
    '/api/schools/imports',
    {
      config: { access: ['department-admin'] },
      bodyLimit: MAX_UPLOAD_BYTES,
      schema: {
        tags: ['schools'],
        summary:
          'Import an Excel list (request body: the .xlsx file, content-type application/vnd.openxmlformats-officedocument.spreadsheetml.sheet). All or nothing; poll the job for progress and errors',
        querystring: z.object({
          dryRun: z.enum(['true', 'false']).default('false').transform((v) => v === 'true'),
          fileName: singleLineText().max(200).default('danh-sach.xlsx'),
          asOf: isoDate.optional(),
        }),
        response: { 202: z.object({ id: z.string() }) },
      },
    },
    async (request, reply) => {
      const body = request.body;
      if (!Buffer.isBuffer(body) || body.length === 0) throw new DomainError('IMPORT_FILE_MISSING', 400, {}, 'body');
      const id = await startImportJob(deps.db, queueOf(deps), request.callContext(), {
        file: body,
        fileName: request.query.fileName,
        dryRun: request.query.dryRun,
        asOf: request.query.asOf ?? today(),
      });
      return reply.status(202).send({ id });
    },
  );

  app.get(
    '/api/schools/imports',
    {
      config: { access: ['department-admin'] },
      schema: {
        tags: ['schools'],
        summary: 'The latest imports',
        response: { 200: importJobListDto },
      },
    },
    async (request) => ({ items: await recentImportJobs(deps.db, request.callContext()) }),
  );

  app.get(
    '/api/schools/imports/:id',
    {
      config: { access: ['department-admin'] },
      schema: { tags: ['schools'], summary: 'An import: progress, then what it created and updated, or every error', params: idParams, response: { 200: importJobDto } },
    },
    async (request) => getImportJob(deps.db, request.callContext(), request.params.id, request.locale),
  );

  app.get(
    '/api/schools/imports/:id/report.xlsx',
    {
      config: { access: ['department-admin'] },
      schema: { tags: ['schools'], summary: "The user's file with the bad cells marked and a list of errors", params: idParams },
    },
    async (request, reply) => {
      const { file, fileName } = await markedCopy(deps.db, request.callContext(), request.params.id, request.locale);
      return reply.header('content-type', XLSX_TYPE).header('content-disposition', contentDisposition(fileName)).send(file);
    },
  );

  // paper: a school's public profile, for a leader choosing a partner
  app.get(
    '/api/schools/:id/public-profile',
    {
      config: { access: ['department-admin', 'area-officer', 'school-leader'] },
      schema: {
        tags: ['schools'],
        summary: "Any school's public profile, for choosing a partner: level, size, place today, strengths and needs (no staff, contacts, address or coordinates)",
        params: idParams,
        response: { 200: publicSchoolProfileDto },
      },
    },
    async (request) => getPublicSchoolProfile(deps.db, request.callContext(), request.params.id, today()),
  );
};
