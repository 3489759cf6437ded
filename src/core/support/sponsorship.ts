/**
 * Sponsorships (nhận đỡ đầu): a teacher (a person with an account) or an organisation takes
 * on a student with a monthly or yearly amount. The schedule of due dates, what the consents
 * allow the sponsor to see, and the request schemas. Pure; see docs/support.md.
 */
import { z } from 'zod';
import { isoDateText, singleLineText } from '#src/core/text-schema.ts';
import { ageOn, type GuardianConsent, type OwnConsent } from './beneficiary.ts';

export const FREQUENCIES = ['monthly', 'yearly'] as const;
export type Frequency = (typeof FREQUENCIES)[number];
export const SPONSOR_KINDS = ['person', 'organisation'] as const;
export type SponsorKind = (typeof SPONSOR_KINDS)[number];

/** How many days before a payment is due the sponsor is reminded. */
export const REMIND_DAYS_BEFORE = 7;

const isoDate = isoDateText('date_format');
const vnd = z.number().int().min(1).max(1e12);

export const newSponsorshipSchema = z
  .strictObject({
    beneficiaryId: z.uuid(),
    sponsorKind: z.enum(SPONSOR_KINDS),
    /** The sponsor's account (a teacher: required; an organisation: its contact, optional). */
    sponsorUsername: singleLineText().min(1).max(100).optional(),
    /** An organisation's name (a person's is the account's). */
    sponsorName: singleLineText().min(1).max(300).optional(),
    /** Shown to the public as "ẩn danh" (the default). */
    anonymous: z.boolean().default(true),
    frequency: z.enum(FREQUENCIES),
    amountVnd: vnd,
    startsOn: isoDate,
    endsOn: isoDate.optional(),
  })
  .refine((s) => s.sponsorKind !== 'person' || s.sponsorUsername !== undefined, { path: ['sponsorUsername'], params: { key: 'required' } })
  .refine((s) => s.sponsorKind !== 'organisation' || s.sponsorName !== undefined, { path: ['sponsorName'], params: { key: 'required' } })
  .refine((s) => s.endsOn === undefined || s.endsOn >= s.startsOn, { path: ['endsOn'], params: { key: 'ends_before_start' } });
export type NewSponsorship = z.infer<typeof newSponsorshipSchema>;

export const paymentSchema = z.strictObject({
  /** The due date this payment pays (default: the first one not yet paid). */
  periodOn: isoDate.optional(),
  paidOn: isoDate,
  /** Default: the sponsorship's amount. */
  amountVnd: vnd.optional(),
});
export type NewPayment = z.infer<typeof paymentSchema>;

export const PAYMENT_CORRECTION_KINDS = ['reversal', 'amount'] as const;
export type PaymentCorrectionKind = (typeof PAYMENT_CORRECTION_KINDS)[number];

/**
 * Correcting a payment recorded in error: `reversal` (it never happened: it counts 0 ₫ and its
 * period is due again) or `amount` (the amount actually paid). The reason is required; it stays
 * with the school and the audit log, never in the public ledger.
 */
export const paymentCorrectionSchema = z
  .strictObject({
    kind: z.enum(PAYMENT_CORRECTION_KINDS),
    /** The amount actually paid (`amount` only). */
    amountVnd: vnd.optional(),
    reason: singleLineText().min(5).max(500),
  })
  .refine((c) => c.kind !== 'amount' || c.amountVnd !== undefined, { path: ['amountVnd'], params: { key: 'required' } })
  .refine((c) => c.kind !== 'reversal' || c.amountVnd === undefined, { path: ['amountVnd'], params: { key: 'not_with_reversal' } });
export type PaymentCorrection = z.infer<typeof paymentCorrectionSchema>;

export const endSponsorshipSchema = z.strictObject({
  endedOn: isoDate,
  reason: singleLineText().min(5).max(300),
});

const pad2 = (n: number) => String(n).padStart(2, '0');

/** An ISO date `months` months later, on the same day or the month's last day (31/01 → 28/02). */
export function addMonths(iso: string, months: number): string {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  const total = y * 12 + (m - 1) + months;
  const ny = Math.floor(total / 12);
  const nm = (total % 12) + 1;
  const last = new Date(Date.UTC(ny, nm, 0)).getUTCDate();
  return `${ny}-${pad2(nm)}-${pad2(Math.min(d, last))}`;
}

/** An ISO date `days` days later (negative: earlier). */
export function addDays(iso: string, days: number): string {
  const t = Date.parse(`${iso}T00:00:00Z`) + days * 86_400_000;
  return new Date(t).toISOString().slice(0, 10);
}

export interface Schedule {
  frequency: Frequency;
  startsOn: string;
  /** The agreed end (null: open). */
  endsOn: string | null;
  /** Ended early (null: not ended). */
  endedOn: string | null;
}

/** The last day a payment may fall due. */
const lastDay = (s: Schedule): string | null => [s.endsOn, s.endedOn].filter((d): d is string => d !== null).sort()[0] ?? null;

/** The due dates of a schedule up to `until` (inclusive), at most `max`: the start, then every month or year. */
export function dueDates(s: Schedule, until: string, max = 1000): string[] {
  const out: string[] = [];
  const end = lastDay(s);
  for (let i = 0; out.length < max; i++) {
    const due = addMonths(s.startsOn, s.frequency === 'monthly' ? i : 12 * i);
    if (due > until || (end !== null && due > end)) break;
    out.push(due);
  }
  return out;
}

/** Whether `date` is a due date of the schedule. */
export function isDueDate(s: Schedule, date: string): boolean {
  return dueDates(s, date).includes(date);
}

/** The first due date not yet paid (null: none left). */
export function nextDue(s: Schedule, paidPeriods: ReadonlySet<string>, horizon = '9999-12-31'): string | null {
  const end = lastDay(s);
  for (let i = 0; i < 100_000; i++) {
    const due = addMonths(s.startsOn, s.frequency === 'monthly' ? i : 12 * i);
    if (due > horizon || (end !== null && due > end)) return null;
    if (!paidPeriods.has(due)) return due;
  }
  return null;
}

/** The given name of a Vietnamese full name: its last word ("Lò Văn Páo" → "Páo"). */
export function givenName(fullName: string): string {
  const words = fullName.normalize('NFC').trim().split(/\s+/u);
  return words[words.length - 1] ?? '';
}

export interface ConsentFacts {
  personKind: 'student' | 'teacher';
  birthDate: string | null;
  guardianConsent: GuardianConsent | null;
  ownConsent: OwnConsent | null;
  erased: boolean;
}

/**
 * May the student be sponsored: a parent's or guardian's consent covering sponsorship
 * (`sponsor`). Only students are sponsored.
 */
export function sponsorshipConsentProblem(b: ConsentFacts): { field: string; key: string } | null {
  if (b.erased) return { field: 'beneficiaryId', key: 'beneficiary_erased' };
  if (b.personKind !== 'student') return { field: 'beneficiaryId', key: 'sponsor_students_only' };
  if (!b.guardianConsent?.scope.includes('sponsor')) return { field: 'beneficiaryId', key: 'sponsor_consent_required' };
  return null;
}

/**
 * What the sponsor may see of the student: the given name and class when the guardian's
 * consent covers sponsorship and, from age 7, the child agreed too (`sponsor` in the child's
 * own consent); otherwise nothing about the person (the school and the payments only).
 */
export function sponsorMaySee(b: ConsentFacts, today: string): 'given-name-and-class' | 'nothing' {
  if (b.erased || b.personKind !== 'student' || !b.birthDate) return 'nothing';
  if (!b.guardianConsent?.scope.includes('sponsor')) return 'nothing';
  if (ageOn(b.birthDate, today) >= 7 && !b.ownConsent?.scope.includes('sponsor')) return 'nothing';
  return 'given-name-and-class';
}
