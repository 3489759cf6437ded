/**
 * All SQL of the public portal. Every query names the columns it reads (no `selectAll`):
 * only what the allow-lists of `core/portal/dto.ts` show is ever read here.
 */
import { sql } from 'kysely';
import type { Db } from '#src/server/context.ts';

/** Pairs shown in public: their MoU was signed (active) or they ran their phase (completed). */
export const PUBLIC_PAIR_STATES = ['active', 'completed'] as const;
const HELD = ['done', 'reported'] as const;

export async function totalsRow(db: Db) {
  // One pass over the held activities of public pairs and one over their participants (hash
  // joins; no CTE to materialise): see bench/portal.ts for the plan at 100,000 activities.
  const r = await sql<{ pairs: number; schools: number; activities: number; teachers: number; students: number }>`
    select
      (select count(*) from pair where state in ('active', 'completed'))::int as pairs,
      (select count(distinct pm.school_id) from pair_member pm join pair p on p.id = pm.pair_id where p.state in ('active', 'completed'))::int as schools,
      (select count(*) from activity a join pair p on p.id = a.pair_id
        where p.state in ('active', 'completed') and a.status in ('done', 'reported'))::int as activities,
      t.teachers::int as teachers, t.students::int as students
    from (
      select coalesce(sum(ap.teachers), 0) as teachers, coalesce(sum(ap.students), 0) as students
      from activity_participant ap join activity a on a.id = ap.activity_id join pair p on p.id = a.pair_id
      where p.state in ('active', 'completed') and a.status in ('done', 'reported')
    ) t
  `.execute(db);
  return r.rows[0]!;
}

const signedOn = sql<string | null>`(select coalesce(max(m.signed_on) filter (where m.status = 'signed'), max(m.signed_on))::text from mou m where m.pair_id = pair.id)`;
/** The years of the pair's campaign ("2026–2028"): the same two schools have one pair a phase, and the cards must tell them apart. */
const phaseOf = sql<string>`(select c.phase_start_year || '–' || c.phase_end_year from campaign c where c.id = pair.campaign_id)`;
const heldCount = sql<number>`(select count(*) from activity a where a.pair_id = pair.id and a.status in ('done', 'reported'))::int`;

export async function publicPairRows(db: Db, f: { words: string[]; limit: number; offset: number; ids?: string[] }) {
  let q = db.selectFrom('pair').where('pair.state', 'in', PUBLIC_PAIR_STATES);
  for (const w of f.words) q = q.where('pair.search_key', 'like', `%${w.replace(/[\\%_]/gu, '\\$&')}%`);
  if (f.ids) q = q.where('pair.id', 'in', f.ids.length ? f.ids : ['00000000-0000-0000-0000-000000000000']);
  const [rows, count] = await Promise.all([
    q.select(['pair.id', signedOn.as('signed_on'), phaseOf.as('phase'), heldCount.as('activities')]).orderBy(signedOn, (ob) => ob.desc().nullsLast()).orderBy('pair.id').limit(f.limit).offset(f.offset).execute(),
    q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.n) };
}

export async function memberSchools(db: Db, pairIds: string[]) {
  if (!pairIds.length) return [];
  return db
    .selectFrom('pair_member')
    .innerJoin('school', 'school.id', 'pair_member.school_id')
    .select(['pair_member.pair_id', 'pair_member.school_id', 'school.name', 'school.short_name', 'school.level'])
    .where('pair_member.pair_id', 'in', pairIds)
    .orderBy('pair_member.pair_id')
    .orderBy('pair_member.position')
    .execute();
}

export async function publicPairRow(db: Db, id: string) {
  return db
    .selectFrom('pair')
    .innerJoin('campaign', 'campaign.id', 'pair.campaign_id')
    .select(['pair.id', 'campaign.number', 'campaign.title', 'campaign.issued_on', 'campaign.issuer'])
    .where('pair.id', '=', id)
    .where('pair.state', 'in', PUBLIC_PAIR_STATES)
    .executeTakeFirst();
}

/** The MoU version in force, else the last one signed. */
export async function signedMouOf(db: Db, pairId: string) {
  return db
    .selectFrom('mou')
    .selectAll()
    .where('pair_id', '=', pairId)
    .where('signed_on', 'is not', null)
    .orderBy(sql`status = 'signed'`, 'desc')
    .orderBy('version', 'desc')
    .limit(1)
    .executeTakeFirst();
}

export async function heldActivityRows(db: Db, pairId: string, limit: number) {
  return db
    .selectFrom('activity')
    .innerJoin('activity_kind as k', 'k.code', 'activity.kind')
    .leftJoin('school as host', 'host.id', 'activity.host_school_id')
    .leftJoin('news_post as n', (j) => j.onRef('n.activity_id', '=', 'activity.id').on('n.status', '=', 'published'))
    .select([
      'activity.title',
      'k.name_vi as kind_name',
      'k.name_en as kind_name_en',
      'activity.starts_on',
      'activity.ends_on',
      'host.name as host_name',
      'activity.mode',
      'n.slug as news_slug',
      sql<number>`(select coalesce(sum(p.teachers), 0) from activity_participant p where p.activity_id = activity.id)::int`.as('teachers'),
      sql<number>`(select coalesce(sum(p.students), 0) from activity_participant p where p.activity_id = activity.id)::int`.as('students'),
    ])
    .where('activity.pair_id', '=', pairId)
    .where('activity.status', 'in', HELD)
    .orderBy('activity.starts_on', 'desc')
    .orderBy('activity.id')
    .limit(limit)
    .execute();
}

export async function pairHeldTotals(db: Db, pairId: string) {
  const r = await sql<{ activities: number; teachers: number; students: number }>`
    select count(distinct a.id)::int as activities, coalesce(sum(ap.teachers), 0)::int as teachers, coalesce(sum(ap.students), 0)::int as students
    from activity a left join activity_participant ap on ap.activity_id = a.id
    where a.pair_id = ${pairId}::uuid and a.status in ('done', 'reported')
  `.execute(db);
  return r.rows[0]!;
}

const newsPairName = sql<string>`(select string_agg(s.short_name, ' – ' order by pm.position, s.short_name) from pair_member pm join school s on s.id = pm.school_id where pm.pair_id = n.pair_id)`;

/** Published posts, newest first, whose folded title and summary hold every word. */
export async function publishedNewsRows(db: Db, f: { words: string[]; pairId?: string; limit: number; offset: number }) {
  let q = db.selectFrom('news_post as n').where('n.status', '=', 'published');
  for (const w of f.words) q = q.where('n.search_key', 'like', `%${w.replace(/[\\%_]/gu, '\\$&')}%`);
  if (f.pairId) q = q.where('n.pair_id', '=', f.pairId);
  const [rows, count] = await Promise.all([
    q
      .select(['n.slug', 'n.title', 'n.summary', 'n.published_at', 'n.photo_file_ids', newsPairName.as('pair_name')])
      .orderBy('n.published_at', 'desc')
      .orderBy('n.id')
      .limit(f.limit)
      .offset(f.offset)
      .execute(),
    q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.n) };
}

/** The post an address names (current or old), if published. */
export async function publishedPostBySlug(db: Db, slug: string) {
  return db
    .selectFrom('news_slug as s')
    .innerJoin('news_post as n', 'n.id', 's.post_id')
    .innerJoin('activity as a', 'a.id', 'n.activity_id')
    .innerJoin('activity_kind as k', 'k.code', 'a.kind')
    .select([
      'n.slug',
      'n.pair_id',
      'n.title',
      'n.summary',
      'n.body_html',
      'n.photo_file_ids',
      'n.published_at',
      'n.updated_at',
      'a.title as activity_title',
      'k.name_vi as kind_name',
      'k.name_en as kind_name_en',
      'a.starts_on',
      'a.ends_on',
      newsPairName.as('pair_name'),
    ])
    .where('s.slug', '=', slug)
    .where('n.status', '=', 'published')
    .executeTakeFirst();
}

/** Whether an address (current or old) is a withdrawn post's: it answers 410 Gone, not 404. */
export async function isWithdrawnSlug(db: Db, slug: string): Promise<boolean> {
  const row = await db
    .selectFrom('news_slug as s')
    .innerJoin('news_post as n', 'n.id', 's.post_id')
    .select('n.id')
    .where('s.slug', '=', slug)
    .where('n.status', '=', 'withdrawn')
    .executeTakeFirst();
  return Boolean(row);
}

export async function photoSizes(db: Db, ids: string[]) {
  if (!ids.length) return [];
  return db.selectFrom('activity_file').select(['id', 'width', 'height', 'thumbnail_key']).where('id', 'in', ids).where('kind', '=', 'photo').execute();
}

/** A photo shown by a published post (nothing else of the file store is public). */
export async function publishedPhoto(db: Db, fileId: string) {
  return db
    .selectFrom('activity_file as f')
    .select(['f.storage_key', 'f.thumbnail_key', 'f.media_type'])
    .where('f.id', '=', fileId)
    .where('f.kind', '=', 'photo')
    .where(sql<boolean>`exists (select 1 from news_post n where n.status = 'published' and n.activity_id = f.activity_id and ${fileId}::uuid = any(n.photo_file_ids))`)
    .executeTakeFirst();
}
