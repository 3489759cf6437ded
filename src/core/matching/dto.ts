/**
 * What the matching API sends (runs, their pairs, comparisons, wishes): one definition
 * for the server that builds the answers and the page that reads them. The route
 * schemas in matching.routes.ts check the same shapes.
 */
import type { PairEvaluation } from './criteria.ts';
import type { ModeOutcome } from './engine.ts';
import type { RunParams } from './run-params.ts';

export interface WishDto {
  schoolId: string;
  partnerId: string;
  rank: number;
  partner: { name: string; shortName: string; code: string; level: string; areaType: string };
}

/** The figures of one mode's outcome, without its pairs. */
export type ModeSummary = Omit<ModeOutcome, 'pairs'>;

export type RunSummary = ModeSummary & {
  mode: RunParams['mode'];
  leftCount: number;
  rightCount: number;
  edgeCount: number;
  schools: number;
  /** Both modes, for the trade-off. */
  alternatives: { optimal: ModeSummary; stable: ModeSummary };
  millis: number;
};

export interface RunSchoolDto {
  id: string;
  name: string;
  shortName: string;
  code: string;
  areaType: string;
}

export interface RunPairDto {
  left: RunSchoolDto;
  right: RunSchoolDto;
  score: number;
  locked: boolean;
  points: PairEvaluation['points'];
  distanceKm: number | null;
  leftWishRank: number | null;
  rightWishRank: number | null;
  explanation: string;
  /** The pair made from it, once accepted. */
  pairId: string | null;
}

export interface RunDto {
  id: string;
  campaignId: string;
  parentRunId: string | null;
  label: string | null;
  mode: RunParams['mode'];
  status: 'queued' | 'running' | 'succeeded' | 'failed';
  phase: string;
  progress: number;
  params: RunParams;
  summary: RunSummary | null;
  error: { code: string; message: string; field: string | null } | null;
  createdBy: string | null;
  createdAt: string;
  finishedAt: string | null;
  acceptedCount: number;
}

export interface RunDetailDto extends RunDto {
  pairs: RunPairDto[];
  /** The other mode's pairs, to compare. */
  otherPairs: RunPairDto[];
  unpaired: { id: string; code: string; shortName: string; side: 'left' | 'right' }[];
  excluded: { id: string; code: string; shortName: string; reason: string }[];
  /** Schools of the run without coordinates: they score nothing on distance and no maximum distance limits them. */
  withoutPosition: { id: string; code: string; shortName: string; paired: boolean }[];
}

/** Two runs side by side: the pairs they share and the pairs only one of them has. */
export interface RunComparisonDto {
  a: RunDto;
  b: RunDto;
  common: number;
  onlyA: RunPairDto[];
  onlyB: RunPairDto[];
}
