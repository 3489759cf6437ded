import type { AdminUnitTable, CapabilityAreaTable, SchoolRow } from './school.table.ts';
import { sql, type Insertable, type RawBuilder, type Selectable } from 'kysely';
import { PAIRED_STATES, type PairState } from '#src/core/pairs/state-machine.ts';
import { schoolNameKey, schoolSearchKey, type AreaType, type Ownership } from '#src/core/registry/school.ts';
import type { Scope } from '#src/core/roles.ts';
import { notEndedBy, unitAndBelow, unitChains, validOn } from '#src/db/query-helpers.ts';
import { queryTemplate, type Slot } from '#src/db/query-template.ts';
import type { Db } from '#src/server/context.ts';

/**
 * The ids of the schools a scope covers, as a parenthesised subquery for
 * `where('school.id', 'in', …)`. An area covers every unit below it, and a
 * school belongs to the unit it is located in on `onDate`.
 */
export function schoolIdsInScope(scope: Scope, onDate: string): RawBuilder<string> {
  switch (scope.kind) {
    case 'all':
      return sql<string>`(select id from school)`;
    case 'school':
      return sql<string>`(select ${scope.schoolId}::uuid)`;
    case 'area':
      return sql<string>`(
        select sl.school_id from school_location sl
        where sl.admin_unit_id in ${unitAndBelow(scope.adminUnitId)}
          and ${validOn('sl', onDate)}
      )`;
  }
}

/**
 * `column` is the id of a school the scope covers: `true` for the whole department (no
 * subquery, so PostgreSQL neither reads every id nor joins them), else `column in (…)`.
 */
export function inScope(scope: Scope, onDate: string, column: RawBuilder<unknown> = sql`school.id`): RawBuilder<boolean> {
  return scope.kind === 'all' ? sql<boolean>`true` : sql<boolean>`${column} in ${schoolIdsInScope(scope, onDate)}`;
}

/** The number of schools a scope covers, as a scalar subquery (the dashboard's counts). */
export function schoolCountQuery(db: Db, scope: Scope, onDate: string) {
  return db
    .selectFrom('school')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where(inScope(scope, onDate));
}

// ---------------------------------------------------------------------------
// The registry: lists, profiles, locations, capabilities, imports.

/**
 * Pair states that make a school "paired": `PAIRED_STATES`, approved by the department or under
 * way (and, within one campaign, completed). A proposed or accepted pair is only "proposed".
 */
const PAIRED_IN_CAMPAIGN_STATES: PairState[] = ['approved', 'active', 'completed'];
export const PROPOSED_STATES: PairState[] = ['proposed', 'accepted'];
/** Pair states a campaign filter lists a school for. */
const CAMPAIGN_PAIR_STATES = [...PROPOSED_STATES, ...PAIRED_IN_CAMPAIGN_STATES];

function hasPair(states: readonly PairState[], campaignId?: string) {
  return sql<boolean>`exists (
      select 1 from pair_member pm join pair p on p.id = pm.pair_id
      where pm.school_id = school.id and p.state in (${sql.join(states)})
      ${campaignId ? sql`and p.campaign_id = ${campaignId}::uuid` : sql``}
    )`;
}

/**
 * 'paired' | 'proposed' | 'none' of the school in the current row: one subquery over its live
 * pairs (two `exists`, one per answer, cost PostgreSQL a quarter of a millisecond more to plan
 * on every list).
 */
function pairStatusOf(campaignId?: string) {
  const paired = campaignId ? PAIRED_IN_CAMPAIGN_STATES : PAIRED_STATES;
  return sql<'paired' | 'proposed' | 'none'>`(select case
      when count(*) = 0 then 'none'
      when bool_or(p.state in (${sql.join(paired)})) then 'paired'
      else 'proposed' end
    from pair_member pm join pair p on p.id = pm.pair_id
    where pm.school_id = school.id and p.state in (${sql.join([...new Set([...paired, ...PROPOSED_STATES])])})
      ${campaignId ? sql`and p.campaign_id = ${campaignId}::uuid` : sql``})`;
}

export interface SchoolListFilter {
  q?: string | undefined;
  level?: string[] | undefined;
  areaType?: string[] | undefined;
  ownership?: string | undefined;
  status?: 'active' | 'merged' | 'closed' | 'all' | undefined;
  adminUnitId?: string | undefined;
  paired?: boolean | undefined;
  campaignId?: string | undefined;
  sort: 'relevance' | 'name' | 'code' | 'students' | 'teachers' | 'updatedAt';
  order: 'asc' | 'desc';
  limit: number;
  offset: number;
  /** name order only: the page starts after this school (the list's cursor), `offset` counts from there */
  after?: { name: string; id: string } | undefined;
}

export interface SearchTerms {
  /** exact code as typed (trimmed) */
  code: string;
  /** folded words */
  words: string[];
  folded: string;
  compact: string;
}

/**
 * What decides the SQL text of a list (which filters, the order, how the search matches);
 * everything else is a value (`ListValues`). The page query is compiled once per shape
 * (`queryTemplate`): building and compiling it with Kysely cost ~1 ms of Node CPU per request.
 */
interface ListShape {
  scope: Scope['kind'];
  level: boolean;
  areaType: boolean;
  ownership: boolean;
  status: boolean;
  adminUnit: boolean;
  /** the `paired` filter (null: none) */
  paired: boolean | null;
  campaign: boolean;
  terms: { words: number; compact: boolean; codePrefix: boolean } | null;
  sort: SchoolListFilter['sort'];
  order: SchoolListFilter['order'];
  /** a search counts its matches on the way (`count(*) over ()`) */
  count: boolean;
  /** the page starts after a cursor (name order) */
  cursor: boolean;
}

/** The values of a list's query, by name (the slots of the compiled query). */
type ListValues = Record<string, unknown>;
/** A value of the list's query: the value itself, or the slot of a compiled query. */
type ValueOf = <T = string>(name: string) => T;

function listShape(scope: Scope, f: SchoolListFilter, terms: SearchTerms | null, count: boolean): ListShape {
  return {
    scope: scope.kind,
    level: Boolean(f.level?.length),
    areaType: Boolean(f.areaType?.length),
    ownership: Boolean(f.ownership),
    status: (f.status ?? 'active') !== 'all',
    adminUnit: Boolean(f.adminUnitId),
    paired: f.paired ?? null,
    campaign: Boolean(f.campaignId),
    terms: terms
      ? { words: terms.words.length, compact: terms.words.length > 1 && Boolean(terms.compact), codePrefix: terms.code.length >= 2 && !/\s/u.test(terms.code) }
      : null,
    sort: f.sort,
    order: f.order,
    count,
    cursor: Boolean(f.after),
  };
}

function listValues(scope: Scope, onDate: string, f: SchoolListFilter, terms: SearchTerms | null): ListValues {
  const values: ListValues = {
    onDate,
    scopeSchoolId: scope.kind === 'school' ? scope.schoolId : null,
    scopeUnitId: scope.kind === 'area' ? scope.adminUnitId : null,
    levels: f.level ?? null,
    areaTypes: f.areaType ?? null,
    ownership: f.ownership ?? null,
    status: f.status ?? 'active',
    adminUnitId: f.adminUnitId ?? null,
    campaignId: f.campaignId ?? null,
    limit: f.limit,
    offset: f.offset,
    cursorName: f.after?.name ?? null,
    cursorId: f.after?.id ?? null,
  };
  if (terms) {
    // Every query word starts a word of the folded name or short name (or of their compact
    // forms "aimob"), never a word inside another ("ai" in "trai") nor a word of the code.
    terms.words.forEach((w, i) => (values[`w${i}`] = `% ${escapeLike(w)}%`));
    values.compact = `% ${escapeLike(terms.compact)}%`;
    values.codeLower = terms.code.toLowerCase();
    values.codePrefix = `${escapeLike(terms.code.toLowerCase())}%`;
    values.foldedPrefix = `${escapeLike(terms.folded)}%`;
    values.compactPrefix = `${escapeLike(terms.compact)}%`;
    values.foldedWords = `% ${escapeLike(terms.folded)}%`;
  }
  return values;
}

const valuesOf = (values: ListValues): ValueOf => <T>(name: string) => values[name] as T;

/**
 * The ids of one page, filtered, sorted and cut on `school` alone, so that the locations are
 * looked up for the page's rows only, never for every match (a search matching 9,000 schools
 * joined 9,000 locations and unit chains before sorting them). Only the id leaves this query:
 * with `countMatches`, a search's `count(*) over ()` keeps every match in memory until the sort,
 * and whole rows (~600 bytes each) made that 5 MB, past `work_mem`, written to a temporary file.
 */
function pageOf(db: Db, where: RawBuilder<boolean>, order: RawBuilder<unknown>, limit: number, offset: number = 0, countMatches = false) {
  return db
    .selectFrom('school')
    .select('school.id')
    // With `countMatches`, every row also says how many rows matched (null otherwise).
    .select(countMatches ? sql<number | null>`count(*) over ()`.as('matches') : sql<number | null>`null::bigint`.as('matches'))
    .where(where)
    .orderBy(order)
    .limit(limit)
    .offset(offset);
}

/**
 * `pageOf` for a search in order of relevance, counting its matches: each match's rank is
 * computed where the match is read, so that only its id, name and rank reach the window
 * (`count(*) over ()`) that holds every match until the sort. Computed above the window (as
 * PostgreSQL did for `order by <rank>` beside the window), the rank needed the code, the name
 * keys and the words of every match stored in the window's buffer, and that copy cost more
 * than the rank itself: "tieu hoc" (9,008 matches of 45,000) 44 → 34 ms of PostgreSQL CPU at
 * offset 1,980 and 31 → 20 ms for its first page (docs/performance.md). `offset 0` keeps the
 * planner from merging the subquery back (and the rank with it) into the window's query.
 */
function rankedPageOf(db: Db, where: RawBuilder<boolean>, rank: RawBuilder<number>, limit: number, offset: number) {
  const matches = db.selectFrom('school').select(['school.id', 'school.name']).select(rank.as('rank')).where(where).offset(sql<number>`0`);
  return db
    .selectFrom(matches.as('m'))
    .select('m.id')
    .select(sql<number | null>`count(*) over ()`.as('matches'))
    .orderBy(sql`m.rank, m.name collate "vi-x-icu", m.id`)
    .limit(limit)
    .offset(offset);
}

/**
 * The rows of a page (the school joined again by its id, as `school`; the page's own columns as
 * `page`) with the location of each school on a date (a lateral subquery) and its unit chain.
 */
function withLocation(db: Db, onDate: string, page: ReturnType<typeof pageOf> | ReturnType<typeof rankedPageOf>) {
  return db
    .selectFrom(page.as('page'))
    .innerJoin('school', 'school.id', 'page.id')
    .leftJoinLateral(
      (eb) =>
        eb
          .selectFrom('school_location as sl')
          .select(['sl.admin_unit_id'])
          .whereRef('sl.school_id', '=', 'school.id')
          .where(validOn('sl', onDate))
          .orderBy('sl.valid_from', 'desc')
          .limit(1)
          .as('loc'),
      (join) => join.onTrue(),
    )
    .leftJoin(unitChains(db).as('uc'), 'uc.u1_id', 'loc.admin_unit_id');
}

/**
 * The list's filters as one condition on `school` alone: the count reads no location, and the
 * page joins the locations of its own rows only. `v` gives each value (or its slot).
 */
function filterCondition(shape: ListShape, v: ValueOf): RawBuilder<boolean> {
  const and: RawBuilder<boolean>[] = [];
  if (shape.scope === 'school') and.push(inScope({ kind: 'school', schoolId: v('scopeSchoolId') }, v('onDate')));
  if (shape.scope === 'area') and.push(inScope({ kind: 'area', adminUnitId: v('scopeUnitId') }, v('onDate')));
  // `= any(array)`: one value whatever the number of levels, so one compiled query serves them all.
  if (shape.level) and.push(sql<boolean>`school.level = any(${v('levels')}::text[])`);
  if (shape.areaType) and.push(sql<boolean>`school.area_type = any(${v('areaTypes')}::text[])`);
  if (shape.ownership) and.push(sql<boolean>`school.ownership = ${v('ownership')}`);
  if (shape.status) and.push(sql<boolean>`school.status = ${v('status')}`);
  if (shape.adminUnit) and.push(inScope({ kind: 'area', adminUnitId: v('adminUnitId') }, v('onDate')));
  const campaignId = shape.campaign ? v('campaignId') : undefined;
  if (shape.paired !== null) {
    const paired = hasPair(shape.campaign ? PAIRED_IN_CAMPAIGN_STATES : PAIRED_STATES, campaignId);
    and.push(shape.paired ? paired : sql<boolean>`not ${paired}`);
  } else if (shape.campaign) {
    and.push(hasPair(CAMPAIGN_PAIR_STATES, campaignId));
  }
  if (shape.terms) {
    // `name_words` is the search key without the code's words (0011_search_indexes), with a
    // trigram index that serves these LIKEs, one per word; a one-word query is its own compact form.
    const words = Array.from({ length: shape.terms.words }, (_, i) => sql<boolean>`school.name_words like ${v(`w${i}`)}`);
    const byWords = sql.join(words, sql` and `);
    const byCompact = shape.terms.compact ? sql<boolean>`school.name_words like ${v('compact')}` : sql<boolean>`false`;
    and.push(sql<boolean>`((${byWords}) or ${byCompact} or ${codeMatch(shape, v)})`);
  }
  if (shape.cursor) and.push(afterInNameOrder(shape.order, v, 'cursorName', 'cursorId'));
  return and.length ? sql<boolean>`(${sql.join(and, sql` and `)})` : sql<boolean>`true`;
}

/** `%`, `_` and `\` taken literally in a LIKE pattern. */
function escapeLike(s: string): string {
  return s.replace(/[\\%_]/gu, (c) => `\\${c}`);
}

/**
 * A code matches exactly, or by prefix when the query is one token of at least two
 * characters (so "d" is never every "DEMO-…" code).
 */
function codeMatch(shape: ListShape, v: ValueOf) {
  // Both served by school_code_lower_idx (lower(code) text_pattern_ops).
  const exact = sql<boolean>`lower(school.code) = ${v('codeLower')}`;
  if (!shape.terms?.codePrefix) return exact;
  return sql<boolean>`(${exact} or lower(school.code) like ${v('codePrefix')})`;
}

function rankOf(shape: ListShape, v: ValueOf) {
  return sql<number>`case
    when lower(school.code) = ${v('codeLower')} then 0
    when school.name_key like ${v('foldedPrefix')} or replace(school.name_key, ' ', '') like ${v('compactPrefix')} then 1
    when ${codeMatch(shape, v)} then 2
    when school.name_words like ${v('foldedWords')} then 3
    else 4 end`;
}

const LIST_COLUMNS = [
  'school.id',
  'school.code',
  'school.name',
  'school.short_name',
  'school.level',
  'school.ownership',
  'school.area_type',
  'school.status',
  'school.students',
  'school.teachers',
  'school.classes',
  'school.principal_name',
  'school.district_label',
  'school.commune_label',
  'school.updated_at',
  'uc.u1_id',
  'uc.u1_name',
  'uc.u1_kind',
  'uc.u2_id',
  'uc.u2_name',
  'uc.u2_kind',
  'uc.u3_id',
  'uc.u3_name',
  'uc.u3_kind',
] as const;

/** The order of a list: by relevance to the search terms, name, code, size or last change; the id last. */
function orderOf(shape: ListShape, v: ValueOf): RawBuilder<unknown> {
  const dir = shape.order === 'desc' ? sql`desc` : sql`asc`;
  switch (shape.sort) {
    case 'relevance':
      return shape.terms ? sql`${rankOf(shape, v)}, school.name collate "vi-x-icu", school.id` : sql`school.name collate "vi-x-icu" ${dir}, school.id`;
    case 'name':
      return sql`school.name collate "vi-x-icu" ${dir}, school.id`;
    case 'code':
      return sql`school.code ${dir}`;
    case 'students':
    case 'teachers':
      return sql`${sql.ref(`school.${shape.sort}`)} ${dir} nulls last, school.name collate "vi-x-icu", school.id`;
    case 'updatedAt':
      return sql`school.updated_at ${dir}, school.id`;
  }
}

/**
 * The page query of a list: built and compiled once per shape, run with each request's values.
 * A search counts its matches on the way (`matches`). A list without words in another order
 * than by name (code, size, last change) gives, in the same statement, `full_count`: when the
 * page is full, how many schools the list has up to `countLimit` (decision 0029's bound), as
 * `countFromStart` counted them in a second query; null when the page is not full (it tells the
 * total itself). The count is a scalar subquery in a `case`: PostgreSQL runs it only when the
 * case needs it, once.
 */
const buildListPage = (db: Db, shape: ListShape, slot: Slot) => {
  const order = orderOf(shape, slot);
  const where = filterCondition(shape, slot);
  const page =
    shape.count && shape.terms && shape.sort === 'relevance'
      ? rankedPageOf(db, where, rankOf(shape, slot), slot<number>('limit'), slot<number>('offset'))
      : pageOf(db, where, order, slot<number>('limit'), slot<number>('offset'), shape.count);
  const fullCount = shape.terms
    ? sql<string | null>`null::bigint`
    : sql<string | null>`case when count(*) over () = ${slot<number>('limit')} then (
        select count(*) from (select 1 from school where ${where} limit ${slot<number>('countLimit')}) matching
      ) end`;
  // The page's rows again in the page's order (the same keys, on its 20 rows).
  return withLocation(db, slot('onDate'), page)
    .select([...LIST_COLUMNS, 'page.matches', fullCount.as('full_count')])
    .select(pairStatusOf(shape.campaign ? slot('campaignId') : undefined).as('pair_status'))
    .orderBy(order);
};
const listPage = queryTemplate(buildListPage);
/**
 * A search's page query (the header search, a list with `q`): a prepared statement with a
 * generic plan, planned once per connection instead of on every request (~1 ms of PostgreSQL
 * CPU of a search's ~2.5 ms at demo size). Every value reaches its index as a parameter (the
 * word LIKEs the trigram index, the code the lower(code) index), so the generic plan is the
 * custom one: a bitmap of the matches, ranked, the page cut, its rows joined
 * (docs/performance.md). A list without words keeps a plan per request: its best plan depends
 * on the values (the name index for a first page, a sort for a narrow filter).
 */
const searchPage = queryTemplate(buildListPage, { prepared: true });

/**
 * Rows after the row `(afterName, afterId)` in name order (`asc` or `desc` by name, then by id):
 * a range of school_status_name_vi_idx / school_name_vi_idx (`name >= …`), then the ties.
 * Names compare equal under the (deterministic) ICU collation only when they are the same text.
 */
function afterInNameOrder(order: 'asc' | 'desc', v: ValueOf, nameSlot: string, idSlot: string): RawBuilder<boolean> {
  const name = sql`school.name collate "vi-x-icu"`;
  const last = sql`${v(nameSlot)}::text collate "vi-x-icu"`;
  return order === 'asc'
    ? sql<boolean>`(${name} >= ${last} and (${name} > ${last} or school.id > ${v(idSlot)}::uuid))`
    : sql<boolean>`(${name} <= ${last} and (${name} < ${last} or school.id > ${v(idSlot)}::uuid))`;
}

/**
 * A list in name order without search words, page and bounded count in one statement
 * (docs/decisions/0037): the page's ids from the name index (`page`), its last row (`last`),
 * each row's school, location on the date and unit chain as lateral lookups of one row each
 * (nested loops whatever the planner guesses of the page's size, so that a generic plan is as
 * good as a custom one), and `after_count`: how many schools follow the page, up to
 * `countLimit`, counted only when the page is full (null otherwise). The count is a range of
 * the name index from the last row — a row comparison `(name, id) > (…)` in ascending order,
 * so the index checks it once per page instead of an ICU comparison per row — walked in index
 * order: without an order the planner read the table and compared every name.
 */
const buildNameListPage = (db: Db, shape: ListShape, slot: Slot) => {
  const filter = filterCondition(shape, slot);
  // The rows after the page are after the cursor too: the count needs only the other filters.
  const countFilter = shape.cursor ? filterCondition({ ...shape, cursor: false }, slot) : filter;
  const dir = shape.order === 'desc' ? sql`desc` : sql`asc`;
  const lastName = sql`(select l.name from last l)::text collate "vi-x-icu"`;
  const lastId = sql`(select l.id from last l)`;
  const name = sql`school.name collate "vi-x-icu"`;
  // After the last row in the list's order: name up (or down), then the ties by id up.
  const afterLast =
    shape.order === 'asc'
      ? sql<boolean>`(${name}, school.id) > (${lastName}, ${lastId})`
      : sql<boolean>`(${name} <= ${lastName} and (${name} < ${lastName} or school.id > ${lastId}))`;
  const counted = sql<string | null>`case when (select count(*) from page) = ${slot<number>('limit')} then (
      select count(*) from (select 1 from school where ${countFilter} and ${afterLast} order by ${name} ${dir} limit ${slot<number>('countLimit')}) matching
    ) end`;
  return db
    .with('page', (w) =>
      w.selectFrom('school').select(['school.id', 'school.name']).where(filter).orderBy(sql`${name} ${dir}, school.id`).limit(slot<number>('limit')).offset(slot<number>('offset')),
    )
    .with('last', (w) => w.selectFrom('page').select(['page.id', 'page.name']).orderBy(sql`page.name collate "vi-x-icu" ${shape.order === 'asc' ? sql`desc` : sql`asc`}, page.id desc`).limit(1))
    .selectFrom('page')
    .innerJoinLateral(
      (eb) =>
        eb
          .selectFrom('school')
          .select(['school.id', 'school.code', 'school.name', 'school.short_name', 'school.level', 'school.ownership', 'school.area_type', 'school.status', 'school.students', 'school.teachers', 'school.classes', 'school.principal_name', 'school.district_label', 'school.commune_label', 'school.updated_at'])
          .whereRef('school.id', '=', 'page.id')
          .limit(1)
          .as('school'),
      (join) => join.onTrue(),
    )
    .leftJoinLateral(
      (eb) =>
        eb
          .selectFrom('school_location as sl')
          .select(['sl.admin_unit_id'])
          .whereRef('sl.school_id', '=', 'page.id')
          .where(validOn('sl', slot('onDate')))
          .orderBy('sl.valid_from', 'desc')
          .limit(1)
          .as('loc'),
      (join) => join.onTrue(),
    )
    .leftJoinLateral(
      // One unit's chain: `limit 1` keeps it a lookup per row (not flattened into a join of every unit).
      (eb) => eb.selectFrom(unitChains(db).as('uc')).selectAll('uc').whereRef('uc.u1_id', '=', 'loc.admin_unit_id').limit(1).as('uc'),
      (join) => join.onTrue(),
    )
    .select([...LIST_COLUMNS, sql<number | null>`null::bigint`.as('matches'), counted.as('after_count')])
    .select(pairStatusOf(shape.campaign ? slot('campaignId') : undefined).as('pair_status'))
    .orderBy(sql`page.name collate "vi-x-icu" ${dir}, page.id`);
};
const nameListPage = queryTemplate(buildNameListPage);
/**
 * The same for the lists whose best plan does not depend on the values: the whole department's
 * schools, by status only, in ascending name order (the registry's default list at any page and
 * date): a prepared statement with a generic plan (decision 0035's pool), planned once per
 * connection instead of on every request.
 */
const plainNameListPage = queryTemplate(buildNameListPage, { prepared: true });

/** A list whose page query plans the same for any values: see {@link plainNameListPage}. */
function isPlainNameList(shape: ListShape): boolean {
  return (
    shape.scope === 'all' &&
    !shape.level &&
    !shape.areaType &&
    !shape.ownership &&
    !shape.adminUnit &&
    shape.paired === null &&
    !shape.campaign &&
    shape.terms === null &&
    shape.sort === 'name' &&
    shape.order === 'asc'
  );
}

/**
 * How many schools of a list there are, up to `countLimit` (so that a big department is never
 * counted whole): an empty page past the end.
 */
const listCount = queryTemplate((db: Db, shape: ListShape, slot: Slot) =>
  db
    .selectFrom(db.selectFrom('school').select(sql<number>`1`.as('one')).where(filterCondition(shape, slot)).limit(slot<number>('countLimit')).as('matching'))
    .select(sql<string>`count(*)`.as('n')),
);

/**
 * One page of schools and how many there are: exact for a search (counted on the way) and up
 * to `countBound` for a list; beyond it `total` is the bound and `totalExact` is false. With a
 * cursor (`after`), the schools after it are counted, as if the list began there. `more`: schools
 * follow this page.
 */
export async function listSchools(db: Db, scope: Scope, onDate: string, f: SchoolListFilter, terms: SearchTerms | null) {
  // A search reads every match anyway (to rank them): it counts them on the way, with no second query.
  const shape = listShape(scope, f, terms, terms !== null);
  const values = listValues(scope, onDate, f, terms);
  if (!terms && shape.sort === 'name') return listInNameOrder(db, shape, values, f);
  // Count, but only so far: an exact count of 45,000 schools read 45,000 index entries on every
  // first page. Past the bound the list says "more than" the bound, which is always beyond this
  // page, so the pages after it stay reachable and the bound moves on with them.
  const bound = countBound(f.offset, f.limit);
  const rows = terms ? await searchPage.execute(db, shape, values) : await listPage.execute(db, shape, { ...values, countLimit: bound + 1 });
  const counted = rows[0]?.matches != null ? Number(rows[0].matches) : null;
  if (counted !== null) return { rows, total: counted, totalExact: true, more: counted > f.offset + rows.length };
  // A page that is not full tells the total without counting.
  if (rows.length < f.limit && (rows.length > 0 || f.offset === 0)) return { rows, total: f.offset + rows.length, totalExact: true, more: false };
  // A full page was counted in the same statement (other orders than by name); an empty page past
  // the end (or a search's) is counted from the start.
  if (rows[0]?.full_count == null) return countFromStart(db, shape, values, f, rows);
  const n = Number(rows[0].full_count);
  return n > bound ? { rows, total: bound, totalExact: false, more: true } : { rows, total: n, totalExact: true, more: n > f.offset + rows.length };
}

/** The total of a list, counted from its first school up to the bound. */
async function countFromStart<Row>(db: Db, shape: ListShape, values: ListValues, f: SchoolListFilter, rows: Row[]) {
  const bound = countBound(f.offset, f.limit);
  const n = Number((await listCount.execute(db, shape, { ...values, countLimit: bound + 1 }))[0]!.n);
  return n > bound ? { rows, total: bound, totalExact: false, more: true } : { rows, total: n, totalExact: true, more: n > f.offset + rows.length };
}

/**
 * A list in name order without search words: its page and, when the page is full, the count
 * of the schools after it (up to the bound), in one statement. An empty page past the first
 * counts its total from the start, as before.
 */
async function listInNameOrder(db: Db, shape: ListShape, values: ListValues, f: SchoolListFilter) {
  const bound = countBound(f.offset, f.limit);
  // A full page: `offset` schools come before it and `limit` in it; the bound says how many may follow.
  const before = f.offset + f.limit;
  const rows = await (isPlainNameList(shape) ? plainNameListPage : nameListPage).execute(db, shape, { ...values, countLimit: bound - before + 1 });
  if (rows.length < f.limit) {
    // A page that is not full tells the total without counting.
    return rows.length > 0 || f.offset === 0 ? { rows, total: f.offset + rows.length, totalExact: true, more: false } : countFromStart(db, shape, values, f, rows);
  }
  const after = Number(rows[0]!.after_count);
  return before + after > bound ? { rows, total: bound, totalExact: false, more: true } : { rows, total: before + after, totalExact: true, more: after > 0 };
}

/** How many schools a list counts before it says "more than": ahead of the page by 1,000 to 2,000, in thousands. */
export const COUNT_STEP = 1000;
export function countBound(offset: number, limit: number): number {
  return (Math.floor((offset + limit) / COUNT_STEP) + 1) * COUNT_STEP;
}

/** Every school of a scope for the export, in Vietnamese name order, streamed in pages. */
export async function* iterateSchools(db: Db, scope: Scope, onDate: string, f: SchoolListFilter, pageSize = 2000) {
  let afterName: string | null = null;
  let afterId: string | null = null;
  const condition = filterCondition(listShape(scope, f, null, false), valuesOf(listValues(scope, onDate, f, null)));
  for (;;) {
    let where = condition;
    if (afterName !== null) {
      where = sql<boolean>`(${where} and (school.name collate "vi-x-icu", school.id) > (${afterName} collate "vi-x-icu", ${afterId}::uuid))`;
    }
    const order = sql`school.name collate "vi-x-icu", school.id`;
    const q = withLocation(db, onDate, pageOf(db, where, order, pageSize))
      .select([...LIST_COLUMNS, 'school.address', 'school.phone', 'school.email', 'school.latitude', 'school.longitude'])
      .orderBy(order);
    const rows = await q.execute();
    if (!rows.length) return;
    yield rows;
    const last = rows[rows.length - 1]!;
    afterName = last.name;
    afterId = last.id;
    if (rows.length < pageSize) return;
  }
}

/** The tables an import writes and the lists read. */
const REGISTRY_TABLES = ['school', 'school_location', 'school_capability', 'school_contact', 'school_name_history'] as const;

/**
 * `VACUUM (ANALYZE)` of the registry's tables: statistics for the planner and the visibility map
 * that index-only walks need (registry-vacuum.jobs.ts). VACUUM cannot run in a transaction: `db`
 * must be the pool, where the statement runs on its own.
 */
export async function vacuumRegistryTables(db: Db): Promise<void> {
  await sql`vacuum (analyze) ${sql.join(REGISTRY_TABLES.map((t) => sql.table(t)))}`.execute(db);
}

/** Whether one school is paired (approved or active pair), only proposed, or neither. */
export async function pairStatusOfSchool(db: Db, schoolId: string): Promise<'paired' | 'proposed' | 'none'> {
  const states = await db
    .selectFrom('pair_member')
    .innerJoin('pair', 'pair.id', 'pair_member.pair_id')
    .select('pair.state')
    .distinct()
    .where('pair_member.school_id', '=', schoolId)
    .where('pair.state', 'in', [...PAIRED_STATES, ...PROPOSED_STATES])
    .execute();
  if (states.some((s) => PAIRED_STATES.includes(s.state))) return 'paired';
  return states.length ? 'proposed' : 'none';
}

export async function findSchoolRow(db: Db, id: string, lock = false) {
  let q = db.selectFrom('school').selectAll().where('id', '=', id);
  if (lock) q = q.forUpdate();
  return q.executeTakeFirst();
}

export async function isSchoolInScope(db: Db, scope: Scope, onDate: string, id: string): Promise<boolean> {
  const row = await db
    .selectFrom('school')
    .select('id')
    .where('id', '=', id)
    .where('school.id', 'in', schoolIdsInScope(scope, onDate))
    .executeTakeFirst();
  return Boolean(row);
}

export async function listLocations(db: Db, schoolId: string) {
  return db
    .selectFrom('school_location')
    .selectAll()
    .where('school_id', '=', schoolId)
    .orderBy('valid_from')
    .execute();
}

export async function listNameHistory(db: Db, schoolId: string) {
  return db.selectFrom('school_name_history').selectAll().where('school_id', '=', schoolId).orderBy('valid_to').execute();
}

export async function listContacts(db: Db, schoolId: string) {
  return db.selectFrom('school_contact').selectAll().where('school_id', '=', schoolId).orderBy('position').execute();
}

export async function listCapabilities(db: Db, schoolIds: string[]) {
  if (!schoolIds.length) return [];
  return db
    .selectFrom('school_capability')
    .innerJoin('capability_area', 'capability_area.code', 'school_capability.area_code')
    .select(['school_capability.school_id', 'school_capability.kind', 'school_capability.area_code', 'school_capability.level', 'school_capability.note'])
    .where('school_capability.school_id', 'in', schoolIds)
    .orderBy('capability_area.position')
    .execute();
}

export async function listMergedInto(db: Db, schoolId: string) {
  return db.selectFrom('school').select(['id', 'code', 'name', 'merged_on']).where('merged_into_id', '=', schoolId).orderBy('merged_on').execute();
}

export async function listCapabilityAreas(db: Db, campaignId?: string) {
  let q = db.selectFrom('capability_area').selectAll().orderBy('position').orderBy('code');
  q = campaignId
    ? q.where((eb) => eb.or([eb('campaign_id', 'is', null), eb('campaign_id', '=', campaignId)]))
    : q.where('campaign_id', 'is', null);
  return q.execute();
}

export async function listAllCapabilityAreas(db: Db) {
  return db.selectFrom('capability_area').selectAll().orderBy('position').execute();
}

export async function replaceCapabilities(
  db: Db,
  schoolIds: string[],
  kind: 'strength' | 'need',
  entries: { schoolId: string; areaCode: string; level: number; note: string | null }[],
) {
  if (!schoolIds.length) return;
  await db.deleteFrom('school_capability').where('school_id', 'in', schoolIds).where('kind', '=', kind).execute();
  for (let i = 0; i < entries.length; i += 2000) {
    const chunk = entries.slice(i, i + 2000);
    if (!chunk.length) continue;
    await db
      .insertInto('school_capability')
      .values(chunk.map((e) => ({ school_id: e.schoolId, kind, area_code: e.areaCode, level: e.level, note: e.note })))
      .execute();
  }
}

export async function replaceContacts(
  db: Db,
  schoolId: string,
  contacts: { role: string; name: string; phone: string | null; email: string | null }[],
) {
  await db.deleteFrom('school_contact').where('school_id', '=', schoolId).execute();
  if (!contacts.length) return;
  await db
    .insertInto('school_contact')
    .values(contacts.map((c, i) => ({ school_id: schoolId, position: i, role: c.role, name: c.name, phone: c.phone, email: c.email })))
    .execute();
}

/**
 * Put a school in `unitId` from `from` on: the location covering that day ends
 * there, later ones are dropped, and the new one runs open-ended.
 */
export async function moveSchool(db: Db, schoolId: string, unitId: string, from: string) {
  await db.deleteFrom('school_location').where('school_id', '=', schoolId).where('valid_from', '>=', from).execute();
  await db
    .updateTable('school_location')
    .set({ valid_to: from })
    .where('school_id', '=', schoolId)
    .where(notEndedBy(undefined, from))
    .execute();
  await db.insertInto('school_location').values({ school_id: schoolId, admin_unit_id: unitId, valid_from: from, valid_to: null }).execute();
}

/** The schools standing on `on` (since before it) in a unit that ends that day, with where they are and the unit's successor (a reform). */
export async function listSchoolsInUnitsEnding(db: Db, on: string) {
  return db
    .selectFrom('school_location as sl')
    .innerJoin('admin_unit as u', 'u.id', 'sl.admin_unit_id')
    .innerJoin('school as s', 's.id', 'sl.school_id')
    .select(['sl.school_id', 's.code', 's.name as school_name', 's.latitude', 's.longitude', 'u.id as unit_id', 'u.name as unit_name', 'u.successor_id'])
    .where('u.valid_to', '=', on)
    .where('sl.valid_from', '<', on)
    .where((eb) => eb.or([eb('sl.valid_to', 'is', null), eb('sl.valid_to', '>', on)]))
    .execute();
}

/** The parts each of these divided units became (`divided_id`: the unit divided). */
export async function listDivisionParts(db: Db, dividedIds: readonly string[]) {
  if (!dividedIds.length) return [];
  return db
    .selectFrom('admin_unit_division as d')
    .innerJoin('admin_unit as u', 'u.id', 'd.successor_id')
    .selectAll('u')
    .select('d.unit_id as divided_id')
    .where('d.unit_id', 'in', dividedIds)
    .execute();
}

export async function insertLocations(db: Db, rows: { school_id: string; admin_unit_id: string; valid_from: string; valid_to: string | null }[]) {
  for (let i = 0; i < rows.length; i += 3000) {
    const chunk = rows.slice(i, i + 3000);
    if (chunk.length) await db.insertInto('school_location').values(chunk).execute();
  }
}

/** The current location (unit id) on a date of many schools at once. */
export async function locationsOn(db: Db, schoolIds: string[], onDate: string) {
  const out = new Map<string, string>();
  for (let i = 0; i < schoolIds.length; i += 5000) {
    const chunk = schoolIds.slice(i, i + 5000);
    const rows = await db
      .selectFrom('school_location')
      .select(['school_id', 'admin_unit_id'])
      .where('school_id', 'in', chunk)
      .where(validOn(undefined, onDate))
      .execute();
    for (const r of rows) out.set(r.school_id, r.admin_unit_id);
  }
  return out;
}

export async function schoolIdsWithLocations(db: Db, schoolIds: string[]) {
  const out = new Set<string>();
  for (let i = 0; i < schoolIds.length; i += 5000) {
    const rows = await db
      .selectFrom('school_location')
      .select('school_id')
      .distinct()
      .where('school_id', 'in', schoolIds.slice(i, i + 5000))
      .execute();
    for (const r of rows) out.add(r.school_id);
  }
  return out;
}

export async function findSchoolsByCodes(db: Db, codes: string[]) {
  const out: SchoolRow[] = [];
  for (let i = 0; i < codes.length; i += 5000) {
    const chunk = codes.slice(i, i + 5000);
    if (chunk.length) out.push(...(await db.selectFrom('school').selectAll().where('code', 'in', chunk).execute()));
  }
  return out;
}

/** Active schools whose folded name (`name_key`) is one of `keys`, for same-name warnings. */
export async function findSchoolsByNameKeys(db: Db, keys: string[]) {
  const out: { code: string; name: string; name_key: string }[] = [];
  const unique = [...new Set(keys)];
  for (let i = 0; i < unique.length; i += 5000) {
    const chunk = unique.slice(i, i + 5000);
    if (chunk.length) out.push(...(await db.selectFrom('school').select(['code', 'name', 'name_key']).where('name_key', 'in', chunk).where('status', '=', 'active').execute()));
  }
  return out;
}

/** Record an administrative unit (the demo, reorganisations and test factories add them). */
export async function insertAdminUnit(db: Db, values: Insertable<AdminUnitTable>) {
  return db.insertInto('admin_unit').values(values).returningAll().executeTakeFirstOrThrow();
}

export async function loadAllUnits(db: Db) {
  return db.selectFrom('admin_unit').selectAll().execute();
}

export async function loadAllDivisions(db: Db) {
  return db.selectFrom('admin_unit_division').selectAll().execute();
}

/** The units `ids`, their parents up to the province, and the parts of those divided. */
export async function loadUnitsWithParents(db: Db, ids: string[]) {
  if (!ids.length) return { rows: [], divisions: [] };
  const rows = (
    await sql<Selectable<AdminUnitTable>>`
      with recursive up as (
        select a.* from admin_unit a where a.id = any(${ids}::uuid[])
        union
        select p.* from admin_unit p join up on p.id = up.parent_id
      )
      select * from up`.execute(db)
  ).rows;
  const divisions = await db.selectFrom('admin_unit_division').selectAll().where('unit_id', 'in', rows.map((r) => r.id)).execute();
  return { rows, divisions };
}

/** The units that ended into `id`: merged into it, or divided with a part going to it. */
export async function loadPredecessors(db: Db, id: string) {
  return db
    .selectFrom('admin_unit')
    .selectAll()
    .where((eb) => eb.or([eb('successor_id', '=', id), eb('id', 'in', eb.selectFrom('admin_unit_division').select('unit_id').where('successor_id', '=', id))]))
    .orderBy(sql`name collate "vi-x-icu"`)
    .execute();
}

export interface UnitSearch {
  parentId?: string | undefined;
  kind?: string[] | undefined;
  /** folded name without its kind ("hoang liet"), matched at the start of a word; or a code */
  key?: string | undefined;
  code?: string | undefined;
  limit: number;
  offset: number;
}

/**
 * Units valid on `onDate`, by parent, kind and name (each word of the key starting a word
 * of the name, or the whole code), with their parents' names; exact names first, then
 * names that start with the key, then Vietnamese order.
 */
export async function listUnitsOn(db: Db, onDate: string, filter: UnitSearch) {
  let q = db
    .selectFrom('admin_unit as a')
    .leftJoin('admin_unit as p', 'p.id', 'a.parent_id')
    .leftJoin('admin_unit as pp', 'pp.id', 'p.parent_id')
    .selectAll('a')
    .select(['p.name as parent_name', 'pp.name as grandparent_name', sql<string>`count(*) over ()`.as('total')])
    .where(validOn('a', onDate));
  if (filter.parentId) q = q.where('a.parent_id', '=', filter.parentId);
  if (filter.kind?.length) q = q.where('a.kind', 'in', filter.kind as AdminUnitTable['kind'][]);
  const key = filter.key ?? '';
  if (key || filter.code) {
    const words = key.split(' ').filter(Boolean);
    q = q.where((eb) =>
      eb.or([
        ...(words.length ? [eb.and(words.map((w) => eb.or([eb('a.name_key', 'like', `${escapeLike(w)}%`), eb('a.name_key', 'like', `% ${escapeLike(w)}%`)])))] : []),
        ...(filter.code ? [eb('a.code', '=', filter.code)] : []),
      ]),
    );
  }
  return q
    .orderBy(sql`a.name_key = ${key}`, 'desc')
    .orderBy(sql`a.name_key like ${`${escapeLike(key)}%`}`, 'desc')
    .orderBy(sql`a.name collate "vi-x-icu"`)
    .orderBy(sql`p.name collate "vi-x-icu"`)
    .orderBy('a.id')
    .limit(filter.limit)
    .offset(filter.offset)
    .execute();
}


// --- writing school rows ---------------------------------------------------

/** What the registry records of a school; its search keys are derived from it in `writeSchoolRows`, nowhere else. */
export interface SchoolValues {
  code: string;
  name: string;
  shortName: string;
  /** a SchoolLevel (the column is text) */
  level: string;
  ownership: Ownership;
  areaType: AreaType;
  address: string | null;
  students: number | null;
  teachers: number | null;
  classes: number | null;
  principalName: string | null;
  phone: string | null;
  email: string | null;
  latitude: number | null;
  longitude: number | null;
  /** names from an imported file when no unit could be matched */
  districtLabel: string | null;
  communeLabel: string | null;
}

function schoolColumns(v: SchoolValues) {
  return {
    code: v.code,
    name: v.name,
    short_name: v.shortName,
    level: v.level,
    ownership: v.ownership,
    area_type: v.areaType,
    address: v.address,
    students: v.students,
    teachers: v.teachers,
    classes: v.classes,
    principal_name: v.principalName,
    phone: v.phone,
    email: v.email,
    latitude: v.latitude,
    longitude: v.longitude,
    search_key: schoolSearchKey({ code: v.code, name: v.name, shortName: v.shortName }),
    name_key: schoolNameKey(v.name),
    district_label: v.districtLabel,
    commune_label: v.communeLabel,
  };
}

/**
 * The one function that writes a school's row (the form, the import, the demo): a row with
 * an `id` is updated; one without is inserted, or, with `onCodeConflict: 'update'` (the
 * import, by code), the school with that code is updated. Merges and locations are not
 * written here.
 */
export async function writeSchoolRows(
  db: Db,
  rows: readonly (SchoolValues & { id?: string | undefined })[],
  opts: { onCodeConflict: 'fail' | 'update' } = { onCodeConflict: 'fail' },
): Promise<SchoolRow[]> {
  const out: SchoolRow[] = [];
  for (const r of rows) {
    if (!r.id) continue;
    out.push(await db.updateTable('school').set({ ...schoolColumns(r), updated_at: new Date() }).where('id', '=', r.id).returningAll().executeTakeFirstOrThrow());
  }
  const fresh = rows.filter((r) => !r.id).map((r) => ({ ...schoolColumns(r), merged_into_id: null, merged_on: null }));
  if (!fresh.length) return out;
  const insert = db.insertInto('school').values(fresh);
  const written =
    opts.onCodeConflict === 'fail'
      ? await insert.returningAll().execute()
      : await insert
          .onConflict((oc) =>
            oc.column('code').doUpdateSet((eb) => ({
              name: eb.ref('excluded.name'),
              short_name: eb.ref('excluded.short_name'),
              level: eb.ref('excluded.level'),
              ownership: eb.ref('excluded.ownership'),
              area_type: eb.ref('excluded.area_type'),
              address: eb.ref('excluded.address'),
              students: eb.ref('excluded.students'),
              teachers: eb.ref('excluded.teachers'),
              classes: eb.ref('excluded.classes'),
              principal_name: eb.ref('excluded.principal_name'),
              phone: eb.ref('excluded.phone'),
              email: eb.ref('excluded.email'),
              latitude: eb.ref('excluded.latitude'),
              longitude: eb.ref('excluded.longitude'),
              search_key: eb.ref('excluded.search_key'),
              name_key: eb.ref('excluded.name_key'),
              district_label: eb.ref('excluded.district_label'),
              commune_label: eb.ref('excluded.commune_label'),
              updated_at: sql`now()`,
            })),
          )
          .returningAll()
          .execute();
  return [...out, ...written];
}

export async function findSchoolIdByCode(db: Db, code: string) {
  return db.selectFrom('school').select('id').where('code', '=', code).executeTakeFirst();
}

/** Keep the name a school had until `validTo` (documents of the past show it). */
export async function insertNameHistory(db: Db, rows: { school_id: string; name: string; short_name: string; valid_to: string }[]) {
  if (rows.length) await db.insertInto('school_name_history').values(rows).execute();
}

/** The school becomes part of `intoId` from `on`: its status, and its locations end that day. */
export async function markSchoolMerged(db: Db, id: string, intoId: string, on: string) {
  await db.updateTable('school').set({ status: 'merged', merged_into_id: intoId, merged_on: on, updated_at: new Date() }).where('id', '=', id).execute();
  await db.updateTable('school_location').set({ valid_to: on }).where('school_id', '=', id).where(notEndedBy(undefined, on)).execute();
}

/** The unit names an import kept for a school no unit matched: forgotten once the school has a location. */
export async function clearUnitLabels(db: Db, id: string) {
  await db.updateTable('school').set({ district_label: null, commune_label: null, updated_at: new Date() }).where('id', '=', id).execute();
}

/** Strengths and needs of many schools (the import compares them), in chunks. */
export async function capabilityEntriesOf(db: Db, schoolIds: string[]) {
  const out: { school_id: string; kind: 'strength' | 'need'; area_code: string; level: number }[] = [];
  for (let i = 0; i < schoolIds.length; i += 5000) {
    const chunk = schoolIds.slice(i, i + 5000);
    if (chunk.length) out.push(...(await db.selectFrom('school_capability').select(['school_id', 'kind', 'area_code', 'level']).where('school_id', 'in', chunk).execute()));
  }
  return out;
}

export async function capabilityAreaCodes(db: Db): Promise<Set<string>> {
  return new Set((await db.selectFrom('capability_area').select('code').execute()).map((r) => r.code));
}

export async function capabilityAreaExists(db: Db, code: string): Promise<boolean> {
  return Boolean(await db.selectFrom('capability_area').select('code').where('code', '=', code).executeTakeFirst());
}

/** A new area of strengths and needs, listed after the others. */
export async function insertCapabilityArea(db: Db, values: Omit<Insertable<CapabilityAreaTable>, 'position'>) {
  const max = await db.selectFrom('capability_area').select((eb) => eb.fn.max('position').as('p')).executeTakeFirstOrThrow();
  await db.insertInto('capability_area').values({ ...values, position: Number(max.p ?? 0) + 10 }).execute();
}

// --- administrative units: changes -----------------------------------------

export async function findAdminUnit(db: Db, id: string, lock = false) {
  let q = db.selectFrom('admin_unit').selectAll().where('id', '=', id);
  if (lock) q = q.forUpdate();
  return q.executeTakeFirst();
}

export async function lockAdminUnits(db: Db, ids: string[]) {
  return db.selectFrom('admin_unit').selectAll().where('id', 'in', ids).forUpdate().execute();
}

export async function adminUnitCodeTakenOn(db: Db, code: string, validFrom: string): Promise<boolean> {
  return Boolean(await db.selectFrom('admin_unit').select('id').where('code', '=', code).where('valid_from', '=', validFrom).executeTakeFirst());
}

/** The units end on `on`, succeeded by `successorId`. */
export async function endAdminUnits(db: Db, ids: string[], on: string, successorId: string) {
  await db.updateTable('admin_unit').set({ valid_to: on, successor_id: successorId }).where('id', 'in', ids).execute();
}

export async function setUnitSuccessor(db: Db, id: string, successorId: string) {
  await db.updateTable('admin_unit').set({ successor_id: successorId }).where('id', '=', id).execute();
}

/** The schools standing in one of `unitIds` on `onDate`. */
export async function schoolsInUnitsOn(db: Db, unitIds: string[], onDate: string) {
  return db.selectFrom('school_location').select('school_id').where('admin_unit_id', 'in', unitIds).where(validOn(undefined, onDate)).execute();
}

/** Names of the provinces and communes valid on `onDate`, each once, in Vietnamese order (the import template's lists). */
export async function listTemplateUnits(db: Db, onDate: string): Promise<{ provinces: string[]; communes: string[] }> {
  const names = async (kinds: AdminUnitTable['kind'][]) =>
    (
      await db
        .selectFrom('admin_unit')
        .select('name')
        .where('kind', 'in', kinds)
        .where(validOn('admin_unit', onDate))
        .groupBy('name')
        .orderBy(sql`name collate "vi-x-icu"`)
        .execute()
    ).map((r) => r.name);
  return { provinces: await names(['province']), communes: await names(['commune', 'ward', 'town', 'special-zone']) };
}
