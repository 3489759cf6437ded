import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { PlanDiffDto, PlanDto, PlanListDto } from '#src/core/plans/dto.ts';
import type { PlanContent } from '#src/core/plans/plan.ts';
import { api } from '../../lib/api';

export type { PlanDiffDto as PlanDiff, PlanDto as Plan, PlanListDto as PlanList };

export function usePlans(pairId: string) {
  return useQuery({ queryKey: ['plans', pairId], queryFn: () => api<PlanListDto>('GET', `/api/pairs/${pairId}/plans`) });
}

export function usePlan(pairId: string, schoolYear: string, version: number | null, enabled: boolean) {
  return useQuery({
    queryKey: ['plans', pairId, schoolYear, version],
    queryFn: () => api<PlanDto>('GET', `/api/pairs/${pairId}/plans/${schoolYear}${version ? `?version=${version}` : ''}`),
    enabled,
  });
}

export function usePlanDiff(pairId: string, schoolYear: string, from: number | null, to: number | null) {
  return useQuery({
    queryKey: ['plans', pairId, schoolYear, 'diff', from, to],
    queryFn: () => api<PlanDiffDto>('GET', `/api/pairs/${pairId}/plans/${schoolYear}/diff?from=${from}&to=${to}`),
    enabled: from !== null && to !== null && from !== to,
  });
}

export interface SavePlanBody {
  baseVersion: number | null;
  baseSha256?: string;
  content: PlanContent;
  changeNote?: string;
}

/** Save, submit, approve or take back to draft: refreshes the plans (and the pair's history) afterwards. */
export function usePlanMutation(pairId: string, schoolYear: string) {
  const client = useQueryClient();
  const done = async () => {
    await client.invalidateQueries({ queryKey: ['plans', pairId] });
    await client.invalidateQueries({ queryKey: ['pair', pairId] });
  };
  const base = `/api/pairs/${pairId}/plans/${schoolYear}`;
  return {
    save: useMutation({ mutationFn: (body: SavePlanBody) => api<PlanDto>('PUT', base, body), onSettled: done }),
    submit: useMutation({ mutationFn: (body: { version: number; sha256: string }) => api<PlanDto>('POST', `${base}/submit`, body), onSettled: done }),
    approve: useMutation({ mutationFn: (body: { version: number; sha256: string }) => api<PlanDto>('POST', `${base}/approvals`, body), onSettled: done }),
    // plans-e2e
    withdraw: useMutation({ mutationFn: (body: { version: number; sha256: string }) => api<PlanDto>('POST', `${base}/withdraw`, body), onSettled: done }),
  };
}
