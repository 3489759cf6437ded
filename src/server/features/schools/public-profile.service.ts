/**
 * A school's public profile: what a school leader choosing a partner (and the department, an
 * area officer) may see of any school, instead of the registry's full profile, which a leader
 * reads only for their own school. Built field by field from an allow-list (`publicSchoolProfileDto`).
 */
import { authorize } from '#src/core/access/guard.ts';
import { NotFoundError } from '#src/core/errors.ts';
import { ancestry } from '#src/core/registry/admin-units.ts';
import type { PublicSchoolProfileDto } from '#src/core/registry/dto.ts';
import type { CallContext, Db } from '#src/server/context.ts';
import { listCapabilitiesWithNames } from './public-profile.repository.ts';
import { findSchoolRow, listLocations } from './schools.repository.ts';
import { loadUnitsAround } from './schools.service.ts';

export async function getPublicSchoolProfile(db: Db, ctx: CallContext, id: string, today: string): Promise<PublicSchoolProfileDto> {
  authorize(ctx.actor, 'school.readPublicProfile');
  const row = await findSchoolRow(db, id);
  if (!row) throw new NotFoundError('school');
  const locations = await listLocations(db, id);
  const current = locations.find((l) => l.valid_from <= today && (l.valid_to === null || l.valid_to > today));
  const units = current ? await loadUnitsAround(db, [current.admin_unit_id]) : null;
  const unit = current ? units?.byId.get(current.admin_unit_id) : undefined;
  const caps = await listCapabilitiesWithNames(db, id);
  const capability = (c: (typeof caps)[number]) => ({ areaCode: c.area_code, nameVi: c.name_vi, nameEn: c.name_en, level: c.level });
  return {
    id: row.id,
    code: row.code,
    name: row.name,
    shortName: row.short_name,
    level: row.level,
    areaType: row.area_type,
    ownership: row.ownership,
    status: row.status,
    students: row.students,
    teachers: row.teachers,
    classes: row.classes,
    place: unit && units ? ancestry(units.byId, unit).map((a) => ({ name: a.name, kind: a.kind })) : [],
    strengths: caps.filter((c) => c.kind === 'strength').map(capability),
    needs: caps.filter((c) => c.kind === 'need').map(capability),
  };
}
