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
  /** phases (0012): the campaign this one is the next phase of. */
  previous_campaign_id: ColumnType<string | null, string | null | undefined, string | null>;
  /** reminders (0015): days a step waits before its school is reminded / the department is told (null: never). */
  reminder_days: ColumnType<number | null, number | null | undefined, number | null>;
  escalation_days: ColumnType<number | null, number | null | undefined, number | null>;
  /** reminders (0022): days before an activity its people are reminded (null: never). */
  activity_reminder_days: ColumnType<number | null, number | null | undefined, number | null>;
}
export type CampaignRow = Selectable<CampaignTable>;
