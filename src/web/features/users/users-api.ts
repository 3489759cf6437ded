import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { AccountDto, UserListDto } from '#src/core/accounts.ts';
import type { OnboardingFilter, OnboardingPreview, OnboardingRunDto } from '#src/core/onboarding.ts';
import type { UserImportCreatedDto, UserImportInvalidDto, UserImportIssueDto, UserImportResultDto } from '#src/core/user-import.ts';
import { api, ApiError, getCsrfToken } from '../../lib/api';

export type Account = AccountDto;

export interface AccountListParams {
  q?: string | undefined;
  role?: string | undefined;
  status?: string | undefined;
  limit: number;
  offset: number;
}

export function useAccounts(p: AccountListParams) {
  const qs = new URLSearchParams({ limit: String(p.limit), offset: String(p.offset) });
  if (p.q) qs.set('q', p.q);
  if (p.role) qs.set('role', p.role);
  if (p.status) qs.set('status', p.status);
  return useQuery({
    queryKey: ['users', qs.toString()],
    queryFn: () => api<UserListDto>('GET', `/api/users?${qs}`),
    placeholderData: keepPreviousData,
  });
}

export interface AccountDraft {
  username?: string;
  displayName: string;
  email?: string | null;
  role: Account['role'];
  schoolId?: string | null;
  adminUnitId?: string | null;
  password?: string;
}

/** Create (no id) or change an account; the list reloads. */
export function useSaveAccount(id: string | null) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (draft: AccountDraft) =>
      id ? api<Account>('PATCH', `/api/users/${id}`, draft) : api<{ account: Account }>('POST', '/api/users', draft).then((r) => r.account),
    onSuccess: () => client.invalidateQueries({ queryKey: ['users'] }),
  });
}

export function useSetDisabled() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, disabled }: { id: string; disabled: boolean }) => api<Account>('POST', `/api/users/${id}/${disabled ? 'disable' : 'enable'}`),
    onSuccess: () => client.invalidateQueries({ queryKey: ['users'] }),
  });
}

/** Schools the caller may name, searched on the server (diacritics and case ignored). */
export function useSchoolOptions(q: string) {
  const qs = new URLSearchParams({ limit: '20' });
  if (q) qs.set('q', q);
  return useQuery({
    queryKey: ['schools', 'options', qs.toString()],
    queryFn: () => api<{ items: { id: string; code: string; name: string }[] }>('GET', `/api/schools?${qs}`),
    placeholderData: keepPreviousData,
    staleTime: 60_000,
  });
}

// onboarding: inviting the leaders of the registry's schools without an account.

const filterQuery = (f: OnboardingFilter) => {
  const qs = new URLSearchParams();
  if (f.adminUnitId) qs.set('adminUnitId', f.adminUnitId);
  if (f.level) qs.set('level', f.level);
  return qs.toString();
};

export function useOnboardingPreview(filter: OnboardingFilter, enabled = true) {
  const qs = filterQuery(filter);
  return useQuery({
    queryKey: ['onboarding', 'preview', qs],
    queryFn: () => api<OnboardingPreview>('GET', `/api/users/onboarding/preview${qs ? `?${qs}` : ''}`),
    placeholderData: keepPreviousData,
    enabled,
  });
}

/** The caller's latest run, polled every second while it runs. */
export function useLatestOnboardingRun(enabled = true) {
  return useQuery({
    queryKey: ['onboarding', 'latest'],
    queryFn: () => api<{ run: OnboardingRunDto | null }>('GET', '/api/users/onboarding/latest'),
    enabled,
    refetchInterval: (q) => (q.state.data?.run && ['queued', 'running'].includes(q.state.data.run.status) ? 1000 : false),
  });
}

export function useStartOnboarding() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (filter: OnboardingFilter) => api<{ id: string }>('POST', '/api/users/onboarding', filter),
    onSuccess: () => client.invalidateQueries({ queryKey: ['onboarding'] }),
  });
}

// users import: the .xlsx itself as the body; created accounts, or every bad row.
export type UserImportIssue = UserImportIssueDto;
export type UserImportResult = { ok: true; created: UserImportCreatedDto[] } | { ok: false; message: string; issues: UserImportIssue[] };

export async function importUsersFile(file: File): Promise<UserImportResult> {
  const response = await fetch(`/api/users/import?fileName=${encodeURIComponent(file.name)}`, {
    method: 'POST',
    credentials: 'same-origin',
    headers: {
      'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      accept: 'application/json',
      ...(getCsrfToken() ? { 'x-csrf-token': getCsrfToken()! } : {}),
    },
    body: file,
  });
  const data = (await response.json().catch(() => null)) as
    | (Partial<UserImportResultDto> & Partial<UserImportInvalidDto>)
    | null;
  if (response.status === 201 && data?.created) return { ok: true, created: data.created };
  if (data?.issues) return { ok: false, message: data.error?.message ?? '', issues: data.issues };
  throw new ApiError(response.status, data?.error?.code ?? 'HTTP_ERROR', data?.error?.message ?? response.statusText, data?.error?.field);
}
