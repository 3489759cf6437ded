/**
 * The public portal (no sign-in): server-rendered pages, their JSON twins under
 * /api/public, the news feeds (RSS 2.0, Atom) and the photos of published posts. Every
 * answer is built from the allow-listed DTOs of `core/portal/dto.ts`.
 */
import { Feed } from 'feed';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { publicHome, publicNewsList, publicNewsPost, publicPairList, publicPairPage } from '#src/core/portal/dto.ts';
import { DomainError } from '#src/core/errors.ts';
import { singleLineText } from '#src/core/text-schema.ts';
import type { AppDeps } from '#src/server/deps.ts';
import { DEFAULT_PUBLIC_URL } from '#src/server/features/pairs/mou.service.ts';
import { FileNotFoundError } from '#src/server/files/file-store.ts';
import { homePage, newsListPage, newsPostPage, notFoundPage, pairPage, pairsPage, SITE_NAME, withdrawnPage, type PortalCtx } from './portal.html.ts';
import { langQuery, pageLangOf } from './portal.lang.ts';
import { publishedPhoto } from './portal.repository.ts';
import { portalHome, portalNews, portalNewsPost, portalPair, portalPairs, portalPostWithdrawn, PAGE_SIZE } from './portal.service.ts';

const tags = ['portal'];
/** Pages anyone may keep a minute (a busy day's readers share one render per cache). */
const CACHE = 'public, max-age=60';
const query = z.object({
  q: singleLineText().max(200).optional(),
  trang: z.coerce.number().int().min(1).max(10_000).default(1),
});
/** A page's query: its language (`?lang=vi|en`, else the `ct_lang` cookie, else Vietnamese). */
const pageQuery = query.extend(langQuery.shape);
const HTML = 'text/html; charset=utf-8';

export const portalRoutes: FastifyPluginAsyncZod<AppDeps> = async (app, deps) => {
  const base = () => (deps.publicUrl ?? DEFAULT_PUBLIC_URL).replace(/\/+$/u, '');
  const sendHtml = (reply: FastifyReply, body: string, status = 200) =>
    reply.status(status).header('content-type', HTML).header('vary', 'Cookie').header('cache-control', status === 200 ? CACHE : 'no-cache').send(body);
  /** The page's language and address (docs/decisions/0027). */
  const ctx = (request: FastifyRequest, reply: FastifyReply): PortalCtx => ({ lang: pageLangOf(request, reply), path: request.url, publicUrl: base() });
  const notFound = (c: PortalCtx, reply: FastifyReply) => sendHtml(reply, notFoundPage(c), 404);

  // ---- pages

  app.get('/chuong-trinh', { config: { access: 'public' }, schema: { tags, summary: "The programme's public home (HTML, Vietnamese or English by `lang`): totals from the records, latest news, pairs", querystring: langQuery } }, async (request, reply) =>
    sendHtml(reply, homePage(publicHome.parse(await portalHome(deps.db)), ctx(request, reply))),
  );

  app.get('/ket-nghia', { config: { access: 'public' }, schema: { tags, summary: 'The public list of pairs (HTML), searched without diacritics (`q`), paged (`trang`)', querystring: pageQuery } }, async (request, reply) =>
    sendHtml(reply, pairsPage(publicPairList.parse(await portalPairs(deps.db, request.query.q, request.query.trang)), request.query.q, ctx(request, reply))),
  );

  app.get(
    '/ket-nghia/:id',
    { config: { access: 'public' }, schema: { tags, summary: "A pair's public page (HTML): the schools, the MoU's signing date and objectives, its held activities and news", params: z.object({ id: z.string().max(64) }), querystring: langQuery } },
    async (request, reply) => {
      const c = ctx(request, reply);
      const d = await portalPair(deps.db, request.params.id, deps.now(), c.lang);
      return d ? sendHtml(reply, pairPage(publicPairPage.parse(d), c)) : notFound(c, reply);
    },
  );

  app.get('/tin-tuc', { config: { access: 'public' }, schema: { tags, summary: 'Published news (HTML), newest first, searched without diacritics (`q`), paged (`trang`)', querystring: pageQuery } }, async (request, reply) =>
    sendHtml(reply, newsListPage(publicNewsList.parse(await portalNews(deps.db, request.query.q, request.query.trang)), request.query.q, ctx(request, reply))),
  );

  app.get(
    '/tin-tuc/:slug',
    { config: { access: 'public' }, schema: { tags, summary: 'A published news post (HTML); an old address of the post redirects (301) to its current one; a withdrawn post answers 410 Gone with a page saying so', params: z.object({ slug: z.string().max(200) }), querystring: langQuery } },
    async (request, reply) => {
      const c = ctx(request, reply);
      const found = await portalNewsPost(deps.db, request.params.slug, c.lang);
      if (!found) return (await portalPostWithdrawn(deps.db, request.params.slug)) ? sendHtml(reply, withdrawnPage(c), 410) : notFound(c, reply);
      if (found.redirect) return reply.header('cache-control', CACHE).redirect(request.query.lang ? `${found.redirect}?lang=${request.query.lang}` : found.redirect, 301);
      return sendHtml(reply, newsPostPage(publicNewsPost.parse(found.post), c));
    },
  );

  // ---- photos of published posts (stored without EXIF; the thumbnail is WebP)

  const photo = async (fileId: string, thumbnail: boolean, reply: FastifyReply) => {
    const row = /^[0-9a-f-]{36}$/u.test(fileId) ? await publishedPhoto(deps.db, fileId) : undefined;
    if (!row || (thumbnail && !row.thumbnail_key)) return reply.status(404).header('content-type', 'text/plain; charset=utf-8').send('Không tìm thấy ảnh.');
    try {
      const bytes = await deps.files.get(thumbnail ? row.thumbnail_key! : row.storage_key);
      return reply.header('content-type', thumbnail ? 'image/webp' : row.media_type).header('cache-control', 'public, max-age=86400').header('x-content-type-options', 'nosniff').send(bytes);
    } catch (err) {
      if (err instanceof FileNotFoundError) return reply.status(404).header('content-type', 'text/plain; charset=utf-8').send('Không tìm thấy ảnh.');
      throw err;
    }
  };
  app.get('/tin-tuc/anh/:fileId', { config: { access: 'public' }, schema: { tags, summary: 'A photo shown by a published news post', params: z.object({ fileId: z.string().max(64) }) } }, async (request, reply) =>
    photo(request.params.fileId, false, reply),
  );
  app.get('/tin-tuc/anh/:fileId/nho', { config: { access: 'public' }, schema: { tags, summary: "A photo's thumbnail (WebP, 480 px)", params: z.object({ fileId: z.string().max(64) }) } }, async (request, reply) =>
    photo(request.params.fileId, true, reply),
  );

  // ---- feeds

  const feedOf = async () => {
    const { items } = await portalNews(deps.db, undefined, 1);
    const b = base();
    const feed = new Feed({
      title: 'Tin tức Chung Tay',
      description: `Tin hoạt động kết nghĩa — ${SITE_NAME}`,
      id: `${b}/tin-tuc`,
      link: `${b}/tin-tuc`,
      language: 'vi',
      copyright: 'Sở Giáo dục và Đào tạo Hà Nội',
      updated: items[0] ? new Date(items[0].publishedAt) : new Date(0),
      feedLinks: { rss: `${b}/tin-tuc/rss.xml`, atom: `${b}/tin-tuc/atom.xml` },
    });
    for (const n of items) {
      const post = (await portalNewsPost(deps.db, n.slug))?.post;
      feed.addItem({
        title: n.title,
        id: `${b}${n.path}`,
        link: `${b}${n.path}`,
        description: n.summary,
        content: post?.bodyHtml ?? '',
        date: new Date(n.publishedAt),
        category: [{ name: n.pairName }],
      });
    }
    return feed;
  };
  app.get('/tin-tuc/rss.xml', { config: { access: 'public' }, schema: { tags, summary: `The ${PAGE_SIZE} newest published posts as RSS 2.0` } }, async (_request, reply) =>
    reply.header('content-type', 'application/rss+xml; charset=utf-8').header('cache-control', CACHE).send((await feedOf()).rss2()),
  );
  app.get('/tin-tuc/atom.xml', { config: { access: 'public' }, schema: { tags, summary: `The ${PAGE_SIZE} newest published posts as Atom 1.0` } }, async (_request, reply) =>
    reply.header('content-type', 'application/atom+xml; charset=utf-8').header('cache-control', CACHE).send((await feedOf()).atom1()),
  );

  // ---- the same, as JSON

  app.get('/api/public/portal', { config: { access: 'public' }, schema: { tags, summary: "The programme's totals, latest news and pairs", response: { 200: publicHome } } }, async (_request, reply) =>
    reply.header('cache-control', CACHE).send(await portalHome(deps.db)),
  );
  app.get('/api/public/pairs', { config: { access: 'public' }, schema: { tags, summary: 'Pairs whose MoU was signed, searched without diacritics, paged', querystring: query, response: { 200: publicPairList } } }, async (request, reply) =>
    reply.header('cache-control', CACHE).send(await portalPairs(deps.db, request.query.q, request.query.trang)),
  );
  app.get(
    '/api/public/pairs/:id',
    { config: { access: 'public' }, schema: { tags, summary: "A pair's public page", params: z.object({ id: z.string().max(64) }), response: { 200: publicPairPage } } },
    async (request, reply) => {
      const d = await portalPair(deps.db, request.params.id, deps.now());
      if (!d) throw new DomainError('PAGE_NOT_FOUND', 404);
      return reply.header('cache-control', CACHE).send(d);
    },
  );
  app.get('/api/public/news', { config: { access: 'public' }, schema: { tags, summary: 'Published news, newest first, searched without diacritics, paged', querystring: query, response: { 200: publicNewsList } } }, async (request, reply) =>
    reply.header('cache-control', CACHE).send(await portalNews(deps.db, request.query.q, request.query.trang)),
  );
  app.get(
    '/api/public/news/:slug',
    { config: { access: 'public' }, schema: { tags, summary: 'A published post by its current or an old address (`slug` says the current one)', params: z.object({ slug: z.string().max(200) }), response: { 200: publicNewsPost } } },
    async (request, reply) => {
      const found = await portalNewsPost(deps.db, request.params.slug);
      if (!found) throw (await portalPostWithdrawn(deps.db, request.params.slug)) ? new DomainError('NEWS_WITHDRAWN', 410) : new DomainError('NEWS_NOT_FOUND', 404);
      return reply.header('cache-control', CACHE).send(found.post);
    },
  );
};
