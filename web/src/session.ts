import { queryOptions, useQuery } from '@tanstack/react-query';
import { api, ApiError, type Me } from './api.ts';
import { keys } from './query-keys.ts';

/** The signed-in member, or null when signed out. */
export const meQuery = queryOptions({
  queryKey: keys.me(),
  queryFn: async (): Promise<Me | null> => {
    try {
      return await api<Me>('/api/me');
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) return null;
      throw e;
    }
  },
});

export function useMe() {
  return useQuery(meQuery);
}

/** Does the member hold this permission anywhere? */
export const canAnywhere = (me: Me | null | undefined, permission: string): boolean =>
  (me?.capabilities[permission]?.length ?? 0) > 0;

export async function signOut(): Promise<void> {
  await api('/api/auth/sign-out', { method: 'POST', json: {} });
}
