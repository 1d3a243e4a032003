/** Routes of notifications: the in-app list, preferences, and the unsubscribe link (no sign-in). */
import type { App, RouteDeps } from '../server/app.ts';
import {
  markReadBody,
  notificationList,
  notificationListQuery,
  preferenceBody,
  preferences,
  unreadCount,
  unsubscribeQuery,
  unsubscribeState,
} from '../contract/notifications.ts';
import * as service from './notification.service.ts';

export function notificationRoutes(app: App, { ctx, actor }: RouteDeps): void {
  // Mail programs post one-click unsubscribes as a form (RFC 8058): `List-Unsubscribe=One-Click`. The
  // body says nothing the route needs, so it is read as text and left alone; this scope only.
  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string', bodyLimit: 1024 },
    (_request, body, done) => {
      done(null, body);
    },
  );

  app.get(
    '/api/notifications',
    { schema: { querystring: notificationListQuery, response: { 200: notificationList } } },
    async (request) =>
      service.myNotifications(ctx, await actor(request), request.query.limit, request.query.lang),
  );

  app.post(
    '/api/notifications/read',
    { schema: { body: markReadBody, response: { 200: unreadCount } } },
    async (request) => service.markRead(ctx, await actor(request), request.body.ids),
  );

  app.get('/api/notifications/preferences', { schema: { response: { 200: preferences } } }, async (request) =>
    service.myPreferences(ctx, await actor(request)),
  );

  app.put(
    '/api/notifications/preferences',
    { schema: { body: preferenceBody, response: { 200: preferences } } },
    async (request) => service.choose(ctx, await actor(request), request.body.topic, request.body.channel),
  );

  app.get(
    '/api/notifications/unsubscribe',
    { schema: { querystring: unsubscribeQuery, response: { 200: unsubscribeState } } },
    async (request) => service.unsubscribeState(ctx, request.query.token),
  );

  app.post(
    '/api/notifications/unsubscribe',
    { schema: { querystring: unsubscribeQuery, response: { 200: unsubscribeState } } },
    async (request) => service.unsubscribe(ctx, request.query.token),
  );
}
