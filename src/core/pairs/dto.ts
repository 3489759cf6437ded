/**
 * What the pairs API sends (pairs, MoU versions, notices, steering members, scans,
 * public verification): each answer is one zod schema, used as the route's response
 * schema (pairs.routes.ts, and from there the OpenAPI description) and, through its
 * inferred type, by the server that builds it and the page that reads it.
 */
import { z } from 'zod';
import { mouContentSchema, mouPartySchema } from '#src/core/mou/version.ts';
import { PAIR_STATES } from './state-machine.ts';

export const MOU_STATUSES = ['draft', 'signed', 'superseded'] as const;
export type MouStatus = (typeof MOU_STATUSES)[number];

export const NOTICE_KINDS = ['amend', 'supplement', 'cancel'] as const;
export type NoticeKind = (typeof NOTICE_KINDS)[number];
export const NOTICE_STATUSES = ['sent', 'accepted', 'rejected', 'withdrawn'] as const;
export type NoticeStatus = (typeof NOTICE_STATUSES)[number];

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

export const pairSummaryDto = z.object({
  id: z.string(),
  state: z.enum(PAIR_STATES),
  campaign: z.object({ id: z.string(), number: z.string() }),
  /** `hasAccount` (paper): the school has an enabled leader account; without one it answers on paper. */
  schools: z.array(z.object({ id: z.string(), name: z.string(), shortName: z.string(), level: z.string(), hasAccount: z.boolean() })),
  mouStatus: z.enum(MOU_STATUSES).nullable(),
  signedOn: z.string().nullable(),
  createdAt: z.string(),
});
export type PairSummaryDto = z.infer<typeof pairSummaryDto>;

export const pairListDto = z.object({ items: z.array(pairSummaryDto), total: z.number().int() });
export type PairListDto = z.infer<typeof pairListDto>;

/** A pair just proposed (POST /api/pairs). */
export const pairProposedDto = z.object({ id: z.string() });
export type PairProposedDto = z.infer<typeof pairProposedDto>;
/** A pair's state after a step of its workflow (POST /api/pairs/{id}/transitions). */
export const pairTransitionedDto = z.object({ state: z.enum(PAIR_STATES) });
export type PairTransitionedDto = z.infer<typeof pairTransitionedDto>;

/** A school offered as a partner when proposing a pair (GET /api/pairs/partner-candidates). */
export const partnerCandidateDto = z.object({
  id: z.string(),
  name: z.string(),
  level: z.string(),
  areaType: z.string(),
  placeName: z.string().nullable(),
  paired: z.boolean(),
});
export type PartnerCandidateDto = z.infer<typeof partnerCandidateDto>;
export const partnerCandidateListDto = z.object({ items: z.array(partnerCandidateDto) });

export const signatureDto = z.object({
  schoolId: z.string(),
  signatoryName: z.string(),
  signatoryTitle: z.string(),
  signedAt: z.string(),
  sha256: z.string(),
  /** false for a signature on paper recorded afterwards (the demo's 2023 MoU). */
  electronic: z.boolean(),
  /** Signed on paper and recorded on the school's behalf with the scanned letter ("xác nhận trên giấy"). */
  onPaper: z.object({ recordId: z.string(), signedOn: z.string(), recordedBy: z.string().nullable(), recordedAt: z.string() }).nullable(),
});
export type SignatureDto = z.infer<typeof signatureDto>;

/** A version of a pair's MoU without its text (the list of versions). */
export const mouVersionSummaryDto = z.object({
  version: z.number().int(),
  status: z.enum(MOU_STATUSES),
  place: z.string(),
  datedOn: z.string(),
  phase: z.string(),
  sha256: z.string(),
  number: z.string().nullable(),
  signedOn: z.string().nullable(),
  verificationCode: z.string().nullable(),
  verifyUrl: z.string().nullable(),
  changeNote: z.string().nullable(),
  fromNoticeId: z.string().nullable(),
  createdAt: z.string(),
  signatures: z.array(signatureDto),
});
export type MouVersionSummaryDto = z.infer<typeof mouVersionSummaryDto>;
export const mouVersionListDto = z.object({ items: z.array(mouVersionSummaryDto) });

/** A version of a pair's MoU: its text, and where it stands. */
export const mouVersionDto = mouVersionSummaryDto.extend({
  venue: z.string().nullable(),
  parties: z.array(mouPartySchema),
  /** The text as written: placeholders ({phase}, {from}, {A}…) kept. */
  content: mouContentSchema,
  /** phases: the text as the documents show it, placeholders filled from the version and its campaign. */
  rendered: mouContentSchema,
});
export type MouVersionDto = z.infer<typeof mouVersionDto>;

const wordOp = z.object({ op: z.enum(['equal', 'insert', 'delete']), text: z.string() });

/** Two versions of an MoU compared: the text's changes and the changed details (place, date…). */
export const mouDiffDto = z.object({
  from: z.number().int(),
  to: z.number().int(),
  changes: z.array(
    z.object({
      article: z.number().int().nullable(),
      clause: z.number().int().nullable(),
      change: z.enum(['added', 'removed', 'changed']),
      before: z.string().nullable(),
      after: z.string().nullable(),
      words: z.array(wordOp),
      articleTitle: z.string().optional(),
    }),
  ),
  meta: z.array(z.object({ field: z.string(), before: z.string(), after: z.string() })),
});
export type MouDiffDto = z.infer<typeof mouDiffDto>;

/** What a caller may do to a notice now (`notice.respond`, `notice.withdraw` and the notice's state). */
export const NOTICE_ACTIONS = ['respond', 'withdraw'] as const;
export type NoticeAction = (typeof NOTICE_ACTIONS)[number];

export const noticeDto = z.object({
  id: z.string(),
  kind: z.enum(NOTICE_KINDS),
  status: z.enum(NOTICE_STATUSES),
  number: z.string().nullable(),
  senderSchoolId: z.string(),
  mouVersion: z.number().int().nullable(),
  reason: z.string(),
  proposedText: z.array(z.string()),
  proposedContent: mouContentSchema.nullable(),
  effectiveOn: z.string().nullable(),
  datedOn: z.string(),
  place: z.string(),
  sentAt: z.string(),
  signatoryName: z.string(),
  sha256: z.string(),
  verificationCode: z.string().nullable(),
  resultingMouVersion: z.number().int().nullable(),
  /** The day the version this notice led to was signed by all parties (it then took effect); null until then. */
  resultingMouSignedOn: z.string().nullable(),
  responses: z.array(z.object({ schoolId: z.string(), decision: z.enum(['accept', 'reject']), note: z.string().nullable(), respondedAt: z.string() })),
  /** What the caller may do to this notice now: the same policy and state checks the answer and withdraw routes make. */
  actions: z.array(z.enum(NOTICE_ACTIONS)),
});
export type NoticeDto = z.infer<typeof noticeDto>;

export const steeringMemberDto = z.object({
  id: z.string(),
  schoolId: z.string(),
  fullName: z.string(),
  committeeRole: z.enum(COMMITTEE_ROLES),
  position: z.string().nullable(),
  phone: z.string().nullable(),
  email: z.string().nullable(),
});
export type SteeringMemberDto = z.infer<typeof steeringMemberDto>;
export const steeringListDto = z.object({ items: z.array(steeringMemberDto) });

export const scanDto = z.object({
  id: z.string(),
  mouVersion: z.number().int(),
  fileName: z.string(),
  mediaType: z.string(),
  sizeBytes: z.number().int(),
  sha256: z.string(),
  uploadedAt: z.string(),
});
export type ScanDto = z.infer<typeof scanDto>;

/** Stored with a pair the pairing engine proposed: the run, the score, the explanation in both languages. */
export interface PairProposal {
  runId: string;
  score: number;
  explanation: { vi: string; en: string };
}

// paper
/** A school's step taken on paper, recorded on its behalf with the scanned letter. */
export const paperRecordDto = z.object({
  id: z.string(),
  kind: z.enum(['acceptance', 'signature']),
  schoolId: z.string(),
  /** The MoU version signed (signatures). */
  mouVersion: z.number().int().nullable(),
  /** The date on the letter, or under the handwritten signature. */
  datedOn: z.string(),
  fileName: z.string(),
  mediaType: z.string(),
  sizeBytes: z.number().int(),
  recordedBy: z.string().nullable(),
  recordedAt: z.string(),
});
export type PaperRecordDto = z.infer<typeof paperRecordDto>;

export const pairDetailDto = z.object({
  id: z.string(),
  state: z.enum(PAIR_STATES),
  campaign: z.object({ id: z.string(), number: z.string(), title: z.string(), phase: z.string() }),
  members: z.array(
    z.object({
      schoolId: z.string(),
      code: z.string(),
      name: z.string(),
      shortName: z.string(),
      level: z.string(),
      unitLine: z.string(),
      acceptedAt: z.string().nullable(),
      declinedAt: z.string().nullable(),
      declinedReason: z.string().nullable(),
      // paper
      /** The school has an enabled leader account (who accepts and signs in the app). */
      hasAccount: z.boolean(),
      /** The acceptance was made on paper and recorded on the school's behalf. */
      acceptedOnPaper: paperRecordDto.nullable(),
      /** What the caller may record on paper for this school now. */
      paperActions: z.array(z.enum(['accept', 'sign'])),
      /** The caller may add, change and remove this school's steering committee members now (`steering.manage`). */
      manageSteering: z.boolean(),
    }),
  ),
  proposedBySchoolId: z.string().nullable(),
  createdAt: z.string(),
  approvedAt: z.string().nullable(),
  endedOn: z.string().nullable(),
  endReason: z.string().nullable(),
  /** Why the pairing engine proposed the pair (score out of 100, explanation in the caller's language). */
  proposal: z.object({ runId: z.string(), score: z.number(), explanation: z.string() }).nullable(),
  actions: z.array(z.enum(PAIR_ACTIONS)),
  mou: z.object({ versions: z.array(mouVersionSummaryDto), current: mouVersionDto.nullable(), latest: mouVersionDto.nullable() }),
  notices: z.array(noticeDto),
  steering: z.array(steeringMemberDto),
  scans: z.array(scanDto),
  /** Steps the schools took on paper (paper), with their letters. */
  paperRecords: z.array(paperRecordDto),
  history: z.array(z.object({ at: z.string(), actor: z.string().nullable(), action: z.string() })),
});
export type PairDetailDto = z.infer<typeof pairDetailDto>;

/** What the QR code on a document opens (public, no sign-in). */
export const verificationDto = z.object({
  code: z.string(),
  kind: z.enum(['mou', 'notice']),
  title: z.string(),
  number: z.string().nullable(),
  datedOn: z.string(),
  place: z.string(),
  /** MoU: in force / replaced by a later version / pair ended. Notice: its answer. */
  status: z.enum(['in-force', 'superseded', 'ended', 'sent', 'accepted', 'rejected', 'withdrawn']),
  signedOn: z.string().nullable(),
  sha256: z.string(),
  campaign: z.object({ number: z.string(), title: z.string() }),
  parties: z.array(z.object({ name: z.string(), signatoryName: z.string(), signatoryTitle: z.string() })),
  signatures: z.array(z.object({ party: z.string(), signatoryName: z.string(), signedAt: z.string(), electronic: z.boolean() })),
});
export type VerificationDto = z.infer<typeof verificationDto>;

/** Where a pair stands between its phase and the next (GET /api/pairs/{id}/next-phase). */
export const nextPhaseDto = z.object({
  /** The phase the pair belongs to, and when it ends. */
  campaign: z.object({ id: z.string(), number: z.string(), phase: z.string(), endsOn: z.string(), ended: z.boolean() }),
  /** The campaign opened as the next phase, if any. */
  next: z.object({ id: z.string(), number: z.string(), phase: z.string() }).nullable(),
  choice: z.enum(['continue', 'end']).nullable(),
  chosenAt: z.string().nullable(),
  /** The pair of the next phase that continues this one. */
  continuedByPairId: z.string().nullable(),
  /** The pair of the previous phase this one continues. */
  continuesPairId: z.string().nullable(),
  /** Whether the caller may choose now. */
  mayChoose: z.boolean(),
});
export type NextPhaseDto = z.infer<typeof nextPhaseDto>;

/** The answer to a next-phase choice (POST /api/pairs/{id}/next-phase): the pair's state after it, and the new pair when continued. */
export const nextPhaseChosenDto = z.object({ choice: z.enum(['continue', 'end']), state: z.enum(PAIR_STATES), newPairId: z.string().nullable() });
export type NextPhaseChosenDto = z.infer<typeof nextPhaseChosenDto>;
