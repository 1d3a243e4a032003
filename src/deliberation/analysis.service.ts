/**
 * Keeping every conversation's analysis fresh, off the request path.
 *
 * A vote or a moderation decision queues a job row (`analysis_jobs`, one per conversation, due a moment
 * later so a burst of votes makes one recompute). Each process runs an AnalysisRunner that claims due jobs
 * with FOR UPDATE SKIP LOCKED — so several server processes share the conversations — runs the engine in a
 * worker thread and stores the report in `analyses` with a version number. Open SSE streams watch the
 * versions and push the new map within a second of it being stored.
 */
import { EventEmitter } from 'node:events';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Db, Executor } from '../db/client.ts';
import { analyses, analysisJobs, participants, statements, votes } from '../db/schema/index.ts';
import { queryRows } from '../db/client.ts';
import type { AnalysisReport } from '../math/analyze.ts';
import type { StatementInput, VoteColumns } from '../math/matrix.ts';
import type { EngineRequest, EngineResponse } from './engine-worker.ts';

/** How long a queued recompute waits for more votes to arrive, in ms. */
export const DEBOUNCE_MS = 300;

const queuedAt = new Map<string, number>();

/**
 * Queues a recompute. A job queued by this process in the last DEBOUNCE_MS is still waiting (it is not
 * due yet, so no runner can have claimed it), so there is nothing to do.
 */
export async function requestAnalysis(db: Executor, conversationId: string): Promise<void> {
  const now = Date.now();
  const last = queuedAt.get(conversationId);
  if (last !== undefined && now - last < DEBOUNCE_MS - 50) return;
  if (queuedAt.size > 10_000) queuedAt.clear();
  queuedAt.set(conversationId, now);
  await db
    .insert(analysisJobs)
    .values({ conversationId, dueAt: sql`now() + make_interval(secs => ${DEBOUNCE_MS / 1000})` })
    .onConflictDoNothing();
}

export interface StoredAnalysis {
  version: number;
  computedAt: Date;
  report: AnalysisReport;
}

const cache = new Map<string, StoredAnalysis>();

/** The latest stored analysis, or null before the first one. Cached per version. */
export async function latestAnalysis(db: Executor, conversationId: string): Promise<StoredAnalysis | null> {
  const [head] = await db
    .select({ version: analyses.version })
    .from(analyses)
    .where(eq(analyses.conversationId, conversationId));
  if (!head) return null;
  const hit = cache.get(conversationId);
  if (hit && hit.version === head.version) return hit;
  const [row] = await db.select().from(analyses).where(eq(analyses.conversationId, conversationId));
  if (!row) return null;
  const stored = {
    version: row.version,
    computedAt: row.computedAt,
    report: row.report as unknown as AnalysisReport,
  };
  cache.set(conversationId, stored);
  return stored;
}

/** Loads a conversation's current votes and statements as the engine reads them. */
async function engineInput(db: Executor, conversationId: string) {
  const rows = await queryRows<{ p: number; s: number; v: number }>(
    db,
    sql`select p.number as p, s.number as s, v.value as v
        from ${votes} v
        join ${participants} p on p.id = v.participant_id
        join ${statements} s on s.id = v.statement_id
        where v.conversation_id = ${conversationId} and s.status <> 'pending'
        order by v.voted_at, p.number, s.number`,
  );
  const stmts = await db
    .select({ number: statements.number, status: statements.status, meta: statements.meta })
    .from(statements)
    .where(
      and(
        eq(statements.conversationId, conversationId),
        inArray(statements.status, ['accepted', 'rejected']),
      ),
    );
  const pIndex = new Map<number, number>();
  const sIndex = new Map<number, number>();
  const columns: VoteColumns = {
    participants: [],
    statements: [],
    p: new Int32Array(rows.length),
    s: new Int32Array(rows.length),
    v: new Int8Array(rows.length),
    t: new Float64Array(rows.length),
    length: rows.length,
  };
  rows.forEach((r, k) => {
    let p = pIndex.get(r.p);
    if (p === undefined) {
      p = columns.participants.length;
      pIndex.set(r.p, p);
      columns.participants.push(String(r.p));
    }
    let s = sIndex.get(r.s);
    if (s === undefined) {
      s = columns.statements.length;
      sIndex.set(r.s, s);
      columns.statements.push(String(r.s));
    }
    columns.p[k] = p;
    columns.s[k] = s;
    columns.v[k] = r.v;
    columns.t[k] = k;
  });
  const statementInputs: StatementInput[] = stmts
    .sort((a, b) => a.number - b.number)
    .map((s) => ({
      id: String(s.number),
      status: s.status === 'rejected' ? 'rejected' : 'accepted',
      meta: s.meta,
    }));
  return { columns, statements: statementInputs };
}

/** Runs the engine in one worker thread, one job at a time. */
class EngineThread {
  private worker: Worker | null = null;
  private next = 1;
  private readonly waiting = new Map<number, (r: EngineResponse) => void>();

  private start(): Worker {
    const w = new Worker(path.join(import.meta.dirname, 'engine-worker.ts'));
    w.on('message', (r: EngineResponse) => {
      this.waiting.get(r.jobId)?.(r);
      this.waiting.delete(r.jobId);
    });
    w.on('error', (err: Error) => {
      for (const done of this.waiting.values()) done({ jobId: 0, error: err.message });
      this.waiting.clear();
      this.worker = null;
    });
    w.unref();
    return w;
  }

  run(input: Omit<EngineRequest, 'jobId'>): Promise<AnalysisReport> {
    const worker = (this.worker ??= this.start());
    const jobId = this.next++;
    return new Promise((resolve, reject) => {
      this.waiting.set(jobId, (r) => {
        if ('report' in r) resolve(r.report);
        else reject(new Error(r.error));
      });
      worker.postMessage({ ...input, jobId });
    });
  }

  async close(): Promise<void> {
    await this.worker?.terminate();
    this.worker = null;
  }
}

/** Computes and stores one conversation's analysis now (the runner's unit of work; tests call it directly). */
export async function computeAnalysis(
  db: Db,
  engine: EngineThread,
  conversationId: string,
): Promise<StoredAnalysis> {
  const [mark] = await queryRows<{ id: number | null }>(
    db,
    sql`select max(id)::int as id from vote_events where conversation_id = ${conversationId}`,
  );
  const input = await engineInput(db, conversationId);
  const before = await latestAnalysis(db, conversationId);
  const previous: [string, number][] = before
    ? before.report.participants.flatMap((p) =>
        p.group === null ? [] : [[p.id, p.group] as [string, number]],
      )
    : [];
  const report = await engine.run({ ...input, previous });
  const [row] = await db
    .insert(analyses)
    .values({
      conversationId,
      version: 1,
      voteEventId: mark?.id ?? 0,
      report: report as unknown as Record<string, unknown>,
    })
    .onConflictDoUpdate({
      target: analyses.conversationId,
      set: {
        version: sql`${analyses.version} + 1`,
        voteEventId: mark?.id ?? 0,
        report: report as unknown as Record<string, unknown>,
        computedAt: new Date(),
      },
    })
    .returning({ version: analyses.version, computedAt: analyses.computedAt });
  if (!row) throw new Error('the analysis was not stored');
  const stored = { version: row.version, computedAt: row.computedAt, report };
  cache.set(conversationId, stored);
  return stored;
}

/**
 * Claims and runs due analysis jobs, and tells listeners when any watched conversation's analysis changes
 * (in this process or another).
 */
export class AnalysisRunner {
  readonly updates = new EventEmitter<{ analysis: [conversationId: string, version: number] }>();
  private readonly engine = new EngineThread();
  private timer: NodeJS.Timeout | null = null;
  private busy = false;
  private readonly watched = new Map<string, { listeners: number; version: number }>();
  private stopped = false;
  private readonly db: Db;
  private readonly intervalMs: number;

  constructor(db: Db, intervalMs = 250) {
    this.db = db;
    this.intervalMs = intervalMs;
  }

  start(): void {
    this.updates.setMaxListeners(0);
    this.timer = setInterval(() => void this.tick(), this.intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    while (this.busy) await new Promise((r) => setTimeout(r, 20));
    await this.engine.close();
  }

  /** Claims one due job (any job with `all`), or null. Its own short transaction: PGlite has one connection. */
  private async claim(all: boolean): Promise<string | null> {
    return this.db.transaction(async (tx) => {
      const [job] = await queryRows<{ conversation_id: string }>(
        tx,
        sql`select conversation_id from analysis_jobs where ${all ? sql`true` : sql`due_at <= now()`}
            order by due_at limit 1 for update skip locked`,
      );
      if (!job) return null;
      await tx.delete(analysisJobs).where(eq(analysisJobs.conversationId, job.conversation_id));
      return job.conversation_id;
    });
  }

  /** Runs every due job now (every queued job with `all`); returns how many ran. */
  async drain({ all = false } = {}): Promise<number> {
    let n = 0;
    for (let id = await this.claim(all); id && !this.stopped; id = await this.claim(all)) {
      try {
        const stored = await computeAnalysis(this.db, this.engine, id);
        this.notify(id, stored.version);
      } catch (err) {
        // Put the job back for a later attempt; a bad conversation must not stop the others.
        console.error(`analysis of ${id} failed: ${err instanceof Error ? err.message : String(err)}`);
        await this.db
          .insert(analysisJobs)
          .values({ conversationId: id, dueAt: sql`now() + interval '5 seconds'` })
          .onConflictDoNothing();
      }
      n++;
    }
    return n;
  }

  private notify(id: string, version: number): void {
    const w = this.watched.get(id);
    if (w && version > w.version) {
      w.version = version;
      this.updates.emit('analysis', id, version);
    }
  }

  private async tick(): Promise<void> {
    if (this.busy || this.stopped) return;
    this.busy = true;
    try {
      await this.drain();
      // Analyses stored by other processes.
      const ids = [...this.watched.keys()];
      if (ids.length > 0) {
        const rows = await this.db
          .select({ id: analyses.conversationId, version: analyses.version })
          .from(analyses)
          .where(inArray(analyses.conversationId, ids));
        for (const r of rows) this.notify(r.id, r.version);
      }
    } catch (err) {
      console.error(`analysis runner: ${err instanceof Error ? err.message : String(err)}`);
    } finally {
      this.busy = false;
    }
  }

  /** Calls `listener` with each new analysis version of the conversation; returns the unsubscribe. */
  watch(conversationId: string, version: number, listener: (version: number) => void): () => void {
    const w = this.watched.get(conversationId) ?? { listeners: 0, version };
    w.listeners++;
    w.version = Math.max(w.version, version);
    this.watched.set(conversationId, w);
    const handler = (id: string, v: number) => {
      if (id === conversationId) listener(v);
    };
    this.updates.on('analysis', handler);
    return () => {
      this.updates.off('analysis', handler);
      w.listeners--;
      if (w.listeners === 0) this.watched.delete(conversationId);
    };
  }
}
