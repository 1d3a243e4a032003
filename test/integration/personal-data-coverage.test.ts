/**
 * Personal data by contribution: every table with a column pointing at a member, a participant or a
 * member's sign-in is in some domain's contribution (what it holds, how it is exported and erased). A
 * domain that adds such a table without saying what an export and an erasure do with it fails here.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows, type Database } from '../../src/db/client.ts';
import { PERSONAL_DATA } from '../../src/server/app.ts';
import { openTestDatabase } from '../helpers/db.ts';

let database: Database;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(() => database.close());

describe('personal data by contribution', () => {
  it('every table pointing at a member, a participant or a sign-in is in a contribution, and only real tables are', async () => {
    const rows = await queryRows<{ name: string }>(
      database.db,
      sql`select distinct cl.relname as name
          from pg_constraint c
          join pg_class cl on cl.oid = c.conrelid
          join pg_class target on target.oid = c.confrelid
          join pg_namespace n on n.oid = cl.relnamespace
          where c.contype = 'f' and n.nspname = 'public'
            and target.relname in ('members', 'participants', 'auth_user')`,
    );
    const pointing = rows.map((r) => r.name).sort();
    expect(pointing.length).toBeGreaterThan(20);
    const covered = new Map<string, string>();
    for (const c of PERSONAL_DATA)
      for (const table of Object.keys(c.tables)) {
        expect(covered.get(table), `${table} is in two contributions`).toBeUndefined();
        covered.set(table, c.domain);
      }
    expect(
      pointing.filter((t) => !covered.has(t)),
      'tables no contribution covers',
    ).toEqual([]);
    const tables = await queryRows<{ name: string }>(
      database.db,
      sql`select tablename as name from pg_tables where schemaname = 'public'`,
    );
    const real = new Set(tables.map((t) => t.name));
    expect(
      [...covered.keys()].filter((t) => !real.has(t)),
      'contributions naming no table',
    ).toEqual([]);
  });
});
