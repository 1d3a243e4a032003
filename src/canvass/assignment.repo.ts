/** Queries of walk assignments: a canvasser's way to a walk's electors. */
import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import type { Executor } from '../db/client.ts';
import { branches, walkAssignments, walks } from '../db/schema/index.ts';

/** The member's live (not revoked, not expired) assignment to a walk, latest first: the walk and its branch. */
export async function liveAssignment(db: Executor, memberId: string, walkId: string) {
  const [row] = await db
    .select({ walk: walks, branchPath: branches.path, expiresAt: walkAssignments.expiresAt })
    .from(walkAssignments)
    .innerJoin(walks, eq(walks.id, walkAssignments.walkId))
    .innerJoin(branches, eq(branches.id, walks.branchId))
    .where(
      and(
        eq(walkAssignments.walkId, walkId),
        eq(walkAssignments.memberId, memberId),
        isNull(walkAssignments.revokedAt),
        sql`${walkAssignments.expiresAt} > now()`,
      ),
    )
    .orderBy(desc(walkAssignments.expiresAt))
    .limit(1);
  return row ?? null;
}
