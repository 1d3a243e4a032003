/**
 * Who reaches what in Doorstep. Organisers, importers and data officers reach a branch and everything below
 * it through their roles (`branchFor`); a canvasser reaches a walk's electors only through
 * their own live assignment (`liveWalkFor`), and anything else is "not found", so ids cannot be probed.
 */
import type { Executor } from '../db/client.ts';
import type { ServiceContext } from '../lib/context.ts';
import { branchById, type BranchRow } from '../members/index.ts';
import { can, type Actor, type Permission } from '../core/permissions.ts';
import { forbidden, notFound } from '../core/errors.ts';
import { liveAssignment } from './assignment.repo.ts';

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
  const row = await liveAssignment(ctx.db, actor.memberId, walkId);
  if (!row) throw notFound('Walk');
  return row;
}
