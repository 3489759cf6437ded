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
/** A count; "< 5" for a small group (1–4, or a 0 shown so, see `boundsOf`); "hidden" for a count of 5 or more hidden so that no "< 5" can be worked out. */
export type MaskedCount = number | '< 5' | 'hidden';
export const maskCount = (n: number): MaskedCount => (n > 0 && n < SMALL_GROUP ? '< 5' : n);

/**
 * What a reader can know of a shown count: [lowest, highest]. "< 5" is 1–4, or 0–4 where the last
 * step of `maskTable` may have shown zeros as "< 5": only once the total is not shown as a number,
 * and only in a group that shows no 0 (the step turns all of a group's zeros at once).
 */
const boundsOf = (shown: MaskedCount, zerosMayBeHidden: boolean): [number, number] =>
  typeof shown === 'number' ? [shown, shown] : shown === '< 5' ? [zerosMayBeHidden ? 0 : 1, SMALL_GROUP - 1] : [SMALL_GROUP, Infinity];

/**
 * Masks a table of counts: a total and groups of cells, each group adding up to the total
 * (students + teachers; the hardships). Primary: every count of 1–4 is "< 5". Secondary: while a
 * reader could still work out any hidden count exactly — from the total minus the shown cells of a
 * group, from the bounds (two "< 5" adding up to 8 are both 4), or the total from a fully shown
 * group — the smallest shown non-zero cell of that group is also hidden ("hidden"), or, when the
 * group has none, the total; when the total is hidden already (four people or fewer, each in a
 * different hardship), the group's zeros are "< 5" too, so a reader cannot tell the 1s from the 0s.
 * Pure; see docs/privacy.md.
 */
export function maskTable(total: number, groups: readonly (readonly number[])[]): { total: MaskedCount; groups: MaskedCount[][] } {
  let shownTotal = maskCount(total);
  const shown = groups.map((g) => g.map(maskCount));
  for (;;) {
    const leak = derivable(shownTotal, shown);
    if (leak === null) break;
    // The total: first a group shown in full (it gives the total away), then any.
    const fullyShown = (gi: number) => shown[gi]!.every((c) => typeof c === 'number');
    const candidates = (leak === 'total' ? shown.map((_, gi) => gi) : [leak])
      .flatMap((gi) => shown[gi]!.map((c, ci) => ({ gi, ci, c })))
      .filter((x): x is { gi: number; ci: number; c: number } => typeof x.c === 'number' && x.c > 0)
      .sort((a, b) => Number(fullyShown(b.gi)) - Number(fullyShown(a.gi)) || a.c - b.c);
    const pick = candidates[0];
    if (pick) shown[pick.gi]![pick.ci] = 'hidden';
    else if (typeof shownTotal === 'number' && shownTotal > 0) shownTotal = 'hidden';
    else {
      // Four people or fewer, each in a different hardship: a group's zeros are "< 5" too (0 is fewer
      // than 5), the group that ends the leak if one does.
      const withZeros = shown.map((_, gi) => gi).filter((gi) => shown[gi]!.includes(0));
      const zeroed = (gi: number) => shown.map((g, i) => (i === gi ? g.map((c) => (c === 0 ? '< 5' : c)) : g));
      const gi = withZeros.find((g) => derivable(shownTotal, zeroed(g)) === null) ?? withZeros[0];
      if (gi === undefined) break;
      shown[gi] = zeroed(gi)[gi]!;
    }
  }
  return { total: shownTotal, groups: shown };
}

/**
 * The first group in which a hidden count can be worked out exactly ('total' if the hidden total
 * can), or null. Interval propagation over total = sum(group) for every group.
 */
function derivable(shownTotal: MaskedCount, shown: readonly (readonly MaskedCount[])[]): number | 'total' | null {
  let [tLo, tHi] = boundsOf(shownTotal, false);
  const cells = shown.map((g) => g.map((c) => boundsOf(c, typeof shownTotal !== 'number' && !g.includes(0))));
  for (let round = 0, changed = true; changed && round < 50; round++) {
    changed = false;
    for (const g of cells) {
      const lo = g.reduce((a, [l]) => a + l, 0);
      const hi = g.reduce((a, [, h]) => a + h, 0);
      if (lo > tLo) [tLo, changed] = [lo, true];
      if (hi < tHi) [tHi, changed] = [hi, true];
      for (const [i, [l, h]] of g.entries()) {
        const othersLo = g.reduce((a, [ol], j) => (j === i ? a : a + ol), 0);
        const othersHi = g.reduce((a, [, oh], j) => (j === i ? a : a + oh), 0);
        const nl = Math.max(l, tLo - othersHi);
        const nh = Math.min(h, tHi - othersLo);
        if (nl !== l || nh !== h) [g[i], changed] = [[nl, nh], true];
      }
    }
  }
  if (typeof shownTotal !== 'number' && tLo === tHi) return 'total';
  for (const [gi, g] of shown.entries()) if (g.some((c, ci) => typeof c !== 'number' && cells[gi]![ci]![0] === cells[gi]![ci]![1])) return gi;
  return null;
}

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
