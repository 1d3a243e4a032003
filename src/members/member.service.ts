/**
 * The rules for members: the directory, profiles, roles, subject-access export and erasure.
 * Services never see HTTP; they receive the actor and validated input and throw AppError.
 */
import { eq, inArray, or, sql } from 'drizzle-orm';
import type { z } from 'zod';
import { queryRows } from '../db/client.ts';
import {
  canvassSessions,
  clauses,
  conversations,
  invitations,
  mailOutbox,
  manifestos,
  participants,
  passkey,
  priorityComparisons,
  session,
  sessionSignups,
  statements,
  verification,
  votes,
} from '../db/schema/index.ts';
import { clearBudgets } from '../core/budgets.repo.ts';
import { emailKey } from '../core/budget-keys.ts';
import type { ServiceContext } from '../lib/context.ts';
import { clearActorCache } from './actor-cache.ts';
import { newId } from '../lib/ids.ts';
import { AppError, forbidden, notFound } from '../core/errors.ts';
import { auditAboutSubject, audit } from '../core/audit.repo.ts';
import { branchById } from './branch.repo.ts';
import * as repo from './member.repo.ts';
import { presentMember, type MemberView } from './member.presenter.ts';
import type { directoryQuery, roleBody, updateMemberBody, updateSelfBody } from './member.schema.ts';
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
  const { rows, total } = await repo.listMembers(ctx.db, {
    scopePaths,
    ...(branchPath ? { branchPath } : {}),
    ...(query.q ? { q: query.q } : {}),
    offset: (query.page - 1) * query.pageSize,
    limit: query.pageSize,
  });
  await audit(ctx.db, [
    {
      actorId: actor.memberId,
      action: 'view',
      subjectType: 'member-directory',
      branchId:
        branchId ?? actor.assignments.find((a) => scopePaths.includes(a.branchPath))?.branchId ?? null,
      detail: { count: rows.length, page: query.page, memberIds: rows.map((r) => r.id) },
    },
  ]);
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
  const roles = await repo.assignmentsOf(ctx.db, id);
  if (!isSelf(actor, id)) {
    await audit(ctx.db, [
      {
        actorId: actor.memberId,
        action: 'view',
        subjectType: 'member',
        subjectId: id,
        branchId: m.homeWardId,
      },
    ]);
  }
  return {
    member: presentMember(m, actor),
    roles: roles.map((r) => ({ role: r.role, branch: { id: r.branchId, name: r.branchName } })),
  };
}

export async function updateSelf(ctx: ServiceContext, actor: Actor, body: z.infer<typeof updateSelfBody>) {
  await repo.updateMember(ctx.db, actor.memberId, body);
  await audit(ctx.db, [
    {
      actorId: actor.memberId,
      action: 'change',
      subjectType: 'member',
      subjectId: actor.memberId,
      branchId: actor.homeWardId,
      detail: { fields: Object.keys(body) },
    },
  ]);
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
  await repo.updateMember(ctx.db, id, body);
  clearActorCache();
  await audit(ctx.db, [
    {
      actorId: actor.memberId,
      action: 'change',
      subjectType: 'member',
      subjectId: id,
      branchId: m.homeWardId,
      detail: { fields: Object.keys(body) },
    },
  ]);
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
  clearActorCache();
  const added = await repo.addAssignment(ctx.db, {
    id: newId(),
    memberId,
    ...body,
    grantedBy: actor.memberId,
  });
  if (added) {
    await audit(ctx.db, [
      {
        actorId: actor.memberId,
        action: 'change',
        subjectType: 'role',
        subjectId: memberId,
        branchId: branch.id,
        detail: { granted: body.role },
      },
    ]);
  }
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
  const removed = await repo.removeAssignment(ctx.db, memberId, body.role, body.branchId);
  clearActorCache();
  if (!removed) throw notFound('Role assignment');
  await audit(ctx.db, [
    {
      actorId: actor.memberId,
      action: 'change',
      subjectType: 'role',
      subjectId: memberId,
      branchId: branch.id,
      detail: { revoked: body.role },
    },
  ]);
  return getMember(ctx, actor, memberId);
}

/** Everything held about one member, as one JSON document (a subject-access export). */
export async function exportMemberData(ctx: ServiceContext, actor: Actor, memberId: string) {
  const m = await repo.memberById(ctx.db, memberId);
  if (!m || m.status === 'erased') throw notFound('Member');
  if (!isSelf(actor, memberId) && !can(actor, 'members.export', m.wardPath)) throw notFound('Member');
  const [roles, sent, received, sessions, keys, accessLog] = await Promise.all([
    repo.assignmentsOf(ctx.db, memberId),
    ctx.db
      .select({
        email: invitations.email,
        createdAt: invitations.createdAt,
        acceptedAt: invitations.acceptedAt,
      })
      .from(invitations)
      .where(eq(invitations.invitedBy, memberId)),
    ctx.db
      .select({
        createdAt: invitations.createdAt,
        acceptedAt: invitations.acceptedAt,
        invitedBy: invitations.invitedBy,
      })
      .from(invitations)
      .where(eq(invitations.acceptedMemberId, memberId)),
    m.userId
      ? ctx.db
          .select({
            createdAt: session.createdAt,
            expiresAt: session.expiresAt,
            userAgent: session.userAgent,
          })
          .from(session)
          .where(eq(session.userId, m.userId))
      : Promise.resolve([]),
    m.userId
      ? ctx.db
          .select({ name: passkey.name, createdAt: passkey.createdAt, deviceType: passkey.deviceType })
          .from(passkey)
          .where(eq(passkey.userId, m.userId))
      : Promise.resolve([]),
    auditAboutSubject(ctx.db, [memberId]),
  ]);
  // What they gave in Common Ground and the Manifesto: their own votes, statements and answers.
  const [commonGroundVotes, commonGroundStatements, priorityAnswers, canvassSignups] = await Promise.all([
    queryRows<{ conversation: string; statement: string; value: number; voted_at: Date | string }>(
      ctx.db,
      sql`select c.title as conversation, s.text as statement, v.value, v.voted_at
          from ${participants} p
          join ${conversations} c on c.id = p.conversation_id
          join ${votes} v on v.participant_id = p.id
          join ${statements} s on s.id = v.statement_id
          where p.member_id = ${memberId} order by v.voted_at`,
    ),
    queryRows<{ conversation: string; text: string; status: string; reject_reason: string | null }>(
      ctx.db,
      sql`select c.title as conversation, s.text, s.status, s.reject_reason
          from ${participants} p
          join ${conversations} c on c.id = p.conversation_id
          join ${statements} s on s.author_id = p.id
          where p.member_id = ${memberId} order by s.created_at`,
    ),
    queryRows<{ manifesto: string; preferred: string; over: string; at: Date | string }>(
      ctx.db,
      sql`select m.title as manifesto, w.text as preferred, l.text as over, pc.created_at as at
          from ${priorityComparisons} pc
          join ${manifestos} m on m.id = pc.manifesto_id
          join ${clauses} w on w.id = pc.winner_id
          join ${clauses} l on l.id = pc.loser_id
          where pc.member_id = ${memberId} order by pc.created_at`,
    ),
    queryRows<{
      title: string;
      starts_at: Date | string;
      meeting_point: string;
      name: string;
      email: string;
      signed_up: Date | string;
    }>(
      ctx.db,
      sql`select cs.title, cs.starts_at, cs.meeting_point, su.name, su.email, su.created_at as signed_up
          from ${sessionSignups} su join ${canvassSessions} cs on cs.id = su.session_id
          where su.member_id = ${memberId} ${m.email ? sql`or su.email = ${m.email}` : sql``}
          order by su.created_at`,
    ),
  ]);
  await audit(ctx.db, [
    {
      actorId: actor.memberId,
      action: 'export',
      subjectType: 'member',
      subjectId: memberId,
      branchId: m.homeWardId,
    },
  ]);
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
      createdAt: m.createdAt,
      updatedAt: m.updatedAt,
    },
    roles: roles.map((r) => ({ role: r.role, branch: r.branchName })),
    invitationsSent: sent,
    invitationsAccepted: received,
    sessions,
    passkeys: keys,
    accessLog,
    canvassSessions: canvassSignups.map((c) => ({
      session: c.title,
      startsAt: new Date(c.starts_at).toISOString(),
      meetingPoint: c.meeting_point,
      signedUpAs: { name: c.name, email: c.email },
      signedUpAt: new Date(c.signed_up).toISOString(),
    })),
    manifestoPriorities: priorityAnswers.map((a) => ({
      manifesto: a.manifesto,
      preferred: a.preferred,
      over: a.over,
      at: new Date(a.at).toISOString(),
    })),
    commonGround: {
      votes: commonGroundVotes.map((v) => ({
        conversation: v.conversation,
        statement: v.statement,
        vote: v.value === 1 ? 'agree' : v.value === -1 ? 'disagree' : 'pass',
        votedAt: new Date(v.voted_at).toISOString(),
      })),
      statements: commonGroundStatements.map((st) => ({
        conversation: st.conversation,
        text: st.text,
        status: st.status,
        reason: st.reject_reason,
      })),
    },
  };
}

/** Better Auth's one-time-code kinds; it names a waiting code `<kind>-otp-<email>`. */
const OTP_TYPES = ['sign-in', 'email-verification', 'forget-password', 'change-email'] as const;

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
  await ctx.db.transaction(async (tx) => {
    if (m.email) {
      await tx.delete(mailOutbox).where(eq(mailOutbox.to, m.email));
      await tx
        .delete(invitations)
        .where(or(eq(invitations.email, m.email), eq(invitations.acceptedMemberId, memberId)));
      // Sign-in codes waiting for the address (Better Auth names them by it), and its sign-in budgets.
      const email = m.email;
      await tx.delete(verification).where(
        inArray(
          verification.identifier,
          OTP_TYPES.map((type) => `${type}-otp-${email}`),
        ),
      );
      const key = emailKey(ctx.config.authSecret, m.email);
      await clearBudgets(tx, [`send:${key}`, `guess:${key}`]);
    }
    // Canvass sessions they signed up for, as a member or on the public page with their address.
    await tx
      .delete(sessionSignups)
      .where(
        m.email
          ? or(eq(sessionSignups.memberId, memberId), eq(sessionSignups.email, m.email))
          : eq(sessionSignups.memberId, memberId),
      );
    await repo.eraseMember(tx, m);
    // Their "which matters more?" answers stay in the totals, unlinked.
    await tx
      .update(priorityComparisons)
      .set({ memberId: null })
      .where(eq(priorityComparisons.memberId, memberId));
    await audit(tx, [
      {
        actorId: actor.memberId,
        action: 'erase',
        subjectType: 'member',
        subjectId: memberId,
        branchId: m.homeWardId,
      },
    ]);
  });
  clearActorCache();
}
