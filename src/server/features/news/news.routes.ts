import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { newsPatch, newsPostDto, newsSummaryDto, newsUnpublish } from '#src/core/news/dto.ts';
import type { AppDeps } from '#src/server/deps.ts';
import { draftNews, editNews, getNews, listNews, publishNews, unpublishNews } from './news.service.ts';

const uuid = z.string().uuid();
const tags = ['news'];

export const newsRoutes: FastifyPluginAsyncZod<AppDeps> = async (app, deps) => {
  app.get(
    '/api/news',
    {
      config: { access: 'signed-in' },
      schema: {
        tags,
        summary: "The news posts (drafts and published) of the pairs the caller may see, newest change first; filtered by activity or pair",
        querystring: z.object({
          activityId: uuid.optional(),
          pairId: uuid.optional(),
          limit: z.coerce.number().int().min(1).max(200).default(50),
          offset: z.coerce.number().int().min(0).default(0),
        }),
        response: { 200: z.object({ items: z.array(newsSummaryDto), total: z.number() }) },
      },
    },
    async (request) => listNews(deps.db, request.callContext(), request.query, deps.now()),
  );

  app.post(
    '/api/activities/:id/news',
    {
      config: { access: ['school-leader', 'school-coordinator'] },
      schema: {
        tags,
        summary: 'Draft the news post of a done or reported activity from its record (legal basis, schools, date, place, who attended, what was agreed); one post per activity',
        params: z.object({ id: uuid }),
        response: { 201: newsPostDto },
      },
    },
    async (request, reply) => {
      const made = await deps.db.transaction().execute((trx) => draftNews(trx, request.callContext(), request.params.id, deps.now()));
      return reply.status(201).send(made);
    },
  );

  app.get(
    '/api/news/:id',
    {
      config: { access: 'signed-in' },
      schema: { tags, summary: 'A news post with the photos of its activity it may show and the actions open to the caller', params: z.object({ id: uuid }), response: { 200: newsPostDto } },
    },
    async (request) => getNews(deps.db, request.callContext(), request.params.id, deps.now()),
  );

  app.patch(
    '/api/news/:id',
    {
      config: { access: ['school-leader', 'school-coordinator'] },
      schema: {
        tags,
        summary:
          "Change a post's title, summary, body (HTML, kept only through the server's allow-list: paragraphs, headings, lists, quotes, emphasis, http(s) links) or photos (the activity's own). A published post's new title adds an address; the old ones redirect",
        params: z.object({ id: uuid }),
        body: newsPatch,
        response: { 200: newsPostDto },
      },
    },
    async (request) => deps.db.transaction().execute((trx) => editNews(trx, request.callContext(), request.params.id, request.body, deps.now())),
  );

  app.post(
    '/api/news/:id/publish',
    {
      config: { access: ['school-leader', 'school-coordinator'] },
      schema: { tags, summary: 'Publish a draft on the public portal under its address for good (/tin-tuc/<slug>, from the title without diacritics), or a withdrawn post again under the same address', params: z.object({ id: uuid }), response: { 200: newsPostDto } },
    },
    async (request) => deps.db.transaction().execute((trx) => publishNews(trx, request.callContext(), request.params.id, deps.now())),
  );

  // news: unpublishing (docs/decisions/0031)
  app.post(
    '/api/news/:id/unpublish',
    {
      config: { access: ['school-leader', 'school-coordinator'] },
      schema: {
        tags,
        summary: 'Take a published post off the public portal with a reason: its address answers 410 Gone and it leaves the news list, search, the pair page and the feeds until it is published again (same address)',
        params: z.object({ id: uuid }),
        body: newsUnpublish,
        response: { 200: newsPostDto },
      },
    },
    async (request) => deps.db.transaction().execute((trx) => unpublishNews(trx, request.callContext(), request.params.id, request.body, deps.now())),
  );
};
