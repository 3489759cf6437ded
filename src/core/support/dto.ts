/**
 * What the support routes answer (contributions, totals, the public ledger, sponsorships,
 * beneficiaries): each answer is one zod schema, used as the route's response schema
 * (support.routes.ts, sponsorships.routes.ts, beneficiaries.routes.ts, and from there the
 * OpenAPI description) and, through its inferred type, by the service that builds it and the
 * page that reads it (src/web/features/support).
 */
import { z } from 'zod';
import { CONSENT_SCOPES } from './beneficiary.ts';
import { CONTRIBUTION_KINDS, CONTRIBUTION_STATES } from './contribution.ts';
import { FREQUENCIES, PAYMENT_CORRECTION_KINDS, SPONSOR_KINDS } from './sponsorship.ts';

// ---- contributions

export const deliveryDto = z.object({
  id: z.string(),
  deliveredOn: z.string(),
  description: z.string(),
  quantity: z.number(),
  valueVnd: z.number(),
  handedOverBy: z.string(),
  receivedBy: z.string(),
  place: z.string(),
  minutesNumber: z.string(),
  acknowledgedAt: z.string().nullable(),
});
export type DeliveryDto = z.infer<typeof deliveryDto>;

export const pledgeDto = z.object({
  id: z.string(),
  donorKind: z.string(),
  donorName: z.string(),
  donorSchoolId: z.string().nullable(),
  anonymous: z.boolean(),
  kind: z.enum(CONTRIBUTION_KINDS),
  description: z.string(),
  quantity: z.number(),
  unit: z.string(),
  valueVnd: z.number(),
  schoolId: z.string(),
  schoolName: z.string(),
  pairId: z.string().nullable(),
  campaignId: z.string().nullable(),
  expectedOn: z.string().nullable(),
  state: z.enum(CONTRIBUTION_STATES),
  cancelReason: z.string().nullable(),
  createdAt: z.string(),
  deliveredVnd: z.number(),
  deliveredQuantity: z.number(),
  deliveries: z.array(deliveryDto),
  /** What the caller may do (the same policy as the guards). */
  actions: z.object({ deliver: z.boolean(), correct: z.boolean(), cancel: z.boolean(), acknowledge: z.boolean() }),
});
export type PledgeDto = z.infer<typeof pledgeDto>;

export const pledgeListDto = z.object({ items: z.array(pledgeDto), total: z.number() });
export type PledgeListDto = z.infer<typeof pledgeListDto>;

/** Cash, in kind (value and items), hours and deliveries, counted apart (see `TotalsLine`). */
const totalsLine = { cashVnd: z.number(), inKindVnd: z.number(), inKindItems: z.number(), hours: z.number(), deliveries: z.number() };
export const totalsLineDto = z.object(totalsLine);
export type TotalsLineDto = z.infer<typeof totalsLineDto>;
export const totalsDto = z.object({
  overall: totalsLineDto,
  bySchool: z.array(z.object({ ...totalsLine, schoolId: z.string(), schoolName: z.string() })),
  byPair: z.array(z.object({ ...totalsLine, pairId: z.string() })),
  byCampaign: z.array(z.object({ ...totalsLine, campaignId: z.string() })),
  byKind: z.array(z.object({ kind: z.enum(CONTRIBUTION_KINDS), valueVnd: z.number(), quantity: z.number(), deliveries: z.number() })),
});
export type TotalsDto = z.infer<typeof totalsDto>;

// ---- the public ledger

export const publicLedgerEntryDto = z.object({
  seq: z.number(),
  /** `payment`: a sponsorship's payment (the student is never named). */
  kind: z.enum(['delivery', 'correction', 'payment']),
  correctsSeq: z.number().nullable(),
  recordedAt: z.string(),
  donor: z.string(),
  contributionKind: z.enum(CONTRIBUTION_KINDS),
  quantity: z.string(),
  unit: z.string(),
  valueVnd: z.number(),
  deliveredOn: z.string(),
  schoolName: z.string(),
  minutesNumber: z.string(),
  hash: z.string(),
  prevHash: z.string(),
});
export type PublicLedgerEntryDto = z.infer<typeof publicLedgerEntryDto>;

export const ledgerHeadDto = z.object({ seq: z.number(), hash: z.string() });
export type LedgerHeadDto = z.infer<typeof ledgerHeadDto>;

export const publicLedgerDto = z.object({ items: z.array(publicLedgerEntryDto), total: z.number(), head: ledgerHeadDto.nullable() });
export type PublicLedgerDto = z.infer<typeof publicLedgerDto>;

export const ledgerHeadsDto = z.object({
  current: ledgerHeadDto.nullable(),
  published: z.array(z.object({ publishedOn: z.string(), seq: z.number(), hash: z.string(), publishedAt: z.string() })),
});
export type LedgerHeadsDto = z.infer<typeof ledgerHeadsDto>;

// ---- sponsorships

/** How a payment recorded in error was corrected (the payment itself stays as recorded). */
export const paymentCorrectionDto = z.object({
  kind: z.enum(PAYMENT_CORRECTION_KINDS),
  /** What the payment counts from now on (0: reversed). */
  amountVnd: z.number(),
  reason: z.string(),
  correctedAt: z.string(),
  ledgerSeq: z.number(),
});
export type PaymentCorrectionDto = z.infer<typeof paymentCorrectionDto>;

export const paymentDto = z.object({
  id: z.string(),
  periodOn: z.string(),
  paidOn: z.string(),
  /** As recorded (a correction never changes it). */
  amountVnd: z.number(),
  ledgerSeq: z.number(),
  /** What counts today: the corrected amount, or the recorded one. */
  countedVnd: z.number(),
  correction: paymentCorrectionDto.nullable(),
});
export type PaymentDto = z.infer<typeof paymentDto>;

/** What the school's staff see (no personal data: the student is named by the beneficiary id). */
export const sponsorshipDto = z.object({
  id: z.string(),
  schoolId: z.string(),
  schoolName: z.string(),
  beneficiaryId: z.string(),
  sponsorKind: z.enum(SPONSOR_KINDS),
  sponsorName: z.string(),
  sponsorUsername: z.string().nullable(),
  anonymous: z.boolean(),
  frequency: z.enum(FREQUENCIES),
  amountVnd: z.number(),
  startsOn: z.string(),
  endsOn: z.string().nullable(),
  endedOn: z.string().nullable(),
  endReason: z.string().nullable(),
  nextDueOn: z.string().nullable(),
  paidVnd: z.number(),
  payments: z.array(paymentDto),
  /** What the caller may do (the same policy as the guards). */
  actions: z.object({ pay: z.boolean(), end: z.boolean(), correctPayment: z.boolean() }),
});
export type SponsorshipDto = z.infer<typeof sponsorshipDto>;

export const sponsorshipListDto = z.object({ items: z.array(sponsorshipDto) });
export type SponsorshipListDto = z.infer<typeof sponsorshipListDto>;

/** The sponsor's view: an explicit allow-list, never more of the student than the consents allow. */
export const sponsorViewDto = z.object({
  id: z.string(),
  schoolName: z.string(),
  /** The given name and class, when the consents allow it; null otherwise. */
  student: z.object({ givenName: z.string(), className: z.string().nullable() }).nullable(),
  frequency: z.enum(FREQUENCIES),
  amountVnd: z.number(),
  startsOn: z.string(),
  endsOn: z.string().nullable(),
  endedOn: z.string().nullable(),
  nextDueOn: z.string().nullable(),
  paidVnd: z.number(),
  /** Each payment as recorded, and its correction (kind, the amount that counts, when): never the school's reason. */
  payments: z.array(
    z.object({
      id: z.string(),
      periodOn: z.string(),
      paidOn: z.string(),
      amountVnd: z.number(),
      countedVnd: z.number(),
      correction: z.object({ kind: z.enum(PAYMENT_CORRECTION_KINDS), amountVnd: z.number(), correctedAt: z.string() }).nullable(),
    }),
  ),
});
export type SponsorViewDto = z.infer<typeof sponsorViewDto>;

export const sponsorViewListDto = z.object({ items: z.array(sponsorViewDto) });
export type SponsorViewListDto = z.infer<typeof sponsorViewListDto>;

// ---- beneficiaries

const consentHow = z.enum(['written', 'electronic', 'recorded-verbal']);
/** A consent as recorded (the request schemas `guardianConsentSchema`/`ownConsentSchema` check it on the way in). */
export const guardianConsentDto = z.object({
  name: z.string(),
  relation: z.enum(['mother', 'father', 'guardian', 'other']),
  givenOn: z.string(),
  how: consentHow,
  scope: z.array(z.enum(CONSENT_SCOPES)),
});
export const ownConsentDto = z.object({ givenOn: z.string(), how: consentHow, scope: z.array(z.enum(CONSENT_SCOPES)) });

/** A beneficiary's record, for its own school's authorised staff only (every read is logged). */
export const beneficiaryDto = z.object({
  id: z.string(),
  schoolId: z.string(),
  personKind: z.enum(['student', 'teacher']),
  fullName: z.string().nullable(),
  birthDate: z.string().nullable(),
  className: z.string().nullable(),
  hardship: z.string(),
  situation: z.string().nullable(),
  guardianConsent: guardianConsentDto.nullable(),
  ownConsent: ownConsentDto.nullable(),
  publishable: z.boolean(),
  erased: z.boolean(),
  received: z.array(z.object({ receivedOn: z.string(), what: z.string(), valueVnd: z.number() })),
});
export type BeneficiaryDto = z.infer<typeof beneficiaryDto>;

export const beneficiaryListDto = z.object({ items: z.array(beneficiaryDto) });
export type BeneficiaryListDto = z.infer<typeof beneficiaryListDto>;

/** A count, "< 5" for a small group (never a person), or "hidden" (5 or more, hidden so that no "< 5" can be worked out). */
const masked = z.union([z.number(), z.literal('< 5'), z.literal('hidden')]);
export const beneficiarySummaryDto = z.object({
  total: masked,
  students: masked,
  teachers: masked,
  byHardship: z.array(z.object({ hardship: z.string(), count: masked })),
  /** The value received, only when the group is not small (null otherwise). */
  receivedVnd: z.number().nullable(),
});
export type BeneficiarySummaryDto = z.infer<typeof beneficiarySummaryDto>;
