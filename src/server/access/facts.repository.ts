/**
 * The facts the access policy needs about schools, read from the database: where a
 * school stands on a date, as the chain of units up to the province. Pure rules live in
 * `src/core/access/policy.ts`; this file only reads.
 */
import { sql } from 'kysely';
import type { SchoolFacts } from '#src/core/access/policy.ts';
import { unitAndBelow, unitsCovering, validOn } from '#src/db/query-helpers.ts';
import type { Db } from '#src/server/context.ts';

/**
 * Where the schools stand on `onDate`, for the policy: the units whose area covers each
 * school's unit then (its unit, the units above, and the ended units it took over: the rule
 * is `unitsCovering` in src/db/query-helpers.ts), nearest first.
 */
export async function schoolFactsOn(db: Db, schoolIds: readonly string[], onDate: string): Promise<Map<string, SchoolFacts>> {
  const ids = [...new Set(schoolIds)];
  const out = new Map<string, SchoolFacts>(ids.map((id) => [id, { schoolId: id, unitChain: [] }]));
  if (ids.length === 0) return out;
  const { rows } = await sql<{ school_id: string; unit_id: string }>`
    select sl.school_id, c.id as unit_id
    from school_location sl cross join lateral ${unitsCovering(sql`sl.admin_unit_id`)} as c
    where sl.school_id = any(${ids}::uuid[]) and ${validOn('sl', onDate)}
    order by sl.school_id, c.depth, c.id`.execute(db);
  for (const r of rows) (out.get(r.school_id)!.unitChain as string[]).push(r.unit_id);
  return out;
}

export async function schoolFactOn(db: Db, schoolId: string, onDate: string): Promise<SchoolFacts> {
  return (await schoolFactsOn(db, [schoolId], onDate)).get(schoolId)!;
}

/** The units whose area covers a unit (itself first): what a move into it needs of the mover's area. */
export async function unitChain(db: Db, unitId: string): Promise<string[]> {
  const { rows } = await sql<{ id: string }>`select c.id from ${unitsCovering(sql`${unitId}::uuid`)} as c order by c.depth, c.id`.execute(db);
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

/**
 * The dates an area gives authority: from the day its unit begins until the last day a unit
 * it covers exists (open-ended while one does: an old district's authority goes on in the
 * communes that succeeded its own).
 */
export async function unitValidity(db: Db, unitId: string): Promise<{ validFrom: string | null; validTo: string | null } | null> {
  const row = await db.selectFrom('admin_unit').select(['valid_from', 'valid_to']).where('id', '=', unitId).executeTakeFirst();
  if (!row) return null;
  if (row.valid_to === null) return { validFrom: row.valid_from, validTo: null };
  const { rows } = await sql<{ open: boolean; last: string | null }>`
    select bool_or(a.valid_to is null) as open, max(a.valid_to)::text as last
    from admin_unit a where a.id in ${unitAndBelow(unitId)}`.execute(db);
  const cover = rows[0];
  return { validFrom: row.valid_from, validTo: cover?.open ? null : (cover?.last ?? row.valid_to) };
}
