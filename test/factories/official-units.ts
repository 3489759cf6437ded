import type { AdminUnit } from './admin-units.ts';
import type { FactoryDb } from './db.ts';

/**
 * An official administrative unit (loaded on migrate from src/db/admin-units/) by its name
 * (`officialUnit` in admin-units.ts finds one by its code),
 * as it stood on `on` (default: after the reform of 01/07/2025). Throws when there is not
 * exactly one, so a test never picks a namesake by chance.
 */
export async function officialUnitNamed(db: FactoryDb, name: string, on = '2026-01-01', parentName?: string): Promise<AdminUnit> {
  let q = db
    .selectFrom('admin_unit as u')
    .selectAll('u')
    .where('u.name', '=', name)
    .where('u.valid_from', '<=', on)
    .where((eb) => eb.or([eb('u.valid_to', 'is', null), eb('u.valid_to', '>', on)]));
  if (parentName) q = q.innerJoin('admin_unit as p', 'p.id', 'u.parent_id').where('p.name', '=', parentName);
  const rows = await q.execute();
  if (rows.length !== 1) throw new Error(`${rows.length} units named “${name}” on ${on}${parentName ? ` in ${parentName}` : ''}`);
  return rows[0]!;
}
