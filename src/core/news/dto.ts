/** What the news API (signed in) takes and sends: one zod schema per answer, used by routes, service and page. */
import { z } from 'zod';
import { singleLineText } from '#src/core/text-schema.ts';

/** `withdrawn`: unpublished with a reason; its address answers 410 Gone until it is published again (docs/decisions/0031). */
export const NEWS_STATUSES = ['draft', 'published', 'withdrawn'] as const;
export type NewsStatus = (typeof NEWS_STATUSES)[number];
export const NEWS_ACTIONS = ['edit', 'publish', 'unpublish'] as const;
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
  /** When and why a withdrawn post was unpublished. */
  withdrawnAt: z.string().nullable(),
  withdrawnReason: z.string().nullable(),
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

/** Unpublishing a post: why, said to the pair's schools and kept in the audit log. */
export const NEWS_REASON_MIN = 3;
export const NEWS_REASON_MAX = 500;
export const newsUnpublish = z.strictObject({ reason: singleLineText().max(NEWS_REASON_MAX) });
export type NewsUnpublish = z.infer<typeof newsUnpublish>;
