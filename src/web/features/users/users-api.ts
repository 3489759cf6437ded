import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { AccountDto } from '#src/core/accounts.ts';
import { api } from '../../lib/api';

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
    queryFn: () => api<{ items: Account[]; total: number }>('GET', `/api/users?${qs}`),
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
