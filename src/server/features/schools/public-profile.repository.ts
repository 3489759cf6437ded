/** SQL of a school's public profile (paper): its strengths and needs with the areas' names. */
import type { Db } from '#src/server/context.ts';

export async function listCapabilitiesWithNames(db: Db, schoolId: string) {
  return db
    .selectFrom('school_capability')
    .innerJoin('capability_area', 'capability_area.code', 'school_capability.area_code')
    .select(['school_capability.kind', 'school_capability.area_code', 'school_capability.level', 'capability_area.name_vi', 'capability_area.name_en'])
    .where('school_capability.school_id', '=', schoolId)
    .orderBy('capability_area.position')
    .execute();
}
