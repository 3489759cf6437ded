import type { ColumnType, Generated } from 'kysely';

export type PairState = 'proposed' | 'accepted' | 'approved' | 'active' | 'completed' | 'terminated' | 'declined';

export interface PairTable {
  id: Generated<string>;
  campaign_id: string;
  state: PairState;
  proposed_by_user_id: string | null;
  created_at: ColumnType<Date, never, never>;
  updated_at: ColumnType<Date, Date | undefined, Date>;
}

export interface PairMemberTable {
  pair_id: string;
  school_id: string;
  accepted_at: Date | null;
  declined_reason: string | null;
}

export interface MouTable {
  id: Generated<string>;
  pair_id: string;
  version: number;
  number: string | null;
  place: string;
  dated_on: string;
  content: unknown;
  content_sha256: string;
  status: 'draft' | 'signed' | 'superseded';
  signed_on: string | null;
  created_at: ColumnType<Date, never, never>;
}

export interface MouSignatureTable {
  mou_id: string;
  school_id: string;
  signatory_name: string;
  signatory_title: string;
  signed_by_user_id: string | null;
  signed_at: Date;
  content_sha256: string;
}
