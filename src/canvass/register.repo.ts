/**
 * Queries of the register import's staging rows (`register_staging`): written in batches as a file streams
 * in, checked for repeated elector numbers, read back a page at a time, and dropped.
 */
import { and, asc, eq, gt, lt, sql } from 'drizzle-orm';
import { queryRows, type Executor } from '../db/client.ts';
import { registerStaging } from '../db/schema/index.ts';
import type { RegisterRow } from './register.service.ts';

/** Stages checked rows of an import (one statement, the rows as one JSON parameter). */
export async function stageRows(
  db: Executor,
  importId: string,
  rows: readonly { line: number; numberKey: string; row: unknown }[],
): Promise<void> {
  if (rows.length === 0) return;
  await db.execute(sql`insert into register_staging (import_id, line, number_key, row)
    select ${importId}::uuid, x.line, x.key, x.row
    from json_to_recordset(${JSON.stringify(rows.map((r) => ({ line: r.line, key: r.numberKey, row: r.row })))}::json)
      as x(line int, key text, row jsonb)`);
}

/** Rows whose elector number an earlier line of the file already has, with that first line (at most `limit`). */
export async function repeatedNumbers(
  db: Executor,
  importId: string,
  limit: number,
): Promise<
  { line: number; first: number; total: number; district: string; number: number; suffix: number }[]
> {
  return queryRows(
    db,
    sql`select line, first, count(*) over ()::int as total, row->>'district' as district,
          (row->>'number')::int as number, (row->>'suffix')::int as suffix from (
          select line, row, min(line) over (partition by number_key) as first
          from register_staging where import_id = ${importId}) d
        where line > first order by line limit ${limit}`,
  );
}

/** The staged rows after `afterLine`, in file order, `size` at a time. */
export async function stagedPage(
  db: Executor,
  importId: string,
  afterLine: number,
  size: number,
): Promise<{ line: number; row: RegisterRow }[]> {
  const rows = await db
    .select({ line: registerStaging.line, row: registerStaging.row })
    .from(registerStaging)
    .where(and(eq(registerStaging.importId, importId), gt(registerStaging.line, afterLine)))
    .orderBy(asc(registerStaging.line))
    .limit(size);
  // Staged by stageRows from checked RegisterRows, as JSON.
  return rows as { line: number; row: RegisterRow }[];
}

export async function dropStaged(db: Executor, importId: string): Promise<void> {
  await db.delete(registerStaging).where(eq(registerStaging.importId, importId));
}

/** Staged rows left by imports cut short (a crash, a lost connection) more than `hours` ago. */
export async function dropAbandonedStaging(db: Executor, hours: number): Promise<number> {
  const gone = await db
    .delete(registerStaging)
    .where(lt(registerStaging.createdAt, sql`now() - make_interval(hours => ${hours})`))
    .returning({ line: registerStaging.line });
  return gone.length;
}
