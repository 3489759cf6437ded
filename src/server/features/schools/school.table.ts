import type { ColumnType, Generated, Selectable } from 'kysely';

export type DateColumn = ColumnType<string, string, string>;

export interface AdminUnitTable {
  id: Generated<string>;
  code: string;
  name: string;
  kind: 'province' | 'district' | 'commune' | 'ward' | 'town';
  parent_id: string | null;
  valid_from: ColumnType<string, string | undefined, string>;
  valid_to: string | null;
  successor_id: string | null;
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
  created_at: ColumnType<Date, never, never>;
  updated_at: ColumnType<Date, Date | undefined, Date>;
}
export type SchoolRow = Selectable<SchoolTable>;

export interface SchoolLocationTable {
  school_id: string;
  admin_unit_id: string;
  valid_from: ColumnType<string, string | undefined, string>;
  valid_to: string | null;
}
