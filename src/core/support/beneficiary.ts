/**
 * Beneficiaries (students and teachers in hardship): the consent rules of Law 91/2025/QH15 and
 * Decree 356/2025, small-group masking and retention. Pure; see docs/privacy.md.
 */
import { z } from 'zod';
import { isoDateText, multiLineText, singleLineText } from '#src/core/text-schema.ts';

export const HARDSHIPS = ['orphan', 'poor-household', 'near-poor-household', 'disability', 'serious-illness', 'natural-disaster', 'other'] as const;
export type Hardship = (typeof HARDSHIPS)[number];
/** `sponsor`: a sponsor may take the student on and (with the child's own from age 7) know the given name and class. */
export const CONSENT_SCOPES = ['record', 'support', 'publish', 'sponsor'] as const;

const isoDate = isoDateText('date_format');

export const guardianConsentSchema = z.strictObject({
  /** Who consented. */
  name: singleLineText().min(1).max(200),
  relation: z.enum(['mother', 'father', 'guardian', 'other']),
  givenOn: isoDate,
  how: z.enum(['written', 'electronic', 'recorded-verbal']),
  scope: z.array(z.enum(CONSENT_SCOPES)).min(1),
});
export type GuardianConsent = z.infer<typeof guardianConsentSchema>;

export const ownConsentSchema = z.strictObject({
  givenOn: isoDate,
  how: z.enum(['written', 'electronic', 'recorded-verbal']),
  scope: z.array(z.enum(CONSENT_SCOPES)).min(1),
});
export type OwnConsent = z.infer<typeof ownConsentSchema>;

/** Why the record is opened: asked on every read and change, kept in the access log. */
export const accessReason = singleLineText().min(5).max(300);

export const newBeneficiarySchema = z.strictObject({
  schoolId: z.uuid(),
  personKind: z.enum(['student', 'teacher']),
  fullName: singleLineText().min(1).max(200),
  birthDate: isoDate,
  className: singleLineText().max(30).optional(),
  hardship: z.enum(HARDSHIPS),
  situation: multiLineText().max(2000).optional(),
  guardianConsent: guardianConsentSchema.optional(),
  ownConsent: ownConsentSchema.optional(),
  publishable: z.boolean().default(false),
  reason: accessReason,
});
export type NewBeneficiary = z.infer<typeof newBeneficiarySchema>;

export const beneficiaryPatchSchema = newBeneficiarySchema.omit({ schoolId: true }).partial().extend({ reason: accessReason });
export type BeneficiaryPatch = z.infer<typeof beneficiaryPatchSchema>;

export const receivedSchema = z.strictObject({
  receivedOn: isoDate,
  what: singleLineText().min(1).max(500),
  valueVnd: z.number().int().min(0).max(1e12),
  reason: accessReason,
});

/** Age in whole years on a day (ISO dates). */
export function ageOn(birthDate: string, on: string): number {
  const [by, bm, bd] = birthDate.split('-').map(Number) as [number, number, number];
  const [y, m, d] = on.split('-').map(Number) as [number, number, number];
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}

export type ConsentProblem = { field: string; key: 'consent_required' | 'own_consent_required' } | null;

/**
 * What the law asks before a record is saved: a child's record needs a parent's or guardian's
 * consent covering the record; a teacher's, the person's own. Publishing anything needs the
 * consent to cover publishing and, for a child from age 7, the child's own consent too.
 */
export function consentProblem(b: { personKind: 'student' | 'teacher'; birthDate: string; guardianConsent?: GuardianConsent | null; ownConsent?: OwnConsent | null; publishable: boolean }, today: string): ConsentProblem {
  if (b.personKind === 'student') {
    if (!b.guardianConsent || !b.guardianConsent.scope.includes('record')) return { field: 'guardianConsent', key: 'consent_required' };
    if (b.publishable) {
      if (!b.guardianConsent.scope.includes('publish')) return { field: 'guardianConsent', key: 'consent_required' };
      if (ageOn(b.birthDate, today) >= 7 && !b.ownConsent?.scope.includes('publish')) return { field: 'ownConsent', key: 'own_consent_required' };
    }
    return null;
  }
  if (!b.ownConsent || !b.ownConsent.scope.includes('record')) return { field: 'ownConsent', key: 'consent_required' };
  if (b.publishable && !b.ownConsent.scope.includes('publish')) return { field: 'ownConsent', key: 'own_consent_required' };
  return null;
}

/** The smallest group shown as a number: smaller ones are "< 5" (a count of 0 says nothing about anyone). */
export const SMALL_GROUP = 5;
export type MaskedCount = number | '< 5';
export const maskCount = (n: number): MaskedCount => (n > 0 && n < SMALL_GROUP ? '< 5' : n);

/** How long a record keeps personal data after its last change or support: then it is anonymised. */
export const RETENTION_MONTHS = 36;

/** The day before which a record's last activity makes it due for anonymisation. */
export function retentionCutoff(today: string, months = RETENTION_MONTHS): string {
  const [y, m, d] = today.split('-').map(Number) as [number, number, number];
  const total = y * 12 + (m - 1) - months;
  const cy = Math.floor(total / 12);
  const cm = (total % 12) + 1;
  const last = new Date(Date.UTC(cy, cm, 0)).getUTCDate();
  return `${cy}-${String(cm).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}
