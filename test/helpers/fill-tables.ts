/**
 * Puts a row into every empty application table, parents first, each column given a value of its type
 * (a foreign key takes an existing row's key). Backup tests use it so that "every table round-trips" keeps
 * meaning every table, including ones added later.
 */
import { sql, type SQL } from 'drizzle-orm';
import { queryRows, type Db } from '../../src/db/client.ts';

interface Column {
  name: string;
  udt: string;
  nullable: boolean;
  hasDefault: boolean;
}

const VALUE_OF: Record<string, SQL> = {
  uuid: sql`gen_random_uuid()`,
  text: sql`'x'`,
  varchar: sql`'x'`,
  int2: sql`1`,
  int4: sql`1`,
  int8: sql`1`,
  float4: sql`1.5`,
  float8: sql`1.5`,
  numeric: sql`1.5`,
  bool: sql`true`,
  timestamptz: sql`now()`,
  timestamp: sql`now()`,
  // A Monday: a week's row must start on one (pulse_doorstep_weeks), and any other date column takes it.
  date: sql`date_trunc('week', current_date)::date`,
  jsonb: sql`'{"a": [1, "b"]}'::jsonb`,
  json: sql`'{"a": 1}'::json`,
  _text: sql`array['p', 'q']`,
  _int4: sql`array[1, 2]`,
  bytea: sql`'\\x00ff'::bytea`,
};

/** The check constraint a failed query broke (SQLSTATE 23514), here or in its cause; null if none. */
function violatedCheck(e: unknown): string | null {
  for (let x: unknown = e; typeof x === 'object' && x !== null; x = (x as { cause?: unknown }).cause) {
    const { code, constraint } = x as { code?: unknown; constraint?: unknown };
    if (code === '23514' && typeof constraint === 'string') return constraint;
  }
  return null;
}

export async function fillEmptyTables(db: Db, order: readonly string[]): Promise<string[]> {
  const filled: string[] = [];
  const fks = await queryRows<{ child: string; parent: string; child_col: string; parent_col: string }>(
    db,
    sql`select cl.relname as child, pl.relname as parent, ca.attname as child_col, pa.attname as parent_col
        from pg_constraint k join pg_class cl on cl.oid = k.conrelid join pg_class pl on pl.oid = k.confrelid
        join pg_attribute ca on ca.attrelid = k.conrelid and ca.attnum = k.conkey[1]
        join pg_attribute pa on pa.attrelid = k.confrelid and pa.attnum = k.confkey[1]
        where k.contype = 'f'`,
  );
  // Columns a check constraint names: where a value of the type will not do ('x' is not a language), a
  // nullable one is left empty.
  const checked = await queryRows<{ name: string; tbl: string; col: string; def: string }>(
    db,
    sql`select k.conname as name, cl.relname as tbl, a.attname as col, pg_get_constraintdef(k.oid) as def
        from pg_constraint k join pg_class cl on cl.oid = k.conrelid
        join pg_attribute a on a.attrelid = k.conrelid and a.attnum = any(k.conkey)
        where k.contype = 'c'`,
  );
  for (const table of order) {
    const [has] = await queryRows<{ any: boolean }>(
      db,
      sql`select exists (select 1 from ${sql.identifier(table)}) as any`,
    );
    if (has?.any) continue;
    const columns = await queryRows<Column>(
      db,
      sql`select column_name as name, udt_name as udt, is_nullable = 'YES' as nullable,
            column_default is not null as "hasDefault"
          from information_schema.columns where table_schema = 'public' and table_name = ${table}
          order by ordinal_position`,
    );
    const names: SQL[] = [];
    const values: SQL[] = [];
    const nullable = new Set<string>();
    /** The column of each value, in order. */
    const inserted: string[] = [];
    // Two keys into one table take different rows (a comparison's winner and loser must differ).
    const uses = new Map<string, number>();
    for (const c of columns) {
      const fk = fks.find((f) => f.child === table && f.child_col === c.name);
      let value: SQL | undefined;
      if (fk && fk.parent !== table) {
        const k = uses.get(fk.parent) ?? 0;
        uses.set(fk.parent, k + 1);
        value = sql`(select ${sql.identifier(fk.parent_col)} from ${sql.identifier(fk.parent)} order by 1 limit 1 offset ${k})`;
      } else if (fk)
        continue; // a self-reference stays empty
      else if (c.hasDefault && c.udt !== 'uuid') continue;
      else value = VALUE_OF[c.udt];
      if (!value) throw new Error(`no test value for ${table}.${c.name} (${c.udt})`);
      if (c.nullable) nullable.add(c.name);
      inserted.push(c.name);
      names.push(sql`${sql.identifier(c.name)}`);
      values.push(value);
    }
    const insert = (vs: SQL[]) =>
      db.execute(
        sql`insert into ${sql.identifier(table)} (${sql.join(names, sql`, `)}) values (${sql.join(vs, sql`, `)})`,
      );
    const emptied = new Set<string>();
    // A column that must hold one of a list of words (`col = ANY (ARRAY['a'::text, …])`) takes the first.
    const chosen = new Map<string, SQL>();
    for (;;) {
      try {
        await insert(
          values.map((v, i) => {
            const col = inserted[i] ?? '';
            return emptied.has(col) ? sql`null` : (chosen.get(col) ?? v);
          }),
        );
        break;
      } catch (e) {
        const broken = violatedCheck(e);
        const named = checked.filter((k) => k.name === broken && k.tbl === table);
        const cols = named.filter((k) => nullable.has(k.col) && !emptied.has(k.col)).map((k) => k.col);
        const word = named.length === 1 ? /'([^']*)'/.exec(named[0]?.def ?? '')?.[1] : undefined;
        const col = named[0]?.col ?? '';
        if (cols.length === 0 && word !== undefined && !chosen.has(col)) {
          chosen.set(col, sql`${word}`);
          continue;
        }
        if (cols.length === 0) throw e;
        for (const c of cols) emptied.add(c);
      }
    }
    filled.push(table);
  }
  return filled;
}
