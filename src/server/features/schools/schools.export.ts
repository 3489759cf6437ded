import type { Readable } from 'node:stream';
import { formatCapabilities } from '#src/core/registry/school.ts';
import { authorize } from '#src/core/access/guard.ts';
import type { CallContext, Db } from '#src/server/context.ts';
import { iterateSchools, listAllCapabilityAreas, listCapabilities, listTemplateUnits, type SchoolListFilter } from './schools.repository.ts';
import { scopeOfContext, unitsOfRow } from './schools.service.ts';
import { writeExport, writeTemplate, type ExportRow } from './schools.xlsx.ts';

type ExportFilter = Omit<SchoolListFilter, 'sort' | 'order' | 'limit' | 'offset'> & { asOf: string };

async function* exportRows(db: Db, ctx: CallContext, filter: ExportFilter): AsyncGenerator<ExportRow[]> {
  const areas = new Map((await listAllCapabilityAreas(db)).map((a) => [a.code, a.name_vi]));
  const nameOf = (code: string) => areas.get(code) ?? code;
  const f: SchoolListFilter = { ...filter, sort: 'name', order: 'asc', limit: 0, offset: 0 };
  for await (const page of iterateSchools(db, scopeOfContext(ctx), filter.asOf, f)) {
    const caps = await listCapabilities(db, page.map((r) => r.id));
    const bySchool = new Map<string, { strength: { areaCode: string; level: number }[]; need: { areaCode: string; level: number }[] }>();
    for (const c of caps) {
      const entry = bySchool.get(c.school_id) ?? { strength: [], need: [] };
      entry[c.kind].push({ areaCode: c.area_code, level: c.level });
      bySchool.set(c.school_id, entry);
    }
    yield page.map((r) => {
      const units = unitsOfRow(r);
      const of = (kinds: string[]) => units.find((u) => kinds.includes(u.kind))?.name ?? null;
      const c = bySchool.get(r.id);
      const resolved = units.length > 0;
      return {
        code: r.code,
        name: r.name,
        shortName: r.short_name,
        level: r.level,
        ownership: r.ownership,
        province: of(['province']),
        district: resolved ? of(['district']) : r.district_label,
        commune: resolved ? of(['commune', 'ward', 'town', 'special-zone']) : r.commune_label,
        address: r.address,
        areaType: r.area_type,
        students: r.students,
        teachers: r.teachers,
        classes: r.classes,
        principalName: r.principal_name,
        phone: r.phone,
        email: r.email,
        strengths: formatCapabilities(c?.strength ?? [], nameOf),
        needs: formatCapabilities(c?.need ?? [], nameOf),
        latitude: r.latitude,
        longitude: r.longitude,
      };
    });
  }
}

/** The registry (the caller's scope, the list's filters) as a streamed .xlsx. */
export async function exportSchools(db: Db, ctx: CallContext, filter: ExportFilter): Promise<Readable> {
  authorize(ctx.actor, 'school.export');
  return writeExport(exportRows(db, ctx, filter), 'DANH SÁCH TRƯỜNG', filter.asOf);
}

/** The import template, its drop-down lists holding the units valid on `asOf`. */
export async function importTemplate(db: Db, asOf: string): Promise<Buffer> {
  const areas = await listAllCapabilityAreas(db);
  return writeTemplate(areas.map((a) => a.name_vi), await listTemplateUnits(db, asOf));
}
