import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { CampaignDto } from '#src/core/campaigns/campaign.ts';
import type { MouDiffDto, MouVersionDto, PairDetailDto, PairListDto, PairProposedDto, PartnerCandidateDto, ScanDto } from '#src/core/pairs/dto.ts';
import { api, ApiError, getCsrfToken } from '../../lib/api';

export type {
  CommitteeRole,
  MouVersionDto as MouVersion,
  NoticeDto as Notice,
  PartnerCandidateDto as PartnerCandidate,
  PairDetailDto as PairDetail,
  PairSummaryDto as PairSummary,
  SteeringMemberDto as SteeringMember,
} from '#src/core/pairs/dto.ts';

export interface PairFilters {
  q?: string | undefined;
  campaignId?: string | undefined;
  state?: string[];
  level?: string[];
  adminUnitId?: string | undefined;
  limit: number;
  offset: number;
}

/** The list's filters as a query string (the list and its Excel export share them). */
export function pairFilterQuery(f: Omit<PairFilters, 'limit' | 'offset'>): URLSearchParams {
  const qs = new URLSearchParams();
  if (f.q) qs.set('q', f.q);
  if (f.campaignId) qs.set('campaignId', f.campaignId);
  if (f.state?.length) qs.set('state', f.state.join(','));
  if (f.level?.length) qs.set('level', f.level.join(','));
  if (f.adminUnitId) qs.set('adminUnitId', f.adminUnitId);
  return qs;
}

export function usePairs(f: PairFilters) {
  const qs = pairFilterQuery(f);
  qs.set('limit', String(f.limit));
  qs.set('offset', String(f.offset));
  return useQuery({
    queryKey: ['pairs', qs.toString()],
    queryFn: () => api<PairListDto>('GET', `/api/pairs?${qs}`),
    placeholderData: keepPreviousData,
  });
}

export const pairKey = (id: string) => ['pair', id] as const;

export function usePair(id: string) {
  return useQuery({ queryKey: pairKey(id), queryFn: () => api<PairDetailDto>('GET', `/api/pairs/${id}`) });
}

export function useMouVersion(pairId: string, version: number | null) {
  return useQuery({
    queryKey: ['pair', pairId, 'mou', version],
    queryFn: () => api<MouVersionDto>('GET', `/api/pairs/${pairId}/mou/versions/${version}`),
    enabled: version !== null,
  });
}

export function useMouDiff(pairId: string, from: number | null, to: number | null) {
  return useQuery({
    queryKey: ['pair', pairId, 'diff', from, to],
    queryFn: () => api<MouDiffDto>('GET', `/api/pairs/${pairId}/mou/diff?from=${from}&to=${to}`),
    enabled: from !== null && to !== null && from !== to,
  });
}

/** A change of the pair: refreshes the pair and the lists afterwards. */
export function usePairMutation<I, O = unknown>(pairId: string, fn: (input: I) => Promise<O>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSettled: async () => {
      await client.invalidateQueries({ queryKey: ['pair', pairId] });
      await client.invalidateQueries({ queryKey: ['pairs'] });
    },
  });
}

export function useProposePair() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { campaignId: string; schoolIds: string[]; confirmCampaignEnded?: boolean }) => api<PairProposedDto>('POST', '/api/pairs', input),
    onSuccess: () => client.invalidateQueries({ queryKey: ['pairs'] }),
  });
}

/** Upload a file as multipart/form-data (the JSON helper cannot), with the CSRF header. */
export async function uploadScanFile(pairId: string, file: File): Promise<ScanDto> {
  const form = new FormData();
  form.append('file', file, file.name);
  const headers: Record<string, string> = { accept: 'application/json' };
  const token = getCsrfToken();
  if (token) headers['x-csrf-token'] = token;
  const res = await fetch(`/api/pairs/${pairId}/mou/scans`, { method: 'POST', body: form, headers, credentials: 'same-origin' });
  const data = (await res.json().catch(() => null)) as (ScanDto & { error?: undefined }) | { error: { code: string; message: string; field?: string } } | null;
  if (!res.ok) {
    const e = data && 'error' in data && data.error ? data.error : { code: 'HTTP_ERROR', message: res.statusText };
    throw new ApiError(res.status, e.code, e.message);
  }
  return data as ScanDto;
}

export type CampaignOption = Pick<CampaignDto, 'id' | 'number' | 'title' | 'phaseStartYear' | 'phaseEndYear' | 'issuedOn' | 'endsOn'>;

export function useCampaignOptions() {
  return useQuery({ queryKey: ['campaigns'], queryFn: () => api<{ items: CampaignOption[] }>('GET', '/api/campaigns'), staleTime: 60_000 });
}

/**
 * Schools to pair with: any active school (an area officer: the area's), not the registry's
 * list, which a principal sees only for their own school.
 */
export function usePartnerCandidates(q: string, campaignId: string | undefined) {
  const qs = new URLSearchParams();
  if (q.trim()) qs.set('q', q.trim());
  if (campaignId) qs.set('campaignId', campaignId);
  return useQuery({
    queryKey: ['partner-candidates', qs.toString()],
    queryFn: () => api<{ items: PartnerCandidateDto[] }>('GET', `/api/pairs/partner-candidates?${qs}`),
    placeholderData: keepPreviousData,
  });
}

export { api };
