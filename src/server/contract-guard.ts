/**
 * Every API route is in the route table (src/contract/api.ts) and registered through `implement`
 * (lib/http.ts), which hands each route its declaration: a route without one stops the server starting, as
 * does a declaration whose path parameters its params schema does not check, or one that says neither what
 * its answer is serialised through nor why it has no such schema (a file, a stream, an empty answer). After
 * start-up, `checkCoverage` finds endpoints of the table that no handler answers.
 */
import type { RouteOptions } from 'fastify';
import { z } from 'zod';
import { pathParams, type Endpoint, type Endpoints } from '../contract/http.ts';

/** Better Auth's other endpoints, refused by one catch-all route (auth.routes.ts). */
const AUTH_REFUSALS = '/api/auth/*';

function checkDeclaration(e: Endpoint, where: string): void {
  if (e.response === undefined && e.raw === undefined)
    throw new Error(`${where} has no response schema in src/contract (or raw saying why not)`);
  const wanted = pathParams(e.path);
  const shape = e.params instanceof z.ZodObject ? Object.keys(e.params.shape) : [];
  if (wanted.length > 0 && !e.params) throw new Error(`${where} has path parameters but no params schema`);
  const unchecked = wanted.filter((p) => !shape.includes(p));
  if (unchecked.length > 0)
    throw new Error(`${where}: its params schema does not check ${unchecked.join(', ')}`);
}

export function checkRouteContract(route: RouteOptions): void {
  if (!route.url.startsWith('/api/')) return;
  const methods = Array.isArray(route.method) ? route.method : [route.method];
  if (methods.every((m) => m === 'HEAD' || m === 'OPTIONS')) return;
  if (route.url === AUTH_REFUSALS) return;
  const where = `${methods.join(',')} ${route.url}`;
  const e = route.config?.endpoint;
  if (!e) throw new Error(`${where} is not in the route table (src/contract): register it with implement()`);
  checkDeclaration(e, where);
}

/** Throws naming each endpoint of `table` that was not registered. */
export function checkCoverage(table: Readonly<Record<string, Endpoints>>, registered: Set<Endpoint>): void {
  const missing = Object.entries(table).flatMap(([group, endpoints]) =>
    Object.entries(endpoints)
      .filter(([, e]) => !registered.has(e))
      .map(([name, e]) => `${group}.${name} (${e.method} ${e.path})`),
  );
  if (missing.length > 0) throw new Error(`No handler answers ${missing.join(', ')}`);
}
