import type { App, RouteDeps } from '../server/app.ts';
import { readAudit } from './audit.service.ts';
import { auditPage, auditQuery } from '../contract/members.ts';

export function auditRoutes(app: App, { ctx, actor }: RouteDeps): void {
  app.get(
    '/api/audit',
    { schema: { querystring: auditQuery, response: { 200: auditPage } } },
    async (request) => readAudit(ctx, await actor(request), request.query),
  );
}
