/**
 * Queries of the electoral register: the import's staging rows (`register_staging`: written in batches as a
 * file streams in, checked for repeated elector numbers, read back a page at a time, and dropped), the
 * electors written from them, turnout, and the register's summary.
 */
import { and, asc, eq, gt, isNull, lt, sql } from 'drizzle-orm';
import { jsonBatches, queryRows, type Executor } from '../db/client.ts';
import {
  electorSuppressions,
  electors,
  elections,
  registerImports,
  registerStaging,
} from '../db/schema/index.ts';
import { branchIdWithin } from '../core/branch-tree.repo.ts';
import { newId } from '../lib/ids.ts';
import type { ElectorValues, RegisterRow } from './register-format.ts';

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

const RECORD_TYPE = sql.raw(`x(id uuid, branch_id uuid, district text, number int, suffix int, markers text,
  dob date, surname text, forename text, postcode text, address text[], uprn text, match_key text,
  street text, house_number int, door text, building text, flat text)`);

export async function insertElectors(tx: Executor, rows: ElectorValues[]): Promise<void> {
  for (const json of jsonBatches(rows)) {
    await tx.execute(sql`insert into electors (id, branch_id, district, number, suffix, markers, dob, surname,
        forename, postcode, address, uprn, match_key, street, house_number, door, building, flat)
      select id, branch_id, district, number, suffix, markers, dob, surname, forename, postcode, address, uprn,
        match_key, street, house_number, door, building, flat
      from json_to_recordset(${json}::json) as ${RECORD_TYPE}`);
  }
}

export async function updateElectors(tx: Executor, rows: ElectorValues[]): Promise<void> {
  for (const json of jsonBatches(rows)) {
    await tx.execute(sql`update electors e set district = x.district, number = x.number, suffix = x.suffix,
        markers = x.markers, dob = x.dob, surname = x.surname, forename = x.forename, postcode = x.postcode,
        address = x.address, uprn = x.uprn, match_key = x.match_key, street = x.street,
        house_number = x.house_number, door = x.door, building = x.building, flat = x.flat,
        removed_at = null, updated_at = now()
      from json_to_recordset(${json}::json) as ${RECORD_TYPE}
      where e.id = x.id`);
  }
}

export async function removeElectors(tx: Executor, ids: string[]): Promise<void> {
  for (const json of jsonBatches(ids)) {
    await tx.execute(sql`update electors set removed_at = now(), updated_at = now()
      where id in (select value::uuid from json_array_elements_text(${json}::json))`);
  }
}

/** An elector already on a branch's register, as the matcher of an import needs it. */
export interface ExistingElector {
  id: string;
  district: string;
  number: number;
  suffix: number;
  surname: string;
  forename: string;
  uprn: string | null;
  match_key: string;
  removed: boolean;
}

/** Every elector of the branch (removed ones too, so they can be matched and brought back). */
export async function electorsForMatching(tx: Executor, branchId: string): Promise<ExistingElector[]> {
  return queryRows<ExistingElector>(
    tx,
    sql`select id, district, number, suffix, surname, forename, uprn, match_key, removed_at is not null as removed
        from electors where branch_id = ${branchId}`,
  );
}

/** The hashes of electors erased on request in the branch, who are not brought back by an import. */
export async function suppressionHashes(tx: Executor, branchId: string): Promise<Set<string>> {
  const rows = await tx
    .select({ h: electorSuppressions.keyHash })
    .from(electorSuppressions)
    .where(eq(electorSuppressions.branchId, branchId));
  return new Set(rows.map((r) => r.h));
}

/** The branch's current electors' numbers, with their ids. */
export async function currentElectorNumbers(db: Executor, branchId: string) {
  return db
    .select({
      id: electors.id,
      district: electors.district,
      number: electors.number,
      suffix: electors.suffix,
    })
    .from(electors)
    .where(and(eq(electors.branchId, branchId), isNull(electors.removedAt)));
}

/** Records a finished import. */
export async function recordImport(tx: Executor, values: typeof registerImports.$inferInsert): Promise<void> {
  await tx.insert(registerImports).values(values);
}

/**
 * Stores an election's turnout (replacing any it had) and marks its postal voters; returns the election's
 * id. Shared by the marked-register import and the demo seed.
 */
export async function storeTurnout(
  tx: Executor,
  branchId: string,
  name: string,
  heldOn: string,
  voted: readonly { electorId: string; postal: boolean }[],
): Promise<string> {
  const [election] = await tx
    .insert(elections)
    .values({ id: newId(), branchId, name, heldOn })
    .onConflictDoUpdate({ target: [elections.branchId, elections.name], set: { heldOn } })
    .returning({ id: elections.id });
  if (!election) throw new Error('the election was not stored');
  await tx.execute(sql`delete from elector_turnout where election_id = ${election.id}`);
  for (const json of jsonBatches(voted.map((r) => ({ e: r.electorId, p: r.postal })))) {
    await tx.execute(sql`insert into elector_turnout (elector_id, election_id, postal)
      select x.e, ${election.id}::uuid, x.p from json_to_recordset(${json}::json) as x(e uuid, p boolean)`);
    await tx.execute(sql`update electors set postal = true, updated_at = now()
      where id in (select x.e from json_to_recordset(${json}::json) as x(e uuid, p boolean) where x.p)`);
  }
  return election.id;
}

/** The register of a branch and those below it, in figures: electors, districts, elections, last imports. */
export async function registerFigures(db: Executor, branchPath: string) {
  const [totals] = await queryRows<{ electors: number; postal: number; removed: number }>(
    db,
    sql`select count(*) filter (where removed_at is null)::int as electors,
          count(*) filter (where removed_at is null and postal)::int as postal,
          count(*) filter (where removed_at is not null)::int as removed
        from electors e where ${branchIdWithin(sql`e.branch_id`, branchPath)}`,
  );
  const districts = await queryRows<{ district: string; electors: number }>(
    db,
    sql`select district, count(*)::int as electors from electors e
        where ${branchIdWithin(sql`e.branch_id`, branchPath)} and removed_at is null group by district order by district`,
  );
  const electionRows = await queryRows<{ id: string; name: string; heldOn: string; voted: number }>(
    db,
    sql`select el.id, el.name, el.held_on::text as "heldOn",
          (select count(*)::int from elector_turnout t where t.election_id = el.id) as voted
        from elections el where ${branchIdWithin(sql`el.branch_id`, branchPath)} order by el.held_on desc`,
  );
  const imports = await queryRows<{
    id: string;
    kind: string;
    rows: number;
    added: number;
    matched: number;
    removed: number;
    at: string;
  }>(
    db,
    sql`select i.id, i.kind, i.rows, i.added, i.matched, i.removed, i.created_at as at from register_imports i
        where ${branchIdWithin(sql`i.branch_id`, branchPath)} order by i.created_at desc limit 10`,
  );
  return {
    totals: totals ?? { electors: 0, postal: 0, removed: 0 },
    districts,
    elections: electionRows,
    imports,
  };
}

/**
 * Fresh planner statistics after a register changes in bulk. PGlite runs no autovacuum, and a server's
 * comes round only later: planned on a register believed empty, looking up one elector by number became
 * a scan of every elector of the branch.
 */
export async function refreshElectorStatistics(db: Executor): Promise<void> {
  await db.execute(sql`analyze electors, elector_turnout`);
}
