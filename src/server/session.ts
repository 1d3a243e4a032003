/**
 * Turns the session cookie into an Actor (the member and their roles) once per request.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { FastifyRequest } from 'fastify';
import { fromNodeHeaders } from 'better-auth/node';
import type { Db } from '../db/client.ts';
import { actorBySessionToken } from '../members/member.repo.ts';
import { actorFor } from '../members/actor-cache.ts';
import type { Actor } from '../members/policy.ts';
import { cookieValue } from './cookies.ts';
import { AppError } from './errors.ts';
import type { Auth } from './auth.ts';

const cache = new WeakMap<FastifyRequest, Promise<Actor | null>>();

async function loadActor(auth: Auth, db: Db, request: FastifyRequest): Promise<Actor | null> {
  const cookie = request.headers.cookie;
  if (!cookie || !cookie.includes('session_token')) return null;
  // The session cookie's value (token and signature) is the cache key for its actor.
  const key = cookieValue(cookie, (name) => name.endsWith('session_token'));
  if (!key) return lookUpActor(auth, db, request.headers);
  // A background refresh may outlive the request: it keeps only the headers.
  const headers = request.headers;
  return actorFor(key, (kind) =>
    kind === 'full' ? lookUpActor(auth, db, headers) : actorBySessionToken(db, sessionToken(key)),
  );
}

/** The session token in a signed session cookie's value (`token.signature`, URL-encoded). */
function sessionToken(cookieValue: string): string {
  let value = cookieValue;
  try {
    value = decodeURIComponent(cookieValue);
  } catch {
    // Not URL-encoded: use it as sent (the recheck then finds no session).
  }
  const dot = value.indexOf('.');
  return dot < 0 ? value : value.slice(0, dot);
}

/** Better Auth verifies the cookie and keeps the session fresh; the actor comes from the session's token. */
async function lookUpActor(auth: Auth, db: Db, headers: IncomingHttpHeaders): Promise<Actor | null> {
  const found = await auth.api.getSession({ headers: fromNodeHeaders(headers) });
  return found ? actorBySessionToken(db, found.session.token) : null;
}

/** The signed-in actor, or null. */
export function optionalActor(auth: Auth, db: Db, request: FastifyRequest): Promise<Actor | null> {
  let p = cache.get(request);
  if (!p) {
    p = loadActor(auth, db, request);
    cache.set(request, p);
  }
  return p;
}

/** The signed-in actor, or UNAUTHENTICATED. */
export async function requireActor(auth: Auth, db: Db, request: FastifyRequest): Promise<Actor> {
  const actor = await optionalActor(auth, db, request);
  if (!actor) throw new AppError('UNAUTHENTICATED', 'Sign in first');
  return actor;
}
