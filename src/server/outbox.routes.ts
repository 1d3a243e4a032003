/**
 * The development mail outbox: what would have been sent. Registered only when MAIL_TRANSPORT=outbox,
 * which the configuration allows only in development on loopback. Even then it answers only requests made
 * on this machine and not relayed by a proxy (a reverse proxy on the same machine would otherwise carry
 * the world's requests to it).
 */
import type { FastifyRequest } from 'fastify';
import { isLoopbackHost } from '../config.ts';
import { devApi } from '../contract/platform.api.ts';
import { AppError } from '../core/errors.ts';
import { implement, type App, type RouteDeps } from '../lib/http.ts';
import { latestMail } from '../lib/mail-outbox.repo.ts';

const RELAY_HEADERS = ['x-forwarded-for', 'forwarded', 'x-real-ip', 'via'];

/** Was this request made on this machine, directly? */
export function fromThisMachine(request: FastifyRequest): boolean {
  const peer = request.socket.remoteAddress ?? '';
  return isLoopbackHost(peer) && !RELAY_HEADERS.some((h) => request.headers[h] !== undefined);
}

export function outboxRoutes(app: App, deps: RouteDeps): void {
  implement(app, deps, devApi, {
    outbox: async ({ query, request }) => {
      if (!fromThisMachine(request))
        throw new AppError('NOT_FOUND', `No such endpoint: GET ${request.url.split('?')[0]}`);
      const rows = await latestMail(deps.ctx.db, query.to, 50);
      return { messages: rows.map((r) => ({ ...r, createdAt: r.createdAt.toISOString() })) };
    },
  });
}
