/**
 * The public portal's allow-lists: every field anyone may read without signing in. The
 * JSON routes answer with these schemas (unknown keys are dropped by the serializer) and
 * the server-rendered pages are built from the same objects, so nothing outside them —
 * beneficiaries, drafts, internal notes, staff names, contacts, e-mails, phones — can reach
 * the public side. A test walks every public answer against these lists.
 */
import { z } from 'zod';

export const publicTotals = z.object({
  /** Pairs whose MoU was signed (active or completed). */
  pairs: z.number().int(),
  /** Schools in those pairs. */
  schools: z.number().int(),
  /** Done and reported activities of those pairs. */
  activities: z.number().int(),
  /** Teachers summed over those activities' participants (one teacher at two activities counts twice). */
  teacherParticipations: z.number().int(),
  studentParticipations: z.number().int(),
});
export type PublicTotals = z.infer<typeof publicTotals>;

export const publicSchool = z.object({ name: z.string(), shortName: z.string(), levelLabel: z.string(), place: z.string() });
export type PublicSchool = z.infer<typeof publicSchool>;

export const publicPairSummary = z.object({
  id: z.string(),
  path: z.string(),
  name: z.string(),
  schools: z.array(publicSchool.pick({ name: true, shortName: true })),
  /** The campaign's years, "2026–2028": a pair continued into the next phase is a second card with the same schools. */
  phase: z.string(),
  signedOn: z.string().nullable(),
  activities: z.number().int(),
});
export type PublicPairSummary = z.infer<typeof publicPairSummary>;

export const publicNewsSummary = z.object({
  slug: z.string(),
  path: z.string(),
  title: z.string(),
  summary: z.string(),
  publishedAt: z.string(),
  pairName: z.string(),
  thumbnailPath: z.string().nullable(),
});
export type PublicNewsSummary = z.infer<typeof publicNewsSummary>;

export const publicActivity = z.object({
  title: z.string(),
  kindName: z.string(),
  startsOn: z.string(),
  endsOn: z.string().nullable(),
  hostSchoolName: z.string().nullable(),
  mode: z.enum(['in-person', 'online']),
  teachers: z.number().int(),
  students: z.number().int(),
  newsPath: z.string().nullable(),
});
export type PublicActivity = z.infer<typeof publicActivity>;

export const publicPairPage = z.object({
  id: z.string(),
  path: z.string(),
  name: z.string(),
  schools: z.array(publicSchool),
  campaign: z.object({ number: z.string(), title: z.string() }),
  phase: z.string().nullable(),
  signedOn: z.string().nullable(),
  /** Điều 1 of the MoU in force (or the last signed), placeholders filled. */
  objectives: z.array(z.string()),
  totals: publicTotals.pick({ activities: true, teacherParticipations: true, studentParticipations: true }),
  activities: z.array(publicActivity),
  news: z.array(publicNewsSummary),
});
export type PublicPairPage = z.infer<typeof publicPairPage>;

export const publicPhoto = z.object({ path: z.string(), thumbnailPath: z.string(), width: z.number().nullable(), height: z.number().nullable() });

export const publicNewsPost = publicNewsSummary.extend({
  bodyHtml: z.string(),
  updatedAt: z.string(),
  photos: z.array(publicPhoto),
  pair: z.object({ path: z.string(), name: z.string() }),
  activity: z.object({ title: z.string(), kindName: z.string(), startsOn: z.string(), endsOn: z.string().nullable() }),
});
export type PublicNewsPost = z.infer<typeof publicNewsPost>;

export const publicHome = z.object({
  totals: publicTotals,
  news: z.array(publicNewsSummary),
  pairs: z.array(publicPairSummary),
  pairsTotal: z.number().int(),
});
export type PublicHome = z.infer<typeof publicHome>;

export const publicNewsList = z.object({ items: z.array(publicNewsSummary), total: z.number().int(), page: z.number().int(), pageSize: z.number().int() });
export type PublicNewsList = z.infer<typeof publicNewsList>;

export const publicPairList = z.object({ items: z.array(publicPairSummary), total: z.number().int(), page: z.number().int(), pageSize: z.number().int() });
export type PublicPairList = z.infer<typeof publicPairList>;
