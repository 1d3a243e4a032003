/**
 * Turns the session cookie into an Actor (the member and their roles) once per request.
 *
 * Only the session cookie itself counts, found by its exact name, and only once its signature verifies:
 * the actor cache is keyed by that verified token, so no other cookie (and no unsigned token) can stand
 * for a session.
 */
import type { FastifyRequest } from 'fastify';
import { fromNodeHeaders } from 'better-auth/node';
import type { Db } from '../db/client.ts';
import { actorBySessionToken, type ActorCache } from '../members/index.ts';
import type { Actor } from '../core/permissions.ts';
import { cookieValue, verifiedCookieToken } from '../core/cookies.ts';
import { AppError } from '../core/errors.ts';
import { SESSION_COOKIE, type Auth } from './auth.ts';

const cache = new WeakMap<FastifyRequest, Promise<Actor | null>>();

/** What finding the actor needs: the auth library, the database, the process's actor cache, the secret. */
export interface ActorSource {
  auth: Auth;
  db: Db;
  actors: ActorCache;
  secret: string;
}

async function loadActor(
  { auth, db, actors, secret }: ActorSource,
  request: FastifyRequest,
): Promise<Actor | null> {
  const cookie = request.headers.cookie;
  const value = cookieValue(cookie, SESSION_COOKIE);
  const token = value ? actors.tokenOf(value, (v) => verifiedCookieToken(v, secret)) : null;
  if (!token) return null;
  // A background refresh may outlive the request: it keeps only the cookie.
  const headers = fromNodeHeaders({ cookie });
  return actors.actorFor(token, async (kind) => {
    if (kind === 'recheck') return actorBySessionToken(db, token);
    // Better Auth checks the session in full and keeps it fresh.
    const found = await auth.api.getSession({ headers });
    return found?.session.token === token ? actorBySessionToken(db, token) : null;
  });
}

/** The signed-in actor, or null. */
export function optionalActor(source: ActorSource, request: FastifyRequest): Promise<Actor | null> {
  let p = cache.get(request);
  if (!p) {
    p = loadActor(source, request);
    cache.set(request, p);
  }
  return p;
}

/** The signed-in actor, or UNAUTHENTICATED. */
export async function requireActor(source: ActorSource, request: FastifyRequest): Promise<Actor> {
  const actor = await optionalActor(source, request);
  if (!actor) throw new AppError('UNAUTHENTICATED', 'Sign in first');
  return actor;
}
