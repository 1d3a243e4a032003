/**
 * Applies the generated migrations in `drizzle/`. Before applying anything it checks that the migrations
 * already applied are a prefix of the files: a database migrated by other files (an edited or removed
 * migration) is refused instead of being patched over.
 */
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import { queryRows, type Db, type Executor } from './client.ts';

/** The advisory lock migrations are applied under (any number unused by anything else). */
const MIGRATION_LOCK = 7_412_001;

export const MIGRATIONS_FOLDER = path.resolve(import.meta.dirname, '../../drizzle');

interface AppliedRow {
  hash: string;
  created_at: string | number;
}

/** Thrown when the database holds migrations that the files do not. */
export class MigrationMismatchError extends Error {}

/** The migration files, in order. */
export const migrationFiles = (folder = MIGRATIONS_FOLDER) =>
  readMigrationFiles({ migrationsFolder: folder });

/** The migrations a database has had applied, in order. */
export async function appliedMigrations(db: Executor): Promise<AppliedRow[]> {
  const exists = await queryRows<{ present: boolean }>(
    db,
    sql`select to_regclass('drizzle.__drizzle_migrations') is not null as present`,
  );
  if (!exists[0]?.present) return [];
  return queryRows<AppliedRow>(
    db,
    sql`select hash, created_at from drizzle.__drizzle_migrations order by created_at, id`,
  );
}

/** Applies pending migrations (only the first `upTo` files, when given); returns how many were applied. */
export async function migrate(
  db: Db,
  folder = MIGRATIONS_FOLDER,
  upTo?: number,
): Promise<{ applied: number; total: number }> {
  const files = migrationFiles(folder).slice(0, upTo);
  // One transaction under an advisory lock: processes starting together (an API and a worker) migrate
  // one after the other, and the second finds nothing left to do; a failed migration leaves nothing.
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${MIGRATION_LOCK})`);
    const applied = await appliedMigrations(tx);
    applied.forEach((row, i) => {
      const file = files[i];
      if (!file || file.hash !== row.hash || file.folderMillis !== Number(row.created_at)) {
        throw new MigrationMismatchError(
          `The database's migration #${i + 1} does not match the migration files (was a landed migration edited or removed?). Refusing to start.`,
        );
      }
    });
    const pending = files.slice(applied.length);
    for (const m of pending) {
      for (const statement of m.sql) {
        if (statement.trim()) await tx.execute(sql.raw(statement));
      }
      await tx.execute(sql`create schema if not exists drizzle`);
      await tx.execute(
        sql`create table if not exists drizzle.__drizzle_migrations (id serial primary key, hash text not null, created_at bigint)`,
      );
      await tx.execute(
        sql`insert into drizzle.__drizzle_migrations (hash, created_at) values (${m.hash}, ${m.folderMillis})`,
      );
    }
    return { applied: pending.length, total: files.length };
  });
}
