import type { ColumnType, Generated } from 'kysely';

/** A run inviting the leaders of the registry's schools without an account (0025_onboarding). */
export interface OnboardingRunTable {
  id: Generated<string>;
  status: Generated<'queued' | 'running' | 'done' | 'stopped' | 'failed'>;
  created_by_user_id: string | null;
  created_by: string | null;
  filter: ColumnType<unknown, string, string>;
  total: Generated<number>;
  processed: Generated<number>;
  created: Generated<number>;
  skipped: Generated<number>;
  results: ColumnType<unknown, string | undefined, string>;
  error: ColumnType<unknown, string | null | undefined, string | null>;
  created_at: ColumnType<Date, Date | undefined, never>;
  finished_at: Date | null;
}
