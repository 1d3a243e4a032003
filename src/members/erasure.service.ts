/**
 * A member asks to be erased from their profile; the request waits in their data officer's queue, who
 * erases them (everything `eraseMember` removes) or declines, saying why. The member is told by mail either
 * way: on confirmation just before their address goes with the rest.
 */
import type { ServiceContext } from '../lib/context.ts';
import { newId } from '../lib/ids.ts';
import { audited } from '../core/audited.ts';
import { AppError, forbidden, notFound } from '../core/errors.ts';
import { can, scopeOf, type Actor } from '../core/permissions.ts';
import * as repo from './erasure.repo.ts';
import { memberById } from './member.repo.ts';
import { eraseMember } from './member.service.ts';
import { queueMail } from '../notifications/index.ts';

const present = (r: NonNullable<Awaited<ReturnType<typeof repo.requestById>>>) => ({
  id: r.id,
  status: r.status,
  requestedAt: r.requestedAt.toISOString(),
  decidedAt: r.decidedAt?.toISOString() ?? null,
  reason: r.reason,
});

export async function myErasureRequest(ctx: ServiceContext, actor: Actor) {
  const r = await repo.latestRequestOf(ctx.db, actor.memberId);
  return { request: r ? present(r) : null };
}

/** The member's own request; one open at a time. */
export async function requestErasure(ctx: ServiceContext, actor: Actor) {
  const me = await memberById(ctx.db, actor.memberId);
  if (!me) throw notFound('Member');
  const id = newId();
  await audited(ctx.db, async (tx, record) => {
    if (!(await repo.insertRequest(tx, id, actor.memberId)))
      throw new AppError('ERASURE_REQUESTED', 'You have asked already; your data officer will decide soon');
    record([
      {
        actorId: actor.memberId,
        action: 'create',
        subjectType: 'erasure_request',
        subjectId: actor.memberId,
        branchId: me.homeWardId,
      },
    ]);
    await queueMail(tx, { kind: 'erasure_requested', params: {}, link: '/me', memberId: actor.memberId });
  });
  return myErasureRequest(ctx, actor);
}

/** Open requests from members of the branches where the actor may erase members. */
export async function erasureQueue(ctx: ServiceContext, actor: Actor) {
  const paths = scopeOf(actor, 'members.erase');
  if (paths.length === 0) throw forbidden('Only data officers see erasure requests');
  const rows = await repo.openRequestsWithin(ctx.db, paths);
  return {
    requests: rows.map((r) => ({
      ...present(r.request),
      member: { id: r.request.memberId, name: r.memberName },
      ward: r.ward,
    })),
  };
}

/** A request the actor may decide, with its member; anyone else learns nothing of it. */
async function decidable(ctx: ServiceContext, actor: Actor, id: string) {
  const r = await repo.requestById(ctx.db, id);
  const m = r ? await memberById(ctx.db, r.memberId) : undefined;
  if (!r || !m || !can(actor, 'members.erase', m.wardPath)) throw notFound('Erasure request');
  if (r.status !== 'pending') throw new AppError('ALREADY_DECIDED', 'This request has been decided already');
  return { r, m };
}

/**
 * Confirms: the member is told, then erased; the request is closed. This one mail goes at once, not
 * through the queue: it must leave before the address is erased, and a queued copy would keep it.
 */
export async function confirmErasure(ctx: ServiceContext, actor: Actor, id: string) {
  const { r, m } = await decidable(ctx, actor, id);
  if (m.email)
    await ctx.mailer.send({
      to: m.email,
      subject: 'Your data has been erased',
      text: `Hello ${m.name},\n\nAs you asked, we are erasing the data we hold about you now: your name, contact details, sign-in, and what you did on the platform that could identify you. This is the last mail we will send you.\n`,
    });
  await eraseMember(ctx, actor, m.id);
  await repo.decideRequest(ctx.db, r.id, { status: 'erased', by: actor.memberId, reason: null });
  return { decided: 'erased' as const };
}

/** Declines, saying why (the member is told). */
export async function declineErasure(ctx: ServiceContext, actor: Actor, id: string, reason: string) {
  const { r, m } = await decidable(ctx, actor, id);
  await audited(ctx.db, async (tx, record) => {
    if (!(await repo.decideRequest(tx, r.id, { status: 'declined', by: actor.memberId, reason })))
      throw new AppError('ALREADY_DECIDED', 'This request has been decided already');
    record([
      {
        actorId: actor.memberId,
        action: 'change',
        subjectType: 'erasure_request',
        subjectId: m.id,
        branchId: m.homeWardId,
        detail: { declined: true },
      },
    ]);
    await queueMail(tx, { kind: 'erasure_declined', params: { reason }, link: '/me', memberId: m.id });
  });
  return { decided: 'declined' as const };
}
