import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isSingleConnection, queryRows, type Database, type Db } from '../db/client.ts';
import { analyses, analysisJobs, analysisLeases, conversations } from '../db/schema/index.ts';
import { openTestDatabase } from '../../test/helpers/db.ts';
import { makeTree } from '../../test/helpers/factories.ts';
import { prepareVoting } from '../../test/helpers/voting.ts';
import { newId } from '../lib/ids.ts';
import { AnalysisRunner, requestAnalysis, type StoredAnalysis } from './analysis.service.ts';
import { DEBOUNCE_MS, QUIET_DELAY_MS } from './analysis/queue.ts';
import { DeliberationMemory } from './memory.ts';

/** A process of its own (its own memory) on the database, as another server or worker would be. */
const processOf = (db: Db) => ({ db, state: { deliberation: new DeliberationMemory() } });

let database: Database;

beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(async () => {
  await database.close();
});

describe('analysis jobs', () => {
  it('two runners share the queued conversations: each is computed exactly once', async () => {
    const db = database.db;
    const tree = await makeTree(db);
    const here = processOf(db);
    const ids: string[] = [];
    for (let i = 0; i < 6; i++) {
      const id = newId();
      await db.insert(conversations).values({
        id,
        branchId: tree.party.id,
        title: `c${i}`,
        question: 'q',
        opensAt: new Date(),
        access: 'branch',
        moderation: 'post',
        linkToken: newId().replace(/-/g, ''),
      });
      await requestAnalysis(here, id);
      ids.push(id);
    }
    const a = new AnalysisRunner(db);
    const b = new AnalysisRunner(db);
    const [na, nb] = await Promise.all([a.drain({ all: true }), b.drain({ all: true })]);
    expect(na + nb).toBe(6);
    for (const id of ids) {
      const [row] = await db
        .select({ version: analyses.version })
        .from(analyses)
        .where(eq(analyses.conversationId, id));
      expect(row?.version).toBe(1);
    }
    expect(await db.select().from(analysisJobs)).toEqual([]);
    await Promise.all([a.stop(), b.stop()]);
  });

  it('a conversation whose live model another runner holds is left to it (on PGlite: taken over)', async () => {
    const db = database.db;
    const prepared = await prepareVoting(database, { members: 0, statements: 3, code: 'LEASED' });
    const id = prepared.conversationId;
    await db
      .insert(analysisLeases)
      .values({ conversationId: id, holder: 'another-runner', expiresAt: new Date(Date.now() + 60_000) });
    await requestAnalysis(processOf(db), id);
    const runner = new AnalysisRunner(db);
    const ran = await runner.drain({ all: true });
    const [lease] = await db.select().from(analysisLeases).where(eq(analysisLeases.conversationId, id));
    if (isSingleConnection(db)) {
      // One process owns a PGlite folder: a lease of another runner was left by one that died.
      expect(ran).toBe(1);
      expect(lease?.holder).not.toBe('another-runner');
    } else {
      expect(ran).toBe(0);
      expect(lease?.holder).toBe('another-runner');
      expect(await db.select().from(analysisJobs).where(eq(analysisJobs.conversationId, id))).toHaveLength(1);
      // Once the lease has run out, the job is this runner's.
      await db
        .update(analysisLeases)
        .set({ expiresAt: new Date(Date.now() - 1000) })
        .where(eq(analysisLeases.conversationId, id));
      expect(await runner.drain({ all: true })).toBe(1);
    }
    await runner.stop();
    // Stopping releases the runner's leases.
    expect(await db.select().from(analysisLeases).where(eq(analysisLeases.conversationId, id))).toEqual([]);
  });

  it('a vote after a quiet spell is taken at once; one soon after waits for the debounce', async () => {
    const db = database.db;
    const prepared = await prepareVoting(database, { members: 0, statements: 3, code: 'DEBOUNCE' });
    const id = prepared.conversationId;
    const here = processOf(db);
    const dueInMs = async () => {
      const [row] = await queryRows<{ ms: number }>(
        db,
        sql`select (extract(epoch from due_at - now()) * 1000)::float8 as ms from analysis_jobs
            where conversation_id = ${id}`,
      );
      return row?.ms ?? NaN;
    };
    const runner = new AnalysisRunner(db);
    try {
      await requestAnalysis(here, id);
      expect(await dueInMs()).toBeLessThanOrEqual(QUIET_DELAY_MS);
      // Claimed (as a runner's claim deletes it); the next vote, soon after, waits the whole debounce.
      await db.delete(analysisJobs).where(eq(analysisJobs.conversationId, id));
      await requestAnalysis(here, id);
      expect(await dueInMs()).toBeGreaterThan(DEBOUNCE_MS - 100);
      expect(await runner.drain()).toBe(0);
    } finally {
      expect(await runner.drain({ all: true })).toBe(1);
      await runner.stop();
    }
  });

  it('a request after the job was claimed queues another, when the job it met was queued by another process', async () => {
    const db = database.db;
    const prepared = await prepareVoting(database, { members: 0, statements: 3, code: 'REQUEUE' });
    const id = prepared.conversationId;
    const here = processOf(db);
    // Another process's job is waiting: this process's request meets it and adds nothing.
    await db.insert(analysisJobs).values({ conversationId: id, dueAt: new Date(Date.now() - 1000) });
    await requestAnalysis(here, id);
    const runner = new AnalysisRunner(db);
    expect(await runner.drain()).toBe(1);
    // That job is gone, claimed before this vote: the vote must queue a job of its own, or nobody reads it.
    await requestAnalysis(here, id);
    expect(await db.select().from(analysisJobs).where(eq(analysisJobs.conversationId, id))).toHaveLength(1);
    // Leaves no job for the tests after it (a runner's drain claims any conversation's).
    expect(await runner.drain({ all: true })).toBe(1);
    await runner.stop();
  });

  it('a burst of requests meeting an overdue job makes one insert at a time, and a request after a claim still queues', async () => {
    const db = database.db;
    const prepared = await prepareVoting(database, { members: 0, statements: 3, code: 'BURST' });
    const id = prepared.conversationId;
    // The database as this process sees it, counting the inserts it is asked for.
    let inserts = 0;
    const counting = new Proxy(db, {
      get(target, prop, receiver) {
        if (prop === 'insert') inserts++;
        return Reflect.get(target, prop, receiver) as unknown;
      },
    });
    const here = { db: counting, state: { deliberation: new DeliberationMemory() } };
    // Another process's job is overdue (its runner is busy): 200 votes' requests arrive at once.
    await db.insert(analysisJobs).values({ conversationId: id, dueAt: new Date(Date.now() - 1000) });
    await Promise.all(Array.from({ length: 200 }, () => requestAnalysis(here, id)));
    // One insert running, one following it for every request that came meanwhile.
    expect(inserts).toBe(2);
    // The job is claimed while requests keep coming: each resolves only once a job covers it.
    const runner = new AnalysisRunner(db);
    // Votes keep coming (no quiet spell, however long the set-up above took): the debounce holds.
    here.state.deliberation.queue.lastAsked.set(id, Date.now());
    const first = Array.from({ length: 50 }, () => requestAnalysis(here, id));
    expect(await runner.drain()).toBe(1);
    const after = requestAnalysis(here, id);
    await Promise.all([...first, after]);
    expect(await db.select().from(analysisJobs).where(eq(analysisJobs.conversationId, id))).toHaveLength(1);
    expect(await runner.drain({ all: true })).toBe(1);
    await runner.stop();
  });

  it('a runner wakes for a job its own process queued, without waiting for its poll', async () => {
    const db = database.db;
    const prepared = await prepareVoting(database, { members: 0, statements: 3, code: 'WAKE' });
    // A poll a minute apart: only the wake-up can run the job within this test's time.
    const runner = new AnalysisRunner(db, 60_000);
    runner.start();
    const queuedAt = Date.now();
    await requestAnalysis(runner.deps, prepared.conversationId);
    // Watched until just before the first poll could run: what is stored by then was the wake-up's doing.
    let version = 0;
    while (version < 1 && Date.now() - queuedAt < 55_000) {
      const [row] = await db
        .select({ version: analyses.version })
        .from(analyses)
        .where(eq(analyses.conversationId, prepared.conversationId));
      version = row?.version ?? 0;
      if (version < 1) await new Promise((r) => setTimeout(r, 20));
    }
    await runner.stop();
    expect(version).toBe(1);
  }, 90_000);

  it("a watcher is handed each new analysis, its own process's or another's, map and all", async () => {
    const db = database.db;
    const prepared = await prepareVoting(database, { members: 0, statements: 3, code: 'WATCH' });
    const id = prepared.conversationId;
    const watcher = new AnalysisRunner(db, 50, { runsJobs: false });
    const heard: StoredAnalysis[] = [];
    const stop = watcher.watch(id, 0, (stored) => heard.push(stored));
    // Made by another process's runner: the watcher reads it once, on its poll, and hands it over.
    const other = new AnalysisRunner(db);
    await requestAnalysis(other.deps, id);
    expect(await other.drain({ all: true })).toBe(1);
    watcher.start();
    for (let i = 0; i < 200 && heard.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
    expect(heard.map((h) => h.version)).toEqual([1]);
    expect(heard[0]?.report.statements.length).toBe(3);
    stop();
    await Promise.all([watcher.stop(), other.stop()]);
  });
});
