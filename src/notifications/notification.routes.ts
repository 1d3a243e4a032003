/** Routes of notifications: the route table's endpoints (contract/notifications.api.ts). */
import { notificationsApi } from '../contract/notifications.api.ts';
import { implement, type App, type RouteDeps } from '../lib/http.ts';
import * as service from './notification.service.ts';

export function notificationRoutes(app: App, deps: RouteDeps): void {
  const { ctx } = deps;
  // Mail programs post one-click unsubscribes as a form (RFC 8058): `List-Unsubscribe=One-Click`. The
  // body says nothing the route needs, so it is read as text and left alone; this scope only.
  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string', bodyLimit: 1024 },
    (_request, body, done) => {
      done(null, body);
    },
  );
  implement(app, deps, notificationsApi, {
    list: ({ actor, query }) => service.myNotifications(ctx, actor, query.limit, query.lang),
    markRead: ({ actor, body }) => service.markRead(ctx, actor, body.ids),
    preferences: ({ actor }) => service.myPreferences(ctx, actor),
    choose: ({ actor, body }) => service.choose(ctx, actor, body.topic, body.channel),
    unsubscribeState: ({ query }) => service.unsubscribeState(ctx, query.token),
    unsubscribe: ({ query }) => service.unsubscribe(ctx, query.token),
  });
}
