import { queryOptions, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { api, ApiError, type Me } from './api.ts';
import { keys } from './query-keys.ts';
import { deviceLanguage, language, setLanguage, type Language } from './i18n/index.ts';

/** The signed-in member, or null when signed out. */
export const meQuery = queryOptions({
  queryKey: keys.me(),
  queryFn: async (): Promise<Me | null> => {
    try {
      return await api.me.$get();
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) return null;
      throw e;
    }
  },
});

export function useMe() {
  return useQuery(meQuery);
}

/** Keeps the member's choice of language on their record (their mail comes in it). */
async function saveLanguage(lang: Language): Promise<void> {
  await api.me.$patch({ body: { language: lang } });
}

/**
 * Choosing a language: applied on this device at once and, when signed in, kept on the member's record so
 * that their other devices and their mail follow it.
 */
export function useChooseLanguage(): (lang: Language) => void {
  const queryClient = useQueryClient();
  return (lang) => {
    setLanguage(lang);
    const me = queryClient.getQueryData<Me | null>(keys.me());
    if (!me || me.language === lang) return;
    queryClient.setQueryData<Me>(keys.me(), { ...me, language: lang });
    // Not kept (offline, say): the record still says what it said, and the device keeps the choice.
    saveLanguage(lang).catch(() => queryClient.invalidateQueries({ queryKey: keys.me() }));
  };
}

/**
 * Once signed in, one language for the member everywhere: the one on their record; or, if they have not
 * chosen yet, the one they chose on this device is kept on their record.
 */
export function useMembersLanguage(me: Me | null | undefined): void {
  const chosen = me?.language;
  const signedIn = Boolean(me);
  useEffect(() => {
    if (!signedIn) return;
    if (chosen) {
      if (chosen !== language()) setLanguage(chosen);
      return;
    }
    const device = deviceLanguage();
    if (device) saveLanguage(device).catch(() => undefined);
  }, [chosen, signedIn]);
}

/** Does the member hold this permission anywhere? */
export const canAnywhere = (me: Me | null | undefined, permission: string): boolean =>
  (me?.capabilities[permission]?.length ?? 0) > 0;

export async function signOut(): Promise<void> {
  await api.auth['sign-out'].$post();
}
