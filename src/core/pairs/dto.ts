/**
 * What the pairs API sends (pairs, MoU versions, notices, steering members, scans,
 * public verification): one definition for the server that builds the answers and
 * the page that reads them. The route schemas in pairs.routes.ts check the same shapes.
 */
import type { MouChange } from '#src/core/mou/diff.ts';
import type { MouContent } from '#src/core/mou/types.ts';
import type { MouVersionText } from '#src/core/mou/version.ts';
import type { PairState } from './state-machine.ts';

export type MouStatus = 'draft' | 'signed' | 'superseded';

export const NOTICE_KINDS = ['amend', 'supplement', 'cancel'] as const;
export type NoticeKind = (typeof NOTICE_KINDS)[number];
export type NoticeStatus = 'sent' | 'accepted' | 'rejected' | 'withdrawn';

export const COMMITTEE_ROLES = ['head', 'deputy', 'member', 'secretary'] as const;
export type CommitteeRole = (typeof COMMITTEE_ROLES)[number];

/** What the caller may do with a pair now (the page shows these buttons, the services enforce them). */
export const PAIR_ACTIONS = [
  'accept',
  'decline',
  'approve',
  'reject',
  'complete',
  'terminate',
  'withdraw',
  'editMou',
  'signMou',
  'sendNotice',
  'manageSteering',
  'uploadScan',
] as const;
export type PairAction = (typeof PAIR_ACTIONS)[number];

export interface PairSummaryDto {
  id: string;
  state: PairState;
  campaign: { id: string; number: string };
  schools: { id: string; name: string; shortName: string; level: string }[];
  mouStatus: MouStatus | null;
  signedOn: string | null;
  createdAt: string;
}

export interface SignatureDto {
  schoolId: string;
  signatoryName: string;
  signatoryTitle: string;
  signedAt: string;
  sha256: string;
  /** false for a signature on paper recorded afterwards (the demo's 2023 MoU). */
  electronic: boolean;
}

/** A version of a pair's MoU: its text, and where it stands. */
export interface MouVersionDto extends MouVersionText {
  version: number;
  status: MouStatus;
  sha256: string;
  number: string | null;
  signedOn: string | null;
  verificationCode: string | null;
  verifyUrl: string | null;
  changeNote: string | null;
  fromNoticeId: string | null;
  createdAt: string;
  signatures: SignatureDto[];
}

export type MouVersionSummaryDto = Omit<MouVersionDto, 'content' | 'parties' | 'venue'>;

/** Two versions of an MoU compared: the text's changes and the changed details (place, date…). */
export interface MouDiffDto {
  from: number;
  to: number;
  changes: MouChange[];
  meta: { field: string; before: string; after: string }[];
}

export interface NoticeDto {
  id: string;
  kind: NoticeKind;
  status: NoticeStatus;
  number: string | null;
  senderSchoolId: string;
  mouVersion: number | null;
  reason: string;
  proposedText: string[];
  proposedContent: MouContent | null;
  effectiveOn: string | null;
  datedOn: string;
  place: string;
  sentAt: string;
  signatoryName: string;
  sha256: string;
  verificationCode: string | null;
  resultingMouVersion: number | null;
  responses: { schoolId: string; decision: 'accept' | 'reject'; note: string | null; respondedAt: string }[];
}

export interface SteeringMemberDto {
  id: string;
  schoolId: string;
  fullName: string;
  committeeRole: CommitteeRole;
  position: string | null;
  phone: string | null;
  email: string | null;
}

export interface ScanDto {
  id: string;
  mouVersion: number;
  fileName: string;
  mediaType: string;
  sizeBytes: number;
  sha256: string;
  uploadedAt: string;
}

/** Stored with a pair the pairing engine proposed: the run, the score, the explanation in both languages. */
export interface PairProposal {
  runId: string;
  score: number;
  explanation: { vi: string; en: string };
}

export interface PairDetailDto {
  id: string;
  state: PairState;
  campaign: { id: string; number: string; title: string; phase: string };
  members: {
    schoolId: string;
    code: string;
    name: string;
    shortName: string;
    level: string;
    unitLine: string;
    acceptedAt: string | null;
    declinedAt: string | null;
    declinedReason: string | null;
  }[];
  proposedBySchoolId: string | null;
  createdAt: string;
  approvedAt: string | null;
  endedOn: string | null;
  endReason: string | null;
  /** Why the pairing engine proposed the pair (score out of 100, explanation in the caller's language). */
  proposal: { runId: string; score: number; explanation: string } | null;
  actions: PairAction[];
  mou: { versions: MouVersionSummaryDto[]; current: MouVersionDto | null; latest: MouVersionDto | null };
  notices: NoticeDto[];
  steering: SteeringMemberDto[];
  scans: ScanDto[];
  history: { at: string; actor: string | null; action: string }[];
}

/** What the QR code on a document opens (public, no sign-in). */
export interface VerificationDto {
  code: string;
  kind: 'mou' | 'notice';
  title: string;
  number: string | null;
  datedOn: string;
  place: string;
  /** MoU: in force / replaced by a later version / pair ended. Notice: its answer. */
  status: 'in-force' | 'superseded' | 'ended' | 'sent' | 'accepted' | 'rejected' | 'withdrawn';
  signedOn: string | null;
  sha256: string;
  campaign: { number: string; title: string };
  parties: { name: string; signatoryName: string; signatoryTitle: string }[];
  signatures: { party: string; signatoryName: string; signedAt: string; electronic: boolean }[];
}
