import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { isoDateText, singleLineText } from '#src/core/text-schema.ts';
import type { AppDeps } from '#src/server/deps.ts';
import { contentDisposition, XLSX_TYPE } from '#src/server/http/download.ts';
import { exportAudit, listAudit, listAuditActions } from './audit-viewer.service.ts';
import { auditActionsDto, auditPageDto } from '#src/core/audit/dto.ts';
import { errorDto } from '#src/core/errors.ts';

const tags = ['administration'];
// Who reads the log: the department, an area officer (its area's rows: the service scopes them).
const READERS = ['department-admin', 'area-officer'] as const;

/** The viewer's filters; dates are Hanoi calendar days (`to` included). */
const filterQuery = z.object({
  actorUserId: z.uuid().optional(),
  action: singleLineText().max(100).optional(),
  entity: singleLineText().max(60).optional(),
  entityId: singleLineText().max(100).optional(),
  schoolId: z.uuid().optional(),
  pairId: z.uuid().optional(),
  from: isoDateText().optional(),
  to: isoDateText().optional(),
});

export const auditRoutes: FastifyPluginAsyncZod<AppDeps> = async (app, deps) => {
  app.get(
    '/api/audit',
    {
      config: { access: [...READERS] },
      schema: {
        tags,
        summary: 'The audit log, newest first, filtered; a page at a time (pass `nextCursor` as `before`). An area officer reads the rows of its area’s schools',
        querystring: filterQuery.extend({
          before: z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER).optional(),
          limit: z.coerce.number().int().min(1).max(500).default(50),
        }),
        response: { 200: auditPageDto, 400: errorDto, 403: errorDto },
      },
    },
    async (request) => listAudit(deps.db, request.callContext(), request.query, deps.now()),
  );

  app.get(
    '/api/audit/actions',
    {
      config: { access: [...READERS] },
      schema: { tags, summary: 'The actions the audit log holds (the choices of its "what" filter)', response: { 200: auditActionsDto, 403: errorDto } },
    },
    async (request) => ({ items: await listAuditActions(deps.db, request.callContext()) }),
  );

  app.get(
    '/api/audit/export.xlsx',
    {
      config: { access: [...READERS] },
      schema: { tags, summary: 'The filtered audit rows the caller may read as an Excel workbook (at most 20,000, newest first)', querystring: filterQuery },
    },
    async (request, reply) => {
      const { bytes, fileName } = await exportAudit(deps.db, request.callContext(), request.query, deps.now());
      return reply.header('content-type', XLSX_TYPE).header('content-disposition', contentDisposition(fileName)).header('cache-control', 'private, no-store').send(bytes);
    },
  );
};
