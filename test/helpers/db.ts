/**
 * A database for one test file, already migrated: PGlite loaded from the run's snapshot, or a clone of
 * the PostgreSQL template when the run is on a server.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import pg from 'pg';
import { inject } from 'vitest';
import { openDatabase, type Database } from '../../src/db/client.ts';

export const onPostgres = (): boolean => process.env.TEST_DB === 'postgres';

export async function openTestDatabase(): Promise<Database> {
  if (onPostgres()) {
    const url = process.env.TEST_DATABASE_URL ?? '';
    const name = `bc_test_${process.ppid}_${crypto.randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`create database ${name} template ${inject('postgresTemplate')}`);
    await admin.end();
    const target = new URL(url);
    target.pathname = `/${name}`;
    const database = await openDatabase({ kind: 'postgres', url: target.toString(), poolSize: 10 });
    return {
      ...database,
      async close() {
        await database.close();
        const a = new pg.Client({ connectionString: url });
        await a.connect();
        await a.query(`drop database if exists ${name} with (force)`);
        await a.end();
      },
    };
  }
  const snapshot = fs.readFileSync(inject('pgliteSnapshot'));
  return openDatabase({ kind: 'pglite', loadFrom: new Blob([snapshot]) });
}
