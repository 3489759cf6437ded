import { ConflictError, DomainError, ForbiddenError, NotFoundError, ValidationError } from '#src/core/errors.ts';
import { ancestry, UnitIndex, unitNameKey, type UnitRecord } from '#src/core/registry/admin-units.ts';
import type { SchoolListItem, SchoolProfile, UnitDto } from '#src/core/registry/dto.ts';
import { decodeListCursor, encodeListCursor } from '#src/core/registry/list-cursor.ts';
import {
  defaultShortName,
  type SchoolLevel,
} from '#src/core/registry/school.ts';
import {
  OFFICIAL_FIELDS,
  type NewSchool,
  type Reorganize,
  type SchoolPatch,
} from '#src/core/registry/schemas.ts';
import { authorize } from '#src/core/access/guard.ts';
import { can, personOf, scopeFor, type Resource, type Scope } from '#src/core/access/policy.ts';
import { locationsRewrittenFrom, schoolFactOn, unitChain, unitValidity } from '#src/server/access/facts.repository.ts';
import { compactSearchKey, foldForSearch } from '#src/core/vn/text.ts';
import { recordAudit } from '#src/server/features/audit/audit.service.ts';
import type { CallContext, Db } from '#src/server/context.ts';
import type { AdminUnitTable, SchoolRow } from './school.table.ts';
import type { Selectable } from 'kysely';
import {
  adminUnitCodeTakenOn,
  capabilityAreaCodes,
  capabilityAreaExists,
  clearUnitLabels,
  endAdminUnits,
  findAdminUnit,
  findSchoolIdByCode,
  findSchoolRow,
  insertAdminUnit,
  insertCapabilityArea,
  insertNameHistory,
  lockAdminUnits,
  markSchoolMerged,
  schoolsInUnitsOn,
  writeSchoolRows,
  listCapabilities,
  listCapabilityAreas,
  listContacts,
  listLocations,
  listMergedInto,
  listNameHistory,
  listSchools,
  listUnitsOn,
  loadAllDivisions,
  loadAllUnits,
  loadPredecessors,
  loadUnitsWithParents,
  moveSchool,
  pairStatusOfSchool,
  replaceCapabilities,
  replaceContacts,
  type SchoolListFilter,
  type SearchTerms,
} from './schools.repository.ts';

export class SchoolCodeTakenError extends ConflictError {
  constructor(code: string) {
    super('SCHOOL_CODE_TAKEN', 'code', { code });
  }
}

export class FieldNotEditableError extends DomainError {
  constructor(field: string) {
    super('SCHOOL_FIELD_NOT_EDITABLE', 403, { field }, field);
  }
}

export type StoredUnit = UnitRecord & { divisionIds: string[]; latitude: number | null; longitude: number | null };

export function unitFromRow(r: Selectable<AdminUnitTable>, divisionIds?: readonly string[]): StoredUnit {
  return {
    id: r.id,
    code: r.code,
    name: r.name,
    kind: r.kind,
    parentId: r.parent_id,
    validFrom: r.valid_from,
    validTo: r.valid_to,
    successorId: r.successor_id,
    divisionIds: [...(divisionIds ?? [])],
    latitude: r.latitude,
    longitude: r.longitude,
  };
}

/** Every unit of every date, with the parts of divided units: what name matching needs. */
export async function loadUnitIndex(db: Db): Promise<UnitIndex> {
  const [rows, divisions] = await Promise.all([loadAllUnits(db), loadAllDivisions(db)]);
  const parts = new Map<string, string[]>();
  for (const d of divisions) parts.set(d.unit_id, [...(parts.get(d.unit_id) ?? []), d.successor_id]);
  return new UnitIndex(rows.map((r) => unitFromRow(r, parts.get(r.id))));
}

/** Only the units `ids` and their parents (a profile's locations): not the whole country. */
export async function loadUnitsAround(db: Db, ids: string[]): Promise<UnitIndex> {
  const { rows, divisions } = await loadUnitsWithParents(db, [...new Set(ids)]);
  const parts = new Map<string, string[]>();
  for (const d of divisions) parts.set(d.unit_id, [...(parts.get(d.unit_id) ?? []), d.successor_id]);
  return new UnitIndex(rows.map((r) => unitFromRow(r, parts.get(r.id))));
}

/** What a search box string becomes: folded words, a compact form ("aimob") and the raw code. */
export function searchTerms(q: string | undefined): SearchTerms | null {
  const folded = foldForSearch(q ?? '');
  if (!folded) return null;
  return { code: (q ?? '').trim(), words: folded.split(' ').slice(0, 8), folded, compact: compactSearchKey(q ?? '') };
}

type ListRow = Awaited<ReturnType<typeof listSchools>>['rows'][number];

export function unitsOfRow(r: Pick<ListRow, 'u1_id' | 'u1_name' | 'u1_kind' | 'u2_id' | 'u2_name' | 'u2_kind' | 'u3_id' | 'u3_name' | 'u3_kind'>): UnitDto[] {
  const units: UnitDto[] = [];
  if (r.u3_id) units.push({ id: r.u3_id, name: r.u3_name!, kind: r.u3_kind! });
  if (r.u2_id) units.push({ id: r.u2_id, name: r.u2_name!, kind: r.u2_kind! });
  if (r.u1_id) units.push({ id: r.u1_id, name: r.u1_name!, kind: r.u1_kind! });
  return units;
}

type SchoolColumns = Pick<
  SchoolRow,
  'id' | 'code' | 'name' | 'short_name' | 'level' | 'ownership' | 'area_type' | 'status' | 'students' | 'teachers' | 'classes' | 'principal_name' | 'district_label' | 'commune_label'
>;

/** What a list row and a profile say alike of a school. */
function schoolFields(r: SchoolColumns): Omit<SchoolListItem, 'units' | 'paired' | 'pairStatus'> {
  return {
    id: r.id,
    code: r.code,
    name: r.name,
    shortName: r.short_name,
    level: r.level as SchoolLevel,
    ownership: r.ownership,
    areaType: r.area_type,
    status: r.status,
    students: r.students,
    teachers: r.teachers,
    classes: r.classes,
    principalName: r.principal_name,
    unitLabels: r.district_label || r.commune_label ? { district: r.district_label, commune: r.commune_label } : null,
  };
}

/**
 * One row of a list's answer. Written out rather than spread from `schoolFields`: V8 cloned the
 * spread object on its slow path, ~10 µs per row against ~0.25 µs for this literal (a page of 39
 * schools: ~0.4 ms of Node CPU per request; docs/performance.md, helper `perfnode`).
 */
function listItem(r: ListRow): SchoolListItem {
  return {
    id: r.id,
    code: r.code,
    name: r.name,
    shortName: r.short_name,
    level: r.level as SchoolLevel,
    ownership: r.ownership,
    areaType: r.area_type,
    status: r.status,
    students: r.students,
    teachers: r.teachers,
    classes: r.classes,
    principalName: r.principal_name,
    unitLabels: r.district_label || r.commune_label ? { district: r.district_label, commune: r.commune_label } : null,
    units: unitsOfRow(r),
    paired: r.pair_status === 'paired',
    pairStatus: r.pair_status,
  };
}


/**
 * The schools a caller's lists show: those the policy lets them read (the system actor
 * all, people their scope). Nobody sees nothing: refused.
 */
export function scopeOfContext(ctx: CallContext): Scope {
  const scope = scopeFor(ctx.actor, 'school.read');
  if (!scope) throw new ForbiddenError();
  return scope;
}

/** The facts of a school for the policy: where it stands today (read only for someone with an area). */
export async function schoolResource(db: Db, ctx: CallContext, row: { id: string; status: string }, today: string): Promise<Resource> {
  const school = personOf(ctx.actor)?.adminUnitId ? await schoolFactOn(db, row.id, today) : { schoolId: row.id, unitChain: [] };
  return { school, schoolMerged: row.status === 'merged' };
}

/** The schools a caller may see, filtered, sorted and paged on the server (the registry list, or the header's search). */
export async function listSchoolsFor(
  db: Db,
  ctx: CallContext,
  filter: Omit<SchoolListFilter, 'after'> & { asOf: string; after?: string | undefined },
  action: 'school.list' | 'search' = 'school.list',
) {
  authorize(ctx.actor, action);
  const terms = searchTerms(filter.q);
  const sort = filter.sort === 'relevance' && !terms ? 'name' : filter.sort;
  // A cursor is a place in name order: it means nothing in another order.
  const after = filter.after === undefined ? undefined : decodeListCursor(filter.after);
  if (after === null) throw new ValidationError('after', 'list_cursor');
  if (after && sort !== 'name') throw new ValidationError('after', 'list_cursor_order');
  const { rows, total, totalExact, more } = await listSchools(db, scopeOfContext(ctx), filter.asOf, { ...filter, sort, after }, terms);
  const last = rows[rows.length - 1];
  const next = sort === 'name' && more && last ? encodeListCursor({ name: last.name, id: last.id }) : null;
  return { items: rows.map(listItem), total, totalExact, asOf: filter.asOf, next };
}

/** May this caller change this school, and which fields? The page's edit button asks the same. */
function editRights(ctx: CallContext, resource: Resource): 'all' | 'profile' | null {
  if (can(ctx.actor, 'school.editOfficial', resource)) return 'all';
  if (can(ctx.actor, 'school.editProfile', resource)) return 'profile';
  return null;
}

export async function getSchoolProfile(db: Db, ctx: CallContext, id: string, asOf: string, today: string): Promise<SchoolProfile> {
  const row = await findSchoolRow(db, id);
  if (!row) throw new NotFoundError('school');
  // Readable while the school stands in the caller's scope today.
  const resource = await schoolResource(db, ctx, row, today);
  authorize(ctx.actor, 'school.read', resource);
  const locations = await listLocations(db, id);
  const [units, names, contacts, caps, mergedFrom, mergedInto, rights] = await Promise.all([
    loadUnitsAround(db, locations.map((l) => l.admin_unit_id)),
    listNameHistory(db, id),
    listContacts(db, id),
    listCapabilities(db, [id]),
    listMergedInto(db, id),
    row.merged_into_id ? findSchoolRow(db, row.merged_into_id) : Promise.resolve(undefined),
    editRights(ctx, resource),
  ]);
  const unitsOf = (unitId: string): UnitDto[] => {
    const u = units.byId.get(unitId);
    return u ? ancestry(units.byId, u).map((a) => ({ id: a.id, name: a.name, kind: a.kind })) : [];
  };
  const current = locations.find((l) => l.valid_from <= asOf && (l.valid_to === null || l.valid_to > asOf));
  const oldName = names.find((n) => n.valid_to > asOf);
  const pairStatus = await pairStatusOfSchool(db, id);
  return {
    ...schoolFields(row),
    address: row.address,
    phone: row.phone,
    email: row.email,
    latitude: row.latitude,
    longitude: row.longitude,
    units: current ? unitsOf(current.admin_unit_id) : [],
    paired: pairStatus === 'paired',
    pairStatus,
    asOf,
    nameOnDate: oldName?.name ?? row.name,
    mergedInto: mergedInto ? { id: mergedInto.id, code: mergedInto.code, name: mergedInto.name } : null,
    mergedOn: row.merged_on,
    mergedFrom: mergedFrom.map((m) => ({ id: m.id, code: m.code, name: m.name, mergedOn: m.merged_on })),
    locationHistory: locations.map((l) => ({ validFrom: l.valid_from, validTo: l.valid_to, units: unitsOf(l.admin_unit_id) })),
    nameHistory: names.map((n) => ({ name: n.name, shortName: n.short_name, validTo: n.valid_to })),
    contacts: contacts.map((c) => ({ id: c.id, role: c.role, name: c.name, phone: c.phone, email: c.email })),
    strengths: caps.filter((c) => c.kind === 'strength').map((c) => ({ areaCode: c.area_code, level: c.level, note: c.note })),
    needs: caps.filter((c) => c.kind === 'need').map((c) => ({ areaCode: c.area_code, level: c.level, note: c.note })),
    canEdit: rights,
    updatedAt: row.updated_at.toISOString(),
  };
}

function auditView(row: SchoolRow) {
  return {
    code: row.code,
    name: row.name,
    shortName: row.short_name,
    level: row.level,
    ownership: row.ownership,
    areaType: row.area_type,
    address: row.address,
    students: row.students,
    teachers: row.teachers,
    classes: row.classes,
    principalName: row.principal_name,
    phone: row.phone,
    email: row.email,
    latitude: row.latitude,
    longitude: row.longitude,
    status: row.status,
  };
}

/** Latitude and longitude come together: both numbers, both null, or neither given. */
function assertCoordinatesTogether(input: { latitude?: number | null | undefined; longitude?: number | null | undefined }) {
  const lat = input.latitude;
  const lon = input.longitude;
  if (lat === undefined && lon === undefined) return;
  if ((lat ?? null) === null && (lon ?? null) === null && lat !== undefined && lon !== undefined) return;
  if (typeof lat === 'number' && typeof lon === 'number') return;
  throw new ValidationError(typeof lat === 'number' ? 'longitude' : 'latitude', 'coordinates_incomplete');
}

async function assertAreasExist(db: Db, entries: { areaCode: string }[] | undefined, field: string) {
  if (!entries?.length) return;
  const known = await capabilityAreaCodes(db);
  const seen = new Set<string>();
  for (const e of entries) {
    if (!known.has(e.areaCode)) throw new DomainError('CAPABILITY_AREA_UNKNOWN', 400, { code: e.areaCode }, field);
    if (seen.has(e.areaCode)) throw new ValidationError(field, 'duplicate_area', { code: e.areaCode });
    seen.add(e.areaCode);
  }
}

/**
 * Change a school's profile. A school leader changes their own school's profile
 * (size, contacts, strengths and needs); official fields (code, name, level,
 * ownership, area type) are the department's or the area officer's. A new name
 * keeps the old one in the name history, valid until `renamedOn`.
 */
export async function updateSchool(trx: Db, ctx: CallContext, id: string, patch: SchoolPatch, today: string) {
  const row = await findSchoolRow(trx, id, true);
  if (!row) throw new NotFoundError('school');
  const rights = editRights(ctx, await schoolResource(trx, ctx, row, today));
  if (!rights) throw new ForbiddenError();
  if (rights === 'profile') {
    for (const f of OFFICIAL_FIELDS) if (patch[f] !== undefined && patch[f] !== officialValue(row, f)) throw new FieldNotEditableError(f);
  }
  assertCoordinatesTogether(patch);
  await assertAreasExist(trx, patch.strengths, 'strengths');
  await assertAreasExist(trx, patch.needs, 'needs');
  if (patch.code && patch.code !== row.code) {
    if (await findSchoolIdByCode(trx, patch.code)) throw new SchoolCodeTakenError(patch.code);
  }
  const name = patch.name ?? row.name;
  const shortName = patch.shortName ?? (patch.name && patch.name !== row.name ? defaultShortName(patch.name) : row.short_name);
  const code = patch.code ?? row.code;
  if (name !== row.name) {
    const renamedOn = patch.renamedOn ?? today;
    await insertNameHistory(trx, [{ school_id: id, name: row.name, short_name: row.short_name, valid_to: renamedOn }]);
  }
  const [updated] = await writeSchoolRows(trx, [
    {
      id,
      code,
      name,
      shortName,
      level: patch.level ?? row.level,
      ownership: patch.ownership ?? row.ownership,
      areaType: patch.areaType ?? row.area_type,
      address: patch.address !== undefined ? patch.address : row.address,
      students: patch.students !== undefined ? patch.students : row.students,
      teachers: patch.teachers !== undefined ? patch.teachers : row.teachers,
      classes: patch.classes !== undefined ? patch.classes : row.classes,
      principalName: patch.principalName !== undefined ? patch.principalName : row.principal_name,
      phone: patch.phone !== undefined ? patch.phone : row.phone,
      email: patch.email !== undefined ? patch.email : row.email,
      latitude: patch.latitude !== undefined ? patch.latitude : row.latitude,
      longitude: patch.longitude !== undefined ? patch.longitude : row.longitude,
      districtLabel: row.district_label,
      communeLabel: row.commune_label,
    },
  ]);
  if (!updated) throw new NotFoundError('school');
  const before: Record<string, unknown> = auditView(row);
  const after: Record<string, unknown> = auditView(updated);
  if (patch.contacts) {
    before.contacts = (await listContacts(trx, id)).map((c) => ({ role: c.role, name: c.name, phone: c.phone, email: c.email }));
    await replaceContacts(
      trx,
      id,
      patch.contacts.map((c) => ({ role: c.role, name: c.name, phone: c.phone ?? null, email: c.email ?? null })),
    );
    after.contacts = patch.contacts;
  }
  for (const kind of ['strength', 'need'] as const) {
    const list = kind === 'strength' ? patch.strengths : patch.needs;
    if (!list) continue;
    const key = kind === 'strength' ? 'strengths' : 'needs';
    before[key] = (await listCapabilities(trx, [id])).filter((c) => c.kind === kind).map((c) => ({ areaCode: c.area_code, level: c.level }));
    await replaceCapabilities(trx, [id], kind, list.map((e) => ({ schoolId: id, areaCode: e.areaCode, level: e.level, note: e.note ?? null })));
    after[key] = list.map((e) => ({ areaCode: e.areaCode, level: e.level }));
  }
  await recordAudit(trx, ctx, { action: 'school.update', entity: 'school', entityId: id, before, after });
  return updated;
}

function officialValue(row: SchoolRow, f: (typeof OFFICIAL_FIELDS)[number]): string {
  switch (f) {
    case 'code':
      return row.code;
    case 'name':
      return row.name;
    case 'shortName':
      return row.short_name;
    case 'level':
      return row.level;
    case 'ownership':
      return row.ownership;
    case 'areaType':
      return row.area_type;
  }
}

export async function createSchool(trx: Db, ctx: CallContext, input: NewSchool, today: string) {
  authorize(ctx.actor, 'school.create');
  if (await findSchoolIdByCode(trx, input.code)) throw new SchoolCodeTakenError(input.code);
  assertCoordinatesTogether(input);
  await assertAreasExist(trx, input.strengths, 'strengths');
  await assertAreasExist(trx, input.needs, 'needs');
  const shortName = input.shortName ?? defaultShortName(input.name);
  const [row] = await writeSchoolRows(trx, [
    {
      code: input.code,
      name: input.name,
      shortName,
      level: input.level,
      ownership: input.ownership ?? 'public',
      areaType: input.areaType,
      address: input.address ?? null,
      students: input.students ?? null,
      teachers: input.teachers ?? null,
      classes: input.classes ?? null,
      principalName: input.principalName ?? null,
      phone: input.phone ?? null,
      email: input.email ?? null,
      latitude: input.latitude ?? null,
      longitude: input.longitude ?? null,
      districtLabel: null,
      communeLabel: null,
    },
  ]);
  if (!row) throw new NotFoundError('school');
  if (input.adminUnitId) {
    const unit = await findAdminUnit(trx, input.adminUnitId);
    if (!unit) throw new DomainError('ADMIN_UNIT_NOT_FOUND', 400, { code: input.adminUnitId }, 'adminUnitId');
    await moveSchool(trx, row.id, unit.id, today < unit.valid_from ? unit.valid_from : today);
  }
  if (input.contacts) await replaceContacts(trx, row.id, input.contacts.map((c) => ({ role: c.role, name: c.name, phone: c.phone ?? null, email: c.email ?? null })));
  if (input.strengths) await replaceCapabilities(trx, [row.id], 'strength', input.strengths.map((e) => ({ schoolId: row.id, areaCode: e.areaCode, level: e.level, note: e.note ?? null })));
  if (input.needs) await replaceCapabilities(trx, [row.id], 'need', input.needs.map((e) => ({ schoolId: row.id, areaCode: e.areaCode, level: e.level, note: e.note ?? null })));
  await recordAudit(trx, ctx, { action: 'school.create', entity: 'school', entityId: row.id, after: auditView(row) });
  return row;
}

/**
 * Merge a school into another from a date: the merged school stays (its pairs,
 * activities and documents keep pointing at it) with status "merged" and a link
 * to the school it became part of.
 */
export async function mergeSchool(trx: Db, ctx: CallContext, id: string, intoId: string, on: string) {
  authorize(ctx.actor, 'school.merge');
  if (id === intoId) throw new ValidationError('intoSchoolId', 'merge_into_itself');
  const row = await findSchoolRow(trx, id, true);
  const into = await findSchoolRow(trx, intoId, true);
  if (!row || !into) throw new NotFoundError('school');
  if (row.status === 'merged') throw new ConflictError('SCHOOL_ALREADY_MERGED', 'id', { name: row.name });
  if (into.status === 'merged') throw new ConflictError('SCHOOL_ALREADY_MERGED', 'intoSchoolId', { name: into.name });
  await markSchoolMerged(trx, id, intoId, on);
  await recordAudit(trx, ctx, {
    action: 'school.merge',
    entity: 'school',
    entityId: id,
    before: { status: row.status },
    after: { status: 'merged', mergedInto: { id: into.id, code: into.code, name: into.name }, mergedOn: on },
  });
}

/**
 * Move a school to a unit from a date (its later history rewritten). An area officer moves
 * only schools of their area, to a unit of their area, and rewrites only days on which
 * the school stood in their area and the area existed (`school.setLocation`).
 */
export async function setSchoolLocation(trx: Db, ctx: CallContext, id: string, unitId: string, from: string, today: string) {
  const row = await findSchoolRow(trx, id, true);
  if (!row) throw new NotFoundError('school');
  const unit = await findAdminUnit(trx, unitId);
  if (!unit) throw new DomainError('ADMIN_UNIT_NOT_FOUND', 400, { code: unitId }, 'adminUnitId');
  authorize(ctx.actor, 'school.setLocation', { ...(await schoolResource(trx, ctx, row, today)), move: await locationMoveFacts(trx, ctx, id, unitId, from) });
  if (unit.valid_from > from || (unit.valid_to !== null && unit.valid_to <= from)) {
    throw new ValidationError('adminUnitId', 'unit_not_valid_on', { name: unit.name, date: from });
  }
  const before = await listLocations(trx, id);
  await moveSchool(trx, id, unitId, from);
  await clearUnitLabels(trx, id);
  await recordAudit(trx, ctx, {
    action: 'school.location',
    entity: 'school',
    entityId: id,
    before: before.map((l) => ({ unit: l.admin_unit_id, from: l.valid_from, to: l.valid_to })),
    after: { unit: unitId, name: unit.name, from },
  });
}

/** What the policy must know of a location change by someone with an area (nothing for others). */
async function locationMoveFacts(db: Db, ctx: CallContext, schoolId: string, unitId: string, from: string): Promise<Resource['move']> {
  const area = personOf(ctx.actor)?.adminUnitId;
  if (!area) return undefined;
  const validity = await unitValidity(db, area);
  return {
    targetChain: await unitChain(db, unitId),
    from,
    rewritten: await locationsRewrittenFrom(db, schoolId, from),
    areaValidFrom: validity?.validFrom ?? null,
    areaValidTo: validity?.validTo ?? null,
  };
}

export async function capabilityAreas(db: Db, campaignId?: string) {
  return (await listCapabilityAreas(db, campaignId)).map((a) => ({
    code: a.code,
    nameVi: a.name_vi,
    nameEn: a.name_en,
    group: a.area_group,
    campaignId: a.campaign_id,
  }));
}

export async function createCapabilityArea(
  trx: Db,
  ctx: CallContext,
  input: { code: string; nameVi: string; nameEn: string; group: 'subject' | 'facilities' | 'management' | 'digital' | 'youth' | 'support' | 'other'; campaignId?: string | null | undefined },
) {
  authorize(ctx.actor, 'capabilityArea.create');
  if (await capabilityAreaExists(trx, input.code)) throw new ConflictError('CAPABILITY_AREA_TAKEN', 'code', { code: input.code });
  await insertCapabilityArea(trx, { code: input.code, name_vi: input.nameVi, name_en: input.nameEn, area_group: input.group, campaign_id: input.campaignId ?? null });
  await recordAudit(trx, ctx, { action: 'capability-area.create', entity: 'capability_area', entityId: input.code, after: input });
  return { ...input, campaignId: input.campaignId ?? null };
}

// --- administrative units ------------------------------------------------

/**
 * Units valid on a date, searched on the server (the whole country: 3,321 communes today,
 * 10,035 before 01/07/2025): by name without diacritics, case or kind ("p. hoang liet"),
 * or by code, paged; each with its parents' names.
 */
export async function unitsOn(
  db: Db,
  asOf: string,
  filter: { parentId?: string | undefined; kind?: string[] | undefined; q?: string | undefined; limit: number; offset: number },
) {
  const q = filter.q?.trim() ?? '';
  const rows = await listUnitsOn(db, asOf, {
    parentId: filter.parentId,
    kind: filter.kind,
    key: q ? unitNameKey(q) : undefined,
    code: /^\d+$/u.test(q) ? q : undefined,
    limit: filter.limit,
    offset: filter.offset,
  });
  return {
    total: rows.length ? Number(rows[0]!.total) : 0,
    items: rows.map((r) => ({ ...unitFromRow(r), path: [r.parent_name, r.grandparent_name].filter(Boolean).join(', ') })),
  };
}

export async function unitDetail(db: Db, id: string) {
  const own = await loadUnitsAround(db, [id]);
  const unit = own.byId.get(id);
  if (!unit) throw new NotFoundError('adminUnit');
  const next = await loadUnitsAround(db, [...(unit.successorId ? [unit.successorId] : []), ...(unit.divisionIds ?? [])]);
  const predecessors = (await loadPredecessors(db, id)).map((r) => unitFromRow(r));
  return {
    ...(unit as StoredUnit),
    ancestry: ancestry(own.byId, unit).map((a) => ({ id: a.id, name: a.name, kind: a.kind })),
    successor: unit.successorId ? ((next.byId.get(unit.successorId) as StoredUnit | undefined) ?? null) : null,
    divisions: (unit.divisionIds ?? []).map((d) => next.byId.get(d) as StoredUnit | undefined).filter((d): d is StoredUnit => !!d),
    predecessors,
  };
}

/**
 * Record a reorganisation: the units in `from` end on `on` and are succeeded by
 * `into` (a new unit, or an existing one); the schools standing in them on that day
 * move to `into` from that day, their earlier location kept. A rename is a
 * reorganisation of one unit into a new one.
 */
export async function reorganizeUnits(trx: Db, ctx: CallContext, input: Reorganize) {
  authorize(ctx.actor, 'adminUnit.reorganize');
  const olds = await lockAdminUnits(trx, input.from);
  if (olds.length !== input.from.length) throw new NotFoundError('adminUnit');
  for (const o of olds) {
    if (o.valid_from >= input.on || (o.valid_to !== null && o.valid_to < input.on)) {
      throw new ValidationError('from', 'unit_not_valid_on', { name: o.name, date: input.on });
    }
  }
  let intoId: string;
  if ('existingId' in input.into) {
    const existing = await findAdminUnit(trx, input.into.existingId);
    if (!existing) throw new NotFoundError('adminUnit');
    intoId = existing.id;
  } else {
    if (await adminUnitCodeTakenOn(trx, input.into.code, input.on)) throw new ConflictError('ADMIN_UNIT_CODE_TAKEN', 'into.code', { code: input.into.code });
    const created = await insertAdminUnit(trx, {
      code: input.into.code,
      name: input.into.name,
      name_key: unitNameKey(input.into.name),
      kind: input.into.kind,
      parent_id: input.into.parentId,
      valid_from: input.on,
      valid_to: null,
      successor_id: null,
    });
    intoId = created.id;
  }
  if (input.from.includes(intoId)) throw new ValidationError('into', 'merge_into_itself');
  await endAdminUnits(trx, input.from, input.on, intoId);
  const moving = await schoolsInUnitsOn(trx, input.from, input.on);
  for (const m of moving) await moveSchool(trx, m.school_id, intoId, input.on);
  await recordAudit(trx, ctx, {
    action: 'admin-unit.reorganize',
    entity: 'admin_unit',
    entityId: intoId,
    before: olds.map((o) => ({ id: o.id, name: o.name, validTo: o.valid_to })),
    after: { into: intoId, on: input.on, schoolsMoved: moving.length },
  });
  return { intoId, schoolsMoved: moving.length };
}

