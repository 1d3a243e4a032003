/**
 * Invitation links: an organiser invites an email address to a ward; the link records who invited whom.
 * Only a hash of the token is stored, so the database alone cannot be used to accept an invitation.
 */
import crypto from 'node:crypto';
import type { z } from 'zod';
import type { ServiceContext } from '../lib/context.ts';
import { newId } from '../lib/ids.ts';
import { AppError, forbidden, notFound } from '../core/errors.ts';
import { audited } from '../core/audited.ts';
import { branchById } from './branch.repo.ts';
import * as repo from './invitation.repo.ts';
import { insertMembers, memberById, memberIdsByEmail } from './member.repo.ts';
import type { acceptInvitationBody } from '../contract/members.ts';
import { can, type Actor } from '../core/permissions.ts';

const INVITATION_DAYS = 14;
const hashToken = (token: string): string => crypto.createHash('sha256').update(token).digest('hex');

export async function invite(ctx: ServiceContext, actor: Actor, input: { email: string; branchId: string }) {
  const branch = await branchById(ctx.db, input.branchId);
  if (!branch) throw notFound('Branch');
  if (!can(actor, 'members.invite', branch.path)) throw forbidden('You cannot invite members to that branch');
  if (branch.kind !== 'ward') {
    throw new AppError('VALIDATION_FAILED', 'Members join a ward: choose a ward to invite to', [
      { field: 'branchId', message: 'must be a ward' },
    ]);
  }
  if ((await memberIdsByEmail(ctx.db, [input.email])).size > 0) {
    throw new AppError('EMAIL_TAKEN', 'That email address already belongs to a member');
  }
  const token = crypto.randomBytes(24).toString('base64url');
  const id = newId();
  const expiresAt = new Date(Date.now() + INVITATION_DAYS * 86_400_000);
  const inviter = await memberById(ctx.db, actor.memberId);
  await audited(ctx.db, async (tx, record) => {
    await repo.insertInvitation(tx, {
      id,
      tokenHash: hashToken(token),
      email: input.email,
      branchId: branch.id,
      invitedBy: actor.memberId,
      expiresAt,
    });
    record({
      actorId: actor.memberId,
      action: 'create',
      subjectType: 'invitation',
      subjectId: id,
      branchId: branch.id,
    });
  });
  await ctx.mailer.send({
    to: input.email,
    subject: `${inviter?.name ?? 'A member'} invites you to join ${branch.name}`,
    text: [
      `${inviter?.name ?? 'A member'} has invited you to join Broadchurch in ${branch.name}.`,
      '',
      `Accept the invitation: ${ctx.config.publicUrl}/invite/${token}`,
      '',
      `The link works for ${INVITATION_DAYS} days. If you were not expecting it, ignore this mail.`,
    ].join('\n'),
  });
  return {
    id,
    email: input.email,
    branch: { id: branch.id, name: branch.name },
    expiresAt: expiresAt.toISOString(),
  };
}

async function openInvitation(ctx: ServiceContext, token: string) {
  const inv = await repo.invitationByTokenHash(ctx.db, hashToken(token));
  if (!inv) throw notFound('Invitation');
  if (inv.acceptedAt)
    throw new AppError('INVITATION_INVALID', 'This invitation has already been used; sign in instead');
  if (inv.expiresAt.getTime() < Date.now()) {
    throw new AppError('INVITATION_INVALID', 'This invitation has expired; ask for a new one');
  }
  return inv;
}

/** What the invitation page shows before it is accepted. */
export async function describeInvitation(ctx: ServiceContext, token: string) {
  const inv = await openInvitation(ctx, token);
  const [branch, inviter] = await Promise.all([
    branchById(ctx.db, inv.branchId),
    inv.invitedBy ? memberById(ctx.db, inv.invitedBy) : Promise.resolve(undefined),
  ]);
  return {
    email: inv.email,
    branch: { id: inv.branchId, name: branch?.name ?? '' },
    invitedBy: inviter?.name ?? null,
  };
}

/** Accepts an invitation: the member is created, linked to whoever invited them, and can then sign in. */
export async function acceptInvitation(
  ctx: ServiceContext,
  token: string,
  body: z.infer<typeof acceptInvitationBody>,
) {
  const inv = await openInvitation(ctx, token);
  if ((await memberIdsByEmail(ctx.db, [inv.email])).size > 0) {
    throw new AppError('EMAIL_TAKEN', 'That email address already belongs to a member; sign in instead');
  }
  const memberId = newId();
  await audited(ctx.db, async (tx, record) => {
    // The guard on accepted_at makes a double submission accept only once.
    if (!(await repo.claimInvitation(tx, inv.id)))
      throw new AppError('INVITATION_INVALID', 'This invitation has already been used');
    await insertMembers(tx, [
      {
        id: memberId,
        name: body.name,
        email: inv.email,
        phone: body.phone ?? null,
        homeWardId: inv.branchId,
        joinedOn: new Date().toISOString().slice(0, 10),
        status: 'active',
        invitedBy: inv.invitedBy,
      },
    ]);
    await repo.linkAcceptedMember(tx, inv.id, memberId);
    record([
      {
        actorId: memberId,
        action: 'create',
        subjectType: 'member',
        subjectId: memberId,
        branchId: inv.branchId,
      },
    ]);
  });
  return { memberId, email: inv.email };
}
