/**
 * Onboarding a city's schools from the registry (issue 12): the leaders of active schools
 * without a leader account are invited in one run, from each school's e-mail and principal's
 * name. Shared by the server and the users page.
 */
import { z } from 'zod';
import { SCHOOL_LEVELS } from './registry/school.ts';

/** Which schools: all the caller manages, or those of one area and/or one level. */
export const onboardingFilterSchema = z.strictObject({
  adminUnitId: z.uuid().optional(),
  level: z.enum(SCHOOL_LEVELS).optional(),
});
export type OnboardingFilter = z.infer<typeof onboardingFilterSchema>;

/** Why a school's leader cannot be invited from the registry as it is. */
export const ONBOARDING_BLOCKS = ['no_email', 'invalid_email', 'no_principal', 'duplicate_email', 'email_in_use'] as const;
export type OnboardingBlock = (typeof ONBOARDING_BLOCKS)[number];

const schoolRef = z.object({ id: z.string(), code: z.string(), name: z.string() });

export const onboardingPreviewSchema = z.object({
  /** Active schools in scope (and filter) without a leader account (invited or active). */
  withoutLeader: z.number().int(),
  /** Of those, the schools a run would invite. */
  ready: z.number().int(),
  /** Schools held back, each with what blocks it (first 500; `blockedTotal` counts all). */
  blocked: z.array(schoolRef.extend({ email: z.string().nullable(), reasons: z.array(z.enum(ONBOARDING_BLOCKS)) })),
  blockedTotal: z.number().int(),
  /** E-mail addresses shared by several schools (flagged; none of them is invited). */
  duplicateEmails: z.number().int(),
});
export type OnboardingPreview = z.infer<typeof onboardingPreviewSchema>;

export const ONBOARDING_STATUSES = ['queued', 'running', 'done', 'stopped', 'failed'] as const;

export const onboardingRunSchema = z.object({
  id: z.string(),
  status: z.enum(ONBOARDING_STATUSES),
  filter: onboardingFilterSchema,
  total: z.number().int(),
  processed: z.number().int(),
  created: z.number().int(),
  skipped: z.number().int(),
  /** Each school handled: `created` (with the new username) or why it was skipped. */
  results: z.array(schoolRef.extend({ outcome: z.string(), username: z.string().nullable(), message: z.string().nullable() })),
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
  createdBy: z.string().nullable(),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
});
export type OnboardingRunDto = z.infer<typeof onboardingRunSchema>;

/** The username a school's leader gets: "ht." and the school's code, in the usernames' alphabet. */
export function leaderUsername(code: string, n = 1): string {
  const base = `ht.${code.toLowerCase().replace(/[^a-z0-9._-]+/gu, '-').replace(/^-+|-+$/gu, '')}`.slice(0, 36);
  return n === 1 ? base : `${base}.${n}`;
}
