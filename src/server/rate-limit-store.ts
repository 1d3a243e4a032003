/**
 * Routes' rate limits (@fastify/rate-limit) counted in the database, not in each process's memory: with
 * several API processes behind a proxy, an address gets its limit once, not once a process. Each route
 * counts apart (its method and path in the key); the counts are the budgets the sign-in guard uses
 * (core/budgets.repo.ts: one row a key, a window that starts again when it has passed), pruned by the
 * platform jobs.
 */
import type { FastifyRateLimitStore, FastifyRateLimitStoreCtor } from '@fastify/rate-limit';
import type { Executor } from '../db/client.ts';
import { useBudget } from '../core/budgets.repo.ts';

type Incr = FastifyRateLimitStore['incr'];

/** A store class for the plugin's `store` option, counting in `db`. */
export function databaseStore(db: Executor): FastifyRateLimitStoreCtor {
  class DatabaseStore implements FastifyRateLimitStore {
    private readonly route: string;
    constructor(_options: unknown, route = 'global') {
      this.route = route;
    }

    incr(key: string, callback: Parameters<Incr>[1], timeWindow: number): void {
      useBudget(db, `rate:${this.route}:${key}`, Math.max(1, Math.ceil(timeWindow / 1000)))
        .then((use) => {
          const ttl = Math.max(0, use.windowStart.getTime() + timeWindow - Date.now());
          callback(null, { current: use.used, ttl });
        })
        .catch((err: unknown) => callback(err instanceof Error ? err : new Error(String(err))));
    }

    /**
     * The store of one route. The plugin's types say it is given the route's options; it is given the
     * route's merged limits, with the route's options under `routeInfo`: either is read.
     */
    child(routeOptions: Parameters<FastifyRateLimitStore['child']>[0]): FastifyRateLimitStore {
      const given: object = routeOptions;
      const route =
        'routeInfo' in given && typeof given.routeInfo === 'object' && given.routeInfo !== null
          ? given.routeInfo
          : given;
      const method = 'method' in route ? route.method : '';
      const url = 'url' in route ? route.url : '';
      return new DatabaseStore(
        undefined,
        `${Array.isArray(method) ? method.join(',') : String(method)} ${String(url)}`,
      );
    }
  }
  return DatabaseStore;
}
