/**
 * Opens the database: PGlite in a data folder (the default) or a PostgreSQL server when a URL is given.
 * Both speak the same SQL and run the same migrations; the rest of the code sees one `Db` type.
 */
import fs from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { listenAt, type Listen } from './listen.ts';
import { PgliteThread } from './pglite-thread.ts';
import lockfile from 'proper-lockfile';
import { sql, type ExtractTablesWithRelations, type SQL } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import * as schema from './schema/index.ts';

export type Schema = typeof schema;
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type Tx = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
/** A database handle or an open transaction: repositories accept either. */
export type Executor = Db | Tx;

export interface Database {
  db: Db;
  kind: 'pglite' | 'postgres';
  close(): Promise<void>;
  /**
   * LISTEN/NOTIFY between processes (server PostgreSQL only: the embedded database has one process, which
   * tells itself in memory).
   */
  listen?: Listen;
}

export type DatabaseTarget =
  | { kind: 'pglite'; dataDir?: string; loadFrom?: Blob; thread?: boolean }
  | { kind: 'postgres'; url: string; poolSize?: number };

const singleConnectionDbs = new WeakSet<object>();

/** Another process holds the embedded database's folder. */
export class DataDirLockedError extends Error {}

/**
 * Takes the embedded database's folder for this process alone: two processes writing one PGlite folder
 * corrupt it. The lock (a directory beside the folder, kept fresh every second) is taken over only once it
 * has gone stale, so a process killed outright does not keep its folder for ever: a restart waits a few
 * seconds for that. If this process ever loses the lock (it stalled long enough for another to take it),
 * it stops at once rather than write beside the other.
 */
async function lockDataDir(dir: string): Promise<() => Promise<void>> {
  try {
    return await lockfile.lock(dir, {
      stale: 5_000,
      update: 1_000,
      retries: { retries: 6, minTimeout: 1_000, maxTimeout: 1_000, factor: 1 },
      onCompromised: () => {
        process.stderr.write(
          `The lock on ${dir} was lost to another process; stopping so as not to corrupt it.\n`,
        );
        process.exit(1);
      },
    });
  } catch (err) {
    if ((err as { code?: unknown }).code === 'ELOCKED')
      throw new DataDirLockedError(
        `The data folder ${dir} is in use by another Broadchurch process. Stop that process first, or set DATA_DIR to another folder.`,
      );
    throw err;
  }
}

/**
 * Whether the database has a single connection (PGlite): its transactions then run one after another, so
 * rows numbered from a sequence become visible in that order.
 */
export function isSingleConnection(db: Executor): boolean {
  return singleConnectionDbs.has(db);
}

/**
 * Opens a database. `dataDir` undefined means an in-memory PGlite (tests); `loadFrom` starts from a dump;
 * `thread` runs PGlite on a thread of its own (pglite-thread.ts), as the platform's commands do.
 */
export async function openDatabase(target: DatabaseTarget): Promise<Database> {
  if (target.kind === 'postgres') {
    const pool = new pg.Pool({
      connectionString: target.url,
      max: target.poolSize ?? 20,
      // While the server is away, requests fail within seconds (503) instead of queueing for ever.
      connectionTimeoutMillis: 5_000,
      keepAlive: true,
    });
    // A client's error when the server goes away (idle in the pool, or checked out mid-query) must not
    // crash the process: the query in flight rejects, and the pool replaces the client.
    pool.on('error', () => undefined);
    pool.on('connect', (client) => client.on('error', () => undefined));
    const db = drizzlePg({ client: pool, schema }) as unknown as Db;
    return { db, kind: 'postgres', close: () => pool.end(), listen: listenAt(target.url) };
  }
  let release: (() => Promise<void>) | null = null;
  if (target.dataDir) {
    fs.mkdirSync(target.dataDir, { recursive: true });
    release = await lockDataDir(target.dataDir);
  }
  try {
    // On its own thread, the client answers as PGlite does for everything drizzle's PGlite driver asks of it.
    const client =
      target.thread && target.dataDir && !target.loadFrom
        ? ((await PgliteThread.open(target.dataDir, (err) => {
            // Every statement would fail from now on: stop, so the supervisor starts the process again.
            process.stderr.write(`${err.message}; stopping.\n`);
            process.exit(1);
          })) as unknown as PGlite)
        : await PGlite.create({
            ...(target.dataDir ? { dataDir: target.dataDir } : {}),
            ...(target.loadFrom ? { loadDataDir: target.loadFrom } : {}),
          });
    const db = drizzlePglite({ client, schema }) as unknown as Db;
    singleConnectionDbs.add(db);
    return {
      db,
      kind: 'pglite',
      close: async () => {
        await client.close();
        await release?.();
      },
    };
  } catch (err) {
    await release?.();
    throw err;
  }
}

/**
 * Rows as JSON text, `size` at a time: one parameter per statement for `json_to_recordset`, so bulk writes
 * send a few large statements instead of thousands of parameters.
 */
export function* jsonBatches(rows: readonly unknown[], size = 5000): Generator<string> {
  for (let i = 0; i < rows.length; i += size) yield JSON.stringify(rows.slice(i, i + size));
}

/**
 * An ORDER BY for names as people count them ("2. AB1" before "10. AB1", "Walk 2" before "Walk 10"): every
 * run of digits is compared as a number (padded to 12 digits, so text order is number order), then the name
 * itself breaks ties.
 */
export const naturalOrder = (name: SQL): SQL =>
  sql`regexp_replace(regexp_replace(${name}, '([0-9]+)', '000000000000\\1', 'g'), '0*([0-9]{12})', '\\1', 'g') collate "C", ${name}`;

/** Runs raw SQL and returns its rows; both drivers answer with `{ rows }`. */
export async function queryRows<T>(db: Executor, query: SQL): Promise<T[]> {
  const result: unknown = await db.execute(query);
  return (result as { rows: T[] }).rows;
}

const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENOTFOUND',
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now
  '53300', // too_many_connections
]);
const UNAVAILABLE_MESSAGES = [
  /Connection terminated/i,
  /timeout exceeded when trying to connect/i,
  /Client has encountered a connection error/i,
  /Connection ended unexpectedly/i,
];

/** Did this error (or one it wraps) come from the database server being unreachable? */
export function isDatabaseUnavailable(err: unknown, depth = 0): boolean {
  if (!(err instanceof Error) || depth > 4) return false;
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string' && (UNAVAILABLE_CODES.has(code) || code.startsWith('08'))) return true;
  if (UNAVAILABLE_MESSAGES.some((m) => m.test(err.message))) return true;
  return isDatabaseUnavailable(err.cause, depth + 1);
}

/** Answers when the database does (readiness). */
export async function ping(db: Executor): Promise<void> {
  await db.execute(sql`select 1`);
}

/**
 * Whether the database answers now, for telling an outage from a fault: asked at most once a second however
 * many requests fail at once (they share the answer), and given up after `timeoutMs`.
 */
export function databaseProbe(db: Executor, timeoutMs = 1000): () => Promise<boolean> {
  let last: { at: number; answer: Promise<boolean> } | null = null;
  return () => {
    const now = Date.now();
    if (last && now - last.at < 1000) return last.answer;
    const answer = new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => resolve(false), timeoutMs);
      timer.unref();
      ping(db).then(
        () => {
          clearTimeout(timer);
          resolve(true);
        },
        () => {
          clearTimeout(timer);
          resolve(false);
        },
      );
    });
    last = { at: now, answer };
    return answer;
  };
}
