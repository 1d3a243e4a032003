/**
 * The manifesto's ratification ballots. The ballots domain runs the vote (the frozen roll, the sealed box,
 * the count: src/ballots/ratification*.ts); the manifesto says what is put to the vote (a draft's clauses),
 * who may see a ballot (whoever may read the draft) and who runs it (the branch's drafting committee).
 */
import type { z } from 'zod';
import type { Executor } from '../db/client.ts';
import type { ServiceContext } from '../lib/context.ts';
import { can, type Actor } from '../core/permissions.ts';
import * as ballots from '../ballots/index.ts';
import type { BallotSubject } from '../ballots/index.ts';
import type { castBody, closeBody, openBallotBody } from '../contract/manifesto.ts';
import { getManifesto, readable } from './manifesto.service.ts';

/** A draft as the subject of its ballots, read for the asker (refused if they may not read it). */
async function readDraft(db: Executor, actor: Actor, id: string): Promise<BallotSubject> {
  const m = await readable(db, actor, id);
  return {
    id: m.id,
    title: m.title,
    branchId: m.branchId,
    branchName: m.branchName,
    branchPath: m.branchPath,
    mayRun: can(actor, 'manifesto.draft', m.branchPath),
  };
}

/** Opens a ratification ballot on the draft's clauses as they stand. */
export async function openBallot(
  ctx: ServiceContext,
  actor: Actor,
  manifestoId: string,
  body: z.infer<typeof openBallotBody>,
) {
  const draft = await getManifesto(ctx, actor, manifestoId);
  const subject = await readDraft(ctx.db, actor, manifestoId);
  const clauses = draft.sections.flatMap((s) =>
    s.clauses.map((c) => ({ id: c.id, text: c.text, section: s.title })),
  );
  return ballots.openRatification(ctx, actor, { ...subject, clauses }, body, readDraft);
}

export async function listBallots(ctx: ServiceContext, actor: Actor, manifestoId: string) {
  return ballots.listRatifications(ctx, await readDraft(ctx.db, actor, manifestoId));
}

export const getBallot = (ctx: ServiceContext, actor: Actor, id: string) =>
  ballots.getRatification(ctx, actor, id, readDraft);

export const castVote = (ctx: ServiceContext, actor: Actor, id: string, body: z.infer<typeof castBody>) =>
  ballots.castRatificationVote(ctx, actor, id, body, readDraft);

export const verifyReceipt = (ctx: ServiceContext, actor: Actor, id: string, receipt: string) =>
  ballots.verifyRatificationReceipt(ctx, actor, id, receipt, readDraft);

export const closeBallot = (
  ctx: ServiceContext,
  actor: Actor,
  id: string,
  body: z.infer<typeof closeBody> = null,
) => ballots.closeRatification(ctx, actor, id, body, readDraft);
