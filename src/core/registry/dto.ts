/**
 * What the registry API sends (schools, their profiles, administrative units, import jobs):
 * each answer is one zod schema, used as the route's response schema (schools.routes.ts,
 * and from there the OpenAPI description) and, through its inferred type, by the page.
 */
import { z } from 'zod';
import { AREA_TYPES, OWNERSHIPS, SCHOOL_LEVELS, SCHOOL_STATUSES } from './school.ts';

export const unitDto = z.object({ id: z.string(), name: z.string(), kind: z.string() });
export type UnitDto = z.infer<typeof unitDto>;

export const schoolListItem = z.object({
  id: z.string(),
  code: z.string(),
  name: z.string(),
  shortName: z.string(),
  level: z.enum(SCHOOL_LEVELS),
  ownership: z.enum(OWNERSHIPS),
  areaType: z.enum(AREA_TYPES),
  status: z.enum(SCHOOL_STATUSES),
  students: z.number().nullable(),
  teachers: z.number().nullable(),
  classes: z.number().nullable(),
  principalName: z.string().nullable(),
  /** the units the school stands in on the list's date, top first (province → commune) */
  units: z.array(unitDto),
  /** names from the imported file when no unit could be matched */
  unitLabels: z.object({ district: z.string().nullable(), commune: z.string().nullable() }).nullable(),
  /** an approved or active pair (within a campaign filter: or completed) */
  paired: z.boolean(),
  /** 'proposed' when the school's only live pairs are proposed or accepted, not yet approved */
  pairStatus: z.enum(['paired', 'proposed', 'none']),
});
export type SchoolListItem = z.infer<typeof schoolListItem>;

export const schoolListDto = z.object({
  items: z.array(schoolListItem),
  /** how many schools match; when `totalExact` is false, more than this many ("more than 1,000") */
  total: z.number(),
  /** false when the list stopped counting at `total` (a list without search words counts up to 1,000–2,000 past its page) */
  totalExact: z.boolean(),
  asOf: z.string(),
  /**
   * In name order (`sort=name`, or the default order without `q`), when schools follow this
   * page: pass it as `after` for the next page (read from where this one ended, however deep).
   * Null on the last page and in other orders.
   */
  next: z.string().nullable(),
});
export type SchoolListDto = z.infer<typeof schoolListDto>;

export const capabilityDto = z.object({ areaCode: z.string(), level: z.number(), note: z.string().nullable() });
export type CapabilityDto = z.infer<typeof capabilityDto>;

export const schoolProfile = schoolListItem.extend({
  address: z.string().nullable(),
  phone: z.string().nullable(),
  email: z.string().nullable(),
  /** WGS 84, for distances between schools (the pairing engine); null when not known */
  latitude: z.number().nullable(),
  longitude: z.number().nullable(),
  asOf: z.string(),
  /** the name the school had on `asOf` (a renamed school shows its old name for old dates) */
  nameOnDate: z.string(),
  mergedInto: z.object({ id: z.string(), code: z.string(), name: z.string() }).nullable(),
  mergedOn: z.string().nullable(),
  mergedFrom: z.array(z.object({ id: z.string(), code: z.string(), name: z.string(), mergedOn: z.string().nullable() })),
  locationHistory: z.array(z.object({ validFrom: z.string(), validTo: z.string().nullable(), units: z.array(unitDto) })),
  nameHistory: z.array(z.object({ name: z.string(), shortName: z.string(), validTo: z.string() })),
  contacts: z.array(z.object({ id: z.string(), role: z.string(), name: z.string(), phone: z.string().nullable(), email: z.string().nullable() })),
  strengths: z.array(capabilityDto),
  needs: z.array(capabilityDto),
  canEdit: z.enum(['all', 'profile']).nullable(),
  updatedAt: z.string(),
});
export type SchoolProfile = z.infer<typeof schoolProfile>;

export const capabilityAreaDto = z.object({ code: z.string(), nameVi: z.string(), nameEn: z.string(), group: z.string(), campaignId: z.string().nullable() });
export type CapabilityAreaDto = z.infer<typeof capabilityAreaDto>;
export const capabilityAreaListDto = z.object({ items: z.array(capabilityAreaDto) });

/** An administrative unit with its validity. */
export const adminUnitDto = z.object({
  id: z.string(),
  code: z.string(),
  name: z.string(),
  kind: z.string(),
  parentId: z.string().nullable(),
  validFrom: z.string(),
  validTo: z.string().nullable(),
  successorId: z.string().nullable(),
  /** a unit divided between several new ones: the units that took over its parts */
  divisionIds: z.array(z.string()),
  /** the unit's centre (WGS 84), when the catalogue gives it */
  latitude: z.number().nullable(),
  longitude: z.number().nullable(),
});
export type AdminUnitDto = z.infer<typeof adminUnitDto>;
/** A page of units found; `path` names the parents ("Quận Hoàng Mai, Thành phố Hà Nội"). */
export const adminUnitListDto = z.object({ items: z.array(adminUnitDto.extend({ path: z.string() })), total: z.number(), asOf: z.string() });
export type AdminUnitListDto = z.infer<typeof adminUnitListDto>;

export const adminUnitDetailDto = adminUnitDto.extend({ ancestry: z.array(unitDto), successor: adminUnitDto.nullable(), divisions: z.array(adminUnitDto), predecessors: z.array(adminUnitDto) });
export type AdminUnitDetailDto = z.infer<typeof adminUnitDetailDto>;

export const reorganizeResultDto = z.object({ intoId: z.string(), schoolsMoved: z.number() });

/** An import problem as the page shows it: where, and the message in the caller's language. */
export const issueDto = z.object({ row: z.number(), column: z.string().nullable(), cell: z.string().nullable(), code: z.string(), message: z.string() });
export type IssueDto = z.infer<typeof issueDto>;

export const importChange = z.object({
  row: z.number(),
  code: z.string(),
  name: z.string(),
  action: z.enum(['create', 'update', 'unchanged']),
  /** labels of the columns that change (updates) */
  fields: z.array(z.string()),
});
export type ImportChange = z.infer<typeof importChange>;

export const importJobDto = z.object({
  id: z.string(),
  fileName: z.string(),
  dryRun: z.boolean(),
  asOf: z.string(),
  status: z.enum(['queued', 'running', 'succeeded', 'rejected', 'failed']),
  phase: z.string(),
  processedRows: z.number(),
  totalRows: z.number(),
  created: z.number(),
  updated: z.number(),
  unchanged: z.number(),
  errorCount: z.number(),
  errors: z.array(issueDto),
  warnings: z.array(issueDto),
  changes: z.array(importChange),
  changesTotal: z.number(),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
  /** why a failed import failed */
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
});
export type ImportJobDto = z.infer<typeof importJobDto>;

/** One line of the latest imports. */
export const importJobSummaryDto = z.object({
  id: z.string(),
  fileName: z.string(),
  dryRun: z.boolean(),
  status: z.string(),
  rows: z.number(),
  created: z.number(),
  updated: z.number(),
  errorCount: z.number(),
  createdBy: z.string().nullable(),
  createdAt: z.string(),
});
export type ImportJobSummaryDto = z.infer<typeof importJobSummaryDto>;
export const importJobListDto = z.object({ items: z.array(importJobSummaryDto) });

/** The header's search box: the schools found (the first few) and how many there are. */
export const searchResultDto = z.object({
  schools: z.array(z.object({ id: z.string(), code: z.string(), name: z.string(), level: z.string(), place: z.string().nullable() })),
  schoolsTotal: z.number(),
  /** Pairs whose schools' names, short names or codes match (empty for callers who may not list pairs). */
  pairs: z.array(z.object({ id: z.string(), state: z.string(), campaignNumber: z.string(), schools: z.array(z.object({ id: z.string(), name: z.string() })) })),
  pairsTotal: z.number(),
});
export type SearchResultDto = z.infer<typeof searchResultDto>;

// paper
/**
 * A school as a school leader choosing a partner sees it (GET /api/schools/{id}/public-profile):
 * an explicit allow-list — level, size, where it stands today, strengths and needs. No staff,
 * no contacts (principal, phones, e-mails), no street address, no coordinates, no notes.
 */
export const publicSchoolProfileDto = z.strictObject({
  id: z.string(),
  code: z.string(),
  name: z.string(),
  shortName: z.string(),
  level: z.string(),
  areaType: z.string(),
  ownership: z.string().nullable(),
  status: z.string(),
  students: z.number().nullable(),
  teachers: z.number().nullable(),
  classes: z.number().nullable(),
  /** Where it stands today, from the top: province, district (before 7/2025), commune or ward. */
  place: z.array(z.object({ name: z.string(), kind: z.string() })),
  strengths: z.array(z.object({ areaCode: z.string(), nameVi: z.string(), nameEn: z.string(), level: z.number() })),
  needs: z.array(z.object({ areaCode: z.string(), nameVi: z.string(), nameEn: z.string(), level: z.number() })),
});
export type PublicSchoolProfileDto = z.infer<typeof publicSchoolProfileDto>;
