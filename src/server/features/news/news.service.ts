/**
 * News posts (Tin tức) of a pair: drafted in one click from a done or reported activity
 * (`draftNewsPost`, the seed article's shape), edited by the pair's schools, published
 * under an address that never changes: a new title adds a new slug and the old ones
 * redirect to it. Who may do what is the one policy (`news.*`); a post is seen by whoever
 * may see its activity. Every change is one transaction with one audit row.
 */
import { authorize } from '#src/core/access/guard.ts';
import { can, scopeFor } from '#src/core/access/policy.ts';
import { personOf } from '#src/core/access/policy.ts';
import { draftNewsPost } from '#src/core/news/draft.ts';
import { NEWS_REASON_MIN, type NewsAction, type NewsPatch, type NewsPostDto, type NewsSummaryDto, type NewsUnpublish } from '#src/core/news/dto.ts';
import { slugOf, uniqueSlug } from '#src/core/news/slug.ts';
import { DomainError, ForbiddenError, ValidationError } from '#src/core/errors.ts';
import { isoDateInHanoi } from '#src/core/vn/format.ts';
import { cleanText, foldForSearch } from '#src/core/vn/text.ts';
import type { CallContext, Db } from '#src/server/context.ts';
import { recordAudit } from '#src/server/features/audit/audit.service.ts';
import { findCampaignRow } from '#src/server/features/campaigns/campaigns.repository.ts';
import { loadActivityFor, type LoadedActivity } from '#src/server/features/activities/activities.service.ts';
import { findKindRow, listParticipantRows, listPersonRows } from '#src/server/features/activities/activities.repository.ts';
import { resolveParties } from '#src/server/features/pairs/mou-draft.service.ts';
import { findPairRow, signedMouRow } from '#src/server/features/pairs/pairs.repository.ts';
import { findPostByActivity, findPostRow, insertPost, insertSlug, listPostRows, photoRows, slugOwner, slugsLike, updatePost } from './news.repository.ts';
import { sanitizeNewsHtml, textOfHtml } from './news.sanitize.ts';
import type { NewsPostRow } from './news.table.ts';

export class NewsNotFoundError extends DomainError {
  constructor() {
    super('NEWS_NOT_FOUND', 404);
  }
}

/** The public address of a published post. */
export const newsPath = (slug: string) => `/tin-tuc/${slug}`;

const userIdOf = (ctx: CallContext) => personOf(ctx.actor)?.userId ?? null;
const searchKeyOf = (title: string, summary: string) => foldForSearch(`${title} ${summary}`);

interface LoadedPost extends LoadedActivity {
  post: NewsPostRow;
}

/** The post, if the caller may see its activity; anything else is "not found". */
async function loadPostFor(db: Db, ctx: CallContext, id: string, now: Date, lock = false): Promise<LoadedPost> {
  const post = await findPostRow(db, id, lock);
  if (!post) throw new NewsNotFoundError();
  let loaded: LoadedActivity;
  try {
    loaded = await loadActivityFor(db, ctx, post.activity_id, now, lock);
  } catch (err) {
    throw err instanceof DomainError && err.status === 404 ? new NewsNotFoundError() : err;
  }
  authorize(ctx.actor, 'news.read', loaded.facts, { onWho: () => new NewsNotFoundError() });
  return { ...loaded, post };
}

async function dtoOf(db: Db, ctx: CallContext, { post, activity, members, facts }: LoadedPost): Promise<NewsPostDto> {
  const photos = await photoRows(db, activity.id);
  const actions: NewsAction[] = [];
  if (can(ctx.actor, 'news.edit', facts)) actions.push('edit');
  if (post.status !== 'published' && can(ctx.actor, 'news.publish', facts)) actions.push('publish');
  if (post.status === 'published' && can(ctx.actor, 'news.unpublish', facts)) actions.push('unpublish');
  return {
    id: post.id,
    activityId: post.activity_id,
    activityTitle: activity.title,
    pairId: post.pair_id,
    pairName: members.map((m) => m.short_name).join(' – '),
    title: post.title,
    summary: post.summary,
    bodyHtml: post.body_html,
    photoFileIds: post.photo_file_ids,
    status: post.status,
    slug: post.slug,
    publicPath: post.slug ? newsPath(post.slug) : null,
    createdAt: post.created_at.toISOString(),
    updatedAt: post.updated_at.toISOString(),
    publishedAt: post.published_at?.toISOString() ?? null,
    withdrawnAt: post.withdrawn_at?.toISOString() ?? null,
    withdrawnReason: post.withdrawn_reason,
    photoOptions: photos.map((p) => ({ fileId: p.id, fileName: p.file_name, width: p.width, height: p.height })),
    actions,
  };
}

const auditView = (p: NewsPostRow) => ({
  activityId: p.activity_id,
  title: p.title,
  summary: p.summary,
  bodyHtml: p.body_html,
  photoFileIds: p.photo_file_ids,
  status: p.status,
  slug: p.slug,
});

/**
 * The pair whose plan and MoU were in force on the day: an activity held before the pair's own
 * campaign was issued (a school year that straddles two phases) is cited under the phase it
 * continues, never under a plan issued after the event.
 */
async function pairInForceOn(trx: Db, pair: { id: string; campaign_id: string; continued_from_pair_id: string | null }, day: string) {
  let current = pair;
  for (let hops = 0; hops < 10 && current.continued_from_pair_id; hops++) {
    const campaign = await findCampaignRow(trx, current.campaign_id);
    if (!campaign || campaign.issued_on <= day) break;
    const previous = await findPairRow(trx, current.continued_from_pair_id);
    if (!previous) break;
    current = previous;
  }
  return current;
}

/** One click: a draft of the activity's news post from its record (one post per activity). */
export async function draftNews(trx: Db, ctx: CallContext, activityId: string, now: Date): Promise<NewsPostDto> {
  const loaded = await loadActivityFor(trx, ctx, activityId, now, true);
  authorize(ctx.actor, 'news.draft', loaded.facts);
  const a = loaded.activity;
  if (a.status !== 'done' && a.status !== 'reported') throw new DomainError('NEWS_ACTIVITY_NOT_HELD', 409, {}, 'activityId');
  const existing = await findPostByActivity(trx, activityId);
  if (existing) throw new DomainError('NEWS_EXISTS', 409, { id: existing.id }, 'activityId');
  const basis = await pairInForceOn(trx, loaded.pair, a.starts_on);
  const [campaign, mou, kind, participants, people, { parties }] = await Promise.all([
    findCampaignRow(trx, basis.campaign_id),
    signedMouRow(trx, basis.id),
    findKindRow(trx, a.kind),
    listParticipantRows(trx, [a.id]),
    listPersonRows(trx, [a.id]),
    resolveParties(trx, loaded.members, a.starts_on),
  ]);
  if (!campaign) throw new NewsNotFoundError();
  const draft = draftNewsPost({
    campaign: { number: campaign.number, issuedOn: campaign.issued_on, issuer: campaign.issuer, title: campaign.title },
    phase: mou?.phase || null,
    activity: {
      kindCode: a.kind,
      kindName: kind?.name_vi ?? a.kind,
      title: a.title,
      startsOn: a.starts_on,
      endsOn: a.ends_on,
      hostSchoolId: a.host_school_id,
      place: a.place,
      mode: a.mode,
      subject: a.subject,
      description: a.description,
      outcome: a.outcome,
    },
    schools: parties.map((p) => ({ id: p.schoolId, name: p.name, shortName: p.shortName, unitLine: p.unitLine })),
    participants: participants.map((p) => ({ schoolId: p.school_id, teachers: p.teachers, staff: p.staff, students: p.students })),
    people: people.map((p) => ({ schoolId: p.school_id, displayName: p.display_name })),
  });
  const photos = await photoRows(trx, a.id);
  const title = cleanText(draft.title).slice(0, 300);
  const row = await insertPost(trx, {
    activity_id: a.id,
    pair_id: loaded.pair.id,
    title,
    summary: draft.summary,
    body_html: sanitizeNewsHtml(draft.bodyHtml),
    photo_file_ids: photos.slice(0, 4).map((p) => p.id),
    search_key: searchKeyOf(title, draft.summary),
    created_by_user_id: userIdOf(ctx),
    created_at: now,
    updated_at: now,
  });
  await recordAudit(trx, ctx, { action: 'news.draft', entity: 'news', entityId: row.id, pairId: row.pair_id, after: auditView(row) });
  return dtoOf(trx, ctx, { ...loaded, post: row });
}

export async function getNews(db: Db, ctx: CallContext, id: string, now: Date): Promise<NewsPostDto> {
  return dtoOf(db, ctx, await loadPostFor(db, ctx, id, now));
}

export async function listNews(
  db: Db,
  ctx: CallContext,
  f: { activityId?: string | undefined; pairId?: string | undefined; limit: number; offset: number },
  now: Date,
): Promise<{ items: NewsSummaryDto[]; total: number }> {
  authorize(ctx.actor, 'news.list');
  const scope = scopeFor(ctx.actor, 'news.read');
  if (!scope) throw new ForbiddenError();
  const { rows, total } = await listPostRows(db, scope, isoDateInHanoi(now), f);
  return {
    total,
    items: rows.map((r) => ({
      id: r.id,
      activityId: r.activity_id,
      activityTitle: r.activity_title,
      pairId: r.pair_id,
      pairName: r.pair_name ?? '',
      title: r.title,
      status: r.status,
      slug: r.slug,
      publicPath: r.slug ? newsPath(r.slug) : null,
      updatedAt: r.updated_at.toISOString(),
      publishedAt: r.published_at?.toISOString() ?? null,
    })),
  };
}

/** A fresh slug for a title: its own base, numbered past every address ever given (old ones are never reused). */
async function freshSlug(trx: Db, title: string, postId: string): Promise<{ slug: string; isNew: boolean }> {
  const base = slugOf(title);
  if ((await slugOwner(trx, base)) === postId) return { slug: base, isNew: false };
  const taken = await slugsLike(trx, base);
  const slug = uniqueSlug(base, (s) => taken.has(s));
  return { slug, isNew: true };
}

export async function editNews(trx: Db, ctx: CallContext, id: string, patch: NewsPatch, now: Date): Promise<NewsPostDto> {
  const loaded = await loadPostFor(trx, ctx, id, now, true);
  authorize(ctx.actor, 'news.edit', loaded.facts);
  const before = loaded.post;
  const title = patch.title !== undefined ? cleanText(patch.title) : before.title;
  if (title.length < 3) throw new ValidationError('title', 'required');
  const summary = patch.summary !== undefined ? cleanText(patch.summary) : before.summary;
  const bodyHtml = patch.bodyHtml !== undefined ? sanitizeNewsHtml(patch.bodyHtml) : before.body_html;
  if (before.status === 'published' && !textOfHtml(bodyHtml)) throw new ValidationError('bodyHtml', 'required');
  let photoIds = before.photo_file_ids;
  if (patch.photoFileIds !== undefined) {
    const own = new Set((await photoRows(trx, before.activity_id)).map((p) => p.id));
    for (const [i, fid] of patch.photoFileIds.entries()) if (!own.has(fid)) throw new ValidationError(`photoFileIds.${i}`, 'news_photo_not_of_activity');
    photoIds = [...new Set(patch.photoFileIds)];
  }
  let slug = before.slug;
  if (before.status === 'published' && title !== before.title) {
    const fresh = await freshSlug(trx, title, id);
    if (fresh.isNew) await insertSlug(trx, fresh.slug, id, now);
    slug = fresh.slug;
  }
  const row = await updatePost(trx, id, { title, summary, body_html: bodyHtml, photo_file_ids: photoIds, slug, search_key: searchKeyOf(title, summary), updated_at: now });
  await recordAudit(trx, ctx, { action: 'news.update', entity: 'news', entityId: id, pairId: row.pair_id, before: auditView(before), after: auditView(row) });
  return dtoOf(trx, ctx, { ...loaded, post: row });
}

/**
 * Publish a draft under a fresh address from its title, or publish a withdrawn post again under
 * the address it had (its slug and first publication date are kept: the same URL, in its place
 * in the news list and the feeds).
 */
export async function publishNews(trx: Db, ctx: CallContext, id: string, now: Date): Promise<NewsPostDto> {
  const loaded = await loadPostFor(trx, ctx, id, now, true);
  authorize(ctx.actor, 'news.publish', loaded.facts);
  const before = loaded.post;
  if (before.status === 'published') throw new DomainError('NEWS_ALREADY_PUBLISHED', 409);
  if (!textOfHtml(before.body_html)) throw new ValidationError('bodyHtml', 'required');
  if (before.status === 'withdrawn') {
    const row = await updatePost(trx, id, { status: 'published', withdrawn_at: null, withdrawn_by_user_id: null, withdrawn_reason: null, updated_at: now });
    await recordAudit(trx, ctx, {
      action: 'news.republish',
      entity: 'news',
      entityId: id,
      pairId: row.pair_id,
      before: { status: before.status, slug: before.slug, reason: before.withdrawn_reason },
      after: { status: row.status, slug: row.slug },
    });
    return dtoOf(trx, ctx, { ...loaded, post: row });
  }
  const fresh = await freshSlug(trx, before.title, id);
  if (fresh.isNew) await insertSlug(trx, fresh.slug, id, now);
  const row = await updatePost(trx, id, { status: 'published', slug: fresh.slug, published_at: now, published_by_user_id: userIdOf(ctx), updated_at: now });
  await recordAudit(trx, ctx, { action: 'news.publish', entity: 'news', entityId: id, pairId: row.pair_id, before: { status: before.status }, after: { status: row.status, slug: row.slug } });
  return dtoOf(trx, ctx, { ...loaded, post: row });
}

/**
 * Take a published post off the public portal, saying why: its addresses answer 410 Gone and it
 * leaves the news list, search, its pair's page and the feeds until it is published again.
 */
export async function unpublishNews(trx: Db, ctx: CallContext, id: string, input: NewsUnpublish, now: Date): Promise<NewsPostDto> {
  const loaded = await loadPostFor(trx, ctx, id, now, true);
  authorize(ctx.actor, 'news.unpublish', loaded.facts);
  const before = loaded.post;
  const reason = cleanText(input.reason);
  if (reason.length < NEWS_REASON_MIN) throw new ValidationError('reason', reason ? 'too_small_string' : 'required', { minimum: NEWS_REASON_MIN });
  if (before.status !== 'published') throw new DomainError('NEWS_NOT_PUBLISHED', 409);
  const row = await updatePost(trx, id, { status: 'withdrawn', withdrawn_at: now, withdrawn_by_user_id: userIdOf(ctx), withdrawn_reason: reason, updated_at: now });
  await recordAudit(trx, ctx, { action: 'news.unpublish', entity: 'news', entityId: id, pairId: row.pair_id, before: { status: before.status, slug: before.slug }, after: { status: row.status, slug: row.slug, reason } });
  return dtoOf(trx, ctx, { ...loaded, post: row });
}

// plans-e2e
/** Whether the news post of an activity (whatever its state) shows this photo: it may not leave the activity while it does. */
export async function newsShowsPhoto(db: Db, activityId: string, fileId: string): Promise<boolean> {
  const post = await findPostByActivity(db, activityId);
  return Boolean(post?.photo_file_ids.includes(fileId));
}
