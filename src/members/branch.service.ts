import type { BranchKind } from '../contract/vocabulary.ts';
import type { z } from 'zod';
import type { ServiceContext } from '../lib/context.ts';
import { newId } from '../lib/ids.ts';
import { AppError, forbidden, notFound } from '../core/errors.ts';
import { audited } from '../core/audited.ts';
import { allBranches, branchByCode, branchById, insertBranch, memberCountsByBranch } from './branch.repo.ts';
import type { createBranchBody } from '../contract/members.ts';
import { can, type Actor } from '../core/permissions.ts';
import { BRANCH_KINDS } from '../db/schema/index.ts';

export interface BranchNode {
  id: string;
  parentId: string | null;
  kind: BranchKind;
  name: string;
  code: string;
  /** Present only where the viewer may list that branch's members. */
  memberCount?: number;
  canInvite: boolean;
  canListMembers: boolean;
}

/** The whole branch tree (names are public within the party); counts only where the viewer may list. */
export async function branchTree(ctx: ServiceContext, actor: Actor): Promise<BranchNode[]> {
  const [rows, counts] = await Promise.all([allBranches(ctx.db), memberCountsByBranch(ctx.db)]);
  return rows.map((b) => {
    const canList = can(actor, 'members.list', b.path);
    return {
      id: b.id,
      parentId: b.parentId,
      kind: b.kind,
      name: b.name,
      code: b.code,
      ...(canList ? { memberCount: counts.get(b.id) ?? 0 } : {}),
      canInvite: b.kind === 'ward' && can(actor, 'members.invite', b.path),
      canListMembers: canList,
    };
  });
}

export async function createBranch(
  ctx: ServiceContext,
  actor: Actor,
  body: z.infer<typeof createBranchBody>,
) {
  const parent = await branchById(ctx.db, body.parentId);
  if (!parent) throw notFound('Parent branch');
  if (!can(actor, 'branches.manage', parent.path)) throw forbidden('Only admins can add branches');
  const kind = BRANCH_KINDS[BRANCH_KINDS.indexOf(parent.kind) + 1];
  if (!kind)
    throw new AppError('VALIDATION_FAILED', 'A ward has no branches below it', [
      { field: 'parentId', message: 'is a ward' },
    ]);
  if (await branchByCode(ctx.db, body.code))
    throw new AppError('CODE_TAKEN', `The code ${body.code} is taken`);
  const row = await audited(ctx.db, async (tx, record) => {
    const made = await insertBranch(tx, { id: newId(), parent, kind, name: body.name, code: body.code });
    record({
      actorId: actor.memberId,
      action: 'create',
      subjectType: 'branch',
      subjectId: made.id,
      branchId: made.id,
    });
    return made;
  });
  return { id: row.id, parentId: row.parentId, kind: row.kind, name: row.name, code: row.code };
}
