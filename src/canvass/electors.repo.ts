/** Electors as people: one with their branch, a search, their history, their erasure, the issues they raised. */
import { desc, eq, sql } from 'drizzle-orm';
import { queryRows, type Executor } from '../db/client.ts';
import { branches, canvassRecords, electorSuppressions, electors } from '../db/schema/index.ts';
import { branchIdWithin } from '../core/branch-tree.repo.ts';
import type { ElectorNameRow } from './register-format.ts';
import type { Audited } from '../core/audited.ts';

/** An elector and the path of their branch, or undefined. */
export async function electorWithPath(db: Executor, id: string) {
  const [row] = await db
    .select({ elector: electors, path: branches.path })
    .from(electors)
    .innerJoin(branches, eq(branches.id, electors.branchId))
    .where(eq(electors.id, id));
  return row;
}

/** Up to 50 electors of a branch and below whose name, address or postcode contains `q` (literally). */
export async function searchElectorRows(db: Audited, branchPath: string, q: string) {
  const like = `%${q.replace(/[%_\\]/g, (c) => `\\${c}`)}%`;
  return queryRows<ElectorNameRow & { removed: boolean }>(
    db,
    sql`select e.id, e.district, e.number, e.suffix, e.forename, e.surname, e.address, e.postcode,
          e.removed_at is not null as removed
        from electors e
        where ${branchIdWithin(sql`e.branch_id`, branchPath)}
          and (e.surname ilike ${like} or e.forename || ' ' || e.surname ilike ${like}
               or array_to_string(e.address, ' ') ilike ${like} or e.postcode ilike ${like})
        order by e.surname, e.forename limit 50`,
  );
}

/** An elector's doorstep records (newest first) and the elections they voted in. */
export async function historyOf(db: Audited, electorId: string) {
  const records = await db
    .select({
      id: canvassRecords.id,
      madeAt: canvassRecords.madeAt,
      receivedAt: canvassRecords.receivedAt,
      outcome: canvassRecords.outcome,
      intention: canvassRecords.intention,
      strength: canvassRecords.strength,
      flags: canvassRecords.flags,
      issues: canvassRecords.issues,
      note: canvassRecords.note,
      canvasserId: canvassRecords.canvasserId,
      walkId: canvassRecords.walkId,
    })
    .from(canvassRecords)
    .where(eq(canvassRecords.electorId, electorId))
    .orderBy(desc(canvassRecords.madeAt), desc(canvassRecords.id));
  const turnout = await queryRows<{ election: string; heldOn: string; postal: boolean }>(
    db,
    sql`select el.name as election, el.held_on::text as "heldOn", t.postal from elector_turnout t
        join elections el on el.id = t.election_id where t.elector_id = ${electorId} order by el.held_on desc`,
  );
  return { records, turnout };
}

/** The walks an elector is on, and their door on each. */
export const walkPlacesOf = async (db: Audited, electorId: string) =>
  queryRows<{ walk: string; door: number }>(
    db,
    sql`select w.name as walk, we.door from walk_electors we join walks w on w.id = we.walk_id where we.elector_id = ${electorId}`,
  );

/**
 * Deletes an elector (their turnout, walk places and records go with them) and remembers the erasure as a
 * hash of their match key, so a later register does not bring them back. Returns how many records went.
 */
export async function deleteElector(
  tx: Audited,
  e: { id: string; branchId: string },
  keyHash: string,
): Promise<number> {
  const [n] = await queryRows<{ n: number }>(
    tx,
    sql`select count(*)::int as n from canvass_records where elector_id = ${e.id}`,
  );
  await tx.insert(electorSuppressions).values({ branchId: e.branchId, keyHash }).onConflictDoNothing();
  await tx.delete(electors).where(eq(electors.id, e.id));
  return n?.n ?? 0;
}

/** Issues raised on the doorstep in a branch and below it, by how often: tags only, never who raised them. */
export const countIssues = async (db: Executor, branchPath: string, days: number) =>
  queryRows<{ issue: string; raised: number }>(
    db,
    sql`select issue, count(*)::int as raised from canvass_records r, unnest(r.issues) as issue
        where ${branchIdWithin(sql`r.branch_id`, branchPath)}
          and r.made_at > now() - make_interval(days => ${days})
        group by issue order by raised desc, issue limit 50`,
  );
