import type { ColumnType, Generated } from 'kysely';

export interface ActivityTable {
  id: Generated<string>;
  pair_id: string;
  kind: string;
  title: string;
  starts_on: string;
  place: string | null;
  host_school_id: string | null;
  status: Generated<'planned' | 'done' | 'reported' | 'cancelled'>;
  description: string | null;
  created_at: ColumnType<Date, never, never>;
  updated_at: ColumnType<Date, Date | undefined, Date>;
}
