/**
 * Notifications: the in-app list, each member's choice of channel per topic, and one-click unsubscribe.
 */
import { z } from 'zod';
import { time, uuid } from './common.ts';
import { LANGUAGES, NOTIFICATION_CHANNELS, NOTIFICATION_KINDS, NOTIFICATION_TOPICS } from './vocabulary.ts';

export const notificationItem = z.object({
  id: z.string(),
  kind: z.enum(NOTIFICATION_KINDS),
  topic: z.enum(NOTIFICATION_TOPICS),
  /** One line, in the member's language. */
  title: z.string(),
  body: z.string(),
  /** A path of the web app to open. */
  link: z.string(),
  createdAt: time,
  read: z.boolean(),
});
export type NotificationItem = z.infer<typeof notificationItem>;

export const notificationList = z.object({ unread: z.number(), items: z.array(notificationItem) });
export type NotificationList = z.infer<typeof notificationList>;

export const notificationListQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  /** The language the page is read in: the list is written in it. */
  lang: z.enum(LANGUAGES).default('en'),
});

/** Mark some as read (`ids`), or all when none are given. */
export const markReadBody = z.strictObject({ ids: z.array(uuid).max(100).optional() });
export const unreadCount = z.object({ unread: z.number() });

export const topicChoice = z.object({
  topic: z.enum(NOTIFICATION_TOPICS),
  channel: z.enum(NOTIFICATION_CHANNELS),
});
export type TopicChoice = z.infer<typeof topicChoice>;
export const preferences = z.object({ topics: z.array(topicChoice) });
export type Preferences = z.infer<typeof preferences>;
export const preferenceBody = z.strictObject({
  topic: z.enum(NOTIFICATION_TOPICS),
  channel: z.enum(NOTIFICATION_CHANNELS),
});

/** The signed token of an unsubscribe link: who, which topic (no sign-in needed). */
export const unsubscribeQuery = z.strictObject({
  token: z.string().min(10, 'is not a whole unsubscribe link').max(200, 'is too long'),
});
export const unsubscribeState = z.object({
  topic: z.enum(NOTIFICATION_TOPICS),
  channel: z.enum(NOTIFICATION_CHANNELS),
});
