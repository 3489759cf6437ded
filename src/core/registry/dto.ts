/**
 * What the registry API sends (schools, their profiles, import jobs): one definition for
 * the server that builds the answers and the page that reads them. The route schemas in
 * schools.routes.ts check the same shapes.
 */
import type { AreaType, Ownership, SchoolLevel, SchoolStatus } from './school.ts';

export interface UnitDto {
  id: string;
  name: string;
  kind: string;
}

export interface SchoolListItem {
  id: string;
  code: string;
  name: string;
  shortName: string;
  level: SchoolLevel;
  ownership: Ownership;
  areaType: AreaType;
  status: SchoolStatus;
  students: number | null;
  teachers: number | null;
  classes: number | null;
  principalName: string | null;
  /** the units the school stands in on the list's date, top first (province → commune) */
  units: UnitDto[];
  /** names from the imported file when no unit could be matched */
  unitLabels: { district: string | null; commune: string | null } | null;
  /** an approved or active pair (within a campaign filter: or completed) */
  paired: boolean;
  /** 'proposed' when the school's only live pairs are proposed or accepted, not yet approved */
  pairStatus: 'paired' | 'proposed' | 'none';
}

export interface CapabilityDto {
  areaCode: string;
  level: number;
  note: string | null;
}

export interface SchoolProfile extends SchoolListItem {
  address: string | null;
  phone: string | null;
  email: string | null;
  /** WGS 84, for distances between schools (the pairing engine); null when not known */
  latitude: number | null;
  longitude: number | null;
  asOf: string;
  /** the name the school had on `asOf` (a renamed school shows its old name for old dates) */
  nameOnDate: string;
  mergedInto: { id: string; code: string; name: string } | null;
  mergedOn: string | null;
  mergedFrom: { id: string; code: string; name: string; mergedOn: string | null }[];
  locationHistory: { validFrom: string; validTo: string | null; units: UnitDto[] }[];
  nameHistory: { name: string; shortName: string; validTo: string }[];
  contacts: { id: string; role: string; name: string; phone: string | null; email: string | null }[];
  strengths: CapabilityDto[];
  needs: CapabilityDto[];
  canEdit: 'all' | 'profile' | null;
  updatedAt: string;
}

/** An import problem as the page shows it: where, and the message in the caller's language. */
export interface IssueDto {
  row: number;
  column: string | null;
  cell: string | null;
  code: string;
  message: string;
}

export interface ImportChange {
  row: number;
  code: string;
  name: string;
  action: 'create' | 'update' | 'unchanged';
  /** labels of the columns that change (updates) */
  fields: string[];
}

export interface ImportJobDto {
  id: string;
  fileName: string;
  dryRun: boolean;
  asOf: string;
  status: 'queued' | 'running' | 'succeeded' | 'rejected' | 'failed';
  phase: string;
  processedRows: number;
  totalRows: number;
  created: number;
  updated: number;
  unchanged: number;
  errorCount: number;
  errors: IssueDto[];
  warnings: IssueDto[];
  changes: ImportChange[];
  changesTotal: number;
  createdAt: string;
  finishedAt: string | null;
}
