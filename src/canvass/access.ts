/**
 * Who reaches what in Doorstep. Organisers, importers and data officers reach a branch and everything below
 * it through their roles (`branchFor`, `inBranchTree`); a canvasser reaches a walk's electors only through
 * their own live assignment (`liveWalkFor`), and anything else is "not found", so ids cannot be probed.
 */
import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import type { Executor } from '../db/client.ts';
import { branches, walkAssignments, walks } from '../db/schema/index.ts';
import type { ServiceContext } from '../lib/context.ts';
import { branchById, type BranchRow } from '../members/index.ts';
import { can, type Actor, type Permission } from '../core/permissions.ts';
import { forbidden, notFound } from '../core/errors.ts';

/** The branch, if the actor holds any of the permissions there (through a role there or above). */
export async function branchFor(
  db: Executor,
  actor: Actor,
  branchId: string,
  permission: Permission | Permission[],
): Promise<BranchRow> {
  const branch = await branchById(db, branchId);
  if (!branch) throw notFound('Branch');
  const wanted = Array.isArray(permission) ? permission : [permission];
  if (!wanted.some((p) => can(actor, p, branch.path)))
    throw forbidden('You do not run canvassing in that branch');
  return branch;
}

/** The canvasser's live assignment for a walk: the walk, its branch's path and when the assignment ends. */
export async function liveWalkFor(ctx: ServiceContext, actor: Actor, walkId: string) {
  const [row] = await ctx.db
    .select({ walk: walks, branchPath: branches.path, expiresAt: walkAssignments.expiresAt })
    .from(walkAssignments)
    .innerJoin(walks, eq(walks.id, walkAssignments.walkId))
    .innerJoin(branches, eq(branches.id, walks.branchId))
    .where(
      and(
        eq(walkAssignments.walkId, walkId),
        eq(walkAssignments.memberId, actor.memberId),
        isNull(walkAssignments.revokedAt),
        sql`${walkAssignments.expiresAt} > now()`,
      ),
    )
    .orderBy(desc(walkAssignments.expiresAt))
    .limit(1);
  if (!row) throw notFound('Walk');
  return row;
}
