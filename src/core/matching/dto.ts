/**
 * What the matching API sends (runs, their pairs, comparisons, wishes): each answer is one
 * zod schema, used as the route's response schema (matching.routes.ts, and from there the
 * OpenAPI description) and, through its inferred type, by the server that builds it and
 * the page that reads it.
 */
import { z } from 'zod';
import { CRITERIA, type Criterion } from './criteria.ts';
import { MATCHING_MODES } from './engine.ts';
import { runParamsSchema } from './run-params.ts';

export const wishDto = z.object({
  schoolId: z.string(),
  partnerId: z.string(),
  rank: z.number().int(),
  partner: z.object({ name: z.string(), shortName: z.string(), code: z.string(), level: z.string(), areaType: z.string() }),
});
export type WishDto = z.infer<typeof wishDto>;
export const wishListDto = z.object({ items: z.array(wishDto) });

/** The figures of one mode's outcome, without its pairs. */
export const modeSummaryDto = z.object({
  matched: z.number().int(),
  totalScore: z.number(),
  averageScore: z.number(),
  blockingPairs: z.number().int(),
  wishesHonoured: z.number().int(),
  wishesTotal: z.number().int(),
  mutualWishes: z.number().int(),
});
export type ModeSummary = z.infer<typeof modeSummaryDto>;

export const runSummaryDto = modeSummaryDto.extend({
  mode: z.enum(MATCHING_MODES),
  leftCount: z.number().int(),
  rightCount: z.number().int(),
  edgeCount: z.number().int(),
  schools: z.number().int(),
  /** Both modes, for the trade-off. */
  alternatives: z.object({ optimal: modeSummaryDto, stable: modeSummaryDto }),
  millis: z.number(),
});
export type RunSummary = z.infer<typeof runSummaryDto>;

export const runDto = z.object({
  id: z.string(),
  campaignId: z.string(),
  parentRunId: z.string().nullable(),
  label: z.string().nullable(),
  mode: z.enum(MATCHING_MODES),
  status: z.enum(['queued', 'running', 'succeeded', 'failed']),
  phase: z.string(),
  progress: z.number().int(),
  params: runParamsSchema,
  summary: runSummaryDto.nullable(),
  error: z.object({ code: z.string(), message: z.string(), field: z.string().nullable() }).nullable(),
  createdBy: z.string().nullable(),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
  acceptedCount: z.number().int(),
});
export type RunDto = z.infer<typeof runDto>;
export const runListDto = z.object({ items: z.array(runDto) });

export const runSchoolDto = z.object({ id: z.string(), name: z.string(), shortName: z.string(), code: z.string(), areaType: z.string() });
export type RunSchoolDto = z.infer<typeof runSchoolDto>;

export const runPairDto = z.object({
  left: runSchoolDto,
  right: runSchoolDto,
  score: z.number(),
  locked: z.boolean(),
  points: z.object(Object.fromEntries(CRITERIA.map((c) => [c, z.number()])) as Record<Criterion, z.ZodNumber>),
  distanceKm: z.number().nullable(),
  leftWishRank: z.number().int().nullable(),
  rightWishRank: z.number().int().nullable(),
  explanation: z.string(),
  /** The pair made from it, once accepted. */
  pairId: z.string().nullable(),
});
export type RunPairDto = z.infer<typeof runPairDto>;

export const runDetailDto = runDto.extend({
  pairs: z.array(runPairDto),
  /** The other mode's pairs, to compare. */
  otherPairs: z.array(runPairDto),
  unpaired: z.array(z.object({ id: z.string(), code: z.string(), shortName: z.string(), side: z.enum(['left', 'right']) })),
  excluded: z.array(z.object({ id: z.string(), code: z.string(), shortName: z.string(), reason: z.string() })),
  /** Schools of the run without coordinates: they score nothing on distance and no maximum distance limits them. */
  withoutPosition: z.array(z.object({ id: z.string(), code: z.string(), shortName: z.string(), paired: z.boolean() })),
  /** (paper) Schools of the run with no leader account today: they will answer a proposal on paper. */
  withoutAccount: z.array(z.string()),
});
export type RunDetailDto = z.infer<typeof runDetailDto>;

/** Two runs side by side: the pairs they share and the pairs only one of them has. */
export const runComparisonDto = z.object({ a: runDto, b: runDto, common: z.number().int(), onlyA: z.array(runPairDto), onlyB: z.array(runPairDto) });
export type RunComparisonDto = z.infer<typeof runComparisonDto>;

/** The pairs an accept created. */
export const acceptedPairsDto = z.object({ created: z.array(z.object({ left: z.string(), right: z.string(), pairId: z.string(), at: z.string() })) });
export type AcceptedPairsDto = z.infer<typeof acceptedPairsDto>;
