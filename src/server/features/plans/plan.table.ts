import type { ColumnType, Generated, Selectable } from 'kysely';
import type { PlanStatus } from '#src/core/plans/plan.ts';

export interface PairPlanTable {
  id: Generated<string>;
  pair_id: string;
  school_year: string;
  created_at: ColumnType<Date, never, never>;
}
export type PairPlanRow = Selectable<PairPlanTable>;

export interface PlanVersionTable {
  id: Generated<string>;
  plan_id: string;
  version: number;
  status: ColumnType<PlanStatus, PlanStatus | undefined, PlanStatus>;
  content: ColumnType<unknown, string, string>;
  content_sha256: string;
  parties: ColumnType<unknown, string, string>;
  change_note: string | null;
  drafted_by_school_id: string | null;
  created_by_user_id: string | null;
  created_at: ColumnType<Date, never, never>;
  updated_at: ColumnType<Date, Date | undefined, Date>;
  submitted_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  submitted_by_user_id: ColumnType<string | null, string | null | undefined, string | null>;
  approved_on: ColumnType<string | null, string | null | undefined, string | null>;
  number: ColumnType<string | null, string | null | undefined, string | null>;
  number_year: ColumnType<number | null, number | null | undefined, number | null>;
  number_seq: ColumnType<number | null, number | null | undefined, number | null>;
}
export type PlanVersionRow = Selectable<PlanVersionTable>;

export interface PlanApprovalTable {
  plan_version_id: string;
  school_id: string;
  approved_by_user_id: string | null;
  signatory_name: string;
  signatory_title: string;
  approved_at: Date;
  content_sha256: string;
}
export type PlanApprovalRow = Selectable<PlanApprovalTable>;
