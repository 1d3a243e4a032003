/** Notifications in the browser: the in-app list and the member's choices. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from './api.ts';
import { keys } from './query-keys.ts';
import { useLanguage } from './i18n/index.ts';
import type { Preferences } from '../../src/contract/notifications.ts';
import type { NotificationChannel, NotificationTopic } from '../../src/contract/vocabulary.ts';
export type { NotificationItem, NotificationList, Preferences } from '../../src/contract/notifications.ts';
export type { NotificationChannel, NotificationTopic };

/** The channels, in the order the profile offers them (named in the catalogue: `channel.*`). */
export const CHANNELS: readonly NotificationChannel[] = ['mail', 'app', 'off'];

/** The member's latest notifications, written in the page's language, and how many are unread (refreshed each minute). */
export function useNotifications(enabled = true) {
  const lang = useLanguage();
  return useQuery({
    queryKey: [...keys.notifications(), lang],
    queryFn: ({ signal }) => api.notifications.$get({ query: { limit: 20, lang }, signal }),
    refetchInterval: 60_000,
    enabled,
  });
}

export function useMarkRead() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (ids?: string[]) => api.notifications.read.$post({ body: ids ? { ids } : {} }),
    onSuccess: () => qc.invalidateQueries({ queryKey: keys.notifications() }),
  });
}

export const usePreferences = () =>
  useQuery({
    queryKey: keys.notificationPreferences(),
    queryFn: ({ signal }) => api.notifications.preferences.$get({ signal }),
  });

export function useChoose() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (choice: { topic: NotificationTopic; channel: NotificationChannel }) =>
      api.notifications.preferences.$put({ body: choice }),
    // The choice shows at once; if the server refuses it, the one before comes back.
    onMutate: (choice) => {
      const before = qc.getQueryData<Preferences>(keys.notificationPreferences());
      if (before)
        qc.setQueryData<Preferences>(keys.notificationPreferences(), {
          topics: before.topics.map((t) => (t.topic === choice.topic ? choice : t)),
        });
      return { before };
    },
    onError: (_err, _choice, context) => {
      if (context?.before) qc.setQueryData(keys.notificationPreferences(), context.before);
    },
    onSuccess: (prefs) => qc.setQueryData(keys.notificationPreferences(), prefs),
  });
}
