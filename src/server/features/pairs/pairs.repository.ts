import type { DocumentKind } from '#src/core/mou/version.ts';
import { sql, type Insertable, type RawBuilder, type Updateable } from 'kysely';
import type { PairState } from '#src/core/pairs/state-machine.ts';
import type { Scope } from '#src/core/roles.ts';
import { lockNameForTransaction } from '#src/db/lock-keys.ts';
import { queryTemplate, type Slot } from '#src/db/query-template.ts';
import { unitChains, validOn } from '#src/db/query-helpers.ts';
import type { Db } from '#src/server/context.ts';
import { schoolIdsInScope } from '#src/server/features/schools/schools.repository.ts';
import type {
  MouNoticeTable,
  MouScanTable,
  MouTable,
  PairTable,
  SteeringMemberTable,
} from './pair.table.ts';

// ---------------------------------------------------------------------------
// Pairs

/** Pairs with at least one member school in the caller's scope (on `onDate`). */
function pairsInScope(db: Db, scope: Scope, onDate: string) {
  let q = db.selectFrom('pair');
  if (scope.kind !== 'all') {
    q = q.where((eb) =>
      eb.exists(
        eb
          .selectFrom('pair_member')
          .select(sql`1`.as('one'))
          .whereRef('pair_member.pair_id', '=', 'pair.id')
          .where('pair_member.school_id', 'in', schoolIdsInScope(scope, onDate)),
      ),
    );
  }
  return q;
}

export async function isPairInScope(db: Db, scope: Scope, onDate: string, pairId: string): Promise<boolean> {
  const row = await pairsInScope(db, scope, onDate).select('pair.id').where('pair.id', '=', pairId).executeTakeFirst();
  return Boolean(row);
}

export interface PairListFilter {
  campaignId?: string | undefined;
  state?: PairState[] | undefined;
  level?: string[] | undefined;
  adminUnitId?: string | undefined;
  /** Folded words, all of which must appear in the members' names or codes. */
  words?: string[] | undefined;
  limit: number;
  offset: number;
}

export async function listPairRows(db: Db, scope: Scope, onDate: string, f: PairListFilter) {
  let base = pairsInScope(db, scope, onDate).innerJoin('campaign', 'campaign.id', 'pair.campaign_id');
  if (f.campaignId) base = base.where('pair.campaign_id', '=', f.campaignId);
  if (f.state?.length) base = base.where('pair.state', 'in', f.state);
  if (f.level?.length) {
    const levels = f.level;
    base = base.where((eb) =>
      eb.exists(
        eb
          .selectFrom('pair_member')
          .innerJoin('school', 'school.id', 'pair_member.school_id')
          .select(sql`1`.as('one'))
          .whereRef('pair_member.pair_id', '=', 'pair.id')
          .where('school.level', 'in', levels),
      ),
    );
  }
  if (f.adminUnitId) {
    const area = schoolIdsInScope({ kind: 'area', adminUnitId: f.adminUnitId }, onDate);
    base = base.where((eb) =>
      eb.exists(
        eb
          .selectFrom('pair_member')
          .select(sql`1`.as('one'))
          .whereRef('pair_member.pair_id', '=', 'pair.id')
          .where('pair_member.school_id', 'in', area),
      ),
    );
  }
  for (const w of f.words ?? []) base = base.where('pair.search_key', 'like', `%${w}%`);

  // The members' names in member order. For the whole department without words, every pair at once: one join and one
  // aggregate instead of a subquery per pair run twice (select and order), ~0.1 ms each (2.3 s for
  // 22,000 pairs; docs/performance.md). With words (a few matches), the subquery per match stays
  // cheaper than naming every pair, and so it is for an area's or a school's pairs (a few thousand
  // at most). The same value either way, so the same order.
  const joined = scope.kind === 'all' && !f.words?.length;
  const names = db
    .selectFrom('pair_member as pm')
    .innerJoin('school as s', 's.id', 'pm.school_id')
    .select(['pm.pair_id', sql<string>`string_agg(s.name, ' – ' order by pm.position)`.as('sort_name')])
    .groupBy('pm.pair_id')
    .as('names');
  const sortName = joined
    ? sql.ref<string>('names.sort_name')
    : sql<string>`(select string_agg(s.name, ' – ' order by pm.position) from pair_member pm join school s on s.id = pm.school_id where pm.pair_id = pair.id)`;
  const [rows, total] = await Promise.all([
    (joined ? base.leftJoin(names, 'names.pair_id', 'pair.id') : base)
      .select((eb) => [
        'pair.id',
        'pair.state',
        'pair.created_at',
        'pair.updated_at',
        'campaign.id as campaign_id',
        'campaign.number as campaign_number',
        sortName.as('sort_name'),
        eb
          .selectFrom('mou')
          .select('mou.status')
          .whereRef('mou.pair_id', '=', 'pair.id')
          .orderBy('mou.version', 'desc')
          .limit(1)
          .as('mou_status'),
        eb
          .selectFrom('mou')
          .select('mou.signed_on')
          .whereRef('mou.pair_id', '=', 'pair.id')
          .where('mou.status', '=', 'signed')
          .limit(1)
          .as('signed_on'),
      ])
      .orderBy(sql`${sortName} collate "vi-x-icu"`)
      .orderBy('pair.id')
      .limit(f.limit)
      .offset(f.offset)
      .execute(),
    base.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(total.n) };
}

export async function findPairRow(db: Db, id: string, lock = false) {
  let q = db.selectFrom('pair').selectAll().where('id', '=', id);
  if (lock) q = q.forUpdate();
  return q.executeTakeFirst();
}

export async function insertPair(db: Db, values: Insertable<PairTable>) {
  return db.insertInto('pair').values(values).returningAll().executeTakeFirstOrThrow();
}

export async function updatePair(db: Db, id: string, values: Updateable<PairTable>) {
  return db.updateTable('pair').set(values).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
}

export async function insertMembers(db: Db, pairId: string, schoolIds: string[]) {
  await db
    .insertInto('pair_member')
    .values(schoolIds.map((school_id, position) => ({ pair_id: pairId, school_id, position, accepted_at: null, declined_reason: null })))
    .execute();
}

export async function updateMember(
  db: Db,
  pairId: string,
  schoolId: string,
  values: { accepted_at?: Date | null; declined_reason?: string | null; declined_at?: Date | null; responded_by_user_id?: string | null },
) {
  await db.updateTable('pair_member').set(values).where('pair_id', '=', pairId).where('school_id', '=', schoolId).execute();
}

export async function listMemberRows(db: Db, pairIds: string[]) {
  if (!pairIds.length) return [];
  return db
    .selectFrom('pair_member')
    .innerJoin('school', 'school.id', 'pair_member.school_id')
    .select([
      'pair_member.pair_id',
      'pair_member.school_id',
      'pair_member.position',
      'pair_member.accepted_at',
      'pair_member.declined_reason',
      'pair_member.declined_at',
      'school.code',
      'school.name',
      'school.short_name',
      'school.level',
      'school.area_type',
      'school.principal_name',
      'school.search_key',
    ])
    .where('pair_member.pair_id', 'in', pairIds)
    .orderBy('pair_member.pair_id')
    .orderBy('pair_member.position')
    .execute();
}

/** A member of a pair, with what documents and guards need of its school. */
export type MemberRow = Awaited<ReturnType<typeof listMemberRows>>[number];

export async function findSchoolsByIds(db: Db, ids: string[]) {
  if (!ids.length) return [];
  return db
    .selectFrom('school')
    .select(['id', 'code', 'name', 'short_name', 'level', 'principal_name', 'search_key'])
    .where('id', 'in', ids)
    .execute();
}

/** A live pair of the campaign with exactly these schools. */
/**
 * Serialize proposals of the same schools in a campaign until the transaction ends, so that
 * two requests at once cannot both find no live pair and both insert one.
 */
export async function lockPairProposal(db: Db, campaignId: string, schoolIds: string[]) {
  const key = `pair-proposal:${campaignId}:${[...schoolIds].sort().join(',')}`;
  await lockNameForTransaction(db, key);
}

export async function findLivePairWithSchools(db: Db, campaignId: string, schoolIds: string[], liveStates: readonly PairState[]) {
  const sorted = [...schoolIds].sort();
  return db
    .selectFrom('pair')
    .select('pair.id')
    .where('pair.campaign_id', '=', campaignId)
    .where('pair.state', 'in', [...liveStates])
    .where(
      sql<boolean>`(select array_agg(pm.school_id::text order by pm.school_id::text) from pair_member pm where pm.pair_id = pair.id) = ${sql.val(sorted)}::text[]`,
    )
    .executeTakeFirst();
}

// ---------------------------------------------------------------------------
// The registry as of a date (names and administrative units a document uses)

/**
 * The administrative unit each school was located in on `onDate`, with its parents
 * (unit first, then district, then province).
 */
export async function unitChainsOn(db: Db, schoolIds: string[], onDate: string) {
  const out = new Map<string, { name: string; kind: string }[]>();
  if (!schoolIds.length) return out;
  const rows = await db
    .selectFrom('school_location as sl')
    .innerJoin(unitChains(db).as('uc'), 'uc.u1_id', 'sl.admin_unit_id')
    .select([
      'sl.school_id',
      'sl.valid_from',
      'uc.u1_name as n1',
      'uc.u1_kind as k1',
      'uc.u2_name as n2',
      'uc.u2_kind as k2',
      'uc.u3_name as n3',
      'uc.u3_kind as k3',
    ])
    .where('sl.school_id', 'in', schoolIds)
    .where(validOn('sl', onDate))
    .orderBy('sl.valid_from', 'desc')
    .execute();
  for (const r of rows) {
    if (out.has(r.school_id)) continue;
    const chain: { name: string; kind: string }[] = [{ name: r.n1, kind: r.k1 }];
    if (r.n2 && r.k2) chain.push({ name: r.n2, kind: r.k2 });
    if (r.n3 && r.k3) chain.push({ name: r.n3, kind: r.k3 });
    out.set(r.school_id, chain);
  }
  return out;
}

/** The short name each school had on `onDate` (the registry keeps former names). */
export async function shortNamesOn(db: Db, schoolIds: string[], onDate: string) {
  const out = new Map<string, string>();
  if (!schoolIds.length) return out;
  const rows = await db
    .selectFrom('school_name_history')
    .select(['school_id', 'short_name', 'valid_to'])
    .where('school_id', 'in', schoolIds)
    .where('valid_to', '>', onDate)
    .orderBy('valid_to', 'asc')
    .execute();
  for (const r of rows) if (!out.has(r.school_id)) out.set(r.school_id, r.short_name);
  return out;
}

// ---------------------------------------------------------------------------
// MoU versions and signatures

export async function listMouRows(db: Db, pairId: string) {
  return db.selectFrom('mou').selectAll().where('pair_id', '=', pairId).orderBy('version', 'desc').execute();
}

export async function findMouRow(db: Db, pairId: string, version: number, lock = false) {
  let q = db.selectFrom('mou').selectAll().where('pair_id', '=', pairId).where('version', '=', version);
  if (lock) q = q.forUpdate();
  return q.executeTakeFirst();
}

export async function findMouById(db: Db, id: string) {
  return db.selectFrom('mou').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function latestMouRow(db: Db, pairId: string, lock = false) {
  let q = db.selectFrom('mou').selectAll().where('pair_id', '=', pairId).orderBy('version', 'desc').limit(1);
  if (lock) q = q.forUpdate();
  return q.executeTakeFirst();
}

export async function signedMouRow(db: Db, pairId: string) {
  return db.selectFrom('mou').selectAll().where('pair_id', '=', pairId).where('status', '=', 'signed').executeTakeFirst();
}

export async function firstNumberedMouRow(db: Db, pairId: string) {
  return db
    .selectFrom('mou')
    .selectAll()
    .where('pair_id', '=', pairId)
    .where('number_seq', 'is not', null)
    .orderBy('version', 'asc')
    .limit(1)
    .executeTakeFirst();
}

export async function insertMou(db: Db, values: Insertable<MouTable>) {
  return db.insertInto('mou').values(values).returningAll().executeTakeFirstOrThrow();
}

export async function updateMou(db: Db, id: string, values: Updateable<MouTable>) {
  return db.updateTable('mou').set(values).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
}

export async function listSignatureRows(db: Db, mouIds: string[]) {
  if (!mouIds.length) return [];
  return (
    db
      .selectFrom('mou_signature')
      .leftJoin('app_user', 'app_user.id', 'mou_signature.signed_by_user_id')
      // paper: a signature made on paper and recorded on the school's behalf (0013_paper_steps)
      .leftJoin('paper_record', (j) =>
        j
          .onRef('paper_record.mou_id', '=', 'mou_signature.mou_id')
          .onRef('paper_record.school_id', '=', 'mou_signature.school_id')
          .on('paper_record.kind', '=', 'signature'),
      )
      .leftJoin('app_user as recorder', 'recorder.id', 'paper_record.recorded_by_user_id')
      .selectAll('mou_signature')
      .select('app_user.username as signed_by_username')
      .select(['paper_record.id as paper_id', 'paper_record.dated_on as paper_dated_on', 'paper_record.recorded_at as paper_recorded_at', 'recorder.display_name as paper_recorded_by'])
      .where('mou_signature.mou_id', 'in', mouIds)
      .orderBy('signed_at')
      .execute()
  );
}

export async function insertSignature(
  db: Db,
  values: { mou_id: string; school_id: string; signatory_name: string; signatory_title: string; signed_by_user_id: string | null; signed_at: Date; content_sha256: string },
) {
  await db.insertInto('mou_signature').values(values).execute();
}

export async function findMouByCode(db: Db, code: string) {
  return db.selectFrom('mou').selectAll().where('verification_code', '=', code).executeTakeFirst();
}

// ---------------------------------------------------------------------------
// The register of outgoing documents

/**
 * The next number of an issuer's year. The upsert locks the counter row until the
 * transaction ends, so two documents issued at the same moment get consecutive numbers.
 */
export async function takeNextNumber(db: Db, issuerSchoolId: string, year: number, kind: DocumentKind): Promise<number> {
  const row = await db
    .insertInto('document_counter')
    .values({ issuer_school_id: issuerSchoolId, year, kind, last_seq: 1 })
    .onConflict((oc) =>
      oc.columns(['issuer_school_id', 'year', 'kind']).doUpdateSet({ last_seq: sql<number>`document_counter.last_seq + 1` }),
    )
    .returning('last_seq')
    .executeTakeFirstOrThrow();
  return row.last_seq;
}

/** After a number entered from the school's own register: the counter continues after it (locks the counter row). */
export async function advanceCounter(db: Db, issuerSchoolId: string, year: number, kind: DocumentKind, seq: number): Promise<void> {
  await db
    .insertInto('document_counter')
    .values({ issuer_school_id: issuerSchoolId, year, kind, last_seq: seq })
    .onConflict((oc) =>
      oc.columns(['issuer_school_id', 'year', 'kind']).doUpdateSet({ last_seq: sql<number>`greatest(document_counter.last_seq, excluded.last_seq)` }),
    )
    .execute();
}

export async function findRegisterEntry(db: Db, issuerSchoolId: string, year: number, kind: DocumentKind, seq: number) {
  return db
    .selectFrom('document_register')
    .select(['number', 'ref_id'])
    .where('issuer_school_id', '=', issuerSchoolId)
    .where('year', '=', year)
    .where('kind', '=', kind)
    .where('seq', '=', seq)
    .executeTakeFirst();
}

export async function insertRegisterEntry(
  db: Db,
  values: { issuer_school_id: string; year: number; seq: number; kind: DocumentKind; number: string; ref_id: string; issued_on: string },
) {
  await db.insertInto('document_register').values(values).execute();
}

// ---------------------------------------------------------------------------
// Written notices

export async function insertNotice(db: Db, values: Insertable<MouNoticeTable>) {
  return db.insertInto('mou_notice').values(values).returningAll().executeTakeFirstOrThrow();
}

export async function updateNotice(db: Db, id: string, values: Updateable<MouNoticeTable>) {
  return db.updateTable('mou_notice').set(values).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
}

export async function listNoticeRows(db: Db, pairId: string) {
  return db.selectFrom('mou_notice').selectAll().where('pair_id', '=', pairId).orderBy('sent_at', 'desc').execute();
}

export async function findNoticeRow(db: Db, pairId: string, id: string, lock = false) {
  let q = db.selectFrom('mou_notice').selectAll().where('pair_id', '=', pairId).where('id', '=', id);
  if (lock) q = q.forUpdate();
  return q.executeTakeFirst();
}

export async function findOpenNotice(db: Db, pairId: string) {
  return db.selectFrom('mou_notice').select('id').where('pair_id', '=', pairId).where('status', '=', 'sent').executeTakeFirst();
}

export async function findNoticeByCode(db: Db, code: string) {
  return db.selectFrom('mou_notice').selectAll().where('verification_code', '=', code).executeTakeFirst();
}

export async function listNoticeResponses(db: Db, noticeIds: string[]) {
  if (!noticeIds.length) return [];
  return db.selectFrom('mou_notice_response').selectAll().where('notice_id', 'in', noticeIds).orderBy('responded_at').execute();
}

export async function insertNoticeResponse(
  db: Db,
  values: { notice_id: string; school_id: string; decision: 'accept' | 'reject'; note: string | null; responded_by_user_id: string | null },
) {
  await db.insertInto('mou_notice_response').values(values).execute();
}

// ---------------------------------------------------------------------------
// Scanned copies

export async function insertScan(db: Db, values: Insertable<MouScanTable>) {
  return db.insertInto('mou_scan').values(values).returningAll().executeTakeFirstOrThrow();
}

export async function listScanRows(db: Db, mouIds: string[]) {
  if (!mouIds.length) return [];
  return db.selectFrom('mou_scan').selectAll().where('mou_id', 'in', mouIds).orderBy('uploaded_at', 'desc').execute();
}

export async function findScanRow(db: Db, pairId: string, scanId: string) {
  return db
    .selectFrom('mou_scan')
    .innerJoin('mou', 'mou.id', 'mou_scan.mou_id')
    .selectAll('mou_scan')
    .select('mou.version')
    .where('mou.pair_id', '=', pairId)
    .where('mou_scan.id', '=', scanId)
    .executeTakeFirst();
}

// ---------------------------------------------------------------------------
// Steering committee

export async function listSteeringRows(db: Db, pairId: string) {
  return db
    .selectFrom('steering_member')
    .selectAll()
    .where('pair_id', '=', pairId)
    .orderBy(sql`case committee_role when 'head' then 0 when 'deputy' then 1 when 'member' then 2 else 3 end`)
    .orderBy('sort')
    .orderBy('created_at')
    .execute();
}

export async function findSteeringRow(db: Db, pairId: string, id: string, lock = false) {
  let q = db.selectFrom('steering_member').selectAll().where('pair_id', '=', pairId).where('id', '=', id);
  if (lock) q = q.forUpdate();
  return q.executeTakeFirst();
}

export async function insertSteeringMember(db: Db, values: Insertable<SteeringMemberTable>) {
  return db.insertInto('steering_member').values(values).returningAll().executeTakeFirstOrThrow();
}

export async function updateSteeringMember(db: Db, id: string, values: Updateable<SteeringMemberTable>) {
  return db.updateTable('steering_member').set(values).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
}

export async function deleteSteeringMember(db: Db, id: string) {
  await db.deleteFrom('steering_member').where('id', '=', id).execute();
}

// ---------------------------------------------------------------------------
// History (the audit rows of a pair and its documents)

export async function listPairHistory(db: Db, pairId: string, limit = 100) {
  return db
    .selectFrom('audit_log')
    .select(['id', 'at', 'actor_username', 'action'])
    .where('entity', '=', 'pair')
    .where('entity_id', '=', pairId)
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}

/** Which of these schools are in a live pair (proposed … active) of the campaign. */
export async function schoolsInLivePairs(db: Db, campaignId: string, schoolIds: string[], liveStates: readonly PairState[]): Promise<Set<string>> {
  if (schoolIds.length === 0) return new Set();
  const rows = await db
    .selectFrom('pair_member as pm')
    .innerJoin('pair as p', 'p.id', 'pm.pair_id')
    .select('pm.school_id')
    .distinct()
    .where('p.campaign_id', '=', campaignId)
    .where('p.state', 'in', [...liveStates])
    .where('pm.school_id', 'in', schoolIds)
    .execute();
  return new Set(rows.map((r) => r.school_id));
}

// search
/**
 * The header search's pairs in one query: the first `limit` pairs of the pair list for these
 * words (the same scope, match and order as `listPairRows`), each with its schools' ids and
 * names in member order, and the number of matches (`total`, on every row). Compiled once per
 * scope kind and run as a prepared statement with a generic plan (`queryTemplate`,
 * docs/performance.md): the words match by `LIKE ALL` of `'%w%'` patterns (one array, however
 * many words), which no index serves, so one plan is as good as a plan per request.
 */
const searchPairPage = queryTemplate(
  (db: Db, shape: { scope: Scope['kind'] }, slot: Slot) => {
    const scope: Scope =
      shape.scope === 'school' ? { kind: 'school', schoolId: slot('scopeSchoolId') } : shape.scope === 'area' ? { kind: 'area', adminUnitId: slot('scopeUnitId') } : { kind: 'all' };
    let base = pairsInScope(db, scope, slot('onDate')).innerJoin('campaign', 'campaign.id', 'pair.campaign_id');
    base = base.where(sql<boolean>`pair.search_key like all (${slot('patterns')}::text[])`);
    const sortName = sql<string>`(select string_agg(s.name, ' – ' order by pm.position) from pair_member pm join school s on s.id = pm.school_id where pm.pair_id = pair.id)`;
    return base
      .select([
        'pair.id',
        'pair.state',
        'campaign.number as campaign_number',
        sql<{ id: string; name: string }[]>`(select coalesce(json_agg(json_build_object('id', s.id, 'name', s.name) order by pm.position), '[]'::json) from pair_member pm join school s on s.id = pm.school_id where pm.pair_id = pair.id)`.as(
          'schools',
        ),
        sql<number>`count(*) over ()`.as('total'),
      ])
      .orderBy(sql`${sortName} collate "vi-x-icu"`)
      .orderBy('pair.id')
      .limit(slot<number>('limit'));
  },
  { prepared: true },
);

export async function searchPairRows(db: Db, scope: Scope, onDate: string, words: readonly string[], limit: number) {
  return searchPairPage.execute(
    db,
    { scope: scope.kind },
    {
      onDate,
      limit,
      scopeSchoolId: scope.kind === 'school' ? scope.schoolId : null,
      scopeUnitId: scope.kind === 'area' ? scope.adminUnitId : null,
      // Folded words hold letters, digits and spaces only: nothing for LIKE to take as a wildcard.
      patterns: words.map((w) => `%${w}%`),
    },
  );
}

// steps that wait for a school (the reminder sweep's input)

/**
 * Every step of a live pair that waits for one member school, as a subquery with the columns
 * (step, ref_id, pair_id, school_id, since, campaign_id, version): a proposal it has not answered,
 * a draft MoU version it has not signed once a partner has (since the first signature), a
 * written notice of another school it has not answered (since sent).
 */
export function waitingStepsQuery(): RawBuilder<unknown> {
  return sql`(
      select 'accept' as step, p.id as ref_id, p.id as pair_id, m.school_id, p.created_at as since, p.campaign_id, null::int as version
      from pair p join pair_member m on m.pair_id = p.id
      where p.state = 'proposed' and m.accepted_at is null and m.declined_at is null
      union all
      select 'sign', d.id, d.pair_id, m.school_id, d.first_signed, p.campaign_id, d.version
      from (
        select mo.id, mo.pair_id, mo.version, min(sg.signed_at) as first_signed
        from mou mo join mou_signature sg on sg.mou_id = mo.id
        where mo.status = 'draft'
        group by mo.id
      ) d
      join pair p on p.id = d.pair_id and p.state in ('approved', 'active')
      join pair_member m on m.pair_id = d.pair_id
      where not exists (select 1 from mou_signature s2 where s2.mou_id = d.id and s2.school_id = m.school_id)
      union all
      select 'respond', n.id, n.pair_id, m.school_id, n.sent_at, p.campaign_id, null
      from mou_notice n join pair p on p.id = n.pair_id join pair_member m on m.pair_id = n.pair_id
      where n.status = 'sent' and m.school_id <> n.sender_school_id
        and not exists (select 1 from mou_notice_response r where r.notice_id = n.id and r.school_id = m.school_id)
    )`;
}
