/**
 * A short-lived cache of signed-in actors, keyed by the session cookie's (signed) value, so a burst of
 * requests — a member voting card after card — does not look the session, member and roles up every time.
 * Entries live ACTOR_TTL_MS; anything that changes who someone is or may do (roles, status, erasure,
 * sign-out) clears the cache at once.
 */
import type { Actor } from './policy.ts';

export const ACTOR_TTL_MS = 5_000;
const MAX_ENTRIES = 50_000;

const entries = new Map<string, { actor: Actor; until: number }>();

export function cachedActor(key: string, now = Date.now()): Actor | undefined {
  const hit = entries.get(key);
  if (!hit) return undefined;
  if (hit.until <= now) {
    entries.delete(key);
    return undefined;
  }
  return hit.actor;
}

export function cacheActor(key: string, actor: Actor, now = Date.now()): void {
  if (entries.size >= MAX_ENTRIES) entries.clear();
  entries.set(key, { actor, until: now + ACTOR_TTL_MS });
}

/** Forget every cached actor: call after any change to roles, membership status, sessions or erasure. */
export function clearActorCache(): void {
  entries.clear();
}
