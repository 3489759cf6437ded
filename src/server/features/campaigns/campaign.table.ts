import type { ColumnType, Generated, Selectable } from 'kysely';

export interface CampaignTable {
  id: Generated<string>;
  number: string;
  issuer: string;
  issued_on: string;
  title: string;
  phase_start_year: number;
  phase_end_year: number;
  mou_template: unknown;
  school_years: ColumnType<string[], string[] | undefined, string[]>;
  created_at: ColumnType<Date, never, never>;
  updated_at: ColumnType<Date, Date | undefined, Date>;
}
export type CampaignRow = Selectable<CampaignTable>;
