import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../test/helpers/db.ts';
import { queryRows, type Database } from './client.ts';
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
});
