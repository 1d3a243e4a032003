/**
 * Voting: the next card (by the engine's routing priority), casting, changing and undoing a vote.
 * A vote is committed before it is acknowledged; replaying the same vote changes nothing.
 */
import { sql } from 'drizzle-orm';
import { queryRows } from '../db/client.ts';
import type { ServiceContext } from '../lib/context.ts';
import { AppError, notFound } from '../core/errors.ts';
import { latestAnalysis, requestAnalysis } from './analysis.service.ts';
import { voteWriterFor } from './vote-writer.ts';
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
  const c = await conversationFor(ctx.db, caller, id);
  mustBeOpen(c);
  const p = await participantFor(ctx, c, caller);
  // Written with the other votes of this moment in one commit, and only then acknowledged.
  const status = await voteWriterFor(ctx.db).write({
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
  await requestAnalysis(ctx.db, c.id);
  return { statementId, value };
}

export async function undoVote(ctx: ServiceContext, caller: Caller, id: string, statementId: string) {
  const c = await conversationFor(ctx.db, caller, id);
  mustBeOpen(c);
  const p = await findParticipant(ctx.db, c, caller);
  if (!p) throw notFound('Vote');
  const removed = await ctx.db.transaction(async (tx) => {
    const rows = await queryRows<{ statement_id: string }>(
      tx,
      sql`delete from votes where participant_id = ${p.id} and statement_id = ${statementId} returning statement_id`,
    );
    if (rows.length === 0) return false;
    await tx.execute(sql`insert into vote_events (conversation_id, participant_id, statement_id, value)
                         values (${c.id}, ${p.id}, ${statementId}, null)`);
    return true;
  });
  if (!removed) throw notFound('Vote');
  await requestAnalysis(ctx.db, c.id);
  return { statementId, undone: true };
}

/**
 * The next statement for the caller: the unvoted accepted statement with the highest routing priority in
 * the latest analysis; statements newer than the analysis come first, so they get their first votes.
 */
export async function nextStatement(ctx: ServiceContext, caller: Caller, id: string) {
  const c = await conversationFor(ctx.db, caller, id);
  const p = await findParticipant(ctx.db, c, caller);
  const rows = await queryRows<{ id: string; number: number; text: string; voted: boolean }>(
    ctx.db,
    sql`select s.id, s.number, s.text,
          ${p ? sql`exists (select 1 from votes v where v.participant_id = ${p.id} and v.statement_id = s.id)` : sql`false`} as voted
        from statements s
        where s.conversation_id = ${c.id} and s.status = 'accepted'`,
  );
  const total = rows.length;
  const open = rows.filter((r) => !r.voted);
  const analysis = await latestAnalysis(ctx.db, c.id);
  const priority = new Map(analysis?.report.statements.map((s) => [Number(s.id), s.priority]) ?? []);
  open.sort(
    (a, b) =>
      (priority.get(b.number) ?? Infinity) - (priority.get(a.number) ?? Infinity) || a.number - b.number,
  );
  const next = open[0];
  return {
    statement: next ? { id: next.id, number: next.number, text: next.text } : null,
    progress: { voted: total - open.length, total },
    phase: phase(c),
  };
}

/** The caller's own votes (for "change your vote"); nobody else's are ever returned. */
export async function myVotes(ctx: ServiceContext, caller: Caller, id: string) {
  const c = await conversationFor(ctx.db, caller, id);
  const p = await findParticipant(ctx.db, c, caller);
  if (!p) return { participant: null, votes: [] };
  const rows = await queryRows<{
    statement_id: string;
    text: string;
    value: number;
    voted_at: Date | string;
  }>(
    ctx.db,
    sql`select v.statement_id, s.text, v.value, v.voted_at from votes v join statements s on s.id = v.statement_id
        where v.participant_id = ${p.id} order by v.voted_at desc`,
  );
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
