import type { Selectable } from 'kysely';
import type { AdminUnitTable } from '#src/server/features/schools/school.table.ts';
import { insertAdminUnit } from '#src/server/features/schools/schools.repository.ts';
import type { FactoryDb } from './db.ts';
import { unique } from './unique.ts';

export type AdminUnit = Selectable<AdminUnitTable>;

export interface AdminUnitOverrides {
  code?: string;
  name?: string;
  kind?: AdminUnit['kind'];
  parentId?: string | null;
  /** The day the unit starts (default: long ago, so it exists on any date a test picks). */
  validFrom?: string;
  validTo?: string | null;
}

/** An administrative unit (a district unless told otherwise); returns the row inserted. */
export async function createAdminUnit(db: FactoryDb, overrides: AdminUnitOverrides = {}): Promise<AdminUnit> {
  const kind = overrides.kind ?? 'district';
  const code = overrides.code ?? unique(kind).toUpperCase();
  return insertAdminUnit(db, {
    code,
    name: overrides.name ?? `${kind === 'district' ? 'Huyện' : kind === 'province' ? 'Tỉnh' : 'Xã'} ${code}`,
    kind,
    parent_id: overrides.parentId ?? null,
    valid_from: overrides.validFrom ?? '2000-01-01',
    valid_to: overrides.validTo ?? null,
    successor_id: null,
  });
}

/** A district (an area an officer can oversee) with one commune in it. */
export async function createArea(db: FactoryDb, overrides: { district?: AdminUnitOverrides; commune?: AdminUnitOverrides } = {}) {
  const district = await createAdminUnit(db, { kind: 'district', ...overrides.district });
  const commune = await createAdminUnit(db, { kind: 'commune', parentId: district.id, ...overrides.commune });
  return { district, commune };
}

/**
 * A unit of the official catalogue (loaded by the migrations, not by the demo) by its code,
 * as it stands on `onDate`: e.g. `officialUnit(db, '09004', '2023-03-13')` is xã Chu Phan.
 */
export async function officialUnit(db: FactoryDb, code: string, onDate: string): Promise<AdminUnit> {
  return db
    .selectFrom('admin_unit')
    .selectAll()
    .where('code', '=', code)
    .where('valid_from', '<=', onDate)
    .where((eb) => eb.or([eb('valid_to', 'is', null), eb('valid_to', '>', onDate)]))
    .executeTakeFirstOrThrow(() => new Error(`no official unit ${code} on ${onDate}`));
}
