/**
 * The analysis runner, which drives the steps: it claims due jobs (queue.ts; FOR UPDATE SKIP LOCKED, so
 * several processes share the conversations; a lease keeps each conversation's live model in one process),
 * brings each conversation up to date (update.ts: snapshot → engine → published), and hands watchers (the
 * live maps' streams) each new analysis, made in this process or another.
 */
import { EventEmitter } from 'node:events';
import os from 'node:os';
import type { Db } from '../../db/client.ts';
import type { Listen, Listening } from '../../db/listen.ts';
import { newId } from '../../lib/ids.ts';
import { stderrLog, type Log } from '../../lib/log.ts';
import { DeliberationMemory } from '../memory.ts';
import { analysisVersions, claimJob, releaseLeases, renewLeases, requeueJob } from './analysis.repo.ts';
import { Engines } from './engine.ts';
import { latestAnalysis, type StoredAnalysis } from './publish.ts';
import { requestAnalysis } from './queue.ts';
import { updateAnalysis } from './update.ts';

/** How long a process holds a conversation's live model after it last renewed its leases. */
const LEASE_MS = 60_000;
/** The channels the database announces new analyses and queued jobs on (migration 0030). */
export const ANALYSES_CHANNEL = 'broadchurch_analyses';
export const JOBS_CHANNEL = 'broadchurch_analysis_jobs';
/**
 * While announcements arrive, the timer only makes sure nothing was missed, this often: a job put back
 * after a failure, an announcement lost with a dropped connection.
 */
const SAFETY_POLL_MS = 5_000;
/**
 * After votes stop, the live model (which moves voters but refits nothing) is refitted once this long
 * after the last update, so the groups and how sure they are stand on every vote, not on those before the
 * burst (update.ts refits a lagging model when asked with no new votes).
 */
export const TRAILING_REFIT_MS = 3_000;

/**
 * Claims and runs due analysis jobs, and tells listeners when any watched conversation's analysis changes
 * (in this process or another).
 */
export class AnalysisRunner {
  /** New analyses, on one channel per conversation (named by its id). */
  private readonly updates = new EventEmitter<Record<string, [stored: StoredAnalysis]>>();
  private readonly engines: Engines;
  private timer: NodeJS.Timeout | null = null;
  private busy = false;
  private readonly watched = new Map<string, { listeners: number; version: number }>();
  private stopped = false;
  private readonly db: Db;
  /** The database and this process's memory, which the runner's work reads and keeps up to date. */
  readonly deps: { db: Db; state: { deliberation: DeliberationMemory } };
  private readonly intervalMs: number;
  /** This runner's name on the leases it holds: which process holds a conversation, for its operators. */
  private readonly holder = `${os.hostname()}:${process.pid}:${newId()}`;
  private renewedAt = Date.now();
  /** A wake-up came while a tick was running: tick again when it ends. */
  private again = false;
  private readonly wakeFor = (_conversationId: string, delayMs: number) => {
    setTimeout(() => this.wake(), delayMs + 5).unref();
  };

  /**
   * False in an API-only process (`serve --role api`): it runs no jobs, holds no model, and only watches
   * the versions the workers store, for its live maps.
   */
  private readonly runsJobs: boolean;

  private readonly log: Log;
  /** LISTEN/NOTIFY, when the database has it (server PostgreSQL); else the timer finds everything. */
  private readonly listen: Listen | null;
  private listening: Listening | null = null;
  /** Announcements are arriving (the listening connection is up). */
  private announced = false;
  private polledAt = 0;
  /** Something asked for a tick (a job falling due, a wake-up), so it does the whole round. */
  private woken = true;
  /** Per conversation, the refit due once its votes have stopped (see TRAILING_REFIT_MS). */
  private readonly trailing = new Map<string, NodeJS.Timeout>();

  constructor(
    db: Db,
    intervalMs = 250,
    opts: { runsJobs?: boolean; log?: Log; memory?: DeliberationMemory; listen?: Listen } = {},
  ) {
    this.db = db;
    this.deps = { db, state: { deliberation: opts.memory ?? new DeliberationMemory() } };
    this.intervalMs = intervalMs;
    this.runsJobs = opts.runsJobs ?? true;
    this.log = opts.log ?? stderrLog;
    this.engines = new Engines(this.log);
    this.listen = opts.listen ?? null;
  }

  start(): void {
    this.updates.setMaxListeners(0);
    this.timer = setInterval(() => void this.tick(), this.intervalMs);
    this.timer.unref();
    // A job queued by this process is run when it falls due; the poll finds the jobs of other processes.
    if (this.runsJobs) this.deps.state.deliberation.queue.queued.on('queued', this.wakeFor);
    // Jobs queued and analyses stored by any process, announced by the database as they commit.
    this.listening =
      this.listen?.(this.runsJobs ? [ANALYSES_CHANNEL, JOBS_CHANNEL] : [ANALYSES_CHANNEL], {
        onMessage: (channel, payload) => this.announcement(channel, payload),
        onConnect: () => {
          this.announced = true;
          // Whatever happened while not listening is found by one whole round.
          this.wake();
        },
        onDisconnect: () => {
          this.announced = false;
        },
      }) ?? null;
  }

  /** A job queued (wake when it falls due) or an analysis stored (tell this process's watchers). */
  private announcement(channel: string, payload: string): void {
    const at = payload.lastIndexOf(':');
    const id = payload.slice(0, at);
    const n = Number(payload.slice(at + 1));
    if (!id || !Number.isFinite(n)) return;
    if (channel === JOBS_CHANNEL) this.wakeFor(id, n);
    else if (channel === ANALYSES_CHANNEL && n > (this.watched.get(id)?.version ?? Infinity))
      void latestAnalysis(this.deps, id)
        .then((stored) => {
          if (stored) this.notify(id, stored);
        })
        .catch((err: unknown) => this.log(`analysis ${id} announced but not read`, err));
  }

  /** Runs the due jobs now (after the tick under way, if one is). */
  private wake(): void {
    if (this.stopped) return;
    this.woken = true;
    if (this.busy) this.again = true;
    else void this.tick();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.deps.state.deliberation.queue.queued.off('queued', this.wakeFor);
    if (this.timer) clearInterval(this.timer);
    for (const t of this.trailing.values()) clearTimeout(t);
    this.trailing.clear();
    await this.listening?.close();
    while (this.busy) await new Promise((r) => setTimeout(r, 20));
    await this.engines.close();
    // Another process may take these conversations over at once.
    await releaseLeases(this.db, this.holder).catch(() => undefined);
  }

  /** Claims one due job (any job with `all`) whose live model no other process holds, or null. */
  private claim(all: boolean): Promise<string | null> {
    return claimJob(this.db, this.holder, all, LEASE_MS / 1000);
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
        await this.run(id);
      } catch (err) {
        // Put the job back for a later attempt; a bad conversation must not stop the others.
        this.log(`analysis of ${id} failed`, err);
        await requeueJob(this.db, id, 5);
      }
      n++;
    }
    return n;
  }

  /**
   * One job: the conversation brought up to date; what was published told to its watchers at once, and a
   * refit's result when it is done (or, if it failed, the conversation asked for again).
   */
  private async run(conversationId: string): Promise<void> {
    const started = Date.now();
    const { published, refit } = await updateAnalysis(this.deps, this.engines, conversationId);
    if (published) {
      // A live update's time: the next recompute waits at least twice that, so a busy conversation's votes
      // are taken in larger bites rather than queued behind each other.
      this.deps.state.deliberation.queue.computeMs.set(conversationId, Date.now() - started);
      this.notify(conversationId, published);
      this.refitWhenQuiet(conversationId);
    }
    void refit?.then((fitted) => {
      if (fitted) {
        this.notify(conversationId, fitted);
        // Votes that came during the refit were applied live: the model may lag again.
        this.refitWhenQuiet(conversationId);
      }
      // Asking again needs the database, which may be what failed: a refit never rejects (nobody awaits it).
      else
        void requestAnalysis(this.deps, conversationId).catch((err: unknown) =>
          this.log(`refit of ${conversationId} could not be queued again`, err),
        );
    });
  }

  /**
   * Asks for the conversation again TRAILING_REFIT_MS after its last update (a later one moves it on), or
   * five fits' time if longer: update.ts refits a lagging model no sooner, so a large conversation's lag
   * would otherwise outlast the request.
   */
  private refitWhenQuiet(conversationId: string): void {
    if (this.stopped) return;
    clearTimeout(this.trailing.get(conversationId));
    const fitMs = this.deps.state.deliberation.fits.get(conversationId)?.ms ?? 0;
    const timer = setTimeout(
      () => {
        this.trailing.delete(conversationId);
        if (this.stopped) return;
        void requestAnalysis(this.deps, conversationId).catch((err: unknown) =>
          this.log(`the refit of ${conversationId} after its votes could not be queued`, err),
        );
      },
      Math.max(TRAILING_REFIT_MS, 5 * fitMs),
    );
    timer.unref();
    this.trailing.set(conversationId, timer);
  }

  /** Tells the watchers of a conversation of its new analysis, which goes with the news (no query each). */
  private notify(id: string, stored: StoredAnalysis): void {
    const w = this.watched.get(id);
    if (w && stored.version > w.version) {
      w.version = stored.version;
      this.updates.emit(id, stored);
    }
  }

  private async tick(): Promise<void> {
    if (this.busy || this.stopped) return;
    // Announced, the timer's round is only a safety net; a wake-up or a due job does the whole round.
    if (this.announced && !this.woken && Date.now() - this.polledAt < SAFETY_POLL_MS) return;
    this.woken = false;
    this.polledAt = Date.now();
    this.busy = true;
    try {
      if (this.runsJobs) await this.runJobs(false);
      if (this.runsJobs && Date.now() - this.renewedAt > LEASE_MS / 4) {
        this.renewedAt = Date.now();
        await renewLeases(this.db, this.holder, LEASE_MS / 1000);
      }
      // Analyses stored by other processes.
      const ids = [...this.watched.keys()];
      if (ids.length > 0) {
        const rows = await analysisVersions(this.db, ids);
        // A newer version stored by another process is read once here, for every watcher in this process.
        for (const r of rows)
          if (r.version > (this.watched.get(r.id)?.version ?? Infinity)) {
            const stored = await latestAnalysis(this.deps, r.id);
            if (stored) this.notify(r.id, stored);
          }
      }
    } catch (err) {
      this.log('analysis runner', err);
    } finally {
      this.busy = false;
      if (this.again && !this.stopped) {
        this.again = false;
        setImmediate(() => void this.tick());
      }
    }
  }

  /**
   * Calls `listener` with each new analysis of the conversation, as it is stored (so however many listen,
   * none needs to read it); returns the unsubscribe.
   */
  watch(conversationId: string, version: number, listener: (stored: StoredAnalysis) => void): () => void {
    const w = this.watched.get(conversationId) ?? { listeners: 0, version };
    w.listeners++;
    w.version = Math.max(w.version, version);
    this.watched.set(conversationId, w);
    this.updates.on(conversationId, listener);
    return () => {
      this.updates.off(conversationId, listener);
      w.listeners--;
      if (w.listeners === 0) this.watched.delete(conversationId);
    };
  }
}
