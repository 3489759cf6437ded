import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { MeDto, SessionStateDto } from '#src/core/auth/dto.ts';
import { api, setCsrfToken } from '../../lib/api';

/** The signed-in user as the server sends it (src/core/auth/dto.ts: `meDto`). */
export type Me = MeDto;

export const meKey = ['auth', 'me'] as const;

/** The signed-in user, or null when nobody is signed in. */
export function useMe() {
  return useQuery({
    queryKey: meKey,
    queryFn: async () => {
      const { user } = await api<SessionStateDto>('GET', '/api/auth/session');
      setCsrfToken(user?.csrfToken ?? null);
      return user;
    },
    staleTime: 60_000,
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
