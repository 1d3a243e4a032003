/**
 * Targeting and walks, for organisers: segments over the register (counted before they are saved), walks cut
 * from a segment in walking order, assignments of walks to canvassers that expire, and the paper walk sheet.
 */
import type { ServiceContext } from '../lib/context.ts';
import { newId } from '../lib/ids.ts';
import { audited } from '../core/audited.ts';
import { memberById } from '../members/index.ts';
import type { Actor } from '../core/permissions.ts';
import { AppError, notFound } from '../core/errors.ts';
import { branchFor } from './access.ts';
import type { SegmentFilter } from '../contract/canvass.ts';
import {
  countByDistrict,
  insertSegment,
  segmentById,
  segmentsWithin,
  setSegmentScript,
  walkablesOf,
} from './segment.repo.ts';
import { cutWalks } from './walk-order.ts';
import {
  assignmentById,
  assignmentsOfWalks,
  deleteUnusedWalks,
  insertAssignment,
  revokeAssignmentRow,
  storeWalks,
  walkById,
  walksWithin,
} from './walk.repo.ts';

export { storeWalks, walkablesOf };
export { walkSheet } from './walk-sheet.ts';
import { isWithin } from '../core/branch-tree.ts';

/** How many electors and doors a filter finds, overall and by polling district: shown before saving. */
export async function countSegment(
  ctx: ServiceContext,
  actor: Actor,
  branchId: string,
  filter: SegmentFilter,
) {
  const branch = await branchFor(ctx.db, actor, branchId, 'canvass.organise');
  const byDistrict = await countByDistrict(ctx.db, branch.path, filter);
  return {
    electors: byDistrict.reduce((s, d) => s + d.electors, 0),
    doors: byDistrict.reduce((s, d) => s + d.doors, 0),
    byDistrict,
  };
}

export async function saveSegment(
  ctx: ServiceContext,
  actor: Actor,
  branchId: string,
  body: { name: string; filter: SegmentFilter; script?: string | null | undefined },
) {
  const counted = await countSegment(ctx, actor, branchId, body.filter);
  const id = newId();
  const script = body.script ?? null;
  await insertSegment(ctx.db, {
    id,
    branchId,
    name: body.name,
    filter: body.filter,
    script,
    electors: counted.electors,
    createdBy: actor.memberId,
  });
  return { id, name: body.name, filter: body.filter, script, ...counted };
}

/** Sets (or clears, with null) the script canvassers of the segment's walks see at the door. */
export async function changeScript(
  ctx: ServiceContext,
  actor: Actor,
  segmentId: string,
  script: string | null,
) {
  const { segment } = await segmentFor(ctx, actor, segmentId);
  await audited(ctx.db, async (tx, record) => {
    await setSegmentScript(tx, segment.id, script);
    record([
      {
        actorId: actor.memberId,
        action: 'change',
        subjectType: 'segment',
        subjectId: segment.id,
        branchId: segment.branchId,
        detail: { script: script === null ? 'cleared' : `${script.length} characters` },
      },
    ]);
  });
  return { id: segment.id, script };
}

export async function listSegments(ctx: ServiceContext, actor: Actor, branchId: string) {
  const branch = await branchFor(ctx.db, actor, branchId, 'canvass.organise');
  const rows = await segmentsWithin(ctx.db, branch.path);
  return { segments: rows };
}

async function segmentFor(ctx: ServiceContext, actor: Actor, id: string) {
  const segment = await segmentById(ctx.db, id);
  if (!segment) throw notFound('Segment');
  const branch = await branchFor(ctx.db, actor, segment.branchId, 'canvass.organise');
  return { segment, branch };
}

/**
 * Cuts the segment's electors (as they are now) into walks of about `doorsPerWalk` doors. Walks of the
 * segment cut before, never assigned and with no records, are replaced.
 */
export async function cutSegment(ctx: ServiceContext, actor: Actor, segmentId: string, doorsPerWalk: number) {
  const { segment, branch } = await segmentFor(ctx, actor, segmentId);
  const walkables = await walkablesOf(ctx.db, branch.path, segment.filter);
  const cut = cutWalks(walkables, doorsPerWalk);
  const created = await ctx.db.transaction(async (tx) => {
    await deleteUnusedWalks(tx, segment.id);
    return storeWalks(tx, segment.branchId, segment.id, cut);
  });
  return {
    walks: created.map((c) => ({
      id: c.id,
      name: c.name,
      doors: c.walk.doors,
      electors: c.walk.electors.length,
    })),
    electors: walkables.length,
  };
}

/** The walks of a branch with their progress and assignments. */
export async function listWalks(ctx: ServiceContext, actor: Actor, branchId: string) {
  const branch = await branchFor(ctx.db, actor, branchId, 'canvass.organise');
  const rows = await walksWithin(ctx.db, branch.path);
  const assignments = await assignmentsOfWalks(
    ctx.db,
    rows.map((r) => r.id),
  );
  const now = Date.now();
  return {
    walks: rows.map((w) => ({
      ...w,
      assignments: assignments
        .filter((a) => a.walkId === w.id)
        .map((a) => ({
          id: a.id,
          memberId: a.memberId,
          name: a.name,
          expiresAt: a.expiresAt.toISOString(),
          live: !a.revokedAt && a.expiresAt.getTime() > now,
        })),
    })),
  };
}

/** The walk, if the actor runs canvassing in its branch. */
export async function walkFor(ctx: ServiceContext, actor: Actor, walkId: string) {
  const walk = await walkById(ctx.db, walkId);
  if (!walk) throw notFound('Walk');
  const branch = await branchFor(ctx.db, actor, walk.branchId, 'canvass.organise');
  return { walk, branch };
}

/** Assigns a walk to a member of the branch for `hours`; the assignment is their only way to its electors. */
export async function assignWalk(
  ctx: ServiceContext,
  actor: Actor,
  walkId: string,
  body: { memberId: string; hours: number },
) {
  const { walk, branch } = await walkFor(ctx, actor, walkId);
  const member = await memberById(ctx.db, body.memberId);
  if (!member || member.status !== 'active') throw notFound('Member');
  if (!isWithin(member.wardPath, branch.path))
    throw new AppError('VALIDATION_FAILED', 'Walks go to members of the branch', [
      { field: 'memberId', message: `is not a member of ${branch.name}` },
    ]);
  const id = newId();
  const expiresAt = new Date(Date.now() + body.hours * 3_600_000);
  await audited(ctx.db, async (tx, record) => {
    await insertAssignment(tx, {
      id,
      walkId: walk.id,
      memberId: member.id,
      assignedBy: actor.memberId,
      expiresAt,
    });
    record([
      {
        actorId: actor.memberId,
        action: 'create',
        subjectType: 'walk_assignment',
        subjectId: id,
        branchId: walk.branchId,
        detail: { walk: walk.id, member: member.id, hours: body.hours },
      },
    ]);
  });
  return {
    id,
    walkId: walk.id,
    memberId: member.id,
    name: member.name,
    expiresAt: expiresAt.toISOString(),
    live: true,
  };
}

export async function revokeAssignment(ctx: ServiceContext, actor: Actor, assignmentId: string) {
  const a = await assignmentById(ctx.db, assignmentId);
  if (!a) throw notFound('Assignment');
  const { walk } = await walkFor(ctx, actor, a.walkId);
  await audited(ctx.db, async (tx, record) => {
    await revokeAssignmentRow(tx, a.id);
    record([
      {
        actorId: actor.memberId,
        action: 'change',
        subjectType: 'walk_assignment',
        subjectId: a.id,
        branchId: walk.branchId,
        detail: { revoked: true },
      },
    ]);
  });
  return { id: a.id, live: false };
}
