/**
 * PostgreSQL cannot store the NUL character (U+0000) in text or JSON, so a NUL anywhere in a request would
 * fail deep in a query as a 500. This hook refuses it at the edge, naming where it was: the field of a
 * JSON body, query or path, or the line of an uploaded file. A route that handles NULs item by item (the
 * doorstep's sync batch refuses just the one record) opts out with `config: { nulPerItem: true }`.
 */
import type { FastifyRequest } from 'fastify';
import { AppError, nulInFile } from './errors.ts';

const NUL = '\u0000';

/** The path of the first string holding a NUL, or null. */
export function findNul(value: unknown, path: string, depth = 0): string | null {
  if (typeof value === 'string') return value.includes(NUL) ? path : null;
  if (depth > 32 || value === null || typeof value !== 'object') return null;
  // Parsed JSON only: a streamed upload (a register) is checked line by line as it is read.
  const proto: unknown = Object.getPrototypeOf(value);
  const plain = proto === null || proto === Object.prototype || Object.getPrototypeOf(proto) === null;
  if (!Array.isArray(value) && !plain) return null;
  for (const [k, v] of Object.entries(value)) {
    if (k.includes(NUL)) return `${path}.${k.replaceAll(NUL, '\\0')}`;
    const found = findNul(v, `${path}.${k}`, depth + 1);
    if (found) return found;
  }
  return null;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The handler refuses NUL characters item by item itself. */
    nulPerItem?: boolean;
  }
}

export function refuseNul(request: FastifyRequest): void {
  const body: unknown = request.body;
  if (typeof body === 'string') {
    const at = body.indexOf(NUL);
    if (at >= 0) throw nulInFile(body.slice(0, at).split('\n').length);
  }
  const where =
    findNul(request.params, 'params') ??
    findNul(request.query, 'query') ??
    (request.routeOptions.config.nulPerItem ? null : findNul(body, 'body'));
  if (where)
    throw new AppError('VALIDATION_FAILED', `${where} contains a NUL character, which cannot be stored`, [
      { field: where, message: 'contains a NUL character, which cannot be stored' },
    ]);
}
