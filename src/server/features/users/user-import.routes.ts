import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { authorize } from '#src/core/access/guard.ts';
import { DomainError } from '#src/core/errors.ts';
import { singleLineText } from '#src/core/text-schema.ts';
import type { AppDeps } from '#src/server/deps.ts';
import { contentDisposition, XLSX_TYPE } from '#src/server/http/download.ts';
import { translate } from '#src/server/i18n/i18n.ts';
import { importUsers, USER_IMPORT_MAX_BYTES, userImportTemplate } from './user-import.service.ts';
import { errorDto } from '#src/core/errors.ts';
import { userImportInvalidDto, userImportResultDto } from '#src/core/user-import.ts';

const MANAGERS = ['department-admin', 'area-officer', 'school-leader'] as const;

/** Importing users from Excel: the template, and the import (all or nothing). */
export const userImportRoutes: FastifyPluginAsyncZod<AppDeps> = async (app, deps) => {
  // The .xlsx file itself is the request body (as the registry's import).
  app.addContentTypeParser([XLSX_TYPE, 'application/octet-stream'], { parseAs: 'buffer', bodyLimit: USER_IMPORT_MAX_BYTES * 2 }, (_req, body, done) => {
    done(null, body);
  });

  app.get(
    '/api/users/import-template.xlsx',
    {
      config: { access: [...MANAGERS] },
      schema: { tags: ['administration'], summary: 'The Excel template for importing users: school code, full name, e-mail, role (drop-down), phone (optional), and a sheet of instructions' },
    },
    async (request, reply) => {
      authorize(request.callContext().actor, 'user.list');
      return reply.header('content-type', XLSX_TYPE).header('content-disposition', contentDisposition('Mau-nhap-tai-khoan.xlsx')).send(await userImportTemplate());
    },
  );

  app.post(
    '/api/users/import',
    {
      config: { access: [...MANAGERS] },
      bodyLimit: USER_IMPORT_MAX_BYTES * 2,
      schema: {
        tags: ['administration'],
        summary:
          'Import users from Excel (request body: the .xlsx file). Checked as a whole and created all or nothing, each invited by e-mail; 400 lists every bad row with its row number, field and message, and creates nothing',
        querystring: z.object({ fileName: singleLineText().max(200).default('tai-khoan.xlsx') }),
        response: {
          201: userImportResultDto,
          400: userImportInvalidDto,
          403: errorDto,
          429: errorDto,
        },
      },
    },
    async (request, reply) => {
      const body = request.body;
      if (!Buffer.isBuffer(body) || body.length === 0) throw new DomainError('IMPORT_FILE_MISSING', 400, {}, 'file');
      const ctx = request.callContext();
      const outcome = await deps.db.transaction().execute((trx) => importUsers(trx, ctx, { file: body, fileName: request.query.fileName }, deps.now(), request.locale));
      if (!outcome.ok) {
        const message = translate(request.locale, 'userImport.invalid', { count: outcome.issues.length });
        return reply.status(400).send({ error: { code: 'USER_IMPORT_INVALID', message, field: 'file' }, issues: outcome.issues });
      }
      return reply.status(201).send({ created: outcome.created });
    },
  );
};
