import { join } from 'node:path';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { OUTBOX_STATUSES, outboxPageDto, unsubscribedDto, unsubscribeInfoDto } from '#src/core/mail/dto.ts';
import type { AppDeps } from '#src/server/deps.ts';
import { contentDisposition } from '#src/server/http/download.ts';
import { confirmUnsubscribe, describeUnsubscribe, listOutbox, readOutboxFile } from './mail.service.ts';

export const mailRoutes: FastifyPluginAsyncZod<AppDeps> = async (app, deps) => {
  const outboxDir = join(deps.dataDir ?? './data', 'outbox');
  // RFC 8058 one-click unsubscribe: mail clients POST `List-Unsubscribe=One-Click` as a form.
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, _body, done) => done(null, undefined));

  app.get(
    '/api/mail/outbox',
    {
      config: { access: ['department-admin'] },
      schema: {
        tags: ['mail'],
        summary: '"Hộp thư đi": every e-mail sent or written (without SMTP_URL), newest first; failed deliveries with their error',
        querystring: z.object({
          status: z.enum(OUTBOX_STATUSES).optional(),
          limit: z.coerce.number().int().min(1).max(200).default(50),
          offset: z.coerce.number().int().min(0).default(0),
        }),
        response: { 200: outboxPageDto },
      },
    },
    async (request) => listOutbox(deps.db, request.callContext(), request.query),
  );

  app.get(
    '/api/mail/outbox/:id/eml',
    {
      config: { access: ['department-admin'] },
      schema: {
        tags: ['mail'],
        summary: 'The .eml file written for a message (opens in any mail program)',
        params: z.object({ id: z.uuid() }),
      },
    },
    async (request, reply) => {
      const file = await readOutboxFile(deps.db, request.callContext(), request.params.id, outboxDir);
      return reply.header('content-type', 'message/rfc822').header('content-disposition', contentDisposition(file.fileName)).send(file.bytes);
    },
  );

  const tokenParams = z.object({ token: z.string().min(10).max(100) });
  app.get(
    '/api/mail/unsubscribe/:token',
    {
      config: { access: 'public' },
      schema: {
        tags: ['mail'],
        summary: 'What an unsubscribe link (from the footer of a mail) stops, before the person confirms',
        params: tokenParams,
        response: { 200: unsubscribeInfoDto },
      },
    },
    async (request) => describeUnsubscribe(deps.db, request.params.token),
  );

  app.post(
    '/api/mail/unsubscribe/:token',
    {
      config: { access: 'public' },
      schema: {
        tags: ['mail'],
        summary: 'Stop e-mail of the link\'s kind (kept in the app); also the RFC 8058 one-click address of the List-Unsubscribe header',
        params: tokenParams,
        response: { 200: unsubscribedDto },
      },
    },
    async (request) => deps.db.transaction().execute((trx) => confirmUnsubscribe(trx, request.callContext(), request.params.token)),
  );
};
