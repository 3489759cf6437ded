import multipart from '@fastify/multipart';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { multiLineText, singleLineText } from '#src/core/text-schema.ts';
import { ValidationError } from '#src/core/errors.ts';
import { MAX_SCAN_BYTES } from '#src/core/mou/limits.ts';
import {
  mouDiffDto,
  mouVersionDto,
  mouVersionListDto,
  nextPhaseChosenDto,
  nextPhaseDto,
  noticeDto,
  pairDetailDto,
  paperRecordDto,
  pairListDto,
  pairProposedDto,
  pairTransitionedDto,
  partnerCandidateListDto,
  scanDto,
  steeringListDto,
  steeringMemberDto,
  verificationDto,
} from '#src/core/pairs/dto.ts';
import { PAIR_STATES } from '#src/core/pairs/state-machine.ts';
import type { AppDeps } from '#src/server/deps.ts';
import { getPairDetail } from './pair-detail.service.ts';
import {
  DEFAULT_PUBLIC_URL,
  diffMouVersions,
  getMouVersion,
  listMouVersions,
  renderMouDocument,
  saveDraftSchema,
  saveMouDraft,
  signMou,
  signSchema,
  verifyCode,
  type RenderedDocument,
} from './mou.service.ts';
import { renderNoticeDocument, respondNotice, respondNoticeSchema, sendNotice, sendNoticeSchema, withdrawNotice } from './notices.service.ts';
import { listPairs, listPartnerCandidates, proposePair, transitionPair } from './pairs.service.ts';
import { exportPairs } from './pairs.export.ts';
import { contentDisposition, XLSX_TYPE } from '#src/server/http/download.ts';
import { isoDateInHanoi } from '#src/core/vn/format.ts';
import { readScan, scanTooLarge, uploadScan } from './scans.service.ts';
import { addSteeringMember, listSteering, removeSteeringMember, steeringMemberSchema, updateSteering } from './steering.service.ts';
import { letterTooLarge, paperAcceptanceQuery, paperSignatureQuery, readPaperLetter, recordPaperAcceptance, recordPaperSignature } from './paper.service.ts';
import { chooseNextPhase, getNextPhase, nextPhaseChoiceSchema } from './phases.service.ts';

const uuid = z.string().uuid();
const pairParams = z.object({ id: uuid });
const tags = ['pairs'];

const listToArray = <T extends string>(values: readonly [T, ...T[]]) =>
  z
    .union([z.string(), z.array(z.string())])
    .transform((v) => (Array.isArray(v) ? v : v.split(',')).map((s) => s.trim()).filter(Boolean))
    .pipe(z.array(z.enum(values)))
    .optional();

/** Send a document: the name for the browser's download, no caching of drafts. */
function sendDocument(reply: FastifyReply, doc: RenderedDocument, disposition: 'attachment' | 'inline' = 'attachment') {
  return reply
    .header('content-type', doc.contentType)
    .header('content-disposition', contentDisposition(doc.fileName, disposition))
    .header('cache-control', 'private, no-store')
    .send(doc.bytes);
}

/** The pair list's filters (the list pages them; the export takes them all). */
const pairFilters = z.object({
  campaignId: uuid.optional(),
  state: listToArray(PAIR_STATES),
  level: z
    .union([z.string(), z.array(z.string())])
    .transform((v) => (Array.isArray(v) ? v : v.split(',')).map((s) => s.trim()).filter(Boolean))
    .optional(),
  adminUnitId: uuid.optional(),
  q: singleLineText().max(100).optional(),
});

export const pairsRoutes: FastifyPluginAsyncZod<AppDeps> = async (app, deps) => {
  const publicUrl = deps.publicUrl ?? DEFAULT_PUBLIC_URL;
  const { files } = deps;
  if (!app.hasContentTypeParser('multipart/form-data')) {
    await app.register(multipart, { limits: { fileSize: MAX_SCAN_BYTES, files: 1, fields: 5, parts: 6 } });
  }

  app.get(
    '/api/pairs',
    {
      config: { access: 'signed-in' },
      schema: {
        tags,
        summary: 'The pairs the caller may see, filtered and paginated; `q` ignores diacritics and case',
        querystring: pairFilters.extend({
          limit: z.coerce.number().int().min(1).max(100).default(20),
          offset: z.coerce.number().int().min(0).default(0),
        }),
        response: { 200: pairListDto },
      },
    },
    async (request) => listPairs(deps.db, request.callContext(), request.query, deps.now()),
  );

  app.get(
    '/api/pairs/export.xlsx',
    {
      config: { access: 'signed-in' },
      schema: { tags, summary: "Export the pairs of the caller's scope (the list's filters apply) as .xlsx", querystring: pairFilters },
    },
    async (request, reply) => {
      const now = deps.now();
      const stream = await exportPairs(deps.db, request.callContext(), request.query, now);
      return reply
        .header('content-type', XLSX_TYPE)
        .header('content-disposition', contentDisposition(`Danh-sach-cap-ket-nghia-${isoDateInHanoi(now)}.xlsx`))
        .send(stream);
    },
  );

  app.get(
    '/api/pairs/partner-candidates',
    {
      config: { access: ['department-admin', 'area-officer', 'school-leader'] },
      schema: {
        tags,
        summary:
          'Active schools to choose as partners when proposing a pair (any school, an area officer: the area), at most 20; `q` ignores diacritics and case',
        querystring: z.object({ q: singleLineText().max(100).optional(), campaignId: uuid.optional() }),
        response: { 200: partnerCandidateListDto },
      },
    },
    async (request) => listPartnerCandidates(deps.db, request.callContext(), request.query, deps.now()),
  );

  app.post(
    '/api/pairs',
    {
      config: { access: ['department-admin', 'area-officer', 'school-leader'] },
      schema: {
        tags,
        summary: 'Propose a pair (two schools, or more for a group) in a campaign',
        body: z.strictObject({
          campaignId: uuid,
          schoolIds: z.array(uuid).min(2).max(10),
          /** phases: required (true) when the campaign's phase has ended; refused with 409 CAMPAIGN_ENDED otherwise. */
          confirmCampaignEnded: z.boolean().optional(),
        }),
        response: { 201: pairProposedDto },
      },
    },
    async (request, reply) => {
      const created = await deps.db.transaction().execute((trx) => proposePair(trx, request.callContext(), request.body, deps.now()));
      return reply.status(201).send(created);
    },
  );

  app.get(
    '/api/pairs/:id',
    {
      config: { access: 'signed-in' },
      schema: {
        tags,
        summary: 'A pair with its members, the actions open to the caller, the MoU, notices, steering committee and scans',
        params: pairParams,
        response: { 200: pairDetailDto },
      },
    },
    async (request) => getPairDetail(deps.db, request.callContext(), request.params.id, deps.now(), publicUrl, request.locale),
  );

  app.post(
    '/api/pairs/:id/transitions',
    {
      config: { access: 'signed-in' },
      schema: {
        tags,
        summary:
          'A step of the workflow: accept / decline (a member school leader), approve / reject / complete / terminate (the department), withdraw (the department before approval, the proposing school while proposed; needs a reason)',
        params: pairParams,
        body: z.strictObject({
          event: z.enum(['accept', 'decline', 'approve', 'reject', 'complete', 'terminate', 'withdraw']),
          reason: multiLineText().max(2000).optional(),
          /** phases: approving under a campaign whose phase has ended needs `true` (409 CAMPAIGN_ENDED otherwise). */
          confirmCampaignEnded: z.boolean().optional(),
        }),
        response: { 200: pairTransitionedDto },
      },
    },
    async (request) =>
      deps.db.transaction().execute((trx) => transitionPair(trx, request.callContext(), request.params.id, request.body, deps.now())),
  );

  // ---- MoU

  app.get(
    '/api/pairs/:id/mou',
    {
      config: { access: 'signed-in' },
      schema: {
        tags,
        summary: 'The MoU in force (else the latest draft), or the version asked: JSON, or the Decree 30 document as DOCX or PDF',
        params: pairParams,
        querystring: z.object({
          format: z.enum(['json', 'docx', 'pdf']).default('json'),
          version: z.coerce.number().int().min(1).optional(),
        }),
      },
    },
    async (request, reply) => {
      const { format, version } = request.query;
      if (format === 'json') return getMouVersion(deps.db, request.callContext(), request.params.id, version ?? 'current', deps.now(), publicUrl);
      const doc = await renderMouDocument(deps.db, request.callContext(), request.params.id, { format, version }, deps.now(), publicUrl);
      return sendDocument(reply, doc);
    },
  );

  app.get(
    '/api/pairs/:id/mou/versions',
    {
      config: { access: 'signed-in' },
      schema: { tags, summary: 'Every version of the MoU, newest first', params: pairParams, response: { 200: mouVersionListDto } },
    },
    async (request) => ({ items: await listMouVersions(deps.db, request.callContext(), request.params.id, deps.now(), publicUrl) }),
  );

  app.get(
    '/api/pairs/:id/mou/versions/:version',
    {
      config: { access: 'signed-in' },
      schema: {
        tags,
        summary: 'One version of the MoU with its text and signatures',
        params: z.object({ id: uuid, version: z.coerce.number().int().min(1) }),
        response: { 200: mouVersionDto },
      },
    },
    async (request) => getMouVersion(deps.db, request.callContext(), request.params.id, request.params.version, deps.now(), publicUrl),
  );

  app.put(
    '/api/pairs/:id/mou',
    {
      config: { access: ['department-admin', 'school-leader'] },
      schema: {
        tags,
        summary: 'Save the edited draft as a new version (refused once signed, or if another version was saved since `baseVersion`)',
        params: pairParams,
        body: saveDraftSchema,
        response: { 200: mouVersionDto },
      },
    },
    async (request) =>
      deps.db.transaction().execute((trx) => saveMouDraft(trx, request.callContext(), request.params.id, request.body, deps.now(), publicUrl)),
  );

  app.get(
    '/api/pairs/:id/mou/diff',
    {
      config: { access: 'signed-in' },
      schema: {
        tags,
        summary: 'What changed between two versions: articles and clauses added, removed or changed, word by word',
        params: pairParams,
        querystring: z.object({ from: z.coerce.number().int().min(1), to: z.coerce.number().int().min(1) }),
        response: { 200: mouDiffDto },
      },
    },
    async (request) => diffMouVersions(deps.db, request.callContext(), request.params.id, request.query.from, request.query.to, deps.now()),
  );

  app.post(
    '/api/pairs/:id/mou/signatures',
    {
      config: { access: ['school-leader'] },
      schema: {
        tags,
        summary: "Sign the latest draft for the caller's school, confirming the SHA-256 of the text read",
        params: pairParams,
        body: signSchema,
        response: { 200: mouVersionDto },
      },
    },
    async (request) =>
      deps.db.transaction().execute((trx) => signMou(trx, request.callContext(), request.params.id, request.body, deps.now(), publicUrl)),
  );

  app.post(
    '/api/pairs/:id/mou/scans',
    {
      config: { access: ['department-admin', 'school-leader'] },
      schema: {
        tags,
        summary: 'Upload the scanned signed original (multipart field `file`: PDF, JPEG, PNG or WebP, at most 10 MB; the type is read from the content, a PDF must parse, a photo is re-encoded without its EXIF/GPS data)',
        params: pairParams,
        querystring: z.object({ version: z.coerce.number().int().min(1).optional() }),
        consumes: ['multipart/form-data'],
        response: { 201: scanDto },
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
        if ((err as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw scanTooLarge();
        throw err;
      }
      if (!file || file.bytes.length === 0) throw new ValidationError('file', 'required');
      const scan = await deps.db
        .transaction()
        .execute((trx) =>
          uploadScan(trx, request.callContext(), request.params.id, { version: request.query.version, fileName: file.filename, bytes: file.bytes, truncated: file.truncated }, deps.now(), files),
        );
      return reply.status(201).send(scan);
    },
  );

  app.get(
    '/api/pairs/:id/mou/scans/:scanId',
    {
      config: { access: 'signed-in' },
      schema: { tags, summary: 'Download a scanned copy', params: z.object({ id: uuid, scanId: uuid }) },
    },
    async (request, reply) => {
      const scan = await readScan(deps.db, request.callContext(), request.params.id, request.params.scanId, deps.now(), files);
      return sendDocument(reply, { bytes: scan.bytes, fileName: scan.fileName, contentType: scan.mediaType }, 'inline');
    },
  );

  // ---- Written notices

  app.post(
    '/api/pairs/:id/notices',
    {
      config: { access: ['school-leader'] },
      schema: {
        tags,
        summary: 'Send a written notice to the other party: amend or supplement (with the proposed text) or cancel (with the end date)',
        params: pairParams,
        body: sendNoticeSchema,
        response: { 201: noticeDto },
      },
    },
    async (request, reply) => {
      const notice = await deps.db.transaction().execute((trx) => sendNotice(trx, request.callContext(), request.params.id, request.body, deps.now()));
      return reply.status(201).send(notice);
    },
  );

  app.post(
    '/api/pairs/:id/notices/:noticeId/responses',
    {
      config: { access: ['school-leader'] },
      schema: {
        tags,
        summary: "The other party's answer to a notice: accept (an amendment becomes a draft to sign again; a cancellation ends the pair) or reject",
        params: z.object({ id: uuid, noticeId: uuid }),
        body: respondNoticeSchema,
        response: { 200: noticeDto },
      },
    },
    async (request) =>
      deps.db
        .transaction()
        .execute((trx) => respondNotice(trx, request.callContext(), request.params.id, request.params.noticeId, request.body, deps.now())),
  );

  app.post(
    '/api/pairs/:id/notices/:noticeId/withdraw',
    {
      config: { access: ['school-leader'] },
      schema: { tags, summary: 'The sender withdraws a notice not yet answered', params: z.object({ id: uuid, noticeId: uuid }), response: { 200: noticeDto } },
    },
    async (request) =>
      deps.db.transaction().execute((trx) => withdrawNotice(trx, request.callContext(), request.params.id, request.params.noticeId, deps.now())),
  );

  app.get(
    '/api/pairs/:id/notices/:noticeId/document',
    {
      config: { access: 'signed-in' },
      schema: {
        tags,
        summary: 'A notice as a Decree 30 document (DOCX or PDF)',
        params: z.object({ id: uuid, noticeId: uuid }),
        querystring: z.object({ format: z.enum(['docx', 'pdf']).default('pdf') }),
      },
    },
    async (request, reply) => {
      const doc = await renderNoticeDocument(deps.db, request.callContext(), request.params.id, request.params.noticeId, request.query.format, deps.now(), publicUrl);
      return sendDocument(reply, doc);
    },
  );

  // ---- Steering committee

  app.get(
    '/api/pairs/:id/steering',
    {
      config: { access: 'signed-in' },
      schema: { tags, summary: 'The steering committee (Ban chỉ đạo) of the pair', params: pairParams, response: { 200: steeringListDto } },
    },
    async (request) => ({ items: await listSteering(deps.db, request.callContext(), request.params.id, deps.now()) }),
  );

  app.post(
    '/api/pairs/:id/steering',
    {
      config: { access: ['department-admin', 'school-leader'] },
      schema: { tags, summary: 'Add a committee member (a leader adds members of their own school)', params: pairParams, body: steeringMemberSchema, response: { 201: steeringMemberDto } },
    },
    async (request, reply) => {
      const m = await deps.db.transaction().execute((trx) => addSteeringMember(trx, request.callContext(), request.params.id, request.body, deps.now()));
      return reply.status(201).send(m);
    },
  );

  app.put(
    '/api/pairs/:id/steering/:memberId',
    {
      config: { access: ['department-admin', 'school-leader'] },
      schema: { tags, summary: 'Edit a committee member', params: z.object({ id: uuid, memberId: uuid }), body: steeringMemberSchema, response: { 200: steeringMemberDto } },
    },
    async (request) =>
      deps.db.transaction().execute((trx) => updateSteering(trx, request.callContext(), request.params.id, request.params.memberId, request.body, deps.now())),
  );

  app.delete(
    '/api/pairs/:id/steering/:memberId',
    {
      config: { access: ['department-admin', 'school-leader'] },
      schema: { tags, summary: 'Remove a committee member', params: z.object({ id: uuid, memberId: uuid }), response: { 204: z.null() } },
    },
    async (request, reply) => {
      await deps.db.transaction().execute((trx) => removeSteeringMember(trx, request.callContext(), request.params.id, request.params.memberId, deps.now()));
      return reply.status(204).send(null);
    },
  );

  // ---- Public verification

  app.get(
    '/api/verify/:code',
    {
      config: { access: 'public' },
      schema: {
        tags: ['verification'],
        summary: 'Public check of a signed document by its verification code (the QR code on the document): parties, dates, SHA-256',
        params: z.object({ code: singleLineText().min(1).max(40) }),
        response: { 200: verificationDto },
      },
    },
    async (request) => verifyCode(deps.db, request.params.code),
  );

  // ---- paper: steps a school took on paper, recorded on its behalf with the scanned letter

  /** The one file of a multipart request (field `file`), or a 400 naming `file`. */
  const letterOf = async (request: FastifyRequest) => {
    let file: { fileName: string; bytes: Buffer; truncated: boolean } | null = null;
    try {
      const part = request.isMultipart() ? await request.file() : undefined;
      if (part) file = { fileName: part.filename, bytes: await part.toBuffer(), truncated: part.file.truncated };
    } catch (err) {
      if ((err as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw letterTooLarge();
      throw err;
    }
    if (!file || file.bytes.length === 0) throw new ValidationError('file', 'required');
    return file;
  };

  app.post(
    '/api/pairs/:id/paper/acceptances',
    {
      config: { access: ['department-admin', 'area-officer'] },
      schema: {
        tags,
        summary:
          "Record a member school's acceptance made on paper, on its behalf (the department; an area officer for a school of the area), with the scanned letter (multipart field `file`: PDF, JPEG, PNG or WebP, at most 10 MB, type read from the content); audited, shown as “xác nhận trên giấy”",
        params: pairParams,
        querystring: paperAcceptanceQuery,
        consumes: ['multipart/form-data'],
        response: { 201: paperRecordDto },
      },
    },
    async (request, reply) => {
      const letter = await letterOf(request);
      const out = await deps.db
        .transaction()
        .execute((trx) => recordPaperAcceptance(trx, request.callContext(), request.params.id, { ...request.query, letter }, deps.now(), files));
      return reply.status(201).send(out);
    },
  );

  app.post(
    '/api/pairs/:id/paper/signatures',
    {
      config: { access: ['department-admin', 'area-officer'] },
      schema: {
        tags,
        summary:
          "Record a member school's signature of the latest MoU draft made on paper, on its behalf, with the scanned signed page (multipart field `file`); the last signature puts the version in force, numbered from the counter or with `documentNumber` from the first party's register",
        params: pairParams,
        querystring: paperSignatureQuery,
        consumes: ['multipart/form-data'],
        response: { 201: mouVersionDto },
      },
    },
    async (request, reply) => {
      const letter = await letterOf(request);
      const out = await deps.db
        .transaction()
        .execute((trx) => recordPaperSignature(trx, request.callContext(), request.params.id, { ...request.query, letter }, deps.now(), files, publicUrl));
      return reply.status(201).send(out);
    },
  );

  app.get(
    '/api/pairs/:id/paper/:recordId/letter',
    {
      config: { access: 'signed-in' },
      schema: { tags, summary: 'Download the scanned letter of a step recorded on paper', params: z.object({ id: uuid, recordId: uuid }) },
    },
    async (request, reply) => {
      const letter = await readPaperLetter(deps.db, request.callContext(), request.params.id, request.params.recordId, deps.now(), files);
      return sendDocument(reply, { bytes: letter.bytes, fileName: letter.fileName, contentType: letter.mediaType }, 'inline');
    },
  );

  // phases
  app.get(
    '/api/pairs/:id/next-phase',
    {
      config: { access: 'signed-in' },
      schema: {
        tags,
        summary: "Where the pair stands between its campaign's phase and the next: the next phase if opened, the pair's choice, the pair continuing it",
        params: pairParams,
        response: { 200: nextPhaseDto },
      },
    },
    async (request) => getNextPhase(deps.db, request.callContext(), request.params.id, deps.now()),
  );
  app.post(
    '/api/pairs/:id/next-phase',
    {
      config: { access: ['department-admin', 'school-leader'] },
      schema: {
        tags,
        summary:
          'Continue the pair into the next phase (a new pair of the next campaign with a new MoU pre-filled from the one in force, which both leaders sign again) or end it; once its phase has ended the pair is completed',
        params: pairParams,
        body: nextPhaseChoiceSchema,
        response: { 200: nextPhaseChosenDto },
      },
    },
    async (request) =>
      deps.db.transaction().execute((trx) => chooseNextPhase(trx, request.callContext(), request.params.id, request.body.choice, deps.now())),
  );
};
