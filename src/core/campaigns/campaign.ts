/** A campaign (Kế hoạch / phong trào) as the department enters it, shared by server and page. */
import { z } from 'zod';
import { isoDateText, singleLineText } from '#src/core/text-schema.ts';
import { mouContentSchema } from '#src/core/mou/version.ts';
import type { MouContent } from '#src/core/mou/types.ts';
import { MOU_TEMPLATE } from '#src/core/mou/placeholders.ts';

const schoolYear = z
  .string()
  .trim()
  .refine((v) => {
    const m = /^(\d{4})-(\d{4})$/u.exec(v);
    return Boolean(m && Number(m[2]) === Number(m[1]) + 1);
  }, { params: { key: 'school_year_format' } });

export const isoDateSchema = isoDateText('date_format');

const campaignFields = {
  /** "4340/KH-SGDĐT" */
  number: singleLineText().min(3).max(60),
  issuer: singleLineText().min(3).max(200),
  issuedOn: isoDateSchema,
  /** The movement's name. */
  title: singleLineText().min(3).max(300),
  phaseStartYear: z.number().int().min(2000).max(2100),
  phaseEndYear: z.number().int().min(2000).max(2100),
  schoolYears: z.array(schoolYear).max(20),
  mouTemplate: mouContentSchema,
};

export const newCampaignSchema = z
  .strictObject({ ...campaignFields, schoolYears: campaignFields.schoolYears.default([]), mouTemplate: mouContentSchema.optional() })
  .refine((c) => c.phaseEndYear >= c.phaseStartYear, { path: ['phaseEndYear'], params: { key: 'phase_order' } });
export type NewCampaign = z.infer<typeof newCampaignSchema>;

export const campaignPatchSchema = z
  .strictObject(campaignFields)
  .partial()
  .refine((c) => c.phaseEndYear === undefined || c.phaseStartYear === undefined || c.phaseEndYear >= c.phaseStartYear, {
    path: ['phaseEndYear'],
    params: { key: 'phase_order' },
  });
export type CampaignPatch = z.infer<typeof campaignPatchSchema>;

/** A campaign as the API sends it (the routes' response schema and, inferred, the pages' type); `pairCount` only in the list. */
export const campaignDto = z.object({
  id: z.string(),
  number: z.string(),
  issuer: z.string(),
  issuedOn: z.string(),
  title: z.string(),
  phaseStartYear: z.number().int(),
  phaseEndYear: z.number().int(),
  schoolYears: z.array(z.string()),
  mouTemplate: mouContentSchema,
  pairCount: z.number().int().optional(),
  /** phases: the last day of the phase (31 December of its last year). */
  endsOn: z.string(),
  /** phases: the campaign this one is the next phase of, and the one that follows it. */
  previousCampaignId: z.string().nullable(),
  nextCampaignId: z.string().nullable(),
});
export type CampaignDto = z.infer<typeof campaignDto>;

/** "2023-2025" */
export const phaseLabel = (start: number, end: number): string => `${start}-${end}`;

/** The school years of a phase: 2023–2025 → 2023-2024, 2024-2025. */
export function schoolYearsOf(start: number, end: number): string[] {
  const out: string[] = [];
  for (let y = start; y < end; y++) out.push(`${y}-${y + 1}`);
  return out;
}

/**
 * The MoU template of a new campaign: the seed's articles with placeholders — the basis
 * cites the campaign ({campaignNumber}, {campaignDate}, {campaignIssuer}, {movement}), the
 * phase and Điều 3's months follow each MoU's own period — filled when a document is rendered.
 */
export function defaultTemplateFor(_c: { number: string; issuer: string; issuedOn: string; title: string; phaseStartYear: number; phaseEndYear: number }): MouContent {
  return structuredClone(MOU_TEMPLATE);
}

// phases ---------------------------------------------------------------------

/** The last day of a campaign's phase: 31 December of its last year (Điều 3: "đến hết tháng 12/2025"). */
export const campaignEndsOn = (phaseEndYear: number): string => `${phaseEndYear}-12-31`;

/** Whether the campaign's phase has ended by `today` (ISO date, Vietnam's day). */
export const campaignEnded = (phaseEndYear: number, today: string): boolean => today > campaignEndsOn(phaseEndYear);
