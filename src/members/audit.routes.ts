import type { App, RouteDeps } from '../server/app.ts';
import { readAudit } from './audit.service.ts';
import { auditQuery } from './member.schema.ts';

export function auditRoutes(app: App, { ctx, actor }: RouteDeps): void {
  app.get('/api/audit', { schema: { querystring: auditQuery } }, async (request) =>
    readAudit(ctx, await actor(request), request.query),
  );
}
