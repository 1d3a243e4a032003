import { eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../test/helpers/app.ts';
import { makeMember, makeTree, type Tree } from '../../test/helpers/factories.ts';
import { members, session } from '../db/schema/index.ts';
import { actorBySessionToken, assignmentsOf } from './member.repo.ts';
import {
  ACTOR_TTL_MS,
  ActorCache,
  FULL_LOOKUP_MS,
  SOLE_WRITER_ACTOR_TTL_MS,
  type ActorLookup,
  type SessionActor,
} from './actor-cache.ts';

const cache = new ActorCache();
import type { Actor } from '../core/permissions.ts';

const actor = (memberId: string): Actor => ({
  memberId,
  userId: `u-${memberId}`,
  homeWardId: 'w',
  homeWardPath: '/r/w/',
  assignments: [],
});

/** An actor whose session runs out in a day (or `inMs`). */
const found = (a: Actor, inMs = 86_400_000): SessionActor => ({
  actor: a,
  sessionExpiresAt: Date.now() + inMs,
});

/** A lookup that counts its calls and answers with the actor it is given. */
function lookup(answer: () => Actor | null) {
  const calls = { n: 0, kinds: [] as string[] };
  const fn: ActorLookup = (kind) => {
    calls.n++;
    calls.kinds.push(kind);
    const a = answer();
    return Promise.resolve(a ? found(a) : null);
  };
  return { fn, calls };
}

const settle = () => new Promise((r) => setImmediate(r));

describe('actor cache', () => {
  afterEach(() => cache.clear());

  it('looks an actor up once and serves it from the cache until refresh time', async () => {
    const l = lookup(() => actor('a'));
    const t = Date.now();
    expect(await cache.actorFor('k1', l.fn, t)).toEqual(actor('a'));
    expect(await cache.actorFor('k1', l.fn, t + 100)).toEqual(actor('a'));
    // The earliest refresh point is 0.3 of the shortest life (0.8 of the TTL).
    expect(await cache.actorFor('k1', l.fn, t + ACTOR_TTL_MS * 0.2)).toEqual(actor('a'));
    expect(l.calls.n).toBe(1);
  });

  it('serves an ageing entry at once and refreshes it in the background, once', async () => {
    const t = Date.now();
    await cache.actorFor('k2', lookup(() => actor('a')).fn, t);
    let release: (a: Actor) => void = () => undefined;
    let calls = 0;
    const slow = () => {
      calls++;
      return new Promise<SessionActor>((r) => (release = (a) => r(found(a))));
    };
    // Past the refresh point (at most 0.6 of the life) but before the earliest expiry (0.8 of the TTL).
    const ageing = t + ACTOR_TTL_MS * 0.7;
    expect(await cache.actorFor('k2', slow, ageing)).toEqual(actor('a'));
    expect(await cache.actorFor('k2', slow, ageing)).toEqual(actor('a'));
    expect(calls).toBe(1);
    release(actor('b'));
    await settle();
    expect(await cache.actorFor('k2', slow, Date.now())).toEqual(actor('b'));
    expect(calls).toBe(1);
  });

  it('never serves an entry past its life: the request waits for a fresh lookup', async () => {
    let current: Actor | null = actor('a');
    const l = lookup(() => current);
    const t = Date.now();
    await cache.actorFor('k3', l.fn, t);
    current = null; // signed out elsewhere
    expect(await cache.actorFor('k3', l.fn, t + ACTOR_TTL_MS + 1)).toBeNull();
    expect(l.calls.n).toBe(2);
  });

  it('looks up in full the first time, then re-checks, and in full again after FULL_LOOKUP_MS', async () => {
    const l = lookup(() => actor('a'));
    const t = Date.now();
    await cache.actorFor('k5', l.fn, t);
    await cache.actorFor('k5', l.fn, t + ACTOR_TTL_MS + 1); // expired: the request waits for a re-check
    expect(l.calls.kinds).toEqual(['full', 'recheck']);
    cache.clear();
    await cache.actorFor('k5', l.fn);
    expect(l.calls.kinds).toEqual(['full', 'recheck', 'full']);
    expect(FULL_LOOKUP_MS).toBeGreaterThan(ACTOR_TTL_MS);
  });

  it('a lookup that began before a clear does not put the old actor back', async () => {
    let release: (a: Actor) => void = () => undefined;
    const slow = () => new Promise<SessionActor>((r) => (release = (a) => r(found(a))));
    const pending = cache.actorFor('k4', slow);
    cache.clear(); // e.g. the member's roles changed meanwhile
    release(actor('old'));
    expect(await pending).toEqual(actor('old'));
    const l = lookup(() => actor('new'));
    expect(await cache.actorFor('k4', l.fn)).toEqual(actor('new'));
    expect(l.calls.n).toBe(1);
  });
});

describe('actor cache of the only process writing the database', () => {
  it('keeps an entry longer, but never past its session', async () => {
    const sole = new ActorCache({ ttlMs: SOLE_WRITER_ACTOR_TTL_MS });
    const l = lookup(() => actor('a'));
    const t = Date.now();
    await sole.actorFor('k', l.fn, t);
    // Well past the shared cache's life, before the refresh point (0.3 of at least 0.8 of the life).
    expect(await sole.actorFor('k', l.fn, t + SOLE_WRITER_ACTOR_TTL_MS * 0.2)).toEqual(actor('a'));
    expect(SOLE_WRITER_ACTOR_TTL_MS * 0.2).toBeGreaterThan(ACTOR_TTL_MS);
    expect(l.calls.n).toBe(1);

    let session: SessionActor | null = found(actor('b'), 1_000);
    const ending: ActorLookup = () => Promise.resolve(session);
    await sole.actorFor('s', ending, Date.now());
    session = null; // the session ran out: a lookup now finds nothing
    expect(await sole.actorFor('s', ending, Date.now() + 1_001)).toBeNull();
  });
});

describe('signed session cookies', () => {
  it('checks a value that verifies once; a value that does not is checked every time and never kept', () => {
    const signed = new ActorCache();
    const checked: string[] = [];
    const verify = (v: string) => {
      checked.push(v);
      return v.startsWith('good.') ? v.slice(5) : null;
    };
    expect(signed.tokenOf('good.t1', verify)).toBe('t1');
    expect(signed.tokenOf('good.t1', verify)).toBe('t1');
    expect(signed.tokenOf('forged.t1', verify)).toBeNull();
    expect(signed.tokenOf('forged.t1', verify)).toBeNull();
    expect(checked).toEqual(['good.t1', 'forged.t1', 'forged.t1']);
  });
});

describe('re-checking a session in one query', () => {
  let t: TestApp;
  let tree: Tree;
  beforeAll(async () => {
    t = await startTestApp();
    tree = await makeTree(t.database.db);
  });
  afterAll(() => t.close());

  const tokenOf = (cookie: string) => decodeURIComponent(cookie.split('=')[1] ?? '').split('.')[0] ?? '';

  it('finds the same actor as the full lookup, roles included', async () => {
    const m = await makeMember(t.database.db, tree.wardA, {
      roles: [
        ['organiser', tree.wardA],
        ['moderator', tree.regionA],
      ],
    });
    const cookie = await t.signIn(m.email);
    const full = await assignmentsOf(t.database.db, m.id);
    expect(full.length).toBeGreaterThanOrEqual(2);
    const checked = (await actorBySessionToken(t.database.db, tokenOf(cookie)))?.actor;
    expect(checked?.memberId).toBe(m.id);
    expect(checked?.homeWardId).toBe(tree.wardA.id);
    expect(checked?.homeWardPath).toBe(tree.wardA.path);
    expect(checked?.assignments.map((a) => [a.role, a.branchId]).sort()).toEqual(
      full.map((r) => [r.role, r.branchId]).sort(),
    );
  });

  it('finds nobody once the session is gone, expired, or the member suspended', async () => {
    const db = t.database.db;
    const gone = await makeMember(db, tree.wardA);
    const goneCookie = await t.signIn(gone.email);
    await db.delete(session).where(eq(session.token, tokenOf(goneCookie)));
    expect(await actorBySessionToken(db, tokenOf(goneCookie))).toBeNull();

    const old = await makeMember(db, tree.wardA);
    const oldCookie = await t.signIn(old.email);
    await db
      .update(session)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(session.token, tokenOf(oldCookie)));
    expect(await actorBySessionToken(db, tokenOf(oldCookie))).toBeNull();

    const s = await makeMember(db, tree.wardA);
    const sCookie = await t.signIn(s.email);
    expect(await actorBySessionToken(db, tokenOf(sCookie))).not.toBeNull();
    await db.update(members).set({ status: 'suspended' }).where(eq(members.id, s.id));
    expect(await actorBySessionToken(db, tokenOf(sCookie))).toBeNull();
    expect(await actorBySessionToken(db, 'no-such-token')).toBeNull();
  });
});
