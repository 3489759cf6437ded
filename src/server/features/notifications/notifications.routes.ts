import type { ServerResponse } from 'node:http';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { allReadDto, notificationListDto, notificationPreferencesDto, unreadCountDto } from '#src/core/notifications/dto.ts';
import type { AppDeps } from '#src/server/deps.ts';
import { LiveNotifications } from './live.ts';
import { listMyNotifications, markAllRead, markRead, myPreferences, myUnreadCount, preferencesSchema, setMyPreferences } from './notifications.service.ts';


export const notificationsRoutes: FastifyPluginAsyncZod<AppDeps> = async (app, deps) => {
  const live = new LiveNotifications(deps.db);
  const streams = new Set<ServerResponse>();
  // Open event streams would hold the server open: they end first, and browsers reconnect elsewhere.
  app.addHook('preClose', async () => {
    for (const res of streams) res.end();
    streams.clear();
  });
  app.addHook('onClose', async () => live.close());

  app.get(
    '/api/notifications',
    {
      config: { access: 'signed-in' },
      schema: {
        tags: ['notifications'],
        summary: "The caller's own notifications, newest first, and the unread count",
        querystring: z.object({
          unread: z.enum(['true', 'false']).optional().transform((v) => v === 'true'),
          limit: z.coerce.number().int().min(1).max(100).default(30),
          offset: z.coerce.number().int().min(0).default(0),
        }),
        response: { 200: notificationListDto },
      },
    },
    async (request) => listMyNotifications(deps.db, request.callContext(), request.query, request.locale),
  );

  app.get(
    '/api/notifications/unread-count',
    {
      config: { access: 'signed-in' },
      schema: { tags: ['notifications'], summary: "The caller's unread count (the bell); live updates: GET /api/notifications/stream (server-sent events)", response: { 200: unreadCountDto } },
    },
    async (request) => ({ unread: await myUnreadCount(deps.db, request.callContext()) }),
  );

  // Server-sent events: `event: unread` with `{"unread":N}` now and whenever it changes (on any
  // node). Not in the OpenAPI description: a stream never ends, which `inject` cannot call.
  app.get('/api/notifications/stream', { config: { access: 'signed-in' }, schema: { hide: true } }, async (request, reply) => {
    const ctx = request.callContext();
    const userId = request.session!.actor.userId;
    let last = await myUnreadCount(deps.db, ctx);
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', connection: 'keep-alive', 'x-accel-buffering': 'no' });
    res.write(`retry: 3000\nevent: unread\ndata: ${JSON.stringify({ unread: last })}\n\n`);
    streams.add(res);
    let busy = false;
    let again = false;
    const push = async () => {
      if (busy) {
        again = true;
        return;
      }
      busy = true;
      try {
        do {
          again = false;
          const unread = await myUnreadCount(deps.db, ctx);
          if (unread !== last && !res.writableEnded) {
            last = unread;
            res.write(`event: unread\ndata: ${JSON.stringify({ unread })}\n\n`);
          }
        } while (again);
      } catch {
        // the database is away for a moment: the next signal reads again
      } finally {
        busy = false;
      }
    };
    const stop = await live.subscribe(userId, () => void push());
    // A change between the first count and the subscription is not lost.
    await push();
    const ping = setInterval(() => res.write(': ping\n\n'), 25_000);
    request.raw.on('close', () => {
      stop();
      clearInterval(ping);
      streams.delete(res);
    });
  });

  app.post(
    '/api/notifications/:id/read',
    {
      config: { access: 'signed-in' },
      schema: { tags: ['notifications'], summary: 'Mark one of the caller’s notifications read', params: z.object({ id: z.uuid() }), response: { 200: unreadCountDto } },
    },
    async (request) => deps.db.transaction().execute((trx) => markRead(trx, request.callContext(), request.params.id, deps.now())),
  );

  app.post(
    '/api/notifications/read-all',
    {
      config: { access: 'signed-in' },
      schema: { tags: ['notifications'], summary: 'Mark all the caller’s notifications read', response: { 200: allReadDto } },
    },
    async (request) => deps.db.transaction().execute((trx) => markAllRead(trx, request.callContext(), deps.now())),
  );

  app.get(
    '/api/notifications/preferences',
    {
      config: { access: 'signed-in' },
      schema: { tags: ['notifications'], summary: 'How the caller is told, per kind: app, email (at once), digest (07:00 Hanoi time) or off', response: { 200: notificationPreferencesDto } },
    },
    async (request) => myPreferences(deps.db, request.callContext()),
  );

  app.put(
    '/api/notifications/preferences',
    {
      config: { access: 'signed-in' },
      schema: { tags: ['notifications'], summary: 'Change how the caller is told, for the kinds given', body: preferencesSchema, response: { 200: notificationPreferencesDto } },
    },
    async (request) => deps.db.transaction().execute((trx) => setMyPreferences(trx, request.callContext(), request.body, deps.now())),
  );
};
