import type { ColumnType, Generated, Selectable } from 'kysely';
import type { ContributionKind, ContributionState, DonorKind } from '#src/core/support/contribution.ts';

export interface ContributionTable {
  id: Generated<string>;
  donor_kind: DonorKind;
  donor_name: string;
  donor_school_id: string | null;
  anonymous: boolean;
  kind: ContributionKind;
  description: string;
  /** numeric: pg returns text */
  quantity: ColumnType<string, string | number, string | number>;
  unit: string;
  value_vnd: ColumnType<number, number, number>;
  school_id: string;
  pair_id: string | null;
  campaign_id: string | null;
  expected_on: string | null;
  state: ColumnType<ContributionState, ContributionState | undefined, ContributionState>;
  cancel_reason: string | null;
  created_by_user_id: string | null;
  created_at: ColumnType<Date, Date | undefined, never>;
  updated_at: ColumnType<Date, Date | undefined, Date>;
}
export type ContributionRow = Selectable<ContributionTable>;

export interface SupportMinutesCounterTable {
  issuer_school_id: string;
  year: number;
  last_seq: number;
}

export interface ContributionDeliveryTable {
  id: Generated<string>;
  contribution_id: string;
  delivered_on: string;
  description: string;
  quantity: ColumnType<string, string | number, string | number>;
  value_vnd: ColumnType<number, number, number>;
  handed_over_by: string;
  received_by: string;
  place: string;
  issuer_school_id: string;
  minutes_year: number;
  minutes_seq: number;
  minutes_number: string;
  acknowledged_at: Date | null;
  acknowledged_by_user_id: string | null;
  created_by_user_id: string | null;
  created_at: ColumnType<Date, Date | undefined, never>;
}
export type DeliveryRow = Selectable<ContributionDeliveryTable>;

export interface LedgerEntryTable {
  seq: ColumnType<number, number, never>;
  kind: 'delivery' | 'correction' | 'payment';
  corrects_seq: ColumnType<number | null, number | null, never>;
  recorded_at: ColumnType<Date, Date, never>;
  payload: ColumnType<Record<string, unknown>, string, never>;
  prev_hash: ColumnType<string, string, never>;
  hash: ColumnType<string, string, never>;
}
export type LedgerEntryRow = Selectable<LedgerEntryTable>;

export interface LedgerHeadTable {
  published_on: string;
  seq: ColumnType<number, number, never>;
  hash: string;
  published_at: ColumnType<Date, Date | undefined, never>;
}

export interface BeneficiaryTable {
  id: Generated<string>;
  school_id: string;
  person_kind: 'student' | 'teacher';
  full_name: string | null;
  birth_date: string | null;
  class_name: string | null;
  hardship: string;
  situation: string | null;
  guardian_consent: ColumnType<Record<string, unknown> | null, string | null, string | null>;
  own_consent: ColumnType<Record<string, unknown> | null, string | null, string | null>;
  publishable: ColumnType<boolean, boolean | undefined, boolean>;
  erased_at: Date | null;
  erased_reason: 'request' | 'retention' | null;
  created_by_user_id: string | null;
  created_at: ColumnType<Date, Date | undefined, never>;
  updated_at: ColumnType<Date, Date | undefined, Date>;
}
export type BeneficiaryRow = Selectable<BeneficiaryTable>;

export interface BeneficiarySupportTable {
  id: Generated<string>;
  beneficiary_id: string;
  delivery_id: string | null;
  received_on: string;
  what: string;
  value_vnd: ColumnType<number, number, number>;
  created_at: ColumnType<Date, Date | undefined, never>;
}

export interface BeneficiaryAccessLogTable {
  id: Generated<string>;
  at: ColumnType<Date, Date | undefined, never>;
  actor_user_id: string | null;
  actor_username: string | null;
  actor_role: string | null;
  beneficiary_id: string | null;
  school_id: string | null;
  action: string;
  allowed: boolean;
  reason: string | null;
  request_id: string | null;
}

// sponsorships
export interface SponsorshipTable {
  id: Generated<string>;
  school_id: string;
  beneficiary_id: string;
  sponsor_kind: 'person' | 'organisation';
  sponsor_name: string;
  sponsor_user_id: string | null;
  anonymous: boolean;
  frequency: 'monthly' | 'yearly';
  amount_vnd: ColumnType<number, number, number>;
  starts_on: string;
  ends_on: string | null;
  ended_on: string | null;
  end_reason: string | null;
  created_by_user_id: string | null;
  created_at: ColumnType<Date, Date | undefined, never>;
  updated_at: ColumnType<Date, Date | undefined, Date>;
}
export type SponsorshipRow = Selectable<SponsorshipTable>;

export interface SponsorshipPaymentTable {
  id: Generated<string>;
  sponsorship_id: string;
  period_on: string;
  paid_on: string;
  amount_vnd: ColumnType<number, number, never>;
  ledger_seq: ColumnType<number, number, never>;
  recorded_by_user_id: string | null;
  created_at: ColumnType<Date, Date | undefined, never>;
}
export type SponsorshipPaymentRow = Selectable<SponsorshipPaymentTable>;

/** A payment recorded in error, corrected (never updated): a reversal (0 ₫) or the amount actually paid. */
export interface SponsorshipPaymentCorrectionTable {
  id: Generated<string>;
  payment_id: string;
  sponsorship_id: string;
  kind: 'reversal' | 'amount';
  amount_vnd: ColumnType<number, number, never>;
  reason: string;
  ledger_seq: ColumnType<number, number, never>;
  corrected_by_user_id: string | null;
  created_at: ColumnType<Date, Date | undefined, never>;
}
export type SponsorshipPaymentCorrectionRow = Selectable<SponsorshipPaymentCorrectionTable>;

export interface SponsorshipReminderTable {
  sponsorship_id: string;
  due_on: string;
  sent_at: ColumnType<Date, Date | undefined, never>;
}
