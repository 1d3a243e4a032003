/** Members' own requests to be erased: made, listed for data officers, decided. */
import { and, desc, eq, sql } from 'drizzle-orm';
import type { Executor } from '../db/client.ts';
import { branches, erasureRequests, members } from '../db/schema/index.ts';
import { pathWithinAny } from '../core/branch-tree.repo.ts';

/** Opens a request; false if the member has one open already. */
export async function insertRequest(db: Executor, id: string, memberId: string): Promise<boolean> {
  const rows = await db
    .insert(erasureRequests)
    .values({ id, memberId })
    .onConflictDoNothing()
    .returning({ id: erasureRequests.id });
  return rows.length > 0;
}

export async function latestRequestOf(db: Executor, memberId: string) {
  const [row] = await db
    .select()
    .from(erasureRequests)
    .where(eq(erasureRequests.memberId, memberId))
    .orderBy(desc(erasureRequests.requestedAt))
    .limit(1);
  return row;
}

export async function requestById(db: Executor, id: string) {
  const [row] = await db.select().from(erasureRequests).where(eq(erasureRequests.id, id));
  return row;
}

/** Open requests of members whose home ward is under any of these paths, oldest first. */
export async function openRequestsWithin(db: Executor, paths: string[]) {
  return db
    .select({
      request: erasureRequests,
      memberName: members.name,
      ward: branches.name,
    })
    .from(erasureRequests)
    .innerJoin(members, eq(members.id, erasureRequests.memberId))
    .innerJoin(branches, eq(branches.id, members.homeWardId))
    .where(and(eq(erasureRequests.status, 'pending'), pathWithinAny(branches.path, paths)))
    .orderBy(erasureRequests.requestedAt);
}

/** Closes an open request; false if it was no longer open (decided by someone else meanwhile). */
export async function decideRequest(
  db: Executor,
  id: string,
  decision: { status: 'erased' | 'declined'; by: string; reason: string | null },
): Promise<boolean> {
  const rows = await db
    .update(erasureRequests)
    .set({ status: decision.status, decidedBy: decision.by, reason: decision.reason, decidedAt: sql`now()` })
    .where(and(eq(erasureRequests.id, id), eq(erasureRequests.status, 'pending')))
    .returning({ id: erasureRequests.id });
  return rows.length > 0;
}
