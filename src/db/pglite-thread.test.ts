/**
 * The embedded database on its own thread answers as PGlite does on the caller's: the same rows and values
 * for every table and column type through drizzle, the same errors, the same transactions; and while it
 * works, the calling thread keeps running.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { is, sql } from 'drizzle-orm';
import { PgTable } from 'drizzle-orm/pg-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fillEmptyTables } from '../../test/helpers/fill-tables.ts';
import { onPostgres } from '../../test/helpers/db.ts';
import { freshDatabase } from '../../test/helpers/voting.ts';
import { migrate } from './migrate.ts';
import { seedDemo } from '../demo/index.ts';
import { tablesInOrder } from './backup.ts';
import { openDatabase, queryRows, type Database, type Db } from './client.ts';
import { PgliteThread } from './pglite-thread.ts';
import * as schema from './schema/index.ts';

let dataDir = '';
let drop: () => Promise<void> = () => Promise.resolve();
let database: Database;
let db: Db;

const tables = (Object.values(schema) as unknown[]).filter((t): t is PgTable => is(t, PgTable));
const probeCount = async (d: Db = db) =>
  Number((await queryRows<{ n: number }>(d, sql`select count(*)::int as n from thread_probe`))[0]?.n);

// PGlite's own: the PostgreSQL tier (which runs this tier's files again on a server) has nothing to add.
describe.skipIf(onPostgres())('PGlite on a thread', () => {
  beforeAll(async () => {
    const fresh = await freshDatabase('pglite', 'bc-thread');
    drop = fresh.drop;
    dataDir = fresh.env.DATA_DIR ?? '';
    database = await openDatabase({ kind: 'pglite', dataDir, thread: true });
    db = database.db;
    // Through the thread: a folder that starts empty is migrated here (none to apply if it came migrated).
    await migrate(db);
    await db.execute(sql`create table thread_probe (id int primary key, note text not null)`);
  }, 120_000);

  afterAll(async () => {
    await database.close();
    await drop();
  });

  it('returns the same rows and values as PGlite on the calling thread, for every table and column type', async () => {
    await seedDemo(db);
    await fillEmptyTables(
      db,
      (await tablesInOrder(db)).map((t) => t.name).filter((t) => t !== 'thread_probe'),
    );
    const read = async (d: Db) => {
      const out: unknown[] = [];
      for (const t of tables) out.push(await d.select().from(t));
      out.push(
        await queryRows(
          d,
          sql`select now()::timestamptz as at, '{1,2}'::int[] as a, '{"x":1}'::jsonb as j, 12::bigint as b`,
        ),
      );
      return out;
    };
    const threaded = await read(db);
    expect(threaded.flat().length).toBeGreaterThan(tables.length);
    await database.close();
    const inline = await openDatabase({ kind: 'pglite', dataDir });
    const direct = await read(inline.db);
    await inline.close();
    database = await openDatabase({ kind: 'pglite', dataDir, thread: true });
    db = database.db;
    // The last query reads now(): its time differs, the rest must not.
    expect(threaded.slice(0, -1)).toEqual(direct.slice(0, -1));
    const [t, d] = [threaded.at(-1), direct.at(-1)] as [Record<string, unknown>[], Record<string, unknown>[]];
    expect({ ...t[0], at: null }).toEqual({ ...d[0], at: null });
    expect(typeof t[0]?.at).toBe(typeof d[0]?.at);
  }, 120_000);

  it('parses values as PGlite does for a caller that names no parsers, and leaves as text what a caller asks', async () => {
    const thread = (db as unknown as { $client: PgliteThread }).$client;
    const plain = await thread.query(`select now() as at, 5::int4 as n, '2026-01-02'::date as d`);
    expect(plain.rows[0]).toMatchObject({ n: 5 });
    expect((plain.rows[0] as { at: unknown }).at).toBeInstanceOf(Date);
    expect((plain.rows[0] as { d: unknown }).d).toBeInstanceOf(Date);
    const asText = await thread.query(`select 5::int4 as n, '2026-01-02'::date as d`, [], {
      rowMode: 'array',
      parsers: { 23: (v: string) => `int ${v}`, 1082: (v: string) => `date ${v}` },
    });
    expect(asText.rows[0]).toEqual(['int 5', 'date 2026-01-02']);
  });

  it('reports PostgreSQL errors with their code, constraint and detail', async () => {
    await db.execute(sql`insert into thread_probe values (1, 'a')`);
    const err = await db.execute(sql`insert into thread_probe values (1, 'b')`).then(
      () => null,
      (e: unknown) => e,
    );
    const cause = (err as { cause?: Record<string, unknown> }).cause;
    expect(cause).toMatchObject({ code: '23505', constraint: 'thread_probe_pkey', table: 'thread_probe' });
    expect(String(cause?.detail)).toContain('(id)=(1)');
    expect(cause).toBeInstanceOf(Error);
    await db.execute(sql`delete from thread_probe`);
  });

  it('commits a transaction that returns, rolls back one that throws, and a failed savepoint alone', async () => {
    await db.transaction(async (tx) => {
      await tx.execute(sql`insert into thread_probe values (10, 'kept')`);
    });
    await expect(
      db.transaction(async (tx) => {
        await tx.execute(sql`insert into thread_probe values (11, 'gone')`);
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');
    await db.transaction(async (tx) => {
      await tx.execute(sql`insert into thread_probe values (12, 'outer')`);
      await expect(
        tx.transaction(async (inner) => {
          await inner.execute(sql`insert into thread_probe values (13, 'inner')`);
          await inner.execute(sql`insert into thread_probe values (13, 'again')`);
        }),
      ).rejects.toThrow();
    });
    const ids = await queryRows<{ id: number }>(db, sql`select id from thread_probe order by id`);
    expect(ids.map((r) => r.id)).toEqual([10, 12]);
    await db.execute(sql`delete from thread_probe`);
  });

  it('keeps a statement from outside a transaction waiting until it ends, as one connection does', async () => {
    let release: () => void = () => undefined;
    const held = new Promise<void>((r) => (release = r));
    let inserted: () => void = () => undefined;
    const didInsert = new Promise<void>((r) => (inserted = r));
    const tx = db.transaction(async (t) => {
      await t.execute(sql`insert into thread_probe values (20, 'in flight')`);
      inserted();
      await held;
    });
    await didInsert;
    let seen: number | null = null;
    const outside = probeCount().then((n) => (seen = n));
    // The thread answers other messages meanwhile: the transaction's own statements still run.
    await new Promise((r) => setTimeout(r, 50));
    expect(seen).toBeNull();
    release();
    await tx;
    await outside;
    expect(seen).toBe(1);
    await db.execute(sql`delete from thread_probe`);
  });

  it('keeps the calling thread running while a long statement runs', async () => {
    let ticks = 0;
    const timer = setInterval(() => ticks++, 5);
    const started = performance.now();
    await db.execute(sql`select count(*) from generate_series(1, 3000000) g where g % 7 = 3`);
    const ms = performance.now() - started;
    clearInterval(timer);
    // On the calling thread the statement would hold the event loop for all of `ms`: no tick would fire.
    expect(ms).toBeGreaterThan(30);
    expect(ticks).toBeGreaterThanOrEqual(2);
  });

  it('says when its thread is lost, and fails every statement after as the database gone', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bc-thread-lost-'));
    try {
      const losses: Error[] = [];
      const thread = await PgliteThread.open(dir, (err) => losses.push(err));
      expect((await thread.query('select 1 as one')).rows).toEqual([{ one: 1 }]);
      // PostgreSQL aborting takes its thread with it.
      await (thread as unknown as { worker: { terminate(): Promise<number> } }).worker.terminate();
      expect(losses).toHaveLength(1);
      await expect(thread.query('select 1')).rejects.toMatchObject({ code: '57P01' });
      const closed = await PgliteThread.open(dir, (err) => losses.push(err));
      await closed.close();
      expect(losses).toHaveLength(1);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it('writes through to the folder when closed', async () => {
    await db.execute(sql`insert into thread_probe values (30, 'durable')`);
    await database.close();
    const after = await db.execute(sql`select 1`).then(
      () => null,
      (e: unknown) => (e as { cause?: unknown }).cause,
    );
    expect(after).toMatchObject({ code: '57P01', message: expect.stringMatching(/stopped/) as unknown });
    database = await openDatabase({ kind: 'pglite', dataDir, thread: true });
    db = database.db;
    expect(await probeCount()).toBe(1);
  });
});
