/**
 * The embedded database on a thread of its own. PGlite runs PostgreSQL on the thread that calls it: in the
 * server that was the HTTP thread, so every statement (a batch of votes takes milliseconds) held up every
 * request. Here PGlite runs in a worker thread (pglite-worker.ts) and this client, which drizzle's PGlite
 * driver drives as it would PGlite itself (`query`, `exec`, `transaction`), only posts statements and their
 * answers. Values keep PGlite's parsing, done on the worker; the types the caller parses itself (drizzle keeps
 * dates as text) come as text and go through the caller's parsers here.
 */
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { types } from '@electric-sql/pglite';
import {
  TEXT_TYPES,
  type Field,
  type Reply,
  type Request,
  type Result,
  type RowMode,
  type WireError,
} from './pglite-protocol.ts';

type Parser = (value: string, typeId: number) => unknown;

export interface QueryOptions {
  rowMode?: RowMode;
  parsers?: Record<number, Parser>;
}

export interface ThreadQueryable {
  query(sql: string, params?: unknown[], options?: QueryOptions): Promise<Result>;
  exec(sql: string): Promise<Result[]>;
}

type Distribute<T> = T extends unknown ? Omit<T, 'id'> : never;

/** An error as PostgreSQL reported it on the thread: the same message, code, constraint and detail. */
function fromWire(w: WireError): Error {
  const err = new Error(w.message);
  err.name = w.name;
  if (w.stack) err.stack = w.stack;
  Object.assign(err, w.fields);
  return err;
}

/** The thread stopped: callers see it as the database going away (a 503, not a fault). */
function stopped(why: string): Error {
  return Object.assign(new Error(`The embedded database stopped: ${why}`), { code: '57P01' });
}

/** PGlite's own parsing, for a type the thread leaves as text that the caller did not ask to have as text. */
const byDefault: Parser = (value, typeId): unknown => types.parseType(value, typeId) as unknown;
const alwaysText = new Set(TEXT_TYPES);

/** Runs the caller's parsers (or PGlite's) over the values the thread left as text. */
function parseText(result: Result, rowMode: RowMode, parsers: Record<number, Parser>): Result {
  const cols = result.fields
    .map((f: Field, i) => ({
      f,
      i,
      parse: parsers[f.dataTypeID] ?? (alwaysText.has(f.dataTypeID) ? byDefault : undefined),
    }))
    .filter((c): c is { f: Field; i: number; parse: Parser } => c.parse !== undefined);
  if (cols.length === 0) return result;
  for (const row of result.rows) {
    const r = row as Record<string | number, unknown>;
    for (const { f, i, parse } of cols) {
      const key = rowMode === 'array' ? i : f.name;
      const v = r[key];
      if (typeof v === 'string') r[key] = parse(v, f.dataTypeID);
    }
  }
  return result;
}

export class PgliteThread implements ThreadQueryable {
  private readonly worker: Worker;
  private readonly pending = new Map<number, { resolve: (r: Reply) => void }>();
  private nextId = 1;
  private nextTx = 1;
  private dead: Error | null = null;
  private readonly started: Promise<void>;

  /** Opened, and not yet closing: a stop now is a loss. */
  private serving = false;
  private readonly onLost: (err: Error) => void;

  private constructor(dataDir: string, onLost: (err: Error) => void) {
    this.onLost = onLost;
    this.worker = new Worker(path.join(import.meta.dirname, 'pglite-worker.ts'), { workerData: { dataDir } });
    let ready: (r: Reply) => void = () => undefined;
    this.started = new Promise<void>((resolve, reject) => {
      ready = (r) => (r.ok ? resolve() : reject(fromWire(r.error)));
    });
    this.pending.set(0, { resolve: ready });
    this.worker.on('message', (r: Reply) => {
      const p = this.pending.get(r.id);
      this.pending.delete(r.id);
      p?.resolve(r);
    });
    this.worker.on('error', (err: Error) => this.lost(stopped(err.message)));
    this.worker.on('exit', (code) => this.lost(stopped(`its thread exited (${code})`)));
  }

  /**
   * Starts the thread and opens the data folder on it. `onLost` hears of the thread stopping other than by
   * `close` (PostgreSQL aborting): every statement fails from then on.
   */
  static async open(dataDir: string, onLost: (err: Error) => void = () => undefined): Promise<PgliteThread> {
    const t = new PgliteThread(dataDir, onLost);
    try {
      await t.started;
      t.serving = true;
    } catch (err) {
      await t.worker.terminate();
      throw err;
    }
    return t;
  }

  private fail(err: Error): void {
    this.dead ??= err;
    const waiting = [...this.pending.entries()];
    this.pending.clear();
    for (const [id, p] of waiting)
      p.resolve({
        id,
        ok: false,
        error: { name: err.name, message: err.message, fields: { code: '57P01' } },
      });
  }

  private send(request: Distribute<Request>): Promise<Reply> {
    if (this.dead) return Promise.reject(this.dead);
    const id = this.nextId++;
    return new Promise<Reply>((resolve) => {
      this.pending.set(id, { resolve });
      this.worker.postMessage({ ...request, id });
    });
  }

  private async ask(request: Distribute<Request>): Promise<Result | Result[] | undefined> {
    const r = await this.send(request);
    if (!r.ok) throw fromWire(r.error);
    return r.value;
  }

  private async queryIn(
    tx: number,
    sql: string,
    params: unknown[] = [],
    options: QueryOptions = {},
  ): Promise<Result> {
    const rowMode = options.rowMode ?? 'object';
    const parsers = options.parsers ?? {};
    const text = Object.keys(parsers).map(Number);
    const result = (await this.ask({ op: 'query', sql, params, rowMode, text, tx })) as Result;
    return parseText(result, rowMode, parsers);
  }

  private async execIn(tx: number, sql: string): Promise<Result[]> {
    return (await this.ask({ op: 'exec', sql, tx })) as Result[];
  }

  query(sql: string, params?: unknown[], options?: QueryOptions): Promise<Result> {
    return this.queryIn(0, sql, params, options);
  }

  exec(sql: string): Promise<Result[]> {
    return this.execIn(0, sql);
  }

  /**
   * Runs `fn` in a transaction: committed when it returns, rolled back when it throws. Other statements wait
   * on the thread until it ends.
   */
  async transaction<T>(fn: (tx: ThreadQueryable) => Promise<T>): Promise<T> {
    const id = this.nextTx++;
    await this.ask({ op: 'begin', tx: id });
    const tx: ThreadQueryable = {
      query: (sql, params, options) => this.queryIn(id, sql, params, options),
      exec: (sql) => this.execIn(id, sql),
    };
    let value: T;
    try {
      value = await fn(tx);
    } catch (err) {
      // The rollback's own failure (the thread gone) matters less than why the work failed.
      await this.ask({ op: 'end', tx: id, commit: false }).catch(() => undefined);
      throw err;
    }
    await this.ask({ op: 'end', tx: id, commit: true });
    return value;
  }

  /** The thread stopped: every statement fails from now on, and the owner hears of it unless it closed it. */
  private lost(err: Error): void {
    const first = !this.dead;
    this.fail(err);
    if (first && this.serving) this.onLost(err);
  }

  /** Closes the database (written through to its folder) and ends the thread. */
  async close(): Promise<void> {
    if (this.dead) return;
    this.serving = false;
    try {
      await this.ask({ op: 'close' });
    } finally {
      await this.worker.terminate();
    }
  }
}
