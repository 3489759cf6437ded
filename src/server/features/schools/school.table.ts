import type { ColumnType, Generated, Selectable } from 'kysely';

export type DateColumn = ColumnType<string, string, string>;

export interface AdminUnitTable {
  id: Generated<string>;
  code: string;
  name: string;
  kind: 'province' | 'district' | 'commune' | 'ward' | 'town' | 'special-zone';
  parent_id: string | null;
  valid_from: ColumnType<string, string | undefined, string>;
  valid_to: string | null;
  successor_id: string | null;
  latitude: ColumnType<number | null, number | null | undefined, number | null>;
  longitude: ColumnType<number | null, number | null | undefined, number | null>;
  name_key: ColumnType<string, string | undefined, string>;
}

/** The units that took over the parts of a unit divided between several. */
export interface AdminUnitDivisionTable {
  unit_id: string;
  successor_id: string;
}

export interface AdminUnitCatalogueTable {
  name: string;
  effective_on: DateColumn;
  units: number;
  loaded_at: Generated<Date>;
}

export interface SchoolTable {
  id: Generated<string>;
  code: string;
  name: string;
  short_name: string;
  level: string;
  ownership: Generated<'public' | 'private'>;
  area_type: 'inner-city' | 'suburban' | 'mountainous';
  address: string | null;
  students: number | null;
  teachers: number | null;
  classes: number | null;
  principal_name: string | null;
  phone: string | null;
  email: string | null;
  search_key: Generated<string>;
  status: Generated<'active' | 'merged' | 'closed'>;
  merged_into_id: string | null;
  merged_on: string | null;
  name_key: Generated<string>;
  /** search_key without the code's words, kept by PostgreSQL (0011_search_indexes); never written. */
  name_words: ColumnType<string, never, never>;
  district_label: string | null;
  commune_label: string | null;
  /** WGS 84 coordinates (0004_matching), for distances between schools. */
  latitude: number | null;
  longitude: number | null;
  created_at: ColumnType<Date, never, never>;
  updated_at: ColumnType<Date, Date | undefined, Date>;
}
export type SchoolRow = Selectable<SchoolTable>;

export interface SchoolNameHistoryTable {
  id: Generated<number>;
  school_id: string;
  name: string;
  short_name: string;
  valid_to: string;
  changed_at: ColumnType<Date, Date | undefined, never>;
}

export interface SchoolContactTable {
  id: Generated<string>;
  school_id: string;
  position: number;
  role: string;
  name: string;
  phone: string | null;
  email: string | null;
}

export interface CapabilityAreaTable {
  code: string;
  name_vi: string;
  name_en: string;
  area_group: 'subject' | 'facilities' | 'management' | 'digital' | 'youth' | 'support' | 'other';
  campaign_id: string | null;
  position: number;
}

export interface SchoolCapabilityTable {
  school_id: string;
  kind: 'strength' | 'need';
  area_code: string;
  level: number;
  note: string | null;
}

export interface SchoolImportTable {
  id: Generated<string>;
  created_at: ColumnType<Date, never, never>;
  finished_at: Date | null;
  created_by_user_id: string | null;
  created_by: string | null;
  file_name: string;
  file: Buffer;
  dry_run: boolean;
  as_of: string;
  status: Generated<'queued' | 'running' | 'succeeded' | 'rejected' | 'failed'>;
  phase: Generated<string>;
  total_rows: Generated<number>;
  processed_rows: Generated<number>;
  created: Generated<number>;
  updated: Generated<number>;
  unchanged: Generated<number>;
  error_count: Generated<number>;
  errors: ColumnType<unknown, string | undefined, string>;
  warnings: ColumnType<unknown, string | undefined, string>;
  changes: ColumnType<unknown, string | undefined, string>;
  heartbeat_at: ColumnType<Date, Date | undefined, Date>;
  /** why a failed import failed: { code, params } */
  error: ColumnType<unknown, string | null | undefined, string | null>;
}

export interface SchoolLocationTable {
  school_id: string;
  admin_unit_id: string;
  valid_from: ColumnType<string, string | undefined, string>;
  valid_to: string | null;
}
