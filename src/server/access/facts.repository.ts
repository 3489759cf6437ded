/**
 * The facts the access policy needs about schools, read from the database: where a
 * school stands on a date, as the chain of units up to the province. Pure rules live in
 * `src/core/access/policy.ts`; this file only reads.
 */
import { sql } from 'kysely';
import type { SchoolFacts } from '#src/core/access/policy.ts';
import type { Db } from '#src/server/context.ts';

/** The unit chains (own unit first, then each parent) of the schools on `onDate`. */
export async function schoolFactsOn(db: Db, schoolIds: readonly string[], onDate: string): Promise<Map<string, SchoolFacts>> {
  const ids = [...new Set(schoolIds)];
  const out = new Map<string, SchoolFacts>(ids.map((id) => [id, { schoolId: id, unitChain: [] }]));
  if (ids.length === 0) return out;
  const { rows } = await sql<{ school_id: string; unit_id: string; depth: number }>`
    with recursive chain(school_id, unit_id, parent_id, depth) as (
      select sl.school_id, au.id, au.parent_id, 0
      from school_location sl join admin_unit au on au.id = sl.admin_unit_id
      where sl.school_id = any(${ids}::uuid[])
        and sl.valid_from <= ${onDate}::date and (sl.valid_to is null or sl.valid_to > ${onDate}::date)
      union all
      select c.school_id, a.id, a.parent_id, c.depth + 1 from admin_unit a join chain c on a.id = c.parent_id
    )
    select school_id, unit_id, depth from chain order by school_id, depth`.execute(db);
  for (const r of rows) (out.get(r.school_id)!.unitChain as string[]).push(r.unit_id);
  return out;
}

export async function schoolFactOn(db: Db, schoolId: string, onDate: string): Promise<SchoolFacts> {
  return (await schoolFactsOn(db, [schoolId], onDate)).get(schoolId)!;
}

/** A unit and the units above it. */
export async function unitChain(db: Db, unitId: string): Promise<string[]> {
  const { rows } = await sql<{ id: string }>`
    with recursive chain(id, parent_id, depth) as (
      select id, parent_id, 0 from admin_unit where id = ${unitId}::uuid
      union all
      select a.id, a.parent_id, c.depth + 1 from admin_unit a join chain c on a.id = c.parent_id
    )
    select id from chain order by depth`.execute(db);
  return rows.map((r) => r.id);
}

/** The location rows of a school that a move from `from` rewrites (the one standing on `from`, and every later one), with their chains. */
export async function locationsRewrittenFrom(db: Db, schoolId: string, from: string) {
  const rows = await db
    .selectFrom('school_location')
    .select(['admin_unit_id', 'valid_from', 'valid_to'])
    .where('school_id', '=', schoolId)
    .where((eb) => eb.or([eb('valid_to', 'is', null), eb('valid_to', '>', from)]))
    .orderBy('valid_from')
    .execute();
  return Promise.all(rows.map(async (r) => ({ unitChain: await unitChain(db, r.admin_unit_id), validFrom: r.valid_from, validTo: r.valid_to })));
}

/** The dates an administrative unit exists. */
export async function unitValidity(db: Db, unitId: string): Promise<{ validFrom: string | null; validTo: string | null } | null> {
  const row = await db.selectFrom('admin_unit').select(['valid_from', 'valid_to']).where('id', '=', unitId).executeTakeFirst();
  return row ? { validFrom: row.valid_from, validTo: row.valid_to } : null;
}
