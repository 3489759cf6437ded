/**
 * SQL pieces every repository shares, so that each rule is written once:
 * what "valid on a date" means for rows with a validity (locations, units),
 * the units below an area, and the chain of units above a location.
 */
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Database } from './schema.ts';

const ref = (alias: string | undefined, column: string) => sql.ref(alias ? `${alias}.${column}` : column);

/**
 * A row with `valid_from`/`valid_to` (from inclusive, to exclusive; no `valid_to`: open-ended)
 * is valid on `onDate`. `alias`: the table or its alias in the query (none: unqualified).
 */
export function validOn(alias: string | undefined, onDate: string): RawBuilder<boolean> {
  return sql<boolean>`(${ref(alias, 'valid_from')} <= ${onDate}::date and (${ref(alias, 'valid_to')} is null or ${ref(alias, 'valid_to')} > ${onDate}::date))`;
}

/** The row is still valid on `onDate` or later (it has not ended by then): what a change from that day cuts. */
export function notEndedBy(alias: string | undefined, onDate: string): RawBuilder<boolean> {
  return sql<boolean>`(${ref(alias, 'valid_to')} is null or ${ref(alias, 'valid_to')} > ${onDate}::date)`;
}

/**
 * What an area covers — the one rule (docs/decisions/0030-area-after-reform.md). One step
 * "down" from a unit reaches the units inside it (its children) and, when the unit has none
 * and has ended, the units that took over its territory: its successor, or each unit that
 * took a part of it (a divided commune). Districts were abolished on 01/07/2025, so the area
 * of an old district reaches its old communes and, through them, the communes that succeeded
 * them; a school's location on the date asked about decides the rest (in 2024 a school stood
 * in an old commune, today in a new one). One step "up" is the exact inverse (the parent, and
 * the ended units without children that the unit took over), used for a school's facts.
 * Written as lateral lookups so that each step is an index probe (admin_unit_parent_idx,
 * the primary keys, admin_unit_successor_idx, admin_unit_division_successor_idx).
 */
function coverStep(direction: 'down' | 'up', from: RawBuilder<unknown>): RawBuilder<string> {
  const leaf = (unit: RawBuilder<unknown>) => sql`not exists (select 1 from admin_unit child where child.parent_id = ${unit})`;
  return direction === 'down'
    ? sql<string>`(
        select c.id from admin_unit c where c.parent_id = ${from}
        union all
        select a.successor_id from admin_unit a where a.id = ${from} and a.successor_id is not null and ${leaf(sql`a.id`)}
        union all
        select d.successor_id from admin_unit_division d where d.unit_id = ${from} and ${leaf(sql`d.unit_id`)}
      )`
    : sql<string>`(
        select a.parent_id from admin_unit a where a.id = ${from} and a.parent_id is not null
        union all
        select p.id from admin_unit p where p.successor_id = ${from} and ${leaf(sql`p.id`)}
        union all
        select d.unit_id from admin_unit_division d where d.successor_id = ${from} and ${leaf(sql`d.unit_id`)}
      )`;
}

/**
 * The ids of the units an area covers (the area itself, every unit below it and, for an
 * ended area, the units that succeeded its parts: see {@link coverStep}), as a subquery for
 * `in`. Every list of "the schools of an area" and every single access check go through
 * this rule (the checks through {@link unitsCovering}).
 */
export function unitAndBelow(adminUnitId: string): RawBuilder<string> {
  return sql<string>`(
    with recursive units(id) as (
      select ${adminUnitId}::uuid
      union
      select step.id from units u cross join lateral ${coverStep('down', sql`u.id`)} as step(id)
    )
    select id from units
  )`;
}

/**
 * The inverse of {@link unitAndBelow}: the ids of the units whose area covers `unitId` (the
 * unit, the units above it, the ended units it took over and theirs above), nearest first,
 * as rows `(id, depth)`. An officer of area A may act on a school of unit U exactly when A is
 * among them.
 */
export function unitsCovering(unitId: RawBuilder<unknown>): RawBuilder<{ id: string; depth: number }> {
  return sql<{ id: string; depth: number }>`(
    with recursive units(id, depth) as (
      select ${unitId}::uuid, 0
      union
      select step.id, u.depth + 1 from units u cross join lateral ${coverStep('up', sql`u.id`)} as step(id)
      where u.depth < 16
    )
    select id, min(depth) as depth from units group by id
  )`;
}

/**
 * Each administrative unit with its parent and grandparent (commune → district → province):
 * a derived table to join on `u1_id`, e.g. `.leftJoin(unitChains(db).as('uc'), 'uc.u1_id', 'loc.admin_unit_id')`.
 */
export function unitChains(db: Kysely<Database>) {
  return db
    .selectFrom('admin_unit as u1')
    .leftJoin('admin_unit as u2', 'u2.id', 'u1.parent_id')
    .leftJoin('admin_unit as u3', 'u3.id', 'u2.parent_id')
    .select([
      'u1.id as u1_id',
      'u1.name as u1_name',
      'u1.kind as u1_kind',
      'u2.id as u2_id',
      'u2.name as u2_name',
      'u2.kind as u2_kind',
      'u3.id as u3_id',
      'u3.name as u3_name',
      'u3.kind as u3_kind',
    ]);
}
