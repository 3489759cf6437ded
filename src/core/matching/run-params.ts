/** What a department asks of a matching run: shared by the server route and the page's form. */
import { z } from 'zod';
import { AREA_TYPES, SCHOOL_LEVELS } from '#src/core/registry/school.ts';
import { DEFAULT_WEIGHTS, MAX_WISHES } from './criteria.ts';
import { MATCHING_MODES } from './engine.ts';

const uuid = z.string().uuid();
const weight = z.number().min(0).max(10);
const pairRef = z.strictObject({ a: uuid, b: uuid });

export const runParamsSchema = z.strictObject({
  campaignId: uuid,
  label: z.string().trim().max(200).optional(),
  /** The run this one adjusts (locks, removals), for the history. */
  parentRunId: uuid.optional(),
  mode: z.enum(MATCHING_MODES).default('optimal'),
  /** Levels of the schools to pair (empty: every level). */
  levels: z.array(z.enum(SCHOOL_LEVELS)).max(SCHOOL_LEVELS.length).default(['primary']),
  leftAreaTypes: z.array(z.enum(AREA_TYPES)).min(1).max(3).default(['inner-city']),
  rightAreaTypes: z.array(z.enum(AREA_TYPES)).min(1).max(3).default(['suburban', 'mountainous']),
  /** Only these schools (else every active school of the levels and area types). */
  schoolIds: z.array(uuid).max(60_000).optional(),
  weights: z.strictObject({ complement: weight, wishes: weight, distance: weight, size: weight }).default(DEFAULT_WEIGHTS),
  sameLevel: z.boolean().default(true),
  leftCapacity: z.number().int().min(1).max(20).default(1),
  rightCapacity: z.number().int().min(1).max(20).default(1),
  maxDistanceKm: z.number().positive().max(5000).nullable().default(null),
  /** Pairs scoring less than this (out of 100) are not proposed: nothing in common but size is not a reason to pair. */
  minScore: z.number().min(0).max(100).default(0),
  /** Best overall: share partners out evenly (a first partner for every school before a second for any); one side must have capacity 1. */
  spread: z.boolean().default(false),
  alreadyPaired: z.enum(['exclude', 'reduce']).default('exclude'),
  locked: z.array(pairRef).max(20_000).default([]),
  forbidden: z.array(pairRef).max(20_000).default([]),
});
export type RunParams = z.output<typeof runParamsSchema>;
export type RunParamsInput = z.input<typeof runParamsSchema>;

export const wishesInputSchema = z.strictObject({
  campaignId: uuid,
  schoolId: uuid,
  /** Most wished first; empty clears the school's wishes. */
  partnerIds: z.array(uuid).max(MAX_WISHES),
});
export type WishesInput = z.output<typeof wishesInputSchema>;
