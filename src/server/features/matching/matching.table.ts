import type { ColumnType, Generated, Selectable } from 'kysely';

export interface MatchingWishTable {
  campaign_id: string;
  school_id: string;
  partner_id: string;
  rank: number;
  updated_by_user_id: string | null;
  updated_at: ColumnType<Date, Date | undefined, Date>;
}
export type MatchingWishRow = Selectable<MatchingWishTable>;

type Json = ColumnType<unknown, string | undefined, string>;

export interface MatchingRunTable {
  id: Generated<string>;
  campaign_id: string;
  parent_run_id: string | null;
  label: string | null;
  mode: 'optimal' | 'stable';
  status: Generated<'queued' | 'running' | 'succeeded' | 'failed'>;
  phase: Generated<string>;
  progress: Generated<number>;
  params: ColumnType<unknown, string, string>;
  inputs: ColumnType<unknown, string | null | undefined, string | null>;
  result: ColumnType<unknown, string | null | undefined, string | null>;
  summary: ColumnType<unknown, string | null | undefined, string | null>;
  error: ColumnType<unknown, string | null | undefined, string | null>;
  accepted: Json;
  created_by_user_id: string | null;
  created_by: string | null;
  created_at: ColumnType<Date, never, never>;
  finished_at: Date | null;
  heartbeat_at: ColumnType<Date, Date | undefined, Date>;
}
export type MatchingRunRow = Selectable<MatchingRunTable>;
