/**
 * Backups that move between the embedded database and a PostgreSQL server: a gzip file of JSON lines.
 *
 * - A header names the format, when it was taken, and the migrations the database had.
 * - Then each table: a line `{"__table": name, "rows": n}`, followed by its rows as JSON objects
 *   (PostgreSQL's own `to_jsonb`, so every type comes back exactly through `jsonb_populate_recordset`).
 *   Tables come parents first (foreign keys), and a table that refers to itself (branches, members)
 *   lists each row after the row it refers to.
 *
 * Taking one reads every table in one REPEATABLE READ, READ ONLY transaction: a consistent snapshot while
 * the server goes on serving (on the embedded database, whose one connection is shared, requests wait for
 * the seconds it takes). Restoring refuses a target that holds any row; it builds the schema up to the
 * backup's migrations, loads every row in one transaction, moves each sequence past its highest id, and
 * then applies the migrations that came after the backup.
 */
import { once } from 'node:events';
import readline from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';
import { sql } from 'drizzle-orm';
import { queryRows, type Db, type Executor } from './client.ts';
import { appliedMigrations, migrate, migrationFiles } from './migrate.ts';

export const BACKUP_FORMAT = 'broadchurch-backup';
const VERSION = 1;
const PAGE = 2000;

interface Header {
  format: typeof BACKUP_FORMAT;
  version: number;
  createdAt: string;
  migrations: string[];
  tables: string[];
}

/** A backup could not be taken or restored; the message says why. */
export class BackupError extends Error {}

interface TableInfo {
  name: string;
  /** A column referring to the same table, if any (rows are ordered so each comes after its parent). */
  selfRef: { column: string; target: string } | null;
}

/** The application's tables, parents before children. */
export async function tablesInOrder(db: Executor): Promise<TableInfo[]> {
  const tables = (
    await queryRows<{ name: string }>(
      db,
      sql`select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
          where n.nspname = 'public' and c.relkind in ('r', 'p') order by c.relname`,
    )
  ).map((t) => t.name);
  const fks = await queryRows<{ child: string; parent: string; child_col: string; parent_col: string }>(
    db,
    sql`select cl.relname as child, pl.relname as parent, ca.attname as child_col, pa.attname as parent_col
        from pg_constraint k
        join pg_class cl on cl.oid = k.conrelid join pg_namespace n on n.oid = cl.relnamespace
        join pg_class pl on pl.oid = k.confrelid
        join pg_attribute ca on ca.attrelid = k.conrelid and ca.attnum = k.conkey[1]
        join pg_attribute pa on pa.attrelid = k.confrelid and pa.attnum = k.confkey[1]
        where k.contype = 'f' and n.nspname = 'public'`,
  );
  const parents = new Map(tables.map((t) => [t, new Set<string>()]));
  for (const f of fks) if (f.child !== f.parent) parents.get(f.child)?.add(f.parent);
  const ordered: string[] = [];
  const placed = new Set<string>();
  while (ordered.length < tables.length) {
    const next = tables.find(
      (t) => !placed.has(t) && [...(parents.get(t) ?? [])].every((p) => placed.has(p)),
    );
    if (!next) throw new BackupError('the tables refer to each other in a cycle');
    ordered.push(next);
    placed.add(next);
  }
  return ordered.map((name) => {
    const self = fks.find((f) => f.child === name && f.parent === name);
    return { name, selfRef: self ? { column: self.child_col, target: self.parent_col } : null };
  });
}

/** A table's rows as JSON text, each after the row it refers to when the table refers to itself. */
function rowsQuery(t: TableInfo) {
  const table = sql.identifier(t.name);
  if (!t.selfRef) return sql`select to_jsonb(x)::text as r from ${table} x`;
  const col = sql.identifier(t.selfRef.column);
  const target = sql.identifier(t.selfRef.target);
  return sql`with recursive depth(key, d) as (
      select ${target}, 0 from ${table} where ${col} is null
      union all select c.${target}, depth.d + 1 from ${table} c join depth on c.${col} = depth.key)
    select to_jsonb(x)::text as r from ${table} x join depth on depth.key = x.${target} order by depth.d`;
}

/** Writes a backup of the whole database to `out` (gzip); returns the rows written per table. */
export async function writeBackup(db: Db, out: Writable): Promise<Record<string, number>> {
  const gzip = zlib.createGzip();
  const done = pipeline(gzip, out);
  const counts: Record<string, number> = {};
  const write = async (line: string) => {
    if (!gzip.write(`${line}\n`)) await once(gzip, 'drain');
  };
  await db.transaction(
    async (tx) => {
      const tables = await tablesInOrder(tx);
      const header: Header = {
        format: BACKUP_FORMAT,
        version: VERSION,
        createdAt: new Date().toISOString(),
        migrations: (await appliedMigrations(tx)).map((m) => m.hash),
        tables: tables.map((t) => t.name),
      };
      await write(JSON.stringify(header));
      for (const t of tables) {
        const [n] = await queryRows<{ n: number }>(
          tx,
          sql`select count(*)::int as n from ${sql.identifier(t.name)}`,
        );
        counts[t.name] = n?.n ?? 0;
        await write(JSON.stringify({ __table: t.name, rows: counts[t.name] }));
        await tx.execute(sql`declare backup_rows no scroll cursor for ${rowsQuery(t)}`);
        let written = 0;
        for (;;) {
          const page = await queryRows<{ r: string }>(tx, sql.raw(`fetch ${PAGE} from backup_rows`));
          for (const row of page) await write(row.r);
          written += page.length;
          if (page.length < PAGE) break;
        }
        await tx.execute(sql`close backup_rows`);
        if (written !== counts[t.name])
          throw new BackupError(
            `${t.name}: ${written} of ${counts[t.name]} rows could be ordered for restoring`,
          );
      }
    },
    { isolationLevel: 'repeatable read', accessMode: 'read only' },
  );
  gzip.end();
  await done;
  return counts;
}

/** Does any application table hold a row? */
async function holdsRows(db: Executor): Promise<string | null> {
  for (const t of await tablesInOrder(db)) {
    const [row] = await queryRows<{ any: boolean }>(
      db,
      sql`select exists (select 1 from ${sql.identifier(t.name)}) as any`,
    );
    if (row?.any) return t.name;
  }
  return null;
}

/**
 * Restores a backup into an empty database (PGlite or PostgreSQL): refuses one that holds any row, and a
 * backup whose migrations are not a beginning of this version's. Returns the rows restored per table.
 */
export async function restoreBackup(db: Db, input: Readable): Promise<Record<string, number>> {
  const lines = readline.createInterface({ input: input.pipe(zlib.createGunzip()), crlfDelay: Infinity });
  const it = lines[Symbol.asyncIterator]();
  const first = await it.next();
  let header: Header;
  try {
    header = JSON.parse(first.value ?? '') as Header;
  } catch {
    throw new BackupError('This is not a Broadchurch backup (its first line is not the backup header)');
  }
  if (header.format !== BACKUP_FORMAT || header.version !== VERSION)
    throw new BackupError('This is not a Broadchurch backup of a version this program reads');
  const files = migrationFiles();
  if (header.migrations.length > files.length || header.migrations.some((h, i) => files[i]?.hash !== h))
    throw new BackupError(
      'The backup comes from a newer or different version of Broadchurch; restore it with that version',
    );
  const applied = await appliedMigrations(db);
  if (applied.length > header.migrations.length)
    throw new BackupError(
      'The target database is at a newer version than the backup; restore into an empty one',
    );
  const busy = await holdsRows(db);
  if (busy)
    throw new BackupError(
      `The target database is not empty (${busy} has rows); restore only into an empty one`,
    );
  await migrate(db, undefined, header.migrations.length);
  const counts: Record<string, number> = {};
  await db.transaction(async (tx) => {
    let table: string | null = null;
    let batch: string[] = [];
    const flush = async () => {
      if (!table || batch.length === 0) return;
      const t = sql.identifier(table);
      await tx.execute(
        sql`insert into ${t} select * from jsonb_populate_recordset(null::${t}, ${`[${batch.join(',')}]`}::jsonb)`,
      );
      counts[table] = (counts[table] ?? 0) + batch.length;
      batch = [];
    };
    for (let next = await it.next(); !next.done; next = await it.next()) {
      const line = next.value;
      if (line.startsWith('{"__table":')) {
        await flush();
        const section = JSON.parse(line) as { __table: string };
        if (!header.tables.includes(section.__table))
          throw new BackupError(`unknown table ${section.__table}`);
        table = section.__table;
        counts[table] = 0;
        continue;
      }
      if (line.trim() === '') continue;
      batch.push(line);
      if (batch.length >= PAGE) await flush();
    }
    await flush();
    // Sequences (bigserial ids) continue after the highest id restored.
    const sequences = await queryRows<{ tbl: string; col: string; seq: string }>(
      tx,
      sql`select c.relname as tbl, a.attname as col, pg_get_serial_sequence(quote_ident(c.relname), a.attname) as seq
          from pg_class c join pg_namespace n on n.oid = c.relnamespace
          join pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
          where n.nspname = 'public' and c.relkind = 'r'
            and pg_get_serial_sequence(quote_ident(c.relname), a.attname) is not null`,
    );
    for (const s of sequences)
      await tx.execute(
        sql`select setval(${s.seq}, coalesce((select max(${sql.identifier(s.col)}) from ${sql.identifier(s.tbl)}), 1),
          (select max(${sql.identifier(s.col)}) from ${sql.identifier(s.tbl)}) is not null)`,
      );
  });
  await migrate(db);
  return counts;
}
