/**
 * The development mail outbox: what would have been sent. Registered only when MAIL_TRANSPORT=outbox,
 * which the configuration refuses in production.
 */
import { desc, eq } from 'drizzle-orm';
import { z } from 'zod';
import { mailOutbox } from '../db/schema/index.ts';
import type { App, RouteDeps } from './app.ts';

const query = z.strictObject({ to: z.string().trim().toLowerCase().max(254).optional() });

export function outboxRoutes(app: App, { ctx }: RouteDeps): void {
  app.get('/api/dev/outbox', { schema: { querystring: query } }, async (request) => {
    const rows = await ctx.db
      .select()
      .from(mailOutbox)
      .where(request.query.to ? eq(mailOutbox.to, request.query.to) : undefined)
      .orderBy(desc(mailOutbox.createdAt), desc(mailOutbox.id))
      .limit(50);
    return { messages: rows.map((r) => ({ ...r, createdAt: r.createdAt.toISOString() })) };
  });
}
