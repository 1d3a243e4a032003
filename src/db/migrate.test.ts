import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../test/helpers/db.ts';
import { freshDatabase } from '../../test/helpers/voting.ts';
import { openDatabase, queryRows, type Database } from './client.ts';
import { migrate, MIGRATIONS_FOLDER, MigrationMismatchError } from './migrate.ts';

let database: Database;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(() => database.close());

describe('migrate', () => {
  it('is a no-op on a migrated database', async () => {
    const r = await migrate(database.db);
    expect(r.applied).toBe(0);
    expect(r.total).toBeGreaterThan(0);
    const rows = await queryRows<{ n: number }>(
      database.db,
      sql`select count(*)::int as n from drizzle.__drizzle_migrations`,
    );
    expect(rows[0]?.n).toBe(r.total);
  });
  it('refuses to run when the applied migrations are not a prefix of the files', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bc-mig-'));
    fs.cpSync(MIGRATIONS_FOLDER, dir, { recursive: true });
    const first = fs.readdirSync(dir).find((f) => f.startsWith('0000_'));
    if (!first) throw new Error('no first migration');
    fs.appendFileSync(path.join(dir, first), '\n-- edited after landing\n');
    await expect(migrate(database.db, dir)).rejects.toBeInstanceOf(MigrationMismatchError);
    fs.rmSync(dir, { recursive: true, force: true });
  });
  it('two processes migrating one empty database at once: each migration applied exactly once', async () => {
    const kind = process.env.TEST_DB === 'postgres' ? 'postgres' : 'pglite';
    const fresh = await freshDatabase(kind, `bc_mig_race_${process.pid}`, { empty: true });
    // Two connections (two pools on PostgreSQL), as an API process and a worker starting together.
    const a = await openDatabase(fresh.target);
    const b = kind === 'postgres' ? await openDatabase(fresh.target) : a;
    try {
      const [ra, rb] = await Promise.all([migrate(a.db), migrate(b.db)]);
      expect(ra.applied + rb.applied).toBe(ra.total);
      expect(Math.min(ra.applied, rb.applied)).toBe(0);
      const rows = await queryRows<{ n: number }>(
        a.db,
        sql`select count(*)::int as n from drizzle.__drizzle_migrations`,
      );
      expect(rows[0]?.n).toBe(ra.total);
    } finally {
      if (b !== a) await b.close();
      await a.close();
      await fresh.drop();
    }
  });
});
