/** All SQL of news posts (the signed-in side): posts, their addresses, the activity's photos. */
import { sql, type Insertable, type Updateable } from 'kysely';
import type { Scope } from '#src/core/roles.ts';
import type { Db } from '#src/server/context.ts';
import { schoolIdsInScope } from '#src/server/features/schools/schools.repository.ts';
import type { NewsPostTable } from './news.table.ts';

const pairName = sql<string>`(select string_agg(s.short_name, ' – ' order by pm.position, s.short_name) from pair_member pm join school s on s.id = pm.school_id where pm.pair_id = news_post.pair_id)`;

export async function findPostRow(db: Db, id: string, lock = false) {
  let q = db.selectFrom('news_post').selectAll().where('id', '=', id);
  if (lock) q = q.forUpdate();
  return q.executeTakeFirst();
}

export async function findPostByActivity(db: Db, activityId: string) {
  return db.selectFrom('news_post').selectAll().where('activity_id', '=', activityId).executeTakeFirst();
}

export async function insertPost(db: Db, values: Insertable<NewsPostTable>) {
  return db.insertInto('news_post').values(values).returningAll().executeTakeFirstOrThrow();
}

export async function updatePost(db: Db, id: string, values: Updateable<NewsPostTable>) {
  return db.updateTable('news_post').set(values).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
}

export async function slugOwner(db: Db, slug: string): Promise<string | null> {
  const row = await db.selectFrom('news_slug').select('post_id').where('slug', '=', slug).executeTakeFirst();
  return row?.post_id ?? null;
}

/** Slugs starting with `base` (to number a new one past them). */
export async function slugsLike(db: Db, base: string): Promise<Set<string>> {
  const rows = await db.selectFrom('news_slug').select('slug').where('slug', 'like', `${base}%`).execute();
  return new Set(rows.map((r) => r.slug));
}

export async function insertSlug(db: Db, slug: string, postId: string, at: Date) {
  await db.insertInto('news_slug').values({ slug, post_id: postId, created_at: at }).execute();
}

/** The activity's photos (evidence files that are images). */
export async function photoRows(db: Db, activityId: string) {
  return db
    .selectFrom('activity_file')
    .select(['id', 'file_name', 'width', 'height'])
    .where('activity_id', '=', activityId)
    .where('kind', '=', 'photo')
    .orderBy('uploaded_at')
    .execute();
}

export async function listPostRows(db: Db, scope: Scope, today: string, f: { activityId?: string | undefined; pairId?: string | undefined; limit: number; offset: number }) {
  let q = db.selectFrom('news_post');
  if (scope.kind !== 'all') {
    q = q.where(sql<boolean>`exists (select 1 from pair_member pm where pm.pair_id = news_post.pair_id and pm.school_id in ${schoolIdsInScope(scope, today)})`);
  }
  if (f.activityId) q = q.where('news_post.activity_id', '=', f.activityId);
  if (f.pairId) q = q.where('news_post.pair_id', '=', f.pairId);
  const [rows, count] = await Promise.all([
    q
      .innerJoin('activity', 'activity.id', 'news_post.activity_id')
      .selectAll('news_post')
      .select(['activity.title as activity_title', pairName.as('pair_name')])
      .orderBy('news_post.updated_at', 'desc')
      .orderBy('news_post.id')
      .limit(f.limit)
      .offset(f.offset)
      .execute(),
    q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.n) };
}
