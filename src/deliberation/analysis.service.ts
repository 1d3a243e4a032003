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
import { isSingleConnection, queryRows, type Db, type Executor } from '../db/client.ts';
import {
  analyses,
  analysisJobs,
  analysisLeases,
  participants,
  statements,
  voteEvents,
} from '../db/schema/index.ts';
import { newId } from '../lib/ids.ts';
import { safeErrorText } from '../lib/safe-log.ts';
import type { AnalysisReport } from '../math/analyze.ts';
import type { StatementInput } from '../math/matrix.ts';
import type { EngineRequest, EngineResponse, LiveUpdates } from './engine-worker.ts';
import { VoteCells } from './vote-cells.ts';

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** How long a queued recompute waits for more votes to arrive, in ms. */
export const DEBOUNCE_MS = 250;

/**
 * When the job this process last queued for each conversation falls due (by this process's clock, measured
 * from before the insert, so no runner can have claimed it earlier).
 */
const queuedDue = new Map<string, number>();
/** How long each conversation's last recompute took: the next waits at least twice that. */
const computeMs = new Map<string, number>();

const delayFor = (conversationId: string): number =>
  Math.max(DEBOUNCE_MS, 2 * (computeMs.get(conversationId) ?? 0));

/**
 * Queues a recompute. While a job this process queued is not yet due, no runner can have claimed it, and it
 * will read this change too: there is nothing to do. A job met in the table instead (queued by another
 * process, due at a time this one does not know) may be claimed at any moment, so it is not remembered.
 */
export async function requestAnalysis(db: Executor, conversationId: string): Promise<void> {
  const now = Date.now();
  const due = queuedDue.get(conversationId);
  if (due !== undefined && now < due - 50) return;
  queuedDue.delete(conversationId);
  const delay = delayFor(conversationId);
  const queued = await db
    .insert(analysisJobs)
    .values({ conversationId, dueAt: sql`now() + make_interval(secs => ${delay / 1000})` })
    .onConflictDoNothing()
    .returning({ id: analysisJobs.conversationId });
  if (queued.length === 0) return;
  if (queuedDue.size > 10_000) queuedDue.clear();
  queuedDue.set(conversationId, now + delay);
}

export interface StoredAnalysis {
  version: number;
  /** When this version was made (the last live update's time, or the fit's). */
  computedAt: Date;
  /** When its report was fitted: the same fit as another stored version when equal. */
  fittedAt: Date;
  report: AnalysisReport;
}

const cache = new Map<string, StoredAnalysis>();

/**
 * The latest stored analysis, or null before the first one. Cached per version: when only live updates
 * were published since the cached version (by the process that holds the live model), just those are read
 * and patched in.
 */
export async function latestAnalysis(db: Executor, conversationId: string): Promise<StoredAnalysis | null> {
  const [head] = await db
    .select({ version: analyses.version, fittedAt: analyses.computedAt })
    .from(analyses)
    .where(eq(analyses.conversationId, conversationId));
  if (!head) return null;
  const hit = cache.get(conversationId);
  if (hit && hit.version === head.version) return hit;
  let stored: StoredAnalysis;
  if (hit && hit.fittedAt.getTime() === head.fittedAt.getTime()) {
    const [row] = await db
      .select({ live: analyses.live })
      .from(analyses)
      .where(eq(analyses.conversationId, conversationId));
    applyLive(hit.report, liveEntries(row?.live ?? {}));
    stored = { ...hit, version: head.version, computedAt: new Date() };
  } else {
    const [row] = await db.select().from(analyses).where(eq(analyses.conversationId, conversationId));
    if (!row) return null;
    const report = row.report as unknown as AnalysisReport;
    applyLive(report, liveEntries(row.live));
    stored = { version: row.version, computedAt: row.computedAt, fittedAt: row.computedAt, report };
  }
  cache.set(conversationId, stored);
  return stored;
}

const liveEntries = (live: Record<string, [number, number, number]>): LiveUpdates =>
  Object.entries(live).map(([id, [x, y, g]]) => [id, x, y, g]);

const indexes = new WeakMap<AnalysisReport, Map<string, number>>();

/** Where each participant is in a report's list. */
function participantIndex(report: AnalysisReport): Map<string, number> {
  let index = indexes.get(report);
  if (!index) {
    index = new Map(report.participants.map((p, i) => [p.id, i]));
    indexes.set(report, index);
  }
  return index;
}

/** Patches voters' new positions and groups into a report (newcomers added) and recounts group sizes. */
function applyLive(report: AnalysisReport, updates: LiveUpdates): void {
  if (updates.length === 0) return;
  const index = participantIndex(report);
  for (const [id, x, y, g] of updates) {
    const at = index.get(id);
    const group = g >= 0 ? g : null;
    if (at === undefined) {
      index.set(id, report.participants.length);
      report.participants.push({ id, votes: 1, inConversation: group !== null, group, x, y });
    } else {
      const p = report.participants[at];
      if (!p) continue;
      p.x = x;
      p.y = y;
      p.group = group;
      if (group !== null) p.inConversation = true;
    }
  }
  const size = new Map<number, number>();
  for (const p of report.participants) if (p.group !== null) size.set(p.group, (size.get(p.group) ?? 0) + 1);
  for (const g of report.groups) g.size = size.get(g.id) ?? 0;
}

/**
 * Events re-read on every update, in case an earlier-numbered event committed after a later one (server
 * PostgreSQL, many connections).
 */
const OVERLAP = 1_000;
/**
 * How often the whole vote history is read again from the start, to heal any event the overlap missed.
 * By time, not by count of updates: at ten million votes a reload takes a minute.
 */
const FULL_RELOAD_MS = 15 * 60_000;

/** Rows read from `vote_events` per query, so a large history neither fills memory nor holds the thread. */
const PAGE = 100_000;

interface EventRow {
  id: number;
  p: number;
  s: number;
  v: number | null;
}

/** One page of a conversation's vote events after `after`, in id order. */
function eventsAfter(db: Executor, conversationId: string, after: number): Promise<EventRow[]> {
  return queryRows<EventRow>(
    db,
    // The page is cut from the (conversation, id) index first and joined after.
    sql`select e.id::float8 as id, p.number as p, s.number as s, e.value as v
        from (select id, participant_id, statement_id, value from ${voteEvents}
              where conversation_id = ${conversationId} and id > ${after}
              order by id limit ${PAGE}) e
        join ${participants} p on p.id = e.participant_id
        join ${statements} s on s.id = e.statement_id
        order by e.id`,
  );
}

/**
 * A conversation's current votes, kept in memory (in shared memory, for the engine threads) and brought up
 * to date from `vote_events` by id, so an update reads only what is new rather than every vote again.
 */
class VoteState {
  cells = new VoteCells();
  mark = 0;
  loadedAt = Date.now();
  /** While a refit runs: the new votes it has not seen, to apply to its model when it is done. */
  pending: number[] | null = null;
  /** A full reload running beside the live updates. */
  reloading: Promise<void> | null = null;

  /**
   * Reads what is new, a page at a time (yielding between pages); returns the new votes (participant,
   * statement, value triples; undos left out) when `fresh` is wanted.
   */
  async refresh(db: Executor, conversationId: string, fresh: number[] | null): Promise<void> {
    const before = this.mark;
    // With one connection, events become visible in id order and nothing can commit behind the mark.
    let after = Math.max(0, this.mark - (isSingleConnection(db) ? 0 : OVERLAP));
    for (;;) {
      const rows = await eventsAfter(db, conversationId, after);
      for (const r of rows) {
        if (r.v === null) this.cells.delete(r.p, r.s);
        else this.cells.set(r.p, r.s, r.v);
        if (r.id > this.mark) this.mark = r.id;
        if (fresh && r.id > before && r.v !== null) fresh.push(r.p, r.s, r.v);
      }
      if (rows.length < PAGE) break;
      after = rows.at(-1)?.id ?? after;
      await new Promise((r) => setImmediate(r));
    }
  }

  /**
   * Every FULL_RELOAD_MS, the whole history is read again into new cells beside the live ones (which keep
   * serving), to heal any event the overlap missed; `swap` then brings the new cells up to date and puts
   * them in place, under the conversation's lock.
   */
  reloadIfDue(db: Executor, conversationId: string, swap: (fn: () => Promise<void>) => Promise<void>): void {
    if (this.reloading || Date.now() - this.loadedAt < FULL_RELOAD_MS) return;
    const next = new VoteState();
    this.reloading = next
      .refresh(db, conversationId, null)
      .then(() =>
        swap(async () => {
          // Caught up past this copy's mark; the mark stays, so the next refresh still hands the events
          // after it to the live model (setting them in the new cells again changes nothing).
          await next.refresh(db, conversationId, null);
          this.cells = next.cells;
          this.loadedAt = Date.now();
        }),
      )
      .catch((err: unknown) => {
        console.error(`reload of ${conversationId} failed: ${safeErrorText(err)}`);
        this.loadedAt = Date.now();
      })
      .finally(() => (this.reloading = null));
  }
}

const states = new WeakMap<Executor, Map<string, VoteState>>();

function stateOf(db: Executor, conversationId: string): VoteState {
  let perDb = states.get(db);
  if (!perDb) states.set(db, (perDb = new Map<string, VoteState>()));
  let state = perDb.get(conversationId);
  if (!state) perDb.set(conversationId, (state = new VoteState()));
  return state;
}

/** The statements as the engine reads them. */
async function engineStatements(db: Executor, conversationId: string): Promise<StatementInput[]> {
  const stmts = await db
    .select({ number: statements.number, status: statements.status, meta: statements.meta })
    .from(statements)
    .where(
      and(
        eq(statements.conversationId, conversationId),
        inArray(statements.status, ['accepted', 'rejected']),
      ),
    );
  // Votes only ever reach accepted statements; a statement rejected later keeps them (Polis zeroes them).
  return stmts
    .sort((a, b) => a.number - b.number)
    .map((st) => ({
      id: String(st.number),
      status: st.status === 'rejected' ? 'rejected' : 'accepted',
      meta: st.meta,
    }));
}

/** One engine worker thread, one request at a time. */
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

  private request(input: DistributiveOmit<EngineRequest, 'jobId'>): Promise<EngineResponse> {
    const worker = (this.worker ??= this.start());
    const jobId = this.next++;
    return new Promise((resolve, reject) => {
      this.waiting.set(jobId, (r) => {
        if ('error' in r) reject(new Error(r.error));
        else resolve(r);
      });
      worker.postMessage({ ...input, jobId });
    });
  }

  /** The report, and the same as JSON (made in the engine thread, to store). */
  async fit(
    input: Omit<Extract<EngineRequest, { kind: 'fit' }>, 'jobId' | 'kind'>,
  ): Promise<{ report: AnalysisReport; json: string }> {
    const r = await this.request({ kind: 'fit', ...input });
    if (!('report' in r)) throw new Error('the engine did not answer with a report');
    return { report: r.report, json: r.json };
  }

  /** Applies new votes to the fitted live model; null means a refit is needed. */
  async live(conversationId: string, events: Int32Array): Promise<LiveUpdates | null> {
    const r = await this.request({ kind: 'live', conversationId, events });
    return 'live' in r ? r.live : null;
  }

  async forget(conversationId: string): Promise<void> {
    if (this.worker) await this.request({ kind: 'forget', conversationId });
  }

  async close(): Promise<void> {
    await this.worker?.terminate();
    this.worker = null;
  }
}

/**
 * Two engine threads. A conversation's live model lives in one (its owner) while the other refits the
 * conversation, so live updates never wait for a refit; when the refit is done, the votes that arrived
 * meanwhile are applied to the new model and it becomes the owner.
 */
export class Engines {
  readonly threads = [new EngineThread(), new EngineThread()] as const;
  readonly owner = new Map<string, EngineThread>();
  readonly fitting = new Map<string, Promise<void>>();
  private readonly locks = new Map<string, Promise<unknown>>();

  /** Runs `fn` after every earlier locked call for the same conversation has finished. */
  locked<T>(conversationId: string, fn: () => Promise<T>): Promise<T> {
    const prev = this.locks.get(conversationId) ?? Promise.resolve();
    const next = prev.then(fn, fn);
    const settled = next.then(
      () => undefined,
      () => undefined,
    );
    this.locks.set(conversationId, settled);
    void settled.then(() => {
      if (this.locks.get(conversationId) === settled) this.locks.delete(conversationId);
    });
    return next;
  }

  other(conversationId: string): EngineThread {
    return this.owner.get(conversationId) === this.threads[0] ? this.threads[1] : this.threads[0];
  }

  async close(): Promise<void> {
    await Promise.allSettled([...this.fitting.values()]);
    await Promise.all(this.threads.map((t) => t.close()));
  }
}

/** What this process knows of each conversation's last full fit. */
interface Fit {
  at: number;
  votes: number;
  statements: string;
  ms: number;
  /** The report of that fit, which live updates patch (a report loaded from elsewhere is not patched). */
  report: AnalysisReport;
}
const fits = new WeakMap<Executor, Map<string, Fit>>();

/** A full refit at least this often while votes arrive (and at least 20 fits' time apart). */
export const REFIT_MS = 30_000;

function fitsOf(db: Executor): Map<string, Fit> {
  let m = fits.get(db);
  if (!m) fits.set(db, (m = new Map<string, Fit>()));
  return m;
}

/**
 * Brings one conversation's analysis up to date (the runner's unit of work). New votes are applied to the
 * fitted live model at once — each voter's position and group — and published as a new version. The whole
 * model is refitted beside it, in the other engine thread, every REFIT_MS (or 20 fits' time), after the
 * votes grew by a tenth (at most every 5 s, or 5 fits' time), when statements changed, or when the live
 * model cannot take a vote; `onFitted` hears when a refit has been published.
 */
export function computeAnalysis(
  db: Db,
  engines: Engines,
  conversationId: string,
  onFitted: (stored: StoredAnalysis) => void = () => undefined,
): Promise<StoredAnalysis | null> {
  return engines.locked(conversationId, async () => {
    const started = Date.now();
    const state = stateOf(db, conversationId);
    // New votes matter to a fitted model or a refit under way (not to the first load of a long history).
    const found: number[] | null = fitsOf(db).has(conversationId) || state.pending ? [] : null;
    await state.refresh(db, conversationId, found);
    if (state.pending && found) for (const x of found) state.pending.push(x);
    const fresh = Int32Array.from(found ?? []);
    state.reloadIfDue(db, conversationId, (fn) => engines.locked(conversationId, fn));
    const stmts = await engineStatements(db, conversationId);
    const statementKey = stmts
      .map((st) => `${st.id}${st.status === 'rejected' ? 'r' : ''}${st.meta ? 'm' : ''}`)
      .join(',');
    const fit = fitsOf(db).get(conversationId);
    const before = await latestAnalysis(db, conversationId);
    const owner = engines.owner.get(conversationId);
    let due =
      !fit ||
      !before ||
      !owner ||
      before.report !== fit.report ||
      fit.statements !== statementKey ||
      started - fit.at > Math.max(REFIT_MS, 20 * fit.ms) ||
      (state.cells.size > fit.votes * 1.1 + 50 && started - fit.at > Math.max(5_000, 5 * fit.ms));
    let published: StoredAnalysis | null = null;
    if (fit && before && owner && before.report === fit.report && fresh.length > 0) {
      const updates = await owner.live(conversationId, fresh);
      if (updates) published = await publishLive(db, conversationId, before, updates);
      else due = true;
      computeMs.set(conversationId, Date.now() - started);
    }
    if (due && !engines.fitting.has(conversationId)) {
      const previous: [string, number][] = before
        ? before.report.participants.flatMap((p) =>
            p.group === null ? [] : [[p.id, p.group] as [string, number]],
          )
        : [];
      const job = refit(db, engines, conversationId, state, stmts, statementKey, previous, onFitted);
      engines.fitting.set(conversationId, job);
      void job.then(() => engines.fitting.delete(conversationId));
    }
    return published;
  });
}

async function refit(
  db: Db,
  engines: Engines,
  conversationId: string,
  state: VoteState,
  stmts: StatementInput[],
  statementKey: string,
  previous: [string, number][],
  onFitted: (stored: StoredAnalysis) => void,
): Promise<void> {
  const started = Date.now();
  const thread = engines.other(conversationId);
  const votesAtFit = state.cells.size;
  const mark = state.mark;
  state.pending = [];
  try {
    const { report, json } = await thread.fit({
      conversationId,
      cells: state.cells.shared(),
      statements: stmts,
      previous,
    });
    // The report (megabytes, for a large conversation) is written before taking the lock, so live updates
    // go on meanwhile; its version, which tells readers to load it, moves under the lock (a first report is
    // written as version 0, published as 1), with its fitting time and the emptied live updates, so a reader
    // never applies one fit's live updates to another's report for long.
    await db
      .insert(analyses)
      .values({ conversationId, version: 0, voteEventId: mark, report: sql`${json}::jsonb` })
      .onConflictDoUpdate({
        target: analyses.conversationId,
        set: { voteEventId: mark, report: sql`${json}::jsonb` },
      });
    await engines.locked(conversationId, async () => {
      const pending = Int32Array.from(state.pending ?? []);
      state.pending = null;
      const [row] = await db
        .update(analyses)
        .set({ version: sql`${analyses.version} + 1`, computedAt: new Date(), live: {} })
        .where(eq(analyses.conversationId, conversationId))
        .returning({ version: analyses.version, computedAt: analyses.computedAt });
      if (!row) throw new Error('the analysis was not stored');
      const fit: Fit = {
        at: started,
        votes: votesAtFit,
        statements: statementKey,
        ms: Date.now() - started,
        report,
      };
      fitsOf(db).set(conversationId, fit);
      let stored: StoredAnalysis = {
        version: row.version,
        computedAt: row.computedAt,
        fittedAt: row.computedAt,
        report,
      };
      cache.set(conversationId, stored);
      // The votes that arrived during the refit, applied to the new model before it takes over.
      const updates = pending.length > 0 ? await thread.live(conversationId, pending) : [];
      if (updates && updates.length > 0) stored = await publishLive(db, conversationId, stored, updates);
      const old = engines.owner.get(conversationId);
      engines.owner.set(conversationId, thread);
      if (old && old !== thread) await old.forget(conversationId);
      onFitted(stored);
    });
  } catch (err) {
    state.pending = null;
    console.error(`refit of ${conversationId} failed: ${safeErrorText(err)}`);
    // Asking again needs the database, which may be what failed: a refit never rejects (nobody awaits it).
    await requestAnalysis(db, conversationId).catch((again: unknown) => {
      console.error(`refit of ${conversationId} could not be queued again: ${safeErrorText(again)}`);
    });
  }
}

/**
 * Publishes live updates: the voters' new positions and groups patched into this process's copy of the
 * report, under a new version. The stored report stays the last full fit; the updates are added to its
 * `live` column, which other processes patch into their copies.
 */
async function publishLive(
  db: Db,
  conversationId: string,
  before: StoredAnalysis,
  updates: LiveUpdates,
): Promise<StoredAnalysis> {
  applyLive(before.report, updates);
  const patch = JSON.stringify(Object.fromEntries(updates.map(([id, x, y, g]) => [id, [x, y, g]])));
  const [row] = await db
    .update(analyses)
    .set({ version: sql`${analyses.version} + 1`, live: sql`${analyses.live} || ${patch}::jsonb` })
    .where(eq(analyses.conversationId, conversationId))
    .returning({ version: analyses.version });
  const stored = { ...before, version: row?.version ?? before.version + 1, computedAt: new Date() };
  cache.set(conversationId, stored);
  return stored;
}

/** How long a process holds a conversation's live model after it last renewed its leases. */
const LEASE_MS = 60_000;
/** A lease's end, by the database's clock (the one every process compares it with). */
const leaseEnd = () => sql`now() + make_interval(secs => ${LEASE_MS / 1000})`;

/**
 * Claims and runs due analysis jobs, and tells listeners when any watched conversation's analysis changes
 * (in this process or another).
 */
export class AnalysisRunner {
  readonly updates = new EventEmitter<{ analysis: [conversationId: string, version: number] }>();
  private readonly engines = new Engines();
  private timer: NodeJS.Timeout | null = null;
  private busy = false;
  private readonly watched = new Map<string, { listeners: number; version: number }>();
  private stopped = false;
  private readonly db: Db;
  private readonly intervalMs: number;
  /** This runner's name on the leases it holds. */
  private readonly holder = newId();
  private renewedAt = Date.now();

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
    await this.engines.close();
    // Another process may take these conversations over at once.
    await this.db
      .delete(analysisLeases)
      .where(eq(analysisLeases.holder, this.holder))
      .catch(() => undefined);
  }

  /**
   * Claims one due job (any job with `all`), or null: only of a conversation whose live model no other
   * process holds, taking (or renewing) the lease on it. Its own short transaction: PGlite has one
   * connection.
   */
  private async claim(all: boolean): Promise<string | null> {
    // A PGlite folder belongs to one process: a lease held by another runner is left from one that died.
    const held = isSingleConnection(this.db)
      ? sql`false`
      : sql`${analysisLeases.holder} <> ${this.holder} and ${analysisLeases.expiresAt} > now()`;
    return this.db.transaction(async (tx) => {
      const [job] = await queryRows<{ conversation_id: string }>(
        tx,
        sql`select j.conversation_id from ${analysisJobs} j
            where ${all ? sql`true` : sql`j.due_at <= now()`}
              and not exists (select 1 from ${analysisLeases}
                              where ${analysisLeases.conversationId} = j.conversation_id and ${held})
            order by j.due_at limit 1 for update of j skip locked`,
      );
      if (!job) return null;
      const leased = await tx
        .insert(analysisLeases)
        .values({ conversationId: job.conversation_id, holder: this.holder, expiresAt: leaseEnd() })
        .onConflictDoUpdate({
          target: analysisLeases.conversationId,
          set: { holder: this.holder, expiresAt: leaseEnd() },
          // Taken by another process since the check above: leave the job to it.
          setWhere: sql`not (${held})`,
        })
        .returning({ holder: analysisLeases.holder });
      if (leased.length === 0) return null;
      await tx.delete(analysisJobs).where(eq(analysisJobs.conversationId, job.conversation_id));
      return job.conversation_id;
    });
  }

  /**
   * Runs every due job now (every queued job with `all`) and waits for the refits they start; returns how
   * many jobs ran.
   */
  async drain({ all = false } = {}): Promise<number> {
    const n = await this.runJobs(all);
    while (this.engines.fitting.size > 0) await Promise.allSettled([...this.engines.fitting.values()]);
    return n;
  }

  private async runJobs(all: boolean): Promise<number> {
    let n = 0;
    for (let id = await this.claim(all); id && !this.stopped; id = await this.claim(all)) {
      try {
        const conversationId = id;
        const stored = await computeAnalysis(this.db, this.engines, conversationId, (fitted) =>
          this.notify(conversationId, fitted.version),
        );
        if (stored) this.notify(id, stored.version);
      } catch (err) {
        // Put the job back for a later attempt; a bad conversation must not stop the others.
        console.error(`analysis of ${id} failed: ${safeErrorText(err)}`);
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
      await this.runJobs(false);
      if (Date.now() - this.renewedAt > LEASE_MS / 4) {
        this.renewedAt = Date.now();
        await this.db
          .update(analysisLeases)
          .set({ expiresAt: leaseEnd() })
          .where(eq(analysisLeases.holder, this.holder));
      }
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
      console.error(`analysis runner: ${safeErrorText(err)}`);
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
