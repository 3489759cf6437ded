import { useQuery } from '@tanstack/react-query';
import type { CampaignDto } from '#src/core/campaigns/campaign.ts';
import type { AcceptedPairsDto, RunComparisonDto, RunDetailDto, RunDto } from '#src/core/matching/dto.ts';
import type { RunParamsInput } from '#src/core/matching/run-params.ts';
import { api } from '../../lib/api';

export type { ModeSummary, RunDetailDto as RunDetail, RunDto as Run, RunPairDto as RunPair } from '#src/core/matching/dto.ts';

export type RunParams = RunParamsInput & { campaignId: string };

export function useCampaignOptions() {
  return useQuery({
    queryKey: ['campaigns'],
    queryFn: () => api<{ items: CampaignDto[] }>('GET', '/api/campaigns'),
    staleTime: 60_000,
  });
}

export function useRuns(campaignId: string | undefined) {
  return useQuery({
    queryKey: ['matching-runs', campaignId ?? null],
    queryFn: () => api<{ items: RunDto[] }>('GET', `/api/matching/runs${campaignId ? `?campaignId=${campaignId}` : ''}`),
    enabled: Boolean(campaignId),
  });
}

/** A run, polled while it is being computed. */
export function useRun(id: string | null) {
  return useQuery({
    queryKey: ['matching-run', id],
    queryFn: () => api<RunDetailDto>('GET', `/api/matching/runs/${id}`),
    enabled: Boolean(id),
    refetchInterval: (q) => (q.state.data && !['queued', 'running'].includes(q.state.data.status) ? false : 500),
  });
}

export function useComparison(a: string | null, b: string | null) {
  return useQuery({
    queryKey: ['matching-compare', a, b],
    queryFn: () => api<RunComparisonDto>('GET', `/api/matching/runs/compare?a=${a}&b=${b}`),
    enabled: Boolean(a && b),
  });
}

export const startRun = (params: RunParams) => api<RunDetailDto>('POST', '/api/matching/runs', params);

export const acceptPairs = (runId: string, pairs: { left: string; right: string }[], confirmCampaignEnded = false) =>
  api<AcceptedPairsDto>('POST', `/api/matching/runs/${runId}/accept`, { pairs, ...(confirmCampaignEnded ? { confirmCampaignEnded } : {}) });
