/** The endpoints of notifications: the in-app list, the member's choices, and unsubscribe links. */
import { endpoint } from './http.ts';
import * as N from './notifications.ts';

export const notificationsApi = {
  list: endpoint({
    method: 'GET',
    path: '/api/notifications',
    summary: 'The member’s latest notifications, in their language, and how many are unread',
    access: 'member',
    query: N.notificationListQuery,
    response: N.notificationList,
    errors: [],
  }),
  markRead: endpoint({
    method: 'POST',
    path: '/api/notifications/read',
    summary: 'Mark some notifications (or all) read',
    access: 'member',
    body: N.markReadBody,
    response: N.unreadCount,
    errors: [],
  }),
  preferences: endpoint({
    method: 'GET',
    path: '/api/notifications/preferences',
    summary: 'How the member is told of each topic: mail, in the app only, or not at all',
    access: 'member',
    response: N.preferences,
    errors: [],
  }),
  choose: endpoint({
    method: 'PUT',
    path: '/api/notifications/preferences',
    summary: 'Choose how to be told of a topic',
    access: 'member',
    body: N.preferenceBody,
    response: N.preferences,
    errors: [],
  }),
  unsubscribeState: endpoint({
    method: 'GET',
    path: '/api/notifications/unsubscribe',
    summary: 'What an unsubscribe link would stop (no sign-in: the link is signed)',
    access: 'public',
    query: N.unsubscribeQuery,
    response: N.unsubscribeState,
    errors: ['LINK_INVALID', 'LINK_EXPIRED'],
  }),
  unsubscribe: endpoint({
    method: 'POST',
    path: '/api/notifications/unsubscribe',
    summary: 'Unsubscribe by a signed link (also RFC 8058 one-click, posted by mail programs)',
    access: 'public',
    query: N.unsubscribeQuery,
    response: N.unsubscribeState,
    errors: ['LINK_INVALID', 'LINK_EXPIRED'],
  }),
};
