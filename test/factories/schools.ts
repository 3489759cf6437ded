import type { NewSchool } from '#src/core/registry/schemas.ts';
import { systemContext } from '#src/server/context.ts';
import type { SchoolRow } from '#src/server/features/schools/school.table.ts';
import { moveSchool, writeSchoolRows } from '#src/server/features/schools/schools.repository.ts';
import { createSchool as createSchoolService } from '#src/server/features/schools/schools.service.ts';
import { createArea, type AdminUnit } from './admin-units.ts';
import type { FactoryDb } from './db.ts';
import { unique } from './unique.ts';

export type SchoolOverrides = Partial<NewSchool> & {
  /**
   * Where the school stands: a unit of a test's own (e.g. an area officer's district or
   * a commune in it), or `null` for a school with no location. Default: a new commune
   * in a new district.
   */
  unit?: AdminUnit | null;
  /** The first day of its location (default 2000-01-01, so it is there on any date a test picks). */
  locatedFrom?: string;
  /** Later locations, in order: from each `from` day on the school stands in `unit` (a reform moved it). */
  movedTo?: readonly { unit: AdminUnit; from: string }[];
};

export interface FactorySchool extends SchoolRow {
  /** The unit it stands in (null when created without a location). */
  unit: AdminUnit | null;
  /** The district of a default location (null when the test gave the unit). */
  district: AdminUnit | null;
}

/**
 * A school, created as the department creates one (the registry service, audit row
 * included), standing in an administrative unit. Returns the row inserted and its unit.
 */
export async function createSchool(db: FactoryDb, overrides: SchoolOverrides = {}): Promise<FactorySchool> {
  const { unit: givenUnit, locatedFrom = '2000-01-01', movedTo = [], ...fields } = overrides;
  let unit: AdminUnit | null = givenUnit ?? null;
  let district: AdminUnit | null = null;
  if (givenUnit === undefined) ({ commune: unit, district } = await createArea(db));
  const code = fields.code ?? unique('TH').toUpperCase();
  const input: NewSchool = {
    name: `Trường Tiểu học ${code}`,
    level: 'primary',
    areaType: 'inner-city',
    ...fields,
    code,
    ...(unit ? { adminUnitId: unit.id } : {}),
  };
  // `today` is the location's first day: the service places a new school from "today".
  const row = await db.transaction().execute(async (trx) => {
    const created = await createSchoolService(trx, systemContext('test-factory'), input, locatedFrom);
    for (const move of movedTo) await moveSchool(trx, created.id, move.unit.id, move.from);
    return created;
  });
  return { ...row, unit: movedTo.at(-1)?.unit ?? unit, district };
}

/**
 * Many schools at once (lists and counts that need thousands): written in one statement by
 * the registry's row writer, without locations or audit rows. Names run `${prefix} 0001`, …
 */
export async function createSchoolRows(db: FactoryDb, count: number, prefix = 'Trường Tiểu học Hàng loạt'): Promise<SchoolRow[]> {
  const tag = unique('HL').toUpperCase();
  return writeSchoolRows(
    db,
    Array.from({ length: count }, (_, i) => ({
      code: `${tag}-${String(i + 1).padStart(5, '0')}`,
      name: `${prefix} ${String(i + 1).padStart(4, '0')}`,
      shortName: `${prefix} ${String(i + 1).padStart(4, '0')}`,
      level: 'primary',
      ownership: 'public',
      areaType: 'inner-city',
      address: null,
      students: null,
      teachers: null,
      classes: null,
      principalName: null,
      phone: null,
      email: null,
      latitude: null,
      longitude: null,
      districtLabel: null,
      communeLabel: null,
    })),
  );
}
