import { join } from 'node:path';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '#src/server/deps.ts';
import { contentDisposition } from '#src/server/http/download.ts';
import { confirmUnsubscribe, describeUnsubscribe, listOutbox, readOutboxFile } from './mail.service.ts';

const STATUSES = ['queued', 'sent', 'written', 'failed'] as const;

const outboxItem = z.object({
  id: z.string(),
  to: z.string(),
  locale: z.enum(['vi', 'en']),
  kind: z.string(),
  subject: z.string(),
  link: z.string().nullable(),
  status: z.enum(STATUSES).describe('queued: waiting for its job; sent: accepted by the SMTP server; written: an .eml file (no SMTP_URL); failed: retries used up, see error'),
  attempts: z.number().int(),
  error: z.string().nullable(),
  hasFile: z.boolean(),
  createdAt: z.string(),
  deliveredAt: z.string().nullable(),
});

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
          status: z.enum(STATUSES).optional(),
          limit: z.coerce.number().int().min(1).max(200).default(50),
          offset: z.coerce.number().int().min(0).default(0),
        }),
        response: { 200: z.object({ items: z.array(outboxItem), total: z.number().int() }) },
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
        response: { 200: z.object({ kind: z.string(), email: z.string().nullable().describe('masked'), channel: z.string() }) },
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
        response: { 200: z.object({ kind: z.string() }) },
      },
    },
    async (request) => deps.db.transaction().execute((trx) => confirmUnsubscribe(trx, request.callContext(), request.params.token)),
  );
};
