import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { SchoolPatch } from '#src/core/registry/schemas.ts';
import type { AreaType, Ownership, SchoolLevel } from '#src/core/registry/school.ts';
import { api, ApiError, getCsrfToken } from '../../lib/api';

export interface Unit {
  id: string;
  name: string;
  kind: string;
}

export interface SchoolItem {
  id: string;
  code: string;
  name: string;
  shortName: string;
  level: SchoolLevel;
  ownership: Ownership;
  areaType: AreaType;
  status: 'active' | 'merged' | 'closed';
  students: number | null;
  teachers: number | null;
  classes: number | null;
  principalName: string | null;
  units: Unit[];
  unitLabels: { district: string | null; commune: string | null } | null;
  paired: boolean;
}

export interface Capability {
  areaCode: string;
  level: number;
  note: string | null;
}

export interface SchoolProfile extends SchoolItem {
  address: string | null;
  phone: string | null;
  email: string | null;
  asOf: string;
  nameOnDate: string;
  mergedInto: { id: string; code: string; name: string } | null;
  mergedOn: string | null;
  mergedFrom: { id: string; code: string; name: string; mergedOn: string | null }[];
  locationHistory: { validFrom: string; validTo: string | null; units: Unit[] }[];
  nameHistory: { name: string; shortName: string; validTo: string }[];
  contacts: { id: string; role: string; name: string; phone: string | null; email: string | null }[];
  strengths: Capability[];
  needs: Capability[];
  canEdit: 'all' | 'profile' | null;
  updatedAt: string;
}

export interface CapabilityArea {
  code: string;
  nameVi: string;
  nameEn: string;
  group: string;
}

export interface ImportIssue {
  row: number;
  column: string | null;
  cell: string | null;
  code: string;
  message: string;
}

export interface ImportJob {
  id: string;
  fileName: string;
  dryRun: boolean;
  asOf: string;
  status: 'queued' | 'running' | 'succeeded' | 'rejected' | 'failed';
  phase: string;
  processedRows: number;
  totalRows: number;
  created: number;
  updated: number;
  unchanged: number;
  errorCount: number;
  errors: ImportIssue[];
  warnings: ImportIssue[];
  changes: { row: number; code: string; name: string; action: 'create' | 'update' | 'unchanged'; fields: string[] }[];
  changesTotal: number;
}

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
    queryFn: () => api<{ items: SchoolItem[]; total: number; asOf: string }>('GET', `/api/schools?${listQueryString(params)}`),
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
    queryFn: () => api<{ items: CapabilityArea[] }>('GET', '/api/capability-areas'),
    staleTime: 10 * 60_000,
  });
}

export function useUnits(kind: string, asOf?: string) {
  return useQuery({
    queryKey: ['admin-units', kind, asOf ?? null],
    queryFn: () => api<{ items: (Unit & { parentId: string | null })[] }>('GET', `/api/admin-units?kind=${kind}${asOf ? `&asOf=${asOf}` : ''}`),
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
    queryFn: () => api<ImportJob>('GET', `/api/schools/imports/${id}`),
    refetchInterval: (q) => (q.state.data && !['queued', 'running'].includes(q.state.data.status) ? false : 500),
  });
}
