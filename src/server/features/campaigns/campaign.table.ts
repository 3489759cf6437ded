import type { ColumnType, Generated } from 'kysely';

export interface CampaignTable {
  id: Generated<string>;
  number: string;
  issuer: string;
  issued_on: string;
  title: string;
  phase_start_year: number;
  phase_end_year: number;
  mou_template: unknown;
  created_at: ColumnType<Date, never, never>;
}
