import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { CapabilityAreaDto, ImportJobDto, SchoolListDto, SchoolProfile } from '#src/core/registry/dto.ts';
import type { SchoolPatch } from '#src/core/registry/schemas.ts';
import { api, ApiError, getCsrfToken } from '../../lib/api';

export type {
  CapabilityAreaDto as CapabilityArea,
  CapabilityDto as Capability,
  ImportJobDto as ImportJob,
  SchoolListItem as SchoolItem,
  SchoolProfile,
  UnitDto as Unit,
} from '#src/core/registry/dto.ts';


export interface ListParams {
  q?: string;
  level?: string[];
  areaType?: string[];
  ownership?: string;
  status?: string;
  adminUnitId?: string;
  paired?: 'true' | 'false';
  asOf?: string;
  sort?: string;
  order?: 'asc' | 'desc';
  limit: number;
  offset: number;
  /** the `next` of the page before (name order only): the page starts after it */
  after?: string | undefined;
}

export function listQueryString(p: Omit<ListParams, 'limit' | 'offset'> & { limit?: number; offset?: number }): string {
  const s = new URLSearchParams();
  for (const [k, v] of Object.entries(p)) {
    if (v === undefined || v === '' || (Array.isArray(v) && !v.length)) continue;
    s.set(k, Array.isArray(v) ? v.join(',') : String(v));
  }
  return s.toString();
}

export function useSchools(params: ListParams) {
  return useQuery({
    queryKey: ['schools', params],
    queryFn: () => api<SchoolListDto>('GET', `/api/schools?${listQueryString(params)}`),
    placeholderData: keepPreviousData,
  });
}

export function useSchool(id: string, asOf?: string) {
  return useQuery({
    queryKey: ['school', id, asOf ?? null],
    queryFn: () => api<SchoolProfile>('GET', `/api/schools/${id}${asOf ? `?asOf=${asOf}` : ''}`),
  });
}

export function useCapabilityAreas() {
  return useQuery({
    queryKey: ['capability-areas'],
    queryFn: () => api<{ items: CapabilityAreaDto[] }>('GET', '/api/capability-areas'),
    staleTime: 10 * 60_000,
  });
}

export function useUpdateSchool(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (patch: SchoolPatch) => api<SchoolProfile>('PATCH', `/api/schools/${id}`, patch),
    onSuccess: (profile) => {
      client.setQueryData(['school', id, null], profile);
      void client.invalidateQueries({ queryKey: ['schools'] });
    },
  });
}

/** Upload the .xlsx itself as the body; the answer is the job id to poll. */
export async function startImport(file: File, dryRun: boolean): Promise<string> {
  const response = await fetch(`/api/schools/imports?dryRun=${dryRun}&fileName=${encodeURIComponent(file.name)}`, {
    method: 'POST',
    credentials: 'same-origin',
    headers: {
      'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      accept: 'application/json',
      ...(getCsrfToken() ? { 'x-csrf-token': getCsrfToken()! } : {}),
    },
    body: file,
  });
  const data = (await response.json().catch(() => null)) as { id?: string; error?: { code: string; message: string; field?: string } } | null;
  if (!response.ok || !data?.id) {
    throw new ApiError(response.status, data?.error?.code ?? 'HTTP_ERROR', data?.error?.message ?? response.statusText, data?.error?.field);
  }
  return data.id;
}

export function useImportJob(id: string | null) {
  return useQuery({
    queryKey: ['import', id],
    enabled: Boolean(id),
    queryFn: () => api<ImportJobDto>('GET', `/api/schools/imports/${id}`),
    refetchInterval: (q) => (q.state.data && !['queued', 'running'].includes(q.state.data.status) ? false : 500),
  });
}
