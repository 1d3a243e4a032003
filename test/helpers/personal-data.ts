/**
 * Where in the whole database a piece of personal data still appears: every text and JSON column of every
 * table is searched. Erasure tests use it to prove nothing is left behind, wherever a future table puts it.
 */
import { sql } from 'drizzle-orm';
import { queryRows, type Executor } from '../../src/db/client.ts';

export async function whereFound(db: Executor, needle: string): Promise<string[]> {
  const columns = await queryRows<{ table_name: string; column_name: string }>(
    db,
    sql`select table_name, column_name from information_schema.columns
        where table_schema = 'public' and data_type in ('text', 'character varying', 'json', 'jsonb', 'ARRAY')
        order by table_name, column_name`,
  );
  const found: string[] = [];
  for (const c of columns) {
    const [hit] = await queryRows<{ n: number }>(
      db,
      sql`select count(*)::int as n from ${sql.identifier(c.table_name)}
          where position(lower(${needle}) in lower(${sql.identifier(c.column_name)}::text)) > 0`,
    );
    if ((hit?.n ?? 0) > 0) found.push(`${c.table_name}.${c.column_name}`);
  }
  return found;
}
