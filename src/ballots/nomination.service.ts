/**
 * Standing, nominating and the hustings of an election.
 *
 * - A member of the branch stands (accepting nomination) with a statement while nominations are open,
 *   and may rewrite it until they close.
 * - A member of the nominating body nominates a standing candidate, publicly: each may nominate as many
 *   candidates as there are seats, never themselves, and never the same candidate twice. The nominator is
 *   locked in the nominations' transaction so that racing requests cannot exceed the limit.
 * - The hustings is a Common Ground conversation of the branch: members post questions and vote on them;
 *   the questions put to every candidate are those with the most support across opinion groups
 *   (election.service.ts), and candidates answer them in writing.
 */
import type { z } from 'zod';
import type { ServiceContext } from '../lib/context.ts';
import { audited } from '../core/audited.ts';
import { isMemberOf, type Actor } from '../core/permissions.ts';
import { AppError, forbidden, notFound } from '../core/errors.ts';
import { insertConversation, statementById } from '../deliberation/index.ts';
import type { answerBody, ElectionView, nominateBody, standBody } from '../contract/elections.ts';
import * as repo from './election.repo.ts';
import {
  electionFor,
  getElection,
  inNominatingBody,
  mayRun,
  phaseOf,
  wrongPhase,
} from './election.service.ts';

export async function stand(
  ctx: ServiceContext,
  actor: Actor,
  id: string,
  body: z.infer<typeof standBody>,
): Promise<ElectionView> {
  await audited(ctx.db, async (tx, record) => {
    const e = await electionFor(tx, actor, id, true);
    if (phaseOf(e) !== 'nominations') throw wrongPhase('Nominations for this election have closed');
    if (!isMemberOf(actor, e.branchPath)) throw forbidden('Only members of the branch can stand');
    await repo.upsertCandidate(tx, { electionId: id, memberId: actor.memberId, ...body });
    record({
      actorId: actor.memberId,
      action: 'change',
      subjectType: 'election',
      subjectId: id,
      branchId: e.branchId,
      detail: { standing: true },
    });
  });
  return getElection(ctx, actor, id);
}

export async function nominate(
  ctx: ServiceContext,
  actor: Actor,
  id: string,
  body: z.infer<typeof nominateBody>,
): Promise<ElectionView> {
  await audited(ctx.db, async (tx, record) => {
    const e = await electionFor(tx, actor, id);
    if (phaseOf(e) !== 'nominations') throw wrongPhase('Nominations for this election have closed');
    if (!inNominatingBody(actor, e))
      throw forbidden(
        e.nominatingBody === 'role'
          ? `Only holders of the role "${e.nominatingRole ?? ''}" in the branch can nominate`
          : 'Only members of the branch can nominate',
      );
    if (body.candidateId === actor.memberId)
      throw new AppError('NOMINATION_REFUSED', 'You cannot nominate yourself');
    const candidates = await repo.candidatesOf(tx, id);
    if (!candidates.some((c) => c.id === body.candidateId)) throw notFound('Candidate');
    // One nominator at a time per election: the count below and the insert cannot interleave.
    await repo.lockNominator(tx, id, actor.memberId);
    const mine = (await repo.nominationsOf(tx, id)).filter((n) => n.id === actor.memberId);
    if (mine.length >= e.seats)
      throw new AppError(
        'NOMINATION_REFUSED',
        `You have made your ${e.seats === 1 ? 'nomination' : `${e.seats} nominations`} in this election`,
      );
    if (
      !(await repo.insertNomination(tx, {
        electionId: id,
        candidateId: body.candidateId,
        nominatorId: actor.memberId,
      }))
    )
      throw new AppError('NOMINATION_REFUSED', 'You have already nominated this candidate');
    record({
      actorId: actor.memberId,
      action: 'create',
      subjectType: 'election',
      subjectId: id,
      branchId: e.branchId,
      detail: { nominated: body.candidateId },
    });
  });
  return getElection(ctx, actor, id);
}

/** Opens the election's hustings: a conversation of its branch, open at once until voting closes. */
export async function openHustings(ctx: ServiceContext, actor: Actor, id: string): Promise<ElectionView> {
  await audited(ctx.db, async (tx, record) => {
    const e = await electionFor(tx, actor, id, true);
    if (!mayRun(actor, e)) throw forbidden("Only the election's returning officers can open its hustings");
    if (e.hustingsId) throw wrongPhase('The hustings is already open');
    if (phaseOf(e) === 'counted') throw wrongPhase('The election has been counted');
    const conversationId = await insertConversation(tx, {
      branchId: e.branchId,
      title: `Hustings: ${e.post}`,
      question: `What should every candidate for ${e.post} answer? Ask a question, and vote on the others'.`,
      description:
        'The questions with the most support across every opinion group, not only the loudest, are put to all the candidates, who answer in writing.',
      opensAt: new Date(),
      closesAt: e.votingClosesAt,
      access: 'branch',
      moderation: 'post',
      createdBy: actor.memberId,
    });
    await repo.updateElection(tx, id, { hustingsId: conversationId });
    record({
      actorId: actor.memberId,
      action: 'change',
      subjectType: 'election',
      subjectId: id,
      branchId: e.branchId,
      detail: { hustings: conversationId },
    });
  });
  return getElection(ctx, actor, id);
}

export async function answer(
  ctx: ServiceContext,
  actor: Actor,
  id: string,
  body: z.infer<typeof answerBody>,
): Promise<ElectionView> {
  await audited(ctx.db, async (tx, record) => {
    const e = await electionFor(tx, actor, id);
    if (!e.hustingsId) throw wrongPhase('The election has no hustings');
    if (phaseOf(e) === 'counted') throw wrongPhase('The election has been counted');
    const candidates = await repo.candidatesOf(tx, id);
    if (!candidates.some((c) => c.id === actor.memberId)) throw forbidden('Only candidates answer');
    const question = await statementById(tx, body.statementId);
    if (question?.conversationId !== e.hustingsId || question.status !== 'accepted')
      throw notFound('Question');
    await repo.upsertAnswer(tx, { electionId: id, candidateId: actor.memberId, ...body });
    record({
      actorId: actor.memberId,
      action: 'change',
      subjectType: 'election',
      subjectId: id,
      branchId: e.branchId,
      detail: { answered: body.statementId },
    });
  });
  return getElection(ctx, actor, id);
}
