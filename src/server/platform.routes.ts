/** The platform's own endpoints (contract/platform.api.ts): liveness, readiness, the instance, OpenAPI. */
import { API } from '../contract/api.ts';
import { platformApi } from '../contract/platform.api.ts';
import { AppError, errorBody } from '../core/errors.ts';
import * as jobs from '../jobs/jobs.service.ts';
import { ping } from '../db/client.ts';
import { implement, type App, type RouteDeps } from '../lib/http.ts';
import { openApiDocument } from './openapi.ts';

/** Rejects when `p` has not settled within `ms`. */
function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('timed out')), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

export function platformRoutes(app: App, deps: RouteDeps, opts: { outbox: boolean }): void {
  const { ctx } = deps;
  let openapi: string | null = null;
  implement(app, deps, platformApi, {
    // Liveness: the process answers. Readiness: it can reach its database too (load balancers route by it).
    health: () => ({ ok: true as const }),
    ready: async ({ reply }) => {
      try {
        await withTimeout(ping(ctx.db), 3_000);
        return { ok: true as const, database: 'reachable' as const };
      } catch {
        return reply
          .status(503)
          .header('retry-after', '5')
          .send(errorBody(new AppError('UNAVAILABLE', 'The database cannot be reached')));
      }
    },
    // What the sign-in page may say about this instance: the demo hint only where the outbox exists.
    failingJobs: ({ actor }) => jobs.failingJobs(ctx, actor),
    retryJob: ({ actor, params }) => jobs.retryJob(ctx, actor, params.id),
    instance: () => ({ demo: opts.outbox && ctx.config.seedDemo, outbox: opts.outbox }),
    openapi: ({ reply }) => {
      // The development outbox is in the document only where it answers.
      const { dev, ...table } = API;
      openapi ??= JSON.stringify(openApiDocument(opts.outbox ? { ...table, dev } : table, '1'));
      return reply.type('application/json; charset=utf-8').header('cache-control', 'no-cache').send(openapi);
    },
  });
}
