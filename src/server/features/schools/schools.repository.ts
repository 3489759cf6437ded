import { sql, type RawBuilder } from 'kysely';
import type { Scope } from '#src/core/roles.ts';
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
        with recursive units(id) as (
          select id from admin_unit where id = ${scope.adminUnitId}
          union all
          select a.id from admin_unit a join units u on a.parent_id = u.id
        )
        select sl.school_id from school_location sl
        where sl.admin_unit_id in (select id from units)
          and sl.valid_from <= ${onDate}::date
          and (sl.valid_to is null or sl.valid_to > ${onDate}::date)
      )`;
  }
}

export async function countSchools(db: Db, scope: Scope, onDate: string): Promise<number> {
  const row = await db
    .selectFrom('school')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('school.id', 'in', schoolIdsInScope(scope, onDate))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
