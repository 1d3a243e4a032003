/**
 * Queries of walks: storing cut walks with their electors in walking order, listing them with progress,
 * assignments to canvassers, and a walk's electors as the doorstep and the sheet show them.
 */
import { and, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { jsonBatches, naturalOrder, queryRows, type Executor } from '../db/client.ts';
import { members, walkAssignments, walks } from '../db/schema/index.ts';
import { branchIdWithin } from '../core/branch-tree.repo.ts';
import { newId } from '../lib/ids.ts';
import type { ElectorNameRow } from './register-format.ts';
import { presentElector } from './register.presenter.ts';
import type { CutWalk, Walkable } from './walk-order.ts';
import type { Audited } from '../core/audited.ts';

/** SQL: how many doors of walk `w` have a record made on that walk. */
export const VISITED_DOORS = sql`(select count(distinct we.door)::int from walk_electors we
  where we.walk_id = w.id
    and exists (select 1 from canvass_records r where r.elector_id = we.elector_id and r.walk_id = w.id))`;

/** Stores cut walks (named "1. BW1 · Mill Lane, …") with their electors in walking order. */
export async function storeWalks(
  tx: Executor,
  branchId: string,
  segmentId: string | null,
  cut: CutWalk<Walkable>[],
) {
  const created = cut.map((w, i) => ({ id: newId(), name: `${i + 1}. ${w.name}`.slice(0, 200), walk: w }));
  if (created.length === 0) return created;
  await tx.insert(walks).values(
    created.map((c) => ({
      id: c.id,
      branchId,
      segmentId,
      name: c.name,
      doors: c.walk.doors,
      electors: c.walk.electors.length,
    })),
  );
  const links = created.flatMap((c) =>
    c.walk.electors.map((e, position) => ({ w: c.id, e: e.elector.id, p: position, d: e.door })),
  );
  for (const json of jsonBatches(links)) {
    await tx.execute(sql`insert into walk_electors (walk_id, elector_id, position, door)
      select x.w, x.e, x.p, x.d from json_to_recordset(${json}::json) as x(w uuid, e uuid, p int, d int)`);
  }
  return created;
}

/** Deletes a segment's walks that were never assigned and have no records (before cutting it again). */
export async function deleteUnusedWalks(db: Executor, segmentId: string): Promise<void> {
  await db.execute(sql`delete from walks w where w.segment_id = ${segmentId}
    and not exists (select 1 from walk_assignments a where a.walk_id = w.id)
    and not exists (select 1 from canvass_records r where r.walk_id = w.id)`);
}

/** The walks of a branch and those below it, with their segment and doors visited. */
export async function walksWithin(db: Executor, branchPath: string) {
  return queryRows<{
    id: string;
    name: string;
    doors: number;
    electors: number;
    segment: string | null;
    visited: number;
  }>(
    db,
    sql`select w.id, w.name, w.doors, w.electors, s.name as segment,
          ${VISITED_DOORS} as visited
        from walks w left join segments s on s.id = w.segment_id
        where ${branchIdWithin(sql`w.branch_id`, branchPath)} order by w.created_at desc, ${naturalOrder(sql`w.name`)}`,
  );
}

/** The assignments of these walks, newest first, with the canvasser's name. */
export async function assignmentsOfWalks(db: Executor, walkIds: string[]) {
  if (walkIds.length === 0) return [];
  return db
    .select({
      id: walkAssignments.id,
      walkId: walkAssignments.walkId,
      memberId: walkAssignments.memberId,
      name: members.name,
      expiresAt: walkAssignments.expiresAt,
      revokedAt: walkAssignments.revokedAt,
    })
    .from(walkAssignments)
    .innerJoin(members, eq(members.id, walkAssignments.memberId))
    .where(inArray(walkAssignments.walkId, walkIds))
    .orderBy(desc(walkAssignments.createdAt));
}

export async function walkById(db: Executor, id: string) {
  const [walk] = await db.select().from(walks).where(eq(walks.id, id));
  return walk ?? null;
}

export async function insertAssignment(
  db: Executor,
  row: typeof walkAssignments.$inferInsert,
): Promise<void> {
  await db.insert(walkAssignments).values(row);
}

export async function assignmentById(db: Executor, id: string) {
  const [a] = await db.select().from(walkAssignments).where(eq(walkAssignments.id, id));
  return a ?? null;
}

/** Revokes an assignment (once: a revoked one keeps its first time). */
export async function revokeAssignmentRow(db: Executor, id: string): Promise<void> {
  await db
    .update(walkAssignments)
    .set({ revokedAt: new Date() })
    .where(and(eq(walkAssignments.id, id), isNull(walkAssignments.revokedAt)));
}

export interface SheetElector {
  id: string;
  door: number;
  electorNumber: string;
  name: string;
  address: string;
  flat: string;
}

/** A walk's electors (or the one asked for) in walking order, with only what the doorstep needs. */
export async function walkElectorsOf(
  db: Audited,
  walkId: string,
  electorId?: string,
): Promise<SheetElector[]> {
  const only = electorId === undefined ? sql`` : sql` and we.elector_id = ${electorId}`;
  const rows = await queryRows<ElectorNameRow & { door: number; flat: string }>(
    db,
    sql`select e.id, we.door, e.district, e.number, e.suffix, e.forename, e.surname, e.address, e.postcode, e.flat
        from walk_electors we join electors e on e.id = we.elector_id
        where we.walk_id = ${walkId} and e.removed_at is null${only} order by we.position`,
  );
  return rows.map((r) => ({ ...presentElector(r), door: r.door, flat: r.flat }));
}
