import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ActivityDetailDto, ActivityFileDto, ActivityKindDto, ActivitySummaryDto, ActivityTotalsDto, StaffOptionDto } from '#src/core/activities/dto.ts';
import { api, ApiError, getCsrfToken } from '../../lib/api';

export type { ActivityDetailDto as ActivityDetail, ActivityKindDto as ActivityKind, ActivitySummaryDto as ActivitySummary, ActivityTotalsDto as ActivityTotals };

export interface ActivityFilters {
  pairId?: string | undefined;
  schoolId?: string | undefined;
  adminUnitId?: string | undefined;
  kind?: string[] | undefined;
  status?: string[] | undefined;
  schoolYear?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
}

/** The query string of a filter (the list, the totals, the calendar and the Excel download take the same). */
export function filterQuery(f: ActivityFilters): URLSearchParams {
  const qs = new URLSearchParams();
  for (const key of ['pairId', 'schoolId', 'adminUnitId', 'schoolYear', 'from', 'to'] as const) {
    const v = f[key];
    if (v) qs.set(key, v);
  }
  if (f.kind?.length) qs.set('kind', f.kind.join(','));
  if (f.status?.length) qs.set('status', f.status.join(','));
  return qs;
}

export function useActivities(f: ActivityFilters, page: { limit: number; offset: number; order?: 'asc' | 'desc' }) {
  const qs = filterQuery(f);
  qs.set('limit', String(page.limit));
  qs.set('offset', String(page.offset));
  if (page.order) qs.set('order', page.order);
  return useQuery({
    queryKey: ['activities', qs.toString()],
    queryFn: () => api<{ items: ActivitySummaryDto[]; total: number }>('GET', `/api/activities?${qs}`),
    placeholderData: keepPreviousData,
  });
}

export function useActivityTotals(f: ActivityFilters) {
  const qs = filterQuery(f);
  return useQuery({ queryKey: ['activities', 'totals', qs.toString()], queryFn: () => api<ActivityTotalsDto>('GET', `/api/activities/totals?${qs}`) });
}

export function useActivityKinds(campaignId?: string) {
  return useQuery({
    queryKey: ['activities', 'kinds', campaignId ?? ''],
    queryFn: () => api<{ items: ActivityKindDto[] }>('GET', `/api/activities/kinds${campaignId ? `?campaignId=${campaignId}` : ''}`),
    staleTime: 5 * 60_000,
  });
}

/** A kind's name in the page's language (kinds are data: a campaign may add its own). */
export function kindName(kinds: readonly ActivityKindDto[] | undefined, code: string, language: string): string {
  const k = kinds?.find((x) => x.code === code);
  if (!k) return code;
  return language === 'en' ? k.nameEn : k.nameVi;
}

export const activityKey = (id: string) => ['activity', id] as const;

export function useActivity(id: string) {
  return useQuery({ queryKey: activityKey(id), queryFn: () => api<ActivityDetailDto>('GET', `/api/activities/${id}`) });
}

export function useStaffOptions(pairId: string, enabled: boolean) {
  return useQuery({
    queryKey: ['activities', 'staff', pairId],
    queryFn: () => api<{ items: StaffOptionDto[] }>('GET', `/api/activities/staff?pairId=${pairId}`),
    enabled,
    staleTime: 60_000,
  });
}

/** A change to activities: refreshes every list and the record. */
export function useActivityMutation<I, O>(fn: (input: I) => Promise<O>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: async () => {
      await client.invalidateQueries({ queryKey: ['activities'] });
      await client.invalidateQueries({ queryKey: ['activity'] });
    },
  });
}

export async function uploadEvidenceFile(activityId: string, file: File): Promise<ActivityFileDto> {
  const form = new FormData();
  form.append('file', file, file.name);
  const headers: Record<string, string> = { accept: 'application/json' };
  const token = getCsrfToken();
  if (token) headers['x-csrf-token'] = token;
  const res = await fetch(`/api/activities/${activityId}/files`, { method: 'POST', body: form, headers, credentials: 'same-origin' });
  const data = (await res.json().catch(() => null)) as (ActivityFileDto & { error?: undefined }) | { error: { code: string; message: string; field?: string } } | null;
  if (!res.ok) {
    const e = data && 'error' in data && data.error ? data.error : { code: 'HTTP_ERROR', message: res.statusText };
    throw new ApiError(res.status, e.code, e.message);
  }
  return data as ActivityFileDto;
}

export { schoolYearOf } from '#src/core/activities/activity.ts';
