import multipart from '@fastify/multipart';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ACTIVITY_STATUSES } from '#src/core/activities/activity.ts';
import {
  calendarFeedMadeDto,
  calendarFeedStatusDto,
  activityDetailDto,
  activityFileDto,
  activityInput,
  activityKindDto,
  activityListDto,
  activityPatch,
  activityTotalsDto,
  activityTransitionInput,
  schoolYearText,
  staffOptionDto,
} from '#src/core/activities/dto.ts';
import { ValidationError } from '#src/core/errors.ts';
import { isoDateText } from '#src/core/text-schema.ts';
import type { AppDeps } from '#src/server/deps.ts';
import { contentDisposition } from '#src/server/http/download.ts';
import {
  createActivity,
  editActivity,
  getActivity,
  exportActivities,
  getActivityTotals,
  listActivities,
  listKinds,
  listStaffOptions,
  transitionActivity,
} from './activities.service.ts';
import { createFeed, feedStatus, renderFeed, revokeFeed } from './calendar.service.ts';
import { DEFAULT_PUBLIC_URL } from '#src/server/features/pairs/mou.service.ts';
import { XLSX_TYPE } from '#src/server/http/download.ts';
import { deleteEvidence, evidenceTooLarge, MAX_EVIDENCE_BYTES, readEvidence, uploadEvidence } from './evidence.service.ts';

const uuid = z.string().uuid();
const idParams = z.object({ id: uuid });
const tags = ['activities'];

const csv = <T extends z.ZodType<string, string>>(item: T) =>
  z
    .union([z.string(), z.array(z.string())])
    .transform((v) => (Array.isArray(v) ? v : v.split(',')).map((s) => s.trim()).filter(Boolean))
    .pipe(z.array(item))
    .optional();

/** The filters every list, total, calendar and export takes. */
export const activityFilterQuery = z.object({
  pairId: uuid.optional(),
  schoolId: uuid.optional(),
  adminUnitId: uuid.optional(),
  kind: csv(z.string().max(48)),
  status: csv(z.enum(ACTIVITY_STATUSES)),
  schoolYear: schoolYearText().optional(),
  from: isoDateText().optional(),
  to: isoDateText().optional(),
  overdue: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
});

export const activitiesRoutes: FastifyPluginAsyncZod<AppDeps> = async (app, deps) => {
  const { files } = deps;
  // One more byte than allowed, so that "too large" is told from "exactly the limit".
  await app.register(multipart, { limits: { fileSize: MAX_EVIDENCE_BYTES + 1, files: 1, fields: 5, parts: 6 } });

  app.get(
    '/api/activities/kinds',
    {
      config: { access: 'signed-in' },
      schema: {
        tags,
        summary: "The kinds of activity offered (the common ones and a campaign's own)",
        querystring: z.object({ campaignId: uuid.optional() }),
        response: { 200: z.object({ items: z.array(activityKindDto) }) },
      },
    },
    async (request) => ({ items: await listKinds(deps.db, request.callContext(), request.query.campaignId) }),
  );

  app.get(
    '/api/activities',
    {
      config: { access: 'signed-in' },
      schema: {
        tags,
        summary:
          "The activities the caller may see (a school's own pairs, an area's, all for the department), filtered by pair, school, area, kind, status, school year, dates (overlapping) or overdue; oldest first unless `order=desc`",
        querystring: activityFilterQuery.extend({
          order: z.enum(['asc', 'desc']).default('asc'),
          limit: z.coerce.number().int().min(1).max(500).default(50),
          offset: z.coerce.number().int().min(0).default(0),
        }),
        response: { 200: activityListDto },
      },
    },
    async (request) => listActivities(deps.db, request.callContext(), request.query, deps.now()),
  );

  app.get(
    '/api/activities/totals',
    {
      config: { access: 'signed-in' },
      schema: {
        tags,
        summary: 'Counts by status, and participants (teachers, staff, students) per school and per kind, summed from the done and reported activities the filter keeps',
        querystring: activityFilterQuery,
        response: { 200: activityTotalsDto },
      },
    },
    async (request) => getActivityTotals(deps.db, request.callContext(), request.query, deps.now()),
  );

  app.get(
    '/api/activities/export.xlsx',
    {
      config: { access: 'signed-in' },
      schema: {
        tags,
        summary: 'The activities the caller may see, filtered as the list, with their participants per school, as an Excel workbook',
        querystring: activityFilterQuery,
      },
    },
    async (request, reply) => {
      const { bytes, fileName } = await exportActivities(deps.db, request.callContext(), request.query, deps.now());
      return reply.header('content-type', XLSX_TYPE).header('content-disposition', contentDisposition(fileName)).header('cache-control', 'private, no-store').send(bytes);
    },
  );

  // ---- calendar feed

  app.get(
    '/api/calendar/feed',
    {
      config: { access: 'signed-in' },
      schema: { tags, summary: "Whether the caller has a calendar address (its token is never shown again)", response: { 200: calendarFeedStatusDto } },
    },
    async (request) => feedStatus(deps.db, request.callContext()),
  );

  app.post(
    '/api/calendar/feed',
    {
      config: { access: 'signed-in' },
      schema: { tags, summary: 'Make a new secret calendar address for the caller (the old one stops working); shown only in this answer', response: { 201: calendarFeedMadeDto } },
    },
    async (request, reply) => {
      const made = await deps.db.transaction().execute((trx) => createFeed(trx, request.callContext(), deps.now(), deps.publicUrl ?? DEFAULT_PUBLIC_URL));
      return reply.status(201).send(made);
    },
  );

  app.delete(
    '/api/calendar/feed',
    { config: { access: 'signed-in' }, schema: { tags, summary: "Revoke the caller's calendar address" } },
    async (request, reply) => {
      await deps.db.transaction().execute((trx) => revokeFeed(trx, request.callContext()));
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/calendar/feeds/:token',
    {
      // The secret address is the credential: calendar programs send no cookie.
      config: { access: 'public' },
      schema: {
        tags,
        summary: "An iCalendar feed (RFC 5545) of the activities its owner may see, in Hanoi time (Asia/Ho_Chi_Minh); `token` is the secret from POST /api/calendar/feed, optionally ending in .ics",
        params: z.object({ token: z.string().max(120) }),
      },
    },
    async (request, reply) => {
      const text = await renderFeed(deps.db, request.params.token, deps.now(), deps.publicUrl ?? DEFAULT_PUBLIC_URL);
      return reply
        .header('content-type', 'text/calendar; charset=utf-8')
        .header('content-disposition', 'inline; filename="chungtay.ics"')
        .header('cache-control', 'private, max-age=900')
        .send(text);
    },
  );

  app.get(
    '/api/activities/staff',
    {
      config: { access: ['school-leader', 'school-coordinator'] },
      schema: {
        tags,
        summary: "The accounts of the pair's schools, to name participants",
        querystring: z.object({ pairId: uuid }),
        response: { 200: z.object({ items: z.array(staffOptionDto) }) },
      },
    },
    async (request) => ({ items: await listStaffOptions(deps.db, request.callContext(), request.query.pairId, deps.now()) }),
  );

  app.post(
    '/api/activities',
    {
      config: { access: ['school-leader', 'school-coordinator'] },
      schema: { tags, summary: 'Record a planned activity of a pair', body: activityInput, response: { 201: activityDetailDto } },
    },
    async (request, reply) => {
      const created = await deps.db.transaction().execute((trx) => createActivity(trx, request.callContext(), request.body, deps.now()));
      return reply.status(201).send(created);
    },
  );

  app.get(
    '/api/activities/:id',
    {
      config: { access: 'signed-in' },
      schema: {
        tags,
        summary: 'An activity with its participants, named people, evidence files and the actions open to the caller',
        params: idParams,
        response: { 200: activityDetailDto },
      },
    },
    async (request) => getActivity(deps.db, request.callContext(), request.params.id, deps.now()),
  );

  app.patch(
    '/api/activities/:id',
    {
      config: { access: ['school-leader', 'school-coordinator'] },
      schema: {
        tags,
        summary: 'Change a planned or done activity (participants and people are replaced when given)',
        params: idParams,
        body: activityPatch,
        response: { 200: activityDetailDto },
      },
    },
    async (request) => deps.db.transaction().execute((trx) => editActivity(trx, request.callContext(), request.params.id, request.body, deps.now())),
  );

  app.post(
    '/api/activities/:id/transitions',
    {
      config: { access: ['school-leader', 'school-coordinator'] },
      schema: {
        tags,
        summary:
          "Close an activity (the host school's leaders and coordinators): complete (held, not before its first day), report (needs its outcome), cancel (needs a reason)",
        params: idParams,
        body: activityTransitionInput,
        response: { 200: activityDetailDto },
      },
    },
    async (request) => deps.db.transaction().execute((trx) => transitionActivity(trx, request.callContext(), request.params.id, request.body, deps.now())),
  );

  app.post(
    '/api/activities/:id/files',
    {
      config: { access: ['school-leader', 'school-coordinator'] },
      schema: {
        tags,
        summary:
          'Upload evidence (multipart field `file`: a photo as JPEG, PNG or WebP, or minutes as PDF or DOCX, at most 15 MB; the type is read from the content, a photo is re-encoded without its EXIF/GPS data and gets a thumbnail)',
        params: idParams,
        consumes: ['multipart/form-data'],
        response: { 201: activityFileDto },
      },
    },
    async (request, reply) => {
      let file: { filename: string; bytes: Buffer; truncated: boolean } | null = null;
      try {
        const part = request.isMultipart() ? await request.file() : undefined;
        if (part) {
          const bytes = await part.toBuffer();
          file = { filename: part.filename, bytes, truncated: part.file.truncated };
        }
      } catch (err) {
        if ((err as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw evidenceTooLarge();
        throw err;
      }
      if (!file || file.bytes.length === 0) throw new ValidationError('file', 'required');
      const f = file;
      const saved = await deps.db
        .transaction()
        .execute((trx) => uploadEvidence(trx, request.callContext(), request.params.id, { fileName: f.filename, bytes: f.bytes, truncated: f.truncated }, deps.now(), files));
      return reply.status(201).send(saved);
    },
  );

  app.get(
    '/api/activities/:id/files/:fileId',
    {
      config: { access: 'signed-in' },
      schema: {
        tags,
        summary: 'An evidence file, or its thumbnail (`thumbnail=true`, images only)',
        params: z.object({ id: uuid, fileId: uuid }),
        querystring: z.object({ thumbnail: z.enum(['true', 'false']).default('false') }),
      },
    },
    async (request, reply) => {
      const f = await readEvidence(deps.db, request.callContext(), request.params.id, request.params.fileId, request.query.thumbnail === 'true', deps.now(), files);
      return reply
        .header('content-type', f.mediaType)
        .header('content-disposition', contentDisposition(f.fileName, 'inline'))
        .header('cache-control', 'private, no-store')
        .header('x-content-type-options', 'nosniff')
        .send(f.bytes);
    },
  );

  // plans-e2e
  app.delete(
    '/api/activities/:id/files/:fileId',
    {
      config: { access: ['school-leader', 'school-coordinator'] },
      schema: {
        tags,
        summary: "Take an evidence file off the activity (the host school's leader or coordinator, before the activity is reported, and not while its news post shows the photo); the file leaves the file store",
        params: z.object({ id: uuid, fileId: uuid }),
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      await deleteEvidence(deps.db, request.callContext(), request.params.id, request.params.fileId, deps.now(), files);
      return reply.status(204).send(null);
    },
  );
};
