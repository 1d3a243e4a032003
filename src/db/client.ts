/**
 * Opens the database: PGlite in a data folder (the default) or a PostgreSQL server when a URL is given.
 * Both speak the same SQL and run the same migrations; the rest of the code sees one `Db` type.
 */
import fs from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import type { ExtractTablesWithRelations, SQL } from 'drizzle-orm';
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
}

export type DatabaseTarget =
  | { kind: 'pglite'; dataDir?: string; loadFrom?: Blob }
  | { kind: 'postgres'; url: string; poolSize?: number };

const singleConnectionDbs = new WeakSet<object>();

/**
 * Whether the database has a single connection (PGlite): its transactions then run one after another, so
 * rows numbered from a sequence become visible in that order.
 */
export function isSingleConnection(db: Executor): boolean {
  return singleConnectionDbs.has(db);
}

/** Opens a database. `dataDir` undefined means an in-memory PGlite (tests); `loadFrom` starts from a dump. */
export async function openDatabase(target: DatabaseTarget): Promise<Database> {
  if (target.kind === 'postgres') {
    const pool = new pg.Pool({ connectionString: target.url, max: target.poolSize ?? 20 });
    // An idle client's error (server restart) must not crash the process; the pool replaces the client.
    pool.on('error', () => undefined);
    const db = drizzlePg({ client: pool, schema }) as unknown as Db;
    return { db, kind: 'postgres', close: () => pool.end() };
  }
  if (target.dataDir) fs.mkdirSync(target.dataDir, { recursive: true });
  const client = await PGlite.create({
    ...(target.dataDir ? { dataDir: target.dataDir } : {}),
    ...(target.loadFrom ? { loadDataDir: target.loadFrom } : {}),
  });
  const db = drizzlePglite({ client, schema }) as unknown as Db;
  singleConnectionDbs.add(db);
  return { db, kind: 'pglite', close: () => client.close() };
}

/**
 * Rows as JSON text, `size` at a time: one parameter per statement for `json_to_recordset`, so bulk writes
 * send a few large statements instead of thousands of parameters.
 */
export function* jsonBatches(rows: readonly unknown[], size = 5000): Generator<string> {
  for (let i = 0; i < rows.length; i += size) yield JSON.stringify(rows.slice(i, i + size));
}

/** Runs raw SQL and returns its rows; both drivers answer with `{ rows }`. */
export async function queryRows<T>(db: Executor, query: SQL): Promise<T[]> {
  const result: unknown = await db.execute(query);
  return (result as { rows: T[] }).rows;
}
