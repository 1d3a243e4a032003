/**
 * The development mail outbox: what would have been sent. Registered only when MAIL_TRANSPORT=outbox,
 * which the configuration allows only in development on loopback. Even then it answers only requests made
 * on this machine and not relayed by a proxy (a reverse proxy on the same machine would otherwise carry
 * the world's requests to it).
 */
import { z } from 'zod';
import type { FastifyRequest } from 'fastify';
import { isLoopbackHost } from '../config.ts';
import { latestMail } from '../lib/mail-outbox.repo.ts';
import { AppError } from '../core/errors.ts';
import type { App, RouteDeps } from './app.ts';
import { outbox } from '../contract/members.ts';

const query = z.strictObject({ to: z.string().trim().toLowerCase().max(254).optional() });

const RELAY_HEADERS = ['x-forwarded-for', 'forwarded', 'x-real-ip', 'via'];

/** Was this request made on this machine, directly? */
export function fromThisMachine(request: FastifyRequest): boolean {
  const peer = request.socket.remoteAddress ?? '';
  return isLoopbackHost(peer) && !RELAY_HEADERS.some((h) => request.headers[h] !== undefined);
}

export function outboxRoutes(app: App, { ctx }: RouteDeps): void {
  app.get(
    '/api/dev/outbox',
    { schema: { querystring: query, response: { 200: outbox } } },
    async (request) => {
      if (!fromThisMachine(request))
        throw new AppError('NOT_FOUND', `No such endpoint: GET ${request.url.split('?')[0]}`);
      const rows = await latestMail(ctx.db, request.query.to, 50);
      return { messages: rows.map((r) => ({ ...r, createdAt: r.createdAt.toISOString() })) };
    },
  );
}
