/**
 * Backups round-trip every table (every column type, the sequences too) into an empty database, and
 * restoring refuses a database that holds anything, or a file that is not a backup.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import zlib from 'node:zlib';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { onPostgres, openTestDatabase } from '../../test/helpers/db.ts';
import { fillEmptyTables } from '../../test/helpers/fill-tables.ts';
import { freshDatabase } from '../../test/helpers/voting.ts';
import { seedDemo } from '../demo/index.ts';
import { BackupError, restoreBackup, tablesInOrder, writeBackup } from './backup.ts';
import { openDatabase, queryRows, type Database, type Db } from './client.ts';

let source: Database;
let dir = '';
const cleanups: (() => Promise<void>)[] = [];

beforeAll(async () => {
  source = await openTestDatabase();
  await seedDemo(source.db);
  await fillEmptyTables(
    source.db,
    (await tablesInOrder(source.db)).map((t) => t.name),
  );
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bc-backup-'));
}, 180_000);
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
  await source.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function contents(db: Db): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  for (const t of await tablesInOrder(db)) {
    const rows = await queryRows<{ r: string }>(
      db,
      sql`select to_jsonb(x)::text as r from ${sql.identifier(t.name)} x`,
    );
    out.set(t.name, rows.map((r) => r.r).sort());
  }
  return out;
}

async function emptyTarget(name: string): Promise<Database> {
  // On PostgreSQL the target has nothing at all (restore builds the schema); on PGlite it is migrated and
  // empty (a fresh PGlite takes seconds to make).
  const fresh = await freshDatabase(onPostgres() ? 'postgres' : 'pglite', name, { empty: onPostgres() });
  const db = await openDatabase(fresh.target);
  cleanups.push(async () => {
    await db.close();
    await fresh.drop();
  });
  return db;
}

describe('backup and restore', () => {
  it(
    'round-trips every table of a database into an empty one, sequences included',
    { timeout: 300_000 },
    async () => {
      const file = path.join(dir, 'all.jsonl.gz');
      const written = await writeBackup(source.db, fs.createWriteStream(file));
      const before = await contents(source.db);
      // Every table has rows, so every table is put to the test.
      expect([...before].filter(([, rows]) => rows.length === 0).map(([t]) => t)).toEqual([]);
      expect(Object.keys(written).sort()).toEqual([...before.keys()].sort());

      const target = await emptyTarget(`bc_restore_${process.pid}`);
      const restored = await restoreBackup(target.db, fs.createReadStream(file));
      expect(restored).toEqual(written);
      const after = await contents(target.db);
      for (const [table, rows] of before) expect(after.get(table), table).toEqual(rows);

      // New rows continue after the highest id restored.
      const [maxBefore] = await queryRows<{ id: number }>(
        source.db,
        sql`select max(id)::int as id from audit_log`,
      );
      await target.db.execute(sql`insert into audit_log (action, subject_type) values ('view', 'test')`);
      const [next] = await queryRows<{ id: number }>(
        target.db,
        sql`select max(id)::int as id from audit_log`,
      );
      expect(next?.id).toBeGreaterThan(maxBefore?.id ?? 0);

      // Restoring again into the now full database is refused, and changes nothing.
      await expect(restoreBackup(target.db, fs.createReadStream(file))).rejects.toThrow(BackupError);
      await expect(restoreBackup(target.db, fs.createReadStream(file))).rejects.toThrow(/not empty/);
    },
  );

  it('refuses a file that is not a backup, and one from a different version', async () => {
    const target = await openDatabase({ kind: 'pglite' });
    cleanups.push(() => target.close());
    const gz = (text: string) => Readable.from([zlib.gzipSync(text)]);
    await expect(restoreBackup(target.db, gz('name,email\nAda,ada@example.org\n'))).rejects.toThrow(
      /not a Broadchurch backup/,
    );
    const header = {
      format: 'broadchurch-backup',
      version: 1,
      createdAt: '',
      migrations: ['deadbeef'],
      tables: [],
    };
    await expect(restoreBackup(target.db, gz(`${JSON.stringify(header)}\n`))).rejects.toThrow(
      /different version/,
    );
  });
});
