/** What the news API (signed in) takes and sends: one zod schema per answer, used by routes, service and page. */
import { z } from 'zod';
import { singleLineText } from '#src/core/text-schema.ts';

export const NEWS_STATUSES = ['draft', 'published'] as const;
export type NewsStatus = (typeof NEWS_STATUSES)[number];
export const NEWS_ACTIONS = ['edit', 'publish'] as const;
export type NewsAction = (typeof NEWS_ACTIONS)[number];

/** The body as the editor sends it, before the server's allow-list; 200 KB is a long article many times over. */
export const NEWS_BODY_MAX = 200_000;
/** Photos shown with one post. */
export const NEWS_PHOTOS_MAX = 12;

export const newsPhotoOption = z.object({ fileId: z.string(), fileName: z.string(), width: z.number().nullable(), height: z.number().nullable() });

export const newsPostDto = z.object({
  id: z.string(),
  activityId: z.string(),
  activityTitle: z.string(),
  pairId: z.string(),
  pairName: z.string(),
  title: z.string(),
  summary: z.string(),
  bodyHtml: z.string(),
  photoFileIds: z.array(z.string()),
  status: z.enum(NEWS_STATUSES),
  /** The public address (`/tin-tuc/<slug>`) once published. */
  slug: z.string().nullable(),
  publicPath: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  publishedAt: z.string().nullable(),
  /** The activity's photos the post may show. */
  photoOptions: z.array(newsPhotoOption),
  actions: z.array(z.enum(NEWS_ACTIONS)),
});
export type NewsPostDto = z.infer<typeof newsPostDto>;

export const newsSummaryDto = newsPostDto.pick({ id: true, activityId: true, activityTitle: true, pairId: true, pairName: true, title: true, status: true, slug: true, publicPath: true, updatedAt: true, publishedAt: true });
export type NewsSummaryDto = z.infer<typeof newsSummaryDto>;

export const newsPatch = z.strictObject({
  title: singleLineText().min(3).max(300).optional(),
  summary: singleLineText().max(300).optional(),
  bodyHtml: z.string().max(NEWS_BODY_MAX).optional(),
  photoFileIds: z.array(z.string().uuid()).max(NEWS_PHOTOS_MAX).optional(),
});
export type NewsPatch = z.infer<typeof newsPatch>;
