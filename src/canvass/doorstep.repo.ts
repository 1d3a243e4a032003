/** The doorstep's reads and writes: intention codes, a canvasser's assignments, and the records phones send. */
import type { AbsentVoterKind } from '../contract/vocabulary.ts';
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { queryRows, type Db, type Executor } from '../db/client.ts';
import type { CanvassRecordInput } from '../contract/canvass.ts';
import { branches, intentionCodes, walkAssignments, walkElectors, walks } from '../db/schema/index.ts';

/** The codes of the given branches, retired ones (position -1) included, in order. */
export const codeRows = (db: Db, branchIds: string[]) =>
  db
    .select({
      branchId: intentionCodes.branchId,
      code: intentionCodes.code,
      label: intentionCodes.label,
      position: intentionCodes.position,
    })
    .from(intentionCodes)
    .where(inArray(intentionCodes.branchId, branchIds))
    .orderBy(asc(intentionCodes.position));

/** A branch's own codes become these; old ones are retired, not deleted, so records made with them arrive. */
export async function replaceCodes(
  tx: Executor,
  branchId: string,
  codes: { code: string; label: string }[],
): Promise<void> {
  await tx.update(intentionCodes).set({ position: -1 }).where(eq(intentionCodes.branchId, branchId));
  for (const [position, c] of codes.entries()) {
    await tx
      .insert(intentionCodes)
      .values({ branchId, code: c.code, label: c.label, position })
      .onConflictDoUpdate({
        target: [intentionCodes.branchId, intentionCodes.code],
        set: { label: c.label, position },
      });
  }
}

/** A member's live assignments, soonest to end first (a walk may appear twice if assigned twice). */
export const liveAssignmentsOf = (db: Db, memberId: string) =>
  db
    .select({
      id: walks.id,
      name: walks.name,
      doors: walks.doors,
      electors: walks.electors,
      expiresAt: walkAssignments.expiresAt,
      branch: branches.name,
    })
    .from(walkAssignments)
    .innerJoin(walks, eq(walks.id, walkAssignments.walkId))
    .innerJoin(branches, eq(branches.id, walks.branchId))
    .where(
      and(
        eq(walkAssignments.memberId, memberId),
        sql`${walkAssignments.revokedAt} is null and ${walkAssignments.expiresAt} > now()`,
      ),
    )
    .orderBy(asc(walkAssignments.expiresAt));

/** Electors on a walk whom someone recorded as not to be knocked (do not knock, deceased, moved). */
export async function warnedElectors(db: Db, walkId: string): Promise<Set<string>> {
  const rows = await queryRows<{ id: string }>(
    db,
    sql`select distinct r.elector_id as id from canvass_records r join walk_electors we on we.elector_id = r.elector_id
        where we.walk_id = ${walkId} and r.outcome in ('do_not_knock', 'deceased', 'moved')`,
  );
  return new Set(rows.map((r) => r.id));
}

/** Every assignment (live or ended) of these walks to a member, with the walk's branch. */
export const assignmentsOf = (db: Db, memberId: string, walkIds: string[]) =>
  db
    .select({
      walkId: walkAssignments.walkId,
      createdAt: walkAssignments.createdAt,
      expiresAt: walkAssignments.expiresAt,
      revokedAt: walkAssignments.revokedAt,
      branchId: walks.branchId,
      branchPath: branches.path,
    })
    .from(walkAssignments)
    .innerJoin(walks, eq(walks.id, walkAssignments.walkId))
    .innerJoin(branches, eq(branches.id, walks.branchId))
    .where(and(eq(walkAssignments.memberId, memberId), inArray(walkAssignments.walkId, walkIds)));

/** Which of these electors are on which of these walks, as `walkId|electorId` keys. */
export async function onWalks(db: Db, walkIds: string[], electorIds: string[]): Promise<Set<string>> {
  const rows = await db
    .select({ walkId: walkElectors.walkId, electorId: walkElectors.electorId })
    .from(walkElectors)
    .where(and(inArray(walkElectors.walkId, walkIds), inArray(walkElectors.electorId, electorIds)));
  return new Set(rows.map((r) => `${r.walkId}|${r.electorId}`));
}

export type RecordRow = CanvassRecordInput & { branchId: string };

/** Stores records in one statement; a record already stored (same id) is left as it is. Returns the new ids. */
export async function insertRecords(tx: Executor, canvasserId: string, rows: RecordRow[]): Promise<string[]> {
  const json = JSON.stringify(
    rows.map((r) => ({
      id: r.id,
      e: r.electorId,
      w: r.walkId,
      b: r.branchId,
      m: r.madeAt,
      o: r.outcome,
      i: r.intention,
      s: r.strength,
      f: r.flags,
      t: r.issues,
      n: r.note,
      p: r.phone,
    })),
  );
  const inserted = await queryRows<{ id: string }>(
    tx,
    sql`insert into canvass_records (id, elector_id, walk_id, branch_id, canvasser_id, made_at, outcome, intention,
          strength, flags, issues, note, phone)
        select x.id, x.e, x.w, x.b, ${canvasserId}::uuid, x.m, x.o, x.i, x.s, x.f, x.t, x.n, x.p
        from json_to_recordset(${json}::json)
          as x(id uuid, e uuid, w uuid, b uuid, m timestamptz, o text, i text, s int, f text[], t text[], n text,
               p text)
        on conflict (id) do nothing returning id`,
  );
  return inserted.map((r) => r.id);
}

/**
 * Absent voters on a walk, for the elections whose polling day has not passed: postal, proxy or postal
 * proxy (the nearest election's list where an elector is on two). Flagged on every list of the walk.
 */
export async function absentOnWalk(db: Db, walkId: string): Promise<Map<string, AbsentVoterKind>> {
  const rows = await queryRows<{ id: string; kind: AbsentVoterKind }>(
    db,
    sql`select distinct on (a.elector_id) a.elector_id as id, a.kind
        from absent_voters a join walk_electors we on we.elector_id = a.elector_id
        join elections el on el.id = a.election_id
        where we.walk_id = ${walkId} and el.held_on >= current_date
        order by a.elector_id, el.held_on`,
  );
  return new Map(rows.map((r) => [r.id, r.kind]));
}
