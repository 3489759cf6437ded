import { useQuery } from '@tanstack/react-query';
import type { Criterion } from '#src/core/matching/criteria.ts';
import type { RunParamsInput } from '#src/core/matching/run-params.ts';
import { api } from '../../lib/api';

export type RunParams = RunParamsInput & { campaignId: string };

export interface ModeSummary {
  matched: number;
  totalScore: number;
  averageScore: number;
  blockingPairs: number;
  wishesHonoured: number;
  wishesTotal: number;
  mutualWishes: number;
}

export interface RunSummary extends ModeSummary {
  mode: 'optimal' | 'stable';
  leftCount: number;
  rightCount: number;
  edgeCount: number;
  schools: number;
  alternatives: { optimal: ModeSummary; stable: ModeSummary };
  millis: number;
}

export interface RunSchool {
  id: string;
  name: string;
  shortName: string;
  code: string;
  areaType: string;
}

export interface RunPair {
  left: RunSchool;
  right: RunSchool;
  score: number;
  locked: boolean;
  points: Record<Criterion, number>;
  distanceKm: number | null;
  leftWishRank: number | null;
  rightWishRank: number | null;
  explanation: string;
  pairId: string | null;
}

export interface Run {
  id: string;
  campaignId: string;
  parentRunId: string | null;
  label: string | null;
  mode: 'optimal' | 'stable';
  status: 'queued' | 'running' | 'succeeded' | 'failed';
  phase: string;
  progress: number;
  params: Required<Omit<RunParamsInput, 'label' | 'parentRunId' | 'schoolIds'>> & Pick<RunParamsInput, 'label' | 'parentRunId' | 'schoolIds'>;
  summary: RunSummary | null;
  error: { code: string; message: string; field: string | null } | null;
  createdBy: string | null;
  createdAt: string;
  finishedAt: string | null;
  acceptedCount: number;
}

export interface RunDetail extends Run {
  pairs: RunPair[];
  otherPairs: RunPair[];
  unpaired: { id: string; shortName: string; side: 'left' | 'right' }[];
  excluded: { id: string; shortName: string; reason: string }[];
}

export interface Comparison {
  a: Run;
  b: Run;
  common: number;
  onlyA: RunPair[];
  onlyB: RunPair[];
}

export function useCampaignOptions() {
  return useQuery({
    queryKey: ['campaigns'],
    queryFn: () => api<{ items: { id: string; number: string; title: string }[] }>('GET', '/api/campaigns'),
    staleTime: 60_000,
  });
}

export function useRuns(campaignId: string | undefined) {
  return useQuery({
    queryKey: ['matching-runs', campaignId ?? null],
    queryFn: () => api<{ items: Run[] }>('GET', `/api/matching/runs${campaignId ? `?campaignId=${campaignId}` : ''}`),
    enabled: Boolean(campaignId),
  });
}

/** A run, polled while it is being computed. */
export function useRun(id: string | null) {
  return useQuery({
    queryKey: ['matching-run', id],
    queryFn: () => api<RunDetail>('GET', `/api/matching/runs/${id}`),
    enabled: Boolean(id),
    refetchInterval: (q) => (q.state.data && !['queued', 'running'].includes(q.state.data.status) ? false : 500),
  });
}

export function useComparison(a: string | null, b: string | null) {
  return useQuery({
    queryKey: ['matching-compare', a, b],
    queryFn: () => api<Comparison>('GET', `/api/matching/runs/compare?a=${a}&b=${b}`),
    enabled: Boolean(a && b),
  });
}

export const startRun = (params: RunParams) => api<RunDetail>('POST', '/api/matching/runs', params);

export const acceptPairs = (runId: string, pairs: { left: string; right: string }[]) =>
  api<{ created: { left: string; right: string; pairId: string }[] }>('POST', `/api/matching/runs/${runId}/accept`, { pairs });
