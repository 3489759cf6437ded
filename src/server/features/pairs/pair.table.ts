import type { DocumentKind } from '#src/core/mou/version.ts';
import type { ColumnType, Generated, Selectable } from 'kysely';
import type { CommitteeRole, MouStatus, NoticeKind, NoticeStatus, PairProposal } from '#src/core/pairs/dto.ts';
import type { PairState } from '#src/core/pairs/state-machine.ts';

export type { PairState };

export interface PairTable {
  id: Generated<string>;
  campaign_id: string;
  state: PairState;
  proposed_by_user_id: string | null;
  proposed_by_school_id: ColumnType<string | null, string | null | undefined, string | null>;
  approved_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  approved_by_user_id: ColumnType<string | null, string | null | undefined, string | null>;
  ended_on: ColumnType<string | null, string | null | undefined, string | null>;
  end_reason: ColumnType<string | null, string | null | undefined, string | null>;
  /** Why the pairing engine proposed the pair (0005_pair_proposal); null for pairs proposed by hand. */
  proposal: ColumnType<PairProposal | null, string | null | undefined, string | null>;
  search_key: Generated<string>;
  created_at: ColumnType<Date, never, never>;
  updated_at: ColumnType<Date, Date | undefined, Date>;
  // phases (0012): the pair of the previous phase this one continues; what this pair chose for the next phase.
  continued_from_pair_id: ColumnType<string | null, string | null | undefined, string | null>;
  next_phase_choice: ColumnType<'continue' | 'end' | null, 'continue' | 'end' | null | undefined, 'continue' | 'end' | null>;
  next_phase_chosen_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  next_phase_chosen_by_user_id: ColumnType<string | null, string | null | undefined, string | null>;
}
export type PairRow = Selectable<PairTable>;

export interface PairMemberTable {
  pair_id: string;
  school_id: string;
  accepted_at: Date | null;
  declined_reason: string | null;
  position: Generated<number>;
  responded_by_user_id: ColumnType<string | null, string | null | undefined, string | null>;
  declined_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
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
  status: MouStatus;
  signed_on: string | null;
  created_at: ColumnType<Date, Date | undefined, never>;
  parties: ColumnType<unknown, string | undefined, string>;
  venue: ColumnType<string | null, string | null | undefined, string | null>;
  phase: ColumnType<string, string | undefined, string>;
  change_note: ColumnType<string | null, string | null | undefined, string | null>;
  created_by_user_id: ColumnType<string | null, string | null | undefined, string | null>;
  issuer_school_id: ColumnType<string | null, string | null | undefined, string | null>;
  number_year: ColumnType<number | null, number | null | undefined, number | null>;
  number_seq: ColumnType<number | null, number | null | undefined, number | null>;
  verification_code: ColumnType<string | null, string | null | undefined, string | null>;
  from_notice_id: ColumnType<string | null, string | null | undefined, string | null>;
  /** phases: the campaign the legal basis cites, as it stood when the version was signed. */
  campaign_basis: ColumnType<unknown, string | null | undefined, string | null>;
}
export type MouRow = Selectable<MouTable>;

export interface MouSignatureTable {
  mou_id: string;
  school_id: string;
  signatory_name: string;
  signatory_title: string;
  signed_by_user_id: string | null;
  signed_at: Date;
  content_sha256: string;
}
export type MouSignatureRow = Selectable<MouSignatureTable>;

export interface DocumentCounterTable {
  issuer_school_id: string;
  year: number;
  /** One series per kind (0013_paper_steps). */
  kind: ColumnType<DocumentKind, DocumentKind | undefined, never>;
  last_seq: number;
}

export interface DocumentRegisterTable {
  issuer_school_id: string;
  year: number;
  seq: number;
  kind: DocumentKind;
  number: string;
  ref_id: string;
  issued_on: string;
}

export interface MouNoticeTable {
  id: Generated<string>;
  pair_id: string;
  mou_id: string;
  kind: NoticeKind;
  sender_school_id: string;
  reason: string;
  proposed_content: ColumnType<unknown, string | null, string | null>;
  proposed_text: ColumnType<unknown, string, string>;
  effective_on: string | null;
  place: string;
  dated_on: string;
  number: string | null;
  number_year: number | null;
  number_seq: number | null;
  content_sha256: string;
  verification_code: string | null;
  status: NoticeStatus;
  sent_by_user_id: string | null;
  sent_at: ColumnType<Date, Date | undefined, Date>;
  signatory_name: string;
  signatory_title: string;
  resulting_mou_id: ColumnType<string | null, string | null | undefined, string | null>;
  closed_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
}
export type MouNoticeRow = Selectable<MouNoticeTable>;

export interface MouNoticeResponseTable {
  notice_id: string;
  school_id: string;
  decision: 'accept' | 'reject';
  note: string | null;
  responded_by_user_id: string | null;
  responded_at: ColumnType<Date, Date | undefined, never>;
}

export interface MouScanTable {
  id: Generated<string>;
  mou_id: string;
  file_name: string;
  media_type: 'application/pdf' | 'image/jpeg' | 'image/png' | 'image/webp';
  size_bytes: number;
  sha256: string;
  storage_key: string;
  uploaded_by_user_id: string | null;
  uploaded_at: ColumnType<Date, Date | undefined, never>;
}

export interface SteeringMemberTable {
  id: Generated<string>;
  pair_id: string;
  school_id: string;
  full_name: string;
  committee_role: CommitteeRole;
  position: string | null;
  phone: string | null;
  email: string | null;
  sort: Generated<number>;
  created_at: ColumnType<Date, never, never>;
  updated_at: ColumnType<Date, Date | undefined, Date>;
}
