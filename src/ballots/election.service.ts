/**
 * Elections on the platform: a post with seats in a branch, run by its returning officers.
 *
 * - **Phases**, from the record alone: nominations (until their closing time), nominations closed (the
 *   returning officer may open voting), voting (the roll frozen, the box sealed), counted.
 * - **Nominations are public**: a member stands with a statement (accepting nomination); members of the
 *   nominating body (the branch's members, or holders of a role in it) nominate, each at most as many
 *   candidates as there are seats; a candidate is on the paper with nominations from at least the rule's
 *   share of that body, counted when voting opens.
 * - **Hustings** (hustings.service.ts) and **voting and the count** (election-vote.service.ts).
 */
import { shownBodySize } from './memory.ts';
import type { z } from 'zod';
import type { Executor } from '../db/client.ts';
import type { ServiceContext } from '../lib/context.ts';
import { newId } from '../lib/ids.ts';
import { audited } from '../core/audited.ts';
import { can, isMemberOf, scopeOf, type Actor } from '../core/permissions.ts';
import { isWithin } from '../core/branch-tree.ts';
import { AppError, forbidden, notFound } from '../core/errors.ts';
import { bridgingStatements } from '../deliberation/index.ts';
import type { createElectionBody, ElectionView } from '../contract/elections.ts';
import * as repo from './election.repo.ts';
import type { ElectionRow } from './election.repo.ts';

/** How many questions a hustings puts to every candidate. */
export const HUSTINGS_QUESTIONS = 5;

export type Phase = ElectionView['phase'];

export function phaseOf(e: ElectionRow, now = new Date()): Phase {
  if (e.countedAt) return 'counted';
  if (e.openedAt) return 'voting';
  return now < e.nominationsCloseAt ? 'nominations' : 'nominations-closed';
}

export function wrongPhase(message: string): AppError {
  return new AppError('WRONG_PHASE', message);
}

/** The election, if the actor may see it: a member of its branch, or one who runs elections there. */
export async function electionFor(db: Executor, actor: Actor, id: string, lock = false) {
  const e = await repo.electionById(db, id, lock);
  if (!e) throw notFound('Election');
  if (!isMemberOf(actor, e.branchPath) && !can(actor, 'elections.run', e.branchPath))
    throw forbidden('This election is for members of another branch');
  return e;
}

export const mayRun = (actor: Actor, e: ElectionRow) => can(actor, 'elections.run', e.branchPath);

/** May the actor nominate in this election: in its nominating body. */
export function inNominatingBody(actor: Actor, e: ElectionRow): boolean {
  if (e.nominatingBody === 'members') return isMemberOf(actor, e.branchPath);
  return actor.assignments.some((a) => a.role === e.nominatingRole && isWithin(a.branchPath, e.branchPath));
}

/** Nominations a candidate needs: the rule's share of the nominating body, rounded up. */
export const nominationsNeeded = (percent: number, bodySize: number) => Math.ceil((percent * bodySize) / 100);

export async function createElection(
  ctx: ServiceContext,
  actor: Actor,
  body: z.infer<typeof createElectionBody>,
): Promise<ElectionView> {
  const branch = await repo.branchOf(ctx.db, body.branchId);
  if (!branch) throw notFound('Branch');
  if (!can(actor, 'elections.run', branch.path))
    throw forbidden("Only the branch's returning officers can hold an election");
  if (new Date(body.nominationsCloseAt) <= new Date())
    throw new AppError('VALIDATION_FAILED', 'Nominations must close in the future', [
      { field: 'body.nominationsCloseAt', message: 'must be in the future' },
    ]);
  const id = newId();
  await audited(ctx.db, async (tx, record) => {
    await repo.insertElection(tx, {
      id,
      branchId: branch.id,
      post: body.post,
      seats: body.seats,
      method: body.method,
      nominationsCloseAt: new Date(body.nominationsCloseAt),
      votingClosesAt: new Date(body.votingClosesAt),
      nominatingBody: body.nominatingBody,
      nominatingRole: body.nominatingBody === 'role' ? (body.nominatingRole ?? null) : null,
      nominationPercent: body.nominationPercent,
      freezeOn: body.freezeOn,
      minWomen: body.minWomen ?? 0,
      createdBy: actor.memberId,
    });
    record({
      actorId: actor.memberId,
      action: 'create',
      subjectType: 'election',
      subjectId: id,
      branchId: branch.id,
      detail: {
        post: body.post,
        seats: body.seats,
        method: body.method,
        nominatingBody: body.nominatingBody,
        nominatingRole: body.nominatingRole ?? null,
        nominationPercent: body.nominationPercent,
        freezeOn: body.freezeOn,
        minWomen: body.minWomen ?? 0,
      },
    });
  });
  return getElection(ctx, actor, id);
}

export async function listElections(ctx: ServiceContext, actor: Actor) {
  const runs = scopeOf(actor, 'elections.run');
  const rows = await repo.electionsFor(ctx.db, actor.homeWardPath, runs);
  return {
    items: rows.map(summary),
    mayRunIn: await repo.branchesWithin(ctx.db, runs),
  };
}

function summary(e: ElectionRow) {
  return {
    id: e.id,
    post: e.post,
    branch: { id: e.branchId, name: e.branchName },
    seats: e.seats,
    method: e.method,
    phase: phaseOf(e),
    nominationsCloseAt: e.nominationsCloseAt.toISOString(),
    votingClosesAt: e.votingClosesAt.toISOString(),
  };
}

/** The candidates with their public nominators, and whether each has enough nominations. */
export async function candidatesWithNominations(db: Executor, e: ElectionRow, needed: number) {
  const [candidates, nominations] = await Promise.all([
    repo.candidatesOf(db, e.id),
    repo.nominationsOf(db, e.id),
  ]);
  return candidates.map((c) => {
    const nominators = nominations
      .filter((n) => n.candidateId === c.id)
      .map((n) => ({ id: n.id, name: n.name }));
    return { ...c, nominators, qualified: nominators.length >= needed };
  });
}

export async function getElection(ctx: ServiceContext, actor: Actor, id: string): Promise<ElectionView> {
  const e = await electionFor(ctx.db, actor, id);
  const phase = phaseOf(e);
  // Shown, not decided on: opening counts the body afresh.
  const size = await shownBodySize(ctx.state, `${e.branchPath}|${e.nominatingRole ?? ''}`, () =>
    repo.nominatingBodySize(ctx.db, e.branchPath, e.nominatingRole),
  );
  const needed = nominationsNeeded(e.nominationPercent, size);
  const candidates = await candidatesWithNominations(ctx.db, e, needed);
  const names = new Map(candidates.map((c) => [c.id, c.name]));
  const opened = e.openedAt !== null;
  const roll = opened ? (e.roll ?? []) : null;
  const [voted, answers, questions] = await Promise.all([
    opened ? repo.hasVoted(ctx.db, e.id, actor.memberId) : false,
    e.hustingsId ? repo.answersOf(ctx.db, e.id) : [],
    e.hustingsId ? bridgingStatements(ctx, e.hustingsId, HUSTINGS_QUESTIONS) : [],
  ]);
  const outcome = e.outcome;
  return {
    ...summary(e),
    phase,
    freezeOn: e.freezeOn,
    minWomen: e.minWomen,
    nominating: {
      body: e.nominatingBody,
      role: e.nominatingRole,
      percent: e.nominationPercent,
      size,
      needed,
    },
    candidates,
    paper: e.paper ? e.paper.map((cid) => ({ id: cid, name: names.get(cid) ?? '' })) : null,
    hustings: e.hustingsId
      ? {
          conversationId: e.hustingsId,
          questions: questions.map((q) => ({
            id: q.id,
            text: q.text,
            bridging: q.groupInformedConsensus,
            answers: answers
              .filter((a) => a.statementId === q.id)
              .map((a) => ({ candidateId: a.candidateId, answer: a.answer })),
          })),
        }
      : null,
    roll: roll ? { total: roll.reduce((n, r) => n + r.members, 0), byBranch: roll } : null,
    me: {
      id: actor.memberId,
      standing: names.has(actor.memberId),
      mayNominate: phase === 'nominations' && inNominatingBody(actor, e),
      nominated: (await repo.nominationsOf(ctx.db, e.id))
        .filter((n) => n.id === actor.memberId)
        .map((n) => n.candidateId),
      onRoll: opened ? await repo.onRoll(ctx.db, e.id, actor.memberId) : null,
      voted,
    },
    canRun: mayRun(actor, e),
    keys: e.keyHolders && e.keyThreshold ? { holders: e.keyHolders, threshold: e.keyThreshold } : null,
    // One paper in the box for each voter, counted as each is added.
    voted: opened ? e.boxPapers : null,
    result: outcome
      ? {
          count: outcome.count,
          voted: outcome.voted,
          eligible: outcome.eligible,
          turnout: outcome.eligible ? Math.round((1000 * outcome.voted) / outcome.eligible) / 10 : 0,
          quota: outcome.quota,
        }
      : null,
  };
}
