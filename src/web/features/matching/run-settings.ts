/** The matching form's settings: their defaults, what a run was made with, and the parameters a new run is sent. */
import { DEFAULT_WEIGHTS, type Criterion } from '#src/core/matching/criteria.ts';
import type { AreaType } from '#src/core/registry/school.ts';
import type { RunDetail, RunParams } from './matching-api';
import type { PairRef } from './use-pair-adjustments';

export interface Settings {
  levels: string[];
  leftAreaTypes: AreaType[];
  rightAreaTypes: AreaType[];
  weights: Record<Criterion, number>;
  sameLevel: boolean;
  leftCapacity: number;
  rightCapacity: number;
  maxDistanceKm: number | null;
  minScore: number;
  spread: boolean;
  alreadyPaired: 'exclude' | 'reduce';
  mode: 'optimal' | 'stable';
  label: string;
}

export const DEFAULT_SETTINGS: Settings = {
  levels: ['primary'],
  leftAreaTypes: ['inner-city'],
  rightAreaTypes: ['suburban', 'mountainous'],
  weights: DEFAULT_WEIGHTS,
  sameLevel: true,
  leftCapacity: 1,
  rightCapacity: 1,
  maxDistanceKm: null,
  minScore: 0,
  spread: false,
  alreadyPaired: 'exclude',
  mode: 'optimal',
  label: '',
};

/** The settings a run was made with (to adjust and re-run it). */
export function settingsOf(p: RunDetail['params']): Settings {
  return {
    levels: p.levels,
    leftAreaTypes: p.leftAreaTypes,
    rightAreaTypes: p.rightAreaTypes,
    weights: p.weights,
    sameLevel: p.sameLevel,
    leftCapacity: p.leftCapacity,
    rightCapacity: p.rightCapacity,
    maxDistanceKm: p.maxDistanceKm,
    minScore: p.minScore ?? 0,
    spread: p.spread ?? false,
    alreadyPaired: p.alreadyPaired,
    mode: p.mode,
    label: p.label ?? '',
  };
}

/** What a new run is sent: the settings, the locked and removed pairs, and the run it adjusts. */
export function runParamsOf(campaignId: string, settings: Settings, locked: PairRef[], forbidden: PairRef[], parentRunId?: string): RunParams {
  return {
    campaignId,
    ...(settings.label.trim() ? { label: settings.label.trim() } : {}),
    ...(parentRunId ? { parentRunId } : {}),
    mode: settings.mode,
    levels: settings.levels as RunParams['levels'],
    leftAreaTypes: settings.leftAreaTypes,
    rightAreaTypes: settings.rightAreaTypes,
    weights: settings.weights,
    sameLevel: settings.sameLevel,
    leftCapacity: settings.leftCapacity,
    rightCapacity: settings.rightCapacity,
    maxDistanceKm: settings.maxDistanceKm,
    minScore: settings.minScore,
    spread: settings.spread && (settings.leftCapacity > 1 || settings.rightCapacity > 1),
    alreadyPaired: settings.alreadyPaired,
    locked: locked.map(({ a, b }) => ({ a, b })),
    forbidden: forbidden.map(({ a, b }) => ({ a, b })),
  };
}
