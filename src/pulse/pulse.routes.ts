/** Routes of Pulse: thin — parse, find the actor, call the service. */
import type { App, RouteDeps } from '../server/app.ts';
import { idParams } from '../contract/canvass.ts';
import * as P from '../contract/pulse.ts';
import * as pulse from './pulse.service.ts';

export function pulseRoutes(app: App, { ctx, actor }: RouteDeps): void {
  app.get(
    '/api/pulse/branches/:id',
    { schema: { params: idParams, response: { 200: P.pulseView } } },
    async (request) => pulse.pulseView(ctx, await actor(request), request.params.id),
  );

  app.put(
    '/api/pulse/settings',
    { schema: { body: P.pulseSettingsBody, response: { 200: P.pulseSettingsBody } } },
    async (request) => pulse.saveSettings(ctx, await actor(request), request.body),
  );

  // The file is the body, sent as text/csv.
  app.post(
    '/api/pulse/import/:kind',
    { schema: { params: P.pulseImportParams, response: { 200: P.pulseImported } } },
    async (request) => pulse.importFile(ctx, await actor(request), request.params.kind, request.body),
  );
}
