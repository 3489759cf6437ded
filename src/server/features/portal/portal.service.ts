/**
 * The public portal's data: built only from the allow-listed DTOs of `core/portal/dto.ts`.
 * No caller, no policy: everything here is what anyone may read (published posts, pairs
 * whose MoU was signed, done and reported activities as counts, schools' names).
 */
import type { MouContent } from '#src/core/mou/types.ts';
import type {
  PublicHome,
  PublicNewsList,
  PublicNewsPost,
  PublicNewsSummary,
  PublicPairList,
  PublicPairPage,
  PublicPairSummary,
  PublicTotals,
} from '#src/core/portal/dto.ts';
import { isSlug } from '#src/core/news/slug.ts';
import { LEVEL_LABELS, type SchoolLevel } from '#src/core/registry/school.ts';
import { isoDateInHanoi } from '#src/core/vn/format.ts';
import { foldForSearch } from '#src/core/vn/text.ts';
import type { Db } from '#src/server/context.ts';
import { translate, type Locale } from '#src/server/i18n/i18n.ts';
import { unitLineOf } from '#src/server/features/pairs/mou-draft.service.ts';
import { renderedContentOf } from '#src/server/features/pairs/mou-fill.ts';
import { unitChainsOn } from '#src/server/features/pairs/pairs.repository.ts';
import {
  heldActivityRows,
  isWithdrawnSlug,
  memberSchools,
  pairHeldTotals,
  photoSizes,
  publicPairRow,
  publicPairRows,
  publishedNewsRows,
  publishedPostBySlug,
  signedMouOf,
  totalsRow,
} from './portal.repository.ts';

export const pairPath = (id: string) => `/ket-nghia/${id}`;
export const newsPostPath = (slug: string) => `/tin-tuc/${slug}`;
export const photoPath = (fileId: string) => `/tin-tuc/anh/${fileId}`;
export const thumbnailPath = (fileId: string) => `/tin-tuc/anh/${fileId}/nho`;

/** Folded words of a search ("Ái Mộ" → ["ai", "mo"]), at most 8. */
export const searchWords = (q: string | undefined): string[] => (q ? foldForSearch(q).split(' ').filter(Boolean).slice(0, 8) : []);

/**
 * The programme's totals are summed over every held activity (100,000 in a city's phase):
 * each app node keeps the last sum for `TOTALS_TTL_MS`, as long as the pages say browsers
 * may keep them (`max-age=60`). A node's first reader after that waits for the sum.
 */
export const TOTALS_TTL_MS = 30_000;
const totalsCache = new WeakMap<object, { at: number; value: Promise<PublicTotals> }>();

export async function portalTotals(db: Db, fresh = false): Promise<PublicTotals> {
  const kept = totalsCache.get(db);
  if (!fresh && kept && performance.now() - kept.at < TOTALS_TTL_MS) return kept.value;
  const value = totalsRow(db).then((r) => ({ pairs: r.pairs, schools: r.schools, activities: r.activities, teacherParticipations: r.teachers, studentParticipations: r.students }));
  totalsCache.set(db, { at: performance.now(), value });
  value.catch(() => totalsCache.delete(db));
  return value;
}

const isoDay = (d: Date) => isoDateInHanoi(d);

/** A school level's label: Vietnamese as the registry writes it, or the portal's English. */
const levelLabelIn = (lang: Locale, level: string) =>
  lang === 'vi' || !(level in LEVEL_LABELS) ? (LEVEL_LABELS[level as SchoolLevel] ?? level) : translate(lang, `pages.portal.level.${level}`);

function newsSummaryOf(r: { slug: string | null; title: string; summary: string; published_at: Date | null; photo_file_ids: string[]; pair_name: string | null }): PublicNewsSummary {
  return {
    slug: r.slug!,
    path: newsPostPath(r.slug!),
    title: r.title,
    summary: r.summary,
    publishedAt: r.published_at!.toISOString(),
    pairName: r.pair_name ?? '',
    thumbnailPath: r.photo_file_ids[0] ? thumbnailPath(r.photo_file_ids[0]) : null,
  };
}

async function pairSummaries(db: Db, rows: { id: string; signed_on: string | null; phase: string; activities: number }[]): Promise<PublicPairSummary[]> {
  const members = await memberSchools(db, rows.map((r) => r.id));
  return rows.map((r) => {
    const schools = members.filter((m) => m.pair_id === r.id).map((m) => ({ name: m.name, shortName: m.short_name }));
    return { id: r.id, path: pairPath(r.id), name: schools.map((s) => s.shortName).join(' – '), schools, phase: r.phase, signedOn: r.signed_on, activities: r.activities };
  });
}

export async function portalHome(db: Db): Promise<PublicHome> {
  const [totals, news, pairs] = await Promise.all([portalTotals(db), publishedNewsRows(db, { words: [], limit: 6, offset: 0 }), publicPairRows(db, { words: [], limit: 12, offset: 0 })]);
  return { totals, news: news.rows.map(newsSummaryOf), pairs: await pairSummaries(db, pairs.rows), pairsTotal: pairs.total };
}

export const PAGE_SIZE = 20;

export async function portalPairs(db: Db, q: string | undefined, page: number): Promise<PublicPairList> {
  const { rows, total } = await publicPairRows(db, { words: searchWords(q), limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE });
  return { items: await pairSummaries(db, rows), total, page, pageSize: PAGE_SIZE };
}

export async function portalNews(db: Db, q: string | undefined, page: number): Promise<PublicNewsList> {
  const { rows, total } = await publishedNewsRows(db, { words: searchWords(q), limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE });
  return { items: rows.map(newsSummaryOf), total, page, pageSize: PAGE_SIZE };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/u;

/** A pair's public page; `lang` names the kinds of activity and the schools' levels (what the records say stays as written). */
export async function portalPair(db: Db, id: string, now: Date, lang: Locale = 'vi'): Promise<PublicPairPage | null> {
  if (!UUID.test(id)) return null;
  const pair = await publicPairRow(db, id);
  if (!pair) return null;
  const [members, mou, activities, totals, news] = await Promise.all([
    memberSchools(db, [id]),
    signedMouOf(db, id),
    heldActivityRows(db, id, 100),
    pairHeldTotals(db, id),
    publishedNewsRows(db, { words: [], pairId: id, limit: 20, offset: 0 }),
  ]);
  const chains = await unitChainsOn(db, members.map((m) => m.school_id), isoDay(now));
  let objectives: string[] = [];
  if (mou) {
    const content: MouContent = renderedContentOf(mou, { number: pair.number, issued_on: pair.issued_on, issuer: pair.issuer, title: pair.title });
    objectives = (content.articles.find((a) => a.number === 1)?.clauses ?? []).map((c) => c.replace(/\*/gu, ''));
  }
  return {
    id,
    path: pairPath(id),
    name: members.map((m) => m.short_name).join(' – '),
    schools: members.map((m) => ({ name: m.name, shortName: m.short_name, levelLabel: levelLabelIn(lang, m.level), place: unitLineOf(chains.get(m.school_id)) })),
    campaign: { number: pair.number, title: pair.title },
    phase: mou?.phase || null,
    signedOn: mou?.signed_on ?? null,
    objectives,
    totals: { activities: totals.activities, teacherParticipations: totals.teachers, studentParticipations: totals.students },
    activities: activities.map((a) => ({
      title: a.title,
      kindName: lang === 'en' ? a.kind_name_en : a.kind_name,
      startsOn: a.starts_on,
      endsOn: a.ends_on,
      hostSchoolName: a.host_name,
      mode: a.mode,
      teachers: a.teachers,
      students: a.students,
      newsPath: a.news_slug ? newsPostPath(a.news_slug) : null,
    })),
    news: news.rows.map(newsSummaryOf),
  };
}

/** Whether an address is a withdrawn post's (410 Gone: it was here, it is not any more). */
export async function portalPostWithdrawn(db: Db, slug: string): Promise<boolean> {
  return isSlug(slug) && (await isWithdrawnSlug(db, slug));
}

/** A published post by any address it ever had; `redirect` when the address is an old one. */
export async function portalNewsPost(db: Db, slug: string, lang: Locale = 'vi'): Promise<{ post: PublicNewsPost; redirect: string | null } | null> {
  if (!isSlug(slug)) return null;
  const r = await publishedPostBySlug(db, slug);
  if (!r) return null;
  const sizes = await photoSizes(db, r.photo_file_ids);
  const photos = r.photo_file_ids
    .map((fid) => sizes.find((s) => s.id === fid))
    .filter((s): s is NonNullable<typeof s> => Boolean(s))
    .map((s) => ({ path: photoPath(s.id), thumbnailPath: s.thumbnail_key ? thumbnailPath(s.id) : photoPath(s.id), width: s.width, height: s.height }));
  const post: PublicNewsPost = {
    ...newsSummaryOf(r),
    bodyHtml: r.body_html,
    updatedAt: r.updated_at.toISOString(),
    photos,
    pair: { path: pairPath(r.pair_id), name: r.pair_name ?? '' },
    activity: { title: r.activity_title, kindName: lang === 'en' ? r.kind_name_en : r.kind_name, startsOn: r.starts_on, endsOn: r.ends_on },
  };
  return { post, redirect: r.slug !== slug ? newsPostPath(r.slug!) : null };
}
