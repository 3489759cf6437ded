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

/** The ids of an administrative unit and of every unit below it, as a subquery for `in`. */
export function unitAndBelow(adminUnitId: string): RawBuilder<string> {
  return sql<string>`(
    with recursive units(id) as (
      select id from admin_unit where id = ${adminUnitId}
      union all
      select a.id from admin_unit a join units u on a.parent_id = u.id
    )
    select id from units
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
