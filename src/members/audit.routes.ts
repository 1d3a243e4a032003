import type { App, RouteDeps } from '../server/app.ts';
import { exportAudit, readAudit } from './audit.service.ts';
import { auditFilters, auditPage, auditQuery } from '../contract/members.ts';

export function auditRoutes(app: App, { ctx, actor }: RouteDeps): void {
  app.get(
    '/api/audit',
    { schema: { querystring: auditQuery, response: { 200: auditPage } } },
    async (request) => readAudit(ctx, await actor(request), request.query),
  );

  app.get(
    '/api/audit.csv',
    { schema: { querystring: auditFilters }, config: { raw: 'download' } },
    async (request, reply) => {
      const csv = await exportAudit(ctx, await actor(request), request.query);
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', 'attachment; filename="audit-log.csv"')
        .send(csv);
    },
  );
}
