import type { ColumnType } from 'kysely';

export interface AppMetaTable {
  key: string;
  value: unknown;
  updated_at: ColumnType<Date, Date | undefined, Date>;
}
