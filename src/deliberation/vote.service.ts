/**
 * Voting: the next card (by the engine's routing priority), casting, changing and undoing a vote.
 * A vote is committed before it is acknowledged; replaying the same vote changes nothing.
 */
import type { ServiceContext } from '../lib/context.ts';
import { AppError, notFound } from '../core/errors.ts';
import { recentAnalysis, requestAnalysis } from './analysis.service.ts';
import { voteWriterFor } from './vote-writer.ts';
import { deleteVote, votesOf } from './vote.repo.ts';
import { noteVote, removalsFrom, votedBy } from './voted-cache.ts';
import { progressIn } from './card-progress.ts';
import { cachedStatements } from './statement-cache.ts';
import type { AcceptedStatement } from './statement.repo.ts';
import type { AnalysisReport } from '../math/analyze.ts';
import {
  conversationFor,
  findParticipant,
  participantFor,
  phase,
  type Caller,
  type Conversation,
} from './conversation.service.ts';

function mustBeOpen(c: Conversation): void {
  const p = phase(c);
  if (p !== 'open')
    throw new AppError(
      'CONVERSATION_NOT_OPEN',
      p === 'closed' ? 'This conversation has closed' : 'This conversation has not opened yet',
    );
}

export async function castVote(
  ctx: ServiceContext,
  caller: Caller,
  id: string,
  statementId: string,
  value: -1 | 0 | 1,
) {
  const c = await conversationFor(ctx, caller, id);
  mustBeOpen(c);
  const p = await participantFor(ctx, c, caller);
  // Written with the other votes of this moment in one commit, and only then acknowledged.
  const status = await voteWriterFor(ctx).write({
    participantId: p.id,
    statementId,
    conversationId: c.id,
    value,
  });
  if (!status) throw notFound('Statement');
  if (status !== 'accepted')
    throw new AppError(
      'STATEMENT_NOT_VOTABLE',
      status === 'pending'
        ? 'That statement is waiting for a moderator'
        : 'That statement was rejected by a moderator',
    );
  await noteVote(ctx, p.id, statementId, true);
  await requestAnalysis(ctx, c.id);
  // The next card in the same answer: one round trip per vote.
  return { statementId, value, next: await nextCard(ctx, c, p) };
}

export async function undoVote(ctx: ServiceContext, caller: Caller, id: string, statementId: string) {
  const c = await conversationFor(ctx, caller, id);
  mustBeOpen(c);
  const p = await findParticipant(ctx, c, caller);
  if (!p) throw notFound('Vote');
  const removed = await ctx.db.transaction((tx) =>
    deleteVote(tx, { conversationId: c.id, participantId: p.id, statementId }),
  );
  if (!removed) throw notFound('Vote');
  await noteVote(ctx, p.id, statementId, false);
  await requestAnalysis(ctx, c.id);
  return { statementId, undone: true, next: await nextCard(ctx, c, p) };
}

/** The next statement for the caller (see nextCard). */
/** The caller's next card; `first`: the number of a statement to show first (a link to it), if still open. */
export async function nextStatement(ctx: ServiceContext, caller: Caller, id: string, first?: number) {
  const c = await conversationFor(ctx, caller, id);
  return nextCard(ctx, c, await findParticipant(ctx, c, caller), first);
}

/**
 * The caller's next card: their unvoted accepted statement with the highest routing priority in the
 * latest analysis (statements newer than the analysis first, so they get their first votes), and how far
 * they are through.
 */
async function nextCard(
  ctx: ServiceContext,
  c: Conversation,
  p: { id: string } | undefined | null,
  first?: number,
) {
  const [all, voted, analysis] = await Promise.all([
    cachedStatements(ctx, c.id),
    p ? votedBy(ctx, p.id) : Promise.resolve(new Set<string>()),
    // The order of the cards follows the analysis; one a few seconds old orders them as well.
    recentAnalysis(ctx, c.id, 5_000),
  ]);
  const order = cardOrder(all, analysis?.report ?? null);
  const place = progressIn(order, voted, removalsFrom(voted));
  const next = all.find((s) => s.number === first && !voted.has(s.id)) ?? place.next;
  const done = place.done;
  return {
    statement: next ? { id: next.id, number: next.number, text: next.text } : null,
    progress: { voted: done, total: all.length },
    phase: phase(c),
  };
}

interface CardOrder {
  report: AnalysisReport | null;
  /** The statements, highest routing priority first (those newer than the analysis before all). */
  cards: AcceptedStatement[];
  ids: Set<string>;
}

/** The card order of each list of statements and the analysis it was made for, made once for both. */
const cardOrders = new WeakMap<AcceptedStatement[], CardOrder>();

function cardOrder(all: AcceptedStatement[], report: AnalysisReport | null): CardOrder {
  const hit = cardOrders.get(all);
  if (hit && hit.report === report) return hit;
  const priority = new Map(report?.statements.map((s) => [Number(s.id), s.priority]) ?? []);
  const score = (s: AcceptedStatement) => priority.get(s.number) ?? Infinity;
  // Ties go to the lower number.
  const cards = [...all].sort((a, b) => score(b) - score(a) || a.number - b.number);
  const made = { report, cards, ids: new Set(all.map((s) => s.id)) };
  cardOrders.set(all, made);
  return made;
}

/** The caller's own votes (for "change your vote"); nobody else's are ever returned. */
export async function myVotes(ctx: ServiceContext, caller: Caller, id: string) {
  const c = await conversationFor(ctx, caller, id);
  const p = await findParticipant(ctx, c, caller);
  if (!p) return { participant: null, votes: [] };
  const rows = await votesOf(ctx.db, p.id);
  return {
    participant: p.number,
    votes: rows.map((r) => ({
      statementId: r.statement_id,
      text: r.text,
      value: r.value,
      votedAt: new Date(r.voted_at).toISOString(),
    })),
  };
}
