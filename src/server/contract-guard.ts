/**
 * Every API route is in the contract: it declares the schema its answer is serialised through (so only the
 * fields listed there leave the server), or says why its answer is not JSON of a fixed shape: a file to
 * download, an event stream, an empty answer, or Better Auth's own answer passed through. A route that does
 * neither stops the server starting, so one cannot be added and forgotten.
 */
import type { RouteOptions } from 'fastify';

/** Why a route's answer has no response schema. */
export type RawResponse = 'download' | 'stream' | 'empty' | 'auth';

declare module 'fastify' {
  interface FastifyContextConfig {
    raw?: RawResponse;
  }
}

export function checkRouteContract(route: RouteOptions): void {
  if (!route.url.startsWith('/api/')) return;
  const methods = Array.isArray(route.method) ? route.method : [route.method];
  if (methods.every((m) => m === 'HEAD' || m === 'OPTIONS')) return;
  const where = `${methods.join(',')} ${route.url}`;
  const schema = route.schema ?? {};
  const raw = route.config?.raw;
  if (schema.response === undefined && raw === undefined)
    throw new Error(`${where} has no response schema in src/contract (or config.raw saying why not)`);
  if (route.url.includes('/:') && schema.params === undefined)
    throw new Error(`${where} has path parameters but no params schema`);
}
