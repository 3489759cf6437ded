import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, setCsrfToken } from '../../lib/api';

export interface Me {
  id: string;
  username: string;
  displayName: string;
  role: 'department-admin' | 'area-officer' | 'school-leader' | 'school-coordinator' | 'teacher';
  locale: 'vi' | 'en';
  school: { id: string; name: string } | null;
  area: { id: string; name: string } | null;
  csrfToken: string;
}

export const meKey = ['auth', 'me'] as const;

/** The signed-in user, or null when nobody is signed in. */
export function useMe() {
  return useQuery({
    queryKey: meKey,
    queryFn: async () => {
      const { user } = await api<{ user: Me | null }>('GET', '/api/auth/session');
      setCsrfToken(user?.csrfToken ?? null);
      return user;
    },
    staleTime: 60_000,
  });
}

export function useLogin() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { username: string; password: string; code?: string }) => api<Me>('POST', '/api/auth/login', input),
    onSuccess: (me) => {
      setCsrfToken(me.csrfToken);
      client.setQueryData(meKey, me);
    },
  });
}

export function useLogout() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => api<void>('POST', '/api/auth/logout'),
    onSettled: () => {
      setCsrfToken(null);
      client.clear();
      client.setQueryData(meKey, null);
    },
  });
}
