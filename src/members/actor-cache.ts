/**
 * A short-lived cache of signed-in actors, keyed by the session cookie's (signed) value, so a burst of
 * requests — a member voting card after card — does not look the session, member and roles up every time.
 *
 * An entry is never served more than ACTOR_TTL_MS after it was looked up, and anything that changes who
 * someone is or may do (roles, status, erasure, sign-out) clears the cache at once. Each entry's life is
 * jittered, and once an entry has lived a random part of it (between REFRESH_FROM and REFRESH_TO), the request is served from it while a fresh
 * lookup runs beside it: so many members who signed in together do not all expire in the same instant and
 * wait on a burst of lookups.
 */
import type { Actor } from '../core/permissions.ts';

export const ACTOR_TTL_MS = 5_000;
/**
 * The life of an entry when this process is the database's only writer (the embedded database: its folder
 * is locked to one process). Every change to who someone is or may do then passes through this process and
 * clears the cache at once; what is left is a session running out, and an entry never outlives its session.
 * So a busy member's session is re-checked a few times a minute instead of every two or three seconds.
 */
export const SOLE_WRITER_ACTOR_TTL_MS = 30_000;
/** The span of its life in which an entry is looked up again in the background (a random point in it). */
const REFRESH_FROM = 0.3;
const REFRESH_TO = 0.6;
const MAX_ENTRIES = 50_000;

interface Entry {
  actor: Actor;
  refreshAt: number;
  until: number;
  /** When it was last looked up in full. */
  fullAt: number;
}

/** How often an entry is looked up in full rather than just re-checked. */
export const FULL_LOOKUP_MS = 60_000;

/**
 * Looks the actor up (null: not signed in). `full`: through the auth library (verifies the cookie, keeps
 * the session fresh); `recheck`: one query that the session and the member's standing still hold, for an
 * entry looked up in full within FULL_LOOKUP_MS.
 */
export type ActorLookup = (kind: 'full' | 'recheck') => Promise<SessionActor | null>;

/** The actor behind a session, and when the session runs out (ms since the epoch). */
export interface SessionActor {
  actor: Actor;
  sessionExpiresAt: number;
}

/** One process's cache of signed-in actors (a part of its ProcessState). */
export class ActorCache {
  private readonly entries = new Map<string, Entry>();
  /** Background refreshes in flight, by key. */
  private readonly refreshing = new Map<string, Promise<unknown>>();
  /**
   * Session cookie values whose signature verified, and their tokens: every request of a session carries
   * the same value, so its HMAC is computed once. Only a value that verified is kept, so no other value
   * can be taken for it.
   */
  private readonly signed = new Map<string, string>();
  /** Bumped by every clear, so a lookup that started before it cannot put an old actor back. */
  private generation = 0;
  private readonly ttlMs: number;

  constructor(opts: { ttlMs?: number } = {}) {
    this.ttlMs = opts.ttlMs ?? ACTOR_TTL_MS;
  }

  private store(key: string, found: SessionActor, now: number, fullAt: number): void {
    if (this.entries.size >= MAX_ENTRIES) this.entries.clear();
    const life = Math.min(this.ttlMs * (0.8 + 0.2 * Math.random()), found.sessionExpiresAt - now);
    const actor = found.actor;
    const refreshAt = now + life * (REFRESH_FROM + (REFRESH_TO - REFRESH_FROM) * Math.random());
    this.entries.set(key, { actor, refreshAt, until: now + life, fullAt });
  }

  private async lookUpAndStore(
    key: string,
    lookUp: ActorLookup,
    hit: Entry | undefined,
  ): Promise<Actor | null> {
    const started = this.generation;
    const kind = hit && Date.now() - hit.fullAt < FULL_LOOKUP_MS ? 'recheck' : 'full';
    const found = await lookUp(kind);
    if (this.generation !== started) return found?.actor ?? null;
    const now = Date.now();
    if (found) this.store(key, found, now, kind === 'full' || !hit ? now : hit.fullAt);
    else this.entries.delete(key);
    return found?.actor ?? null;
  }

  private refresh(key: string, lookUp: ActorLookup, hit: Entry): void {
    if (this.refreshing.has(key)) return;
    const done = this.lookUpAndStore(key, lookUp, hit)
      .catch(() => this.entries.delete(key))
      .finally(() => this.refreshing.delete(key));
    this.refreshing.set(key, done);
  }

  /** The cached actor for this session key, or a fresh lookup (cached when signed in). */
  async actorFor(key: string, lookUp: ActorLookup, now = Date.now()): Promise<Actor | null> {
    const hit = this.entries.get(key);
    if (hit && hit.until > now) {
      if (hit.refreshAt <= now) this.refresh(key, lookUp, hit);
      return hit.actor;
    }
    return this.lookUpAndStore(key, lookUp, hit);
  }

  /** The token of a signed cookie value, checked by `verify` the first time the value is seen. */
  tokenOf(value: string, verify: (value: string) => string | null): string | null {
    const hit = this.signed.get(value);
    if (hit !== undefined) return hit;
    const token = verify(value);
    if (token !== null) {
      if (this.signed.size >= MAX_ENTRIES) this.signed.clear();
      this.signed.set(value, token);
    }
    return token;
  }

  /** Forget every cached actor: call after any change to roles, membership status, sessions or erasure. */
  clear(): void {
    this.generation++;
    this.entries.clear();
  }
}

declare module '../lib/process-state.ts' {
  interface ProcessState {
    /** Signed-in actors by session. */
    actors: ActorCache;
  }
}
