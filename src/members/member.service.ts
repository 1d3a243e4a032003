/**
 * The rules for members: the directory, profiles, roles, subject-access export and erasure.
 * Services never see HTTP; they receive the actor and validated input and throw AppError.
 */
import type { z } from 'zod';
import { clearBudgets } from '../core/budgets.repo.ts';
import { emailKey } from '../core/budget-keys.ts';
import type { ServiceContext } from '../lib/context.ts';
import { newId } from '../lib/ids.ts';
import { AppError, forbidden, notFound } from '../core/errors.ts';
import { auditAboutSubject } from '../core/audit.repo.ts';
import { audited } from '../core/audited.ts';
import { branchById } from './branch.repo.ts';
import * as repo from './member.repo.ts';
import { presentMember, type MemberView } from './member.presenter.ts';
import type { directoryQuery, roleBody, updateMemberBody, updateSelfBody } from '../contract/members.ts';
import { can, canGrant, isSelf, scopeOf, type Actor } from '../core/permissions.ts';

export interface Page<T> {
  items: T[];
  page: number;
  pageSize: number;
  total: number;
}

export async function listDirectory(
  ctx: ServiceContext,
  actor: Actor,
  query: z.infer<typeof directoryQuery>,
): Promise<Page<MemberView>> {
  const scopePaths = scopeOf(actor, 'members.list');
  if (scopePaths.length === 0) throw forbidden('Only organisers and data officers can list members');
  let branchPath: string | undefined;
  let branchId: string | null = null;
  if (query.branch) {
    const branch = await branchById(ctx.db, query.branch);
    if (!branch) throw notFound('Branch');
    if (!can(actor, 'members.list', branch.path))
      throw forbidden('You cannot list the members of that branch');
    branchPath = branch.path;
    branchId = branch.id;
  }
  const { rows, total } = await audited(ctx.db, async (tx, record) => {
    const found = await repo.listMembers(tx, {
      scopePaths,
      ...(branchPath ? { branchPath } : {}),
      ...(query.q ? { q: query.q } : {}),
      offset: (query.page - 1) * query.pageSize,
      limit: query.pageSize,
    });
    record({
      actorId: actor.memberId,
      action: 'view',
      subjectType: 'member-directory',
      branchId:
        branchId ?? actor.assignments.find((a) => scopePaths.includes(a.branchPath))?.branchId ?? null,
      detail: { count: found.rows.length, page: query.page, memberIds: found.rows.map((r) => r.id) },
    });
    return found;
  });
  return {
    items: rows.map((r) => presentMember(r, actor)),
    page: query.page,
    pageSize: query.pageSize,
    total,
  };
}

/** Loads a member the actor may see, or NOT_FOUND: the answer never tells whether others exist. */
async function visibleMember(ctx: ServiceContext, actor: Actor, id: string): Promise<repo.MemberWithWard> {
  const m = await repo.memberById(ctx.db, id);
  if (!m || m.status === 'erased' || !(isSelf(actor, id) || can(actor, 'members.list', m.wardPath))) {
    throw notFound('Member');
  }
  return m;
}

export async function getMember(ctx: ServiceContext, actor: Actor, id: string) {
  const m = await visibleMember(ctx, actor, id);
  // A member reading their own record (every page asks, as /api/me) is not audited: no transaction for it.
  const roles = isSelf(actor, id)
    ? await repo.assignmentsOf(ctx.db, id)
    : await audited(ctx.db, (tx, record) => {
        record({
          actorId: actor.memberId,
          action: 'view',
          subjectType: 'member',
          subjectId: id,
          branchId: m.homeWardId,
        });
        return repo.assignmentsOf(tx, id);
      });
  return {
    member: presentMember(m, actor),
    roles: roles.map((r) => ({ role: r.role, branch: { id: r.branchId, name: r.branchName } })),
    /** Only the member's own choice of language is theirs to see. */
    language: isSelf(actor, id) ? m.language : null,
  };
}

export async function updateSelf(ctx: ServiceContext, actor: Actor, body: z.infer<typeof updateSelfBody>) {
  await audited(ctx.db, async (tx, record) => {
    await repo.updateMember(tx, actor.memberId, body);
    record({
      actorId: actor.memberId,
      action: 'change',
      subjectType: 'member',
      subjectId: actor.memberId,
      branchId: actor.homeWardId,
      detail: { fields: Object.keys(body) },
    });
  });
  return getMember(ctx, actor, actor.memberId);
}

export async function updateMember(
  ctx: ServiceContext,
  actor: Actor,
  id: string,
  body: z.infer<typeof updateMemberBody>,
) {
  const m = await visibleMember(ctx, actor, id);
  if (!can(actor, 'members.edit', m.wardPath)) throw forbidden('You cannot change this member');
  if (body.homeWardId) {
    const ward = await branchById(ctx.db, body.homeWardId);
    if (!ward || ward.kind !== 'ward') {
      throw new AppError('VALIDATION_FAILED', 'The new home ward is not a ward', [
        { field: 'homeWardId', message: 'must be a ward' },
      ]);
    }
    if (!can(actor, 'members.edit', ward.path)) throw forbidden('You cannot move members into that ward');
  }
  await audited(ctx.db, async (tx, record) => {
    await repo.updateMember(tx, id, body);
    record({
      actorId: actor.memberId,
      action: 'change',
      subjectType: 'member',
      subjectId: id,
      branchId: m.homeWardId,
      detail: { fields: Object.keys(body) },
    });
  });
  ctx.state.actors.clear();
  return getMember(ctx, actor, id);
}

export async function grantRole(
  ctx: ServiceContext,
  actor: Actor,
  memberId: string,
  body: z.infer<typeof roleBody>,
) {
  const [m, branch] = await Promise.all([
    repo.memberById(ctx.db, memberId),
    branchById(ctx.db, body.branchId),
  ]);
  // Someone who may not see the member learns nothing, not even that they exist: the same 404 as a
  // missing id. Only those who can see them are told what they may not grant.
  if (!m || m.status === 'erased' || !can(actor, 'members.list', m.wardPath)) throw notFound('Member');
  if (!branch) throw notFound('Branch');
  if (!canGrant(actor, body.role, branch.path))
    throw forbidden(`You cannot grant ${body.role} at ${branch.name}`);
  await audited(ctx.db, async (tx, record) => {
    const added = await repo.addAssignment(tx, { id: newId(), memberId, ...body, grantedBy: actor.memberId });
    if (!added) record.nothing('the member holds the role already');
    else
      record({
        actorId: actor.memberId,
        action: 'change',
        subjectType: 'role',
        subjectId: memberId,
        branchId: branch.id,
        detail: { granted: body.role },
      });
  });
  ctx.state.actors.clear();
  return getMember(ctx, actor, memberId);
}

export async function revokeRole(
  ctx: ServiceContext,
  actor: Actor,
  memberId: string,
  body: z.infer<typeof roleBody>,
) {
  const [m, branch] = await Promise.all([
    repo.memberById(ctx.db, memberId),
    branchById(ctx.db, body.branchId),
  ]);
  if (!m || m.status === 'erased' || !can(actor, 'members.list', m.wardPath)) throw notFound('Member');
  if (!branch) throw notFound('Branch');
  if (!canGrant(actor, body.role, branch.path))
    throw forbidden(`You cannot remove ${body.role} at ${branch.name}`);
  if (body.role === 'admin' && memberId === actor.memberId) {
    throw new AppError('OWN_ADMIN_ROLE', 'You cannot remove your own admin role; ask another admin');
  }
  await audited(ctx.db, async (tx, record) => {
    if (!(await repo.removeAssignment(tx, memberId, body.role, body.branchId)))
      throw notFound('Role assignment');
    record({
      actorId: actor.memberId,
      action: 'change',
      subjectType: 'role',
      subjectId: memberId,
      branchId: branch.id,
      detail: { revoked: body.role },
    });
  });
  ctx.state.actors.clear();
  return getMember(ctx, actor, memberId);
}

/** The domains' parts of an export, as one object. */
function merged(parts: Record<string, unknown>[]): Record<string, unknown> {
  const all: Record<string, unknown> = {};
  for (const part of parts) Object.assign(all, part);
  return all;
}

/**
 * Everything held about one member, as one JSON document (a subject-access export): their record and
 * access log, and what each domain contributes (`ctx.personalData`).
 */
export async function exportMemberData(ctx: ServiceContext, actor: Actor, memberId: string) {
  const m = await repo.memberById(ctx.db, memberId);
  if (!m || m.status === 'erased') throw notFound('Member');
  if (!isSelf(actor, memberId) && !can(actor, 'members.export', m.wardPath)) throw notFound('Member');
  const subject = { memberId, userId: m.userId, email: m.email };
  const [accessLog, ...contributed] = await audited(ctx.db, async (tx, record) => {
    // The log of who looked at this member is read before this export is recorded in it.
    const parts = await Promise.all([
      auditAboutSubject(tx, [memberId]),
      ...ctx.personalData.map((c) => c.exportFor(tx, subject)),
    ]);
    record({
      actorId: actor.memberId,
      action: 'export',
      subjectType: 'member',
      subjectId: memberId,
      branchId: m.homeWardId,
    });
    return parts;
  });
  return {
    exportedAt: new Date().toISOString(),
    member: {
      id: m.id,
      name: m.name,
      email: m.email,
      phone: m.phone,
      homeWard: { id: m.homeWardId, name: m.wardName },
      joinedOn: m.joinedOn,
      status: m.status,
      language: m.language,
      createdAt: m.createdAt,
      updatedAt: m.updatedAt,
    },
    accessLog,
    ...merged(contributed),
  };
}

/**
 * Erases a member: personal data is removed everywhere (identity, sessions, passkeys, contact details,
 * invitations and mail addressed to them); the pseudonymous member id stays so contributions remain
 * without a link to the person.
 */
export async function eraseMember(ctx: ServiceContext, actor: Actor, memberId: string): Promise<void> {
  const m = await repo.memberById(ctx.db, memberId);
  if (!m || m.status === 'erased') throw notFound('Member');
  if (!can(actor, 'members.erase', m.wardPath)) {
    // Someone who cannot even see the member learns nothing about whether they exist.
    throw can(actor, 'members.list', m.wardPath)
      ? forbidden('Only a data officer can erase a member')
      : notFound('Member');
  }
  const subject = { memberId, userId: m.userId, email: m.email };
  await audited(ctx.db, async (tx, record) => {
    // What each domain holds, removed or unlinked; then the record itself.
    for (const contribution of ctx.personalData) await contribution.erase(tx, subject);
    if (m.email) {
      const key = emailKey(ctx.config.authSecret, m.email);
      await clearBudgets(tx, [`send:${key}`, `guess:${key}`]);
    }
    await repo.eraseMember(tx, m);
    record([
      {
        actorId: actor.memberId,
        action: 'erase',
        subjectType: 'member',
        subjectId: memberId,
        branchId: m.homeWardId,
      },
    ]);
  });
  ctx.state.actors.clear();
}
