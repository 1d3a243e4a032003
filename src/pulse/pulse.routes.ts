/** Routes of Pulse: the route table's endpoints (contract/pulse.api.ts). */
import { pulseApi } from '../contract/pulse.api.ts';
import { implement, type App, type RouteDeps } from '../lib/http.ts';
import * as pulse from './pulse.service.ts';

export function pulseRoutes(app: App, deps: RouteDeps): void {
  const { ctx } = deps;
  implement(app, deps, pulseApi, {
    view: ({ actor, params }) => pulse.pulseView(ctx, actor, params.id),
    saveSettings: ({ actor, body }) => pulse.saveSettings(ctx, actor, body),
    import: ({ actor, params, body }) => pulse.importFile(ctx, actor, params.kind, body),
  });
}
