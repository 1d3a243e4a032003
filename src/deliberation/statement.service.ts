/**
 * Statements: posting (length, near-duplicates, the abuse screen), authors' view of their own, and the
 * moderation console (queue, accept or reject with a reason, bulk, log).
 */
import type { z } from 'zod';
import { newId } from '../lib/ids.ts';
import type { ServiceContext } from '../lib/context.ts';
import type { Executor } from '../db/client.ts';
import type { Actor } from '../core/permissions.ts';
import { AppError, forbidden } from '../core/errors.ts';
import { isFlagged } from './abuse.ts';
import type { Deps } from './memory.ts';
import { requestAnalysis } from './analysis.service.ts';
import { statementsChanged } from './statement-cache.ts';
import type { moderateBody } from '../contract/deliberation.ts';
import {
  canModerate,
  conversationFor,
  findParticipant,
  loadConversation,
  participantFor,
  phase,
  takeNumber,
  type Caller,
} from './conversation.service.ts';
import { nearDuplicates } from './similarity.ts';
import { notify } from '../notifications/index.ts';
import {
  acceptedStatements,
  decide,
  insertStatement,
  insertStatementReturning,
  memberAuthorsOf,
  moderationLogOf,
  statementTexts,
  statementWithText,
  statementsAmong,
  statementsBy,
  statementsWithStatus,
  type StatementRow,
} from './statement.repo.ts';
import { ancestorPaths, isWithin } from '../core/branch-tree.ts';
import { conversationsFor } from './conversation.repo.ts';
import { audited } from '../core/audited.ts';
import { notFound } from '../core/errors.ts';

const presentOwn = (s: StatementRow) => ({
  id: s.id,
  number: s.number,
  text: s.text,
  status: s.status,
  reason: s.status === 'rejected' ? s.rejectReason : null,
  flagged: s.flagged,
  createdAt: s.createdAt.toISOString(),
});

/** The open conversations of a branch and of the branches above it: where its doorstep issues can go. */
export async function conversationsToSendTo(ctx: ServiceContext, branchPath: string) {
  const rows = await conversationsFor(ctx.db, ancestorPaths(branchPath), [], 200);
  return rows
    .filter((c) => c.access === 'branch' && phase(c) !== 'closed')
    .map((c) => ({ id: c.id, title: c.title, branch: c.branchName }));
}

/**
 * Statements brought to a conversation from outside it: what an organiser wrote from the issues voters
 * raised on the doorstep. They are seed statements with no author (nothing of who raised them goes with
 * them), and they pass the abuse screen and moderation as a member's do: a flagged one, or any sent to a
 * pre-moderated conversation, waits for a moderator. A text already in the conversation is skipped.
 * `scopePath` is the branch the sender acts for: the conversation must be of it or below it.
 */
export async function postSeedStatements(
  ctx: ServiceContext,
  actor: Actor,
  opts: { conversationId: string; scopePath: string; scopeBranchId: string; texts: string[] },
): Promise<{ conversationId: string; added: number; pending: number; skipped: number }> {
  const c = await loadConversation(ctx, opts.conversationId).catch((err: unknown) => {
    if (err instanceof AppError && err.code === 'NOT_FOUND') return null;
    throw err;
  });
  // The branch's own conversations and those of the branches above it (a ward's issues go to its
  // constituency's conversation as readily as to its own); never a sibling's, nor one by link.
  if (!c || c.access !== 'branch' || !isWithin(opts.scopePath, c.branchPath)) throw notFound('Conversation');
  if (phase(c) === 'closed') throw new AppError('CONVERSATION_NOT_OPEN', 'That conversation has closed');
  const texts = [...new Set(opts.texts)];
  const made = await audited(ctx.db, async (tx, record) => {
    const existing = await statementTexts(tx, c.id);
    let added = 0;
    let pending = 0;
    for (const text of texts) {
      if (existing.has(text)) continue;
      const flagged = isFlagged(text);
      const status = flagged || c.moderation === 'pre' ? 'pending' : 'accepted';
      const number = await takeNumber(tx, c.id, 'statement');
      await insertStatement(tx, {
        id: newId(),
        conversationId: c.id,
        number,
        text,
        status,
        flagged,
        seed: true,
      });
      added++;
      if (status === 'pending') pending++;
    }
    record({
      actorId: actor.memberId,
      action: 'create',
      subjectType: 'doorstep_issues',
      subjectId: c.id,
      branchId: opts.scopeBranchId,
      detail: { statements: added, pending },
    });
    return { added, pending };
  });
  if (made.added > 0) statementsChanged(ctx, c.id);
  if (made.added > made.pending) await requestAnalysis(ctx, c.id);
  return { conversationId: c.id, ...made, skipped: texts.length - made.added };
}

/** Accepted statements like `text`: "is this what you mean?" before posting. */
export async function similarStatements(ctx: ServiceContext, caller: Caller, id: string, text: string) {
  const c = await conversationFor(ctx, caller, id);
  if (text.trim().length < 8) return { similar: [] };
  const rows = await acceptedStatements(ctx.db, c.id);
  return { similar: nearDuplicates(text, rows) };
}

export async function postStatement(ctx: ServiceContext, caller: Caller, id: string, text: string) {
  const c = await conversationFor(ctx, caller, id);
  if (phase(c) !== 'open')
    throw new AppError('CONVERSATION_NOT_OPEN', 'This conversation is not open for new statements');
  const author = await participantFor(ctx, c, caller);
  const flagged = isFlagged(text);
  const status = flagged || c.moderation === 'pre' ? 'pending' : 'accepted';
  const result = await ctx.db.transaction(async (tx) => {
    const same = await statementWithText(tx, c.id, text);
    if (same) {
      // A replay of the author's own post is answered with what was made; anyone else's is a duplicate.
      if (same.authorId === author.id) return { statement: same, created: false };
      throw new AppError(
        'DUPLICATE_STATEMENT',
        'That statement is already in the conversation; vote on it instead',
        [{ field: 'text', message: `is already statement #${same.number}: “${same.text}”` }],
      );
    }
    const number = await takeNumber(tx, c.id, 'statement');
    const row = await insertStatementReturning(tx, {
      id: newId(),
      conversationId: c.id,
      number,
      text,
      authorId: author.id,
      status,
      flagged,
    });
    return { statement: row, created: true };
  });
  if (result.created) statementsChanged(ctx, c.id);
  if (result.created && result.statement.status === 'accepted') await requestAnalysis(ctx, c.id);
  return { created: result.created, statement: presentOwn(result.statement) };
}

/** The caller's own statements with their status: pending, accepted, or rejected with the reason. */
export async function myStatements(ctx: ServiceContext, caller: Caller, id: string) {
  const c = await conversationFor(ctx, caller, id);
  const me = await findParticipant(ctx, c, caller);
  if (!me) return { statements: [] };
  const rows = await statementsBy(ctx.db, c.id, me.id);
  return { statements: rows.map(presentOwn) };
}

async function moderatedConversation(deps: Deps, actor: Actor, id: string) {
  const c = await loadConversation(deps, id);
  if (!canModerate(actor, c)) throw forbidden('Only moderators of this branch can moderate it');
  return c;
}

/** The moderation queue (or the accepted / rejected lists), oldest first. Authors are not shown. */
export async function moderationQueue(
  ctx: ServiceContext,
  actor: Actor,
  id: string,
  status: 'pending' | 'accepted' | 'rejected',
) {
  const c = await moderatedConversation(ctx, actor, id);
  const rows = await statementsWithStatus(ctx.db, c.id, status);
  // Near-duplicates among the accepted statements, so a moderator can merge instead of publishing twice.
  const accepted = status === 'rejected' ? [] : await acceptedStatements(ctx.db, c.id);
  const numberOf = new Map(accepted.map((a) => [a.id, a.number]));
  return {
    statements: rows.map((s) => ({
      id: s.id,
      number: s.number,
      text: s.text,
      status: s.status,
      reason: s.rejectReason,
      flagged: s.flagged,
      seed: s.seed,
      createdAt: s.createdAt.toISOString(),
      similar: nearDuplicates(
        s.text,
        accepted.filter((a) => a.id !== s.id),
      ).map((d) => ({ id: d.id, number: numberOf.get(d.id) ?? 0, text: d.text })),
    })),
  };
}

/**
 * Merges a statement into an accepted near-duplicate: it is rejected with a reason naming the one to vote
 * on instead (the author sees it), and the decision is logged. Votes already cast on it stay its own.
 */
export async function mergeStatement(
  ctx: ServiceContext,
  actor: Actor,
  id: string,
  body: { statementId: string; intoId: string },
) {
  const c = await moderatedConversation(ctx, actor, id);
  if (body.statementId === body.intoId)
    throw new AppError('VALIDATION_FAILED', 'A statement cannot be merged into itself', [
      { field: 'intoId', message: 'must be another statement' },
    ]);
  const result = await ctx.db.transaction(async (tx) => {
    const found = await statementsAmong(tx, c.id, [body.statementId, body.intoId]);
    const from = found.find((s) => s.id === body.statementId);
    const into = found.find((s) => s.id === body.intoId);
    if (!from || !into) throw new AppError('NOT_FOUND', 'Both statements must be in this conversation');
    if (into.status !== 'accepted')
      throw new AppError('STATEMENT_NOT_ACCEPTED', 'Merge into a statement that is accepted', [
        { field: 'intoId', message: `statement #${into.number} is ${into.status}` },
      ]);
    if (from.status === 'rejected')
      throw new AppError('ALREADY_DECIDED', `Statement #${from.number} is already rejected`);
    const reason = `Merged into #${into.number}, which says nearly the same: “${into.text}” Vote on that one instead.`;
    await decide(tx, c.id, actor.memberId, [from.id], 'rejected', reason, `merged into #${into.number}`);
    await tellAuthors(tx, actor, c, [from], 'statement_merged', { into: into.text });
    return { wasAccepted: from.status === 'accepted', merged: from.id, into: into.id, reason };
  });
  statementsChanged(ctx, c.id);
  if (result.wasAccepted) await requestAnalysis(ctx, c.id);
  return { merged: result.merged, into: result.into, reason: result.reason };
}

/** Tells each member who wrote one of the statements what the moderator decided (not the moderator). */
async function tellAuthors(
  tx: Executor,
  actor: Actor,
  c: { id: string; title: string },
  decided: { id: string; text: string }[],
  kind: 'statement_accepted' | 'statement_rejected' | 'statement_merged',
  extra: Record<string, string | null>,
) {
  const text = new Map(decided.map((s) => [s.id, s.text]));
  for (const { statementId, memberId } of await memberAuthorsOf(tx, [...text.keys()]))
    if (memberId !== actor.memberId)
      await notify(tx, {
        kind,
        audience: { type: 'member', memberId },
        params: { conversation: c.title, statement: text.get(statementId) ?? '', ...extra },
        link: `/conversations/${c.id}`,
      });
}

export async function moderate(
  ctx: ServiceContext,
  actor: Actor,
  id: string,
  body: z.infer<typeof moderateBody>,
) {
  const c = await moderatedConversation(ctx, actor, id);
  const ids = [...new Set(body.statementIds)];
  const changed = await ctx.db.transaction(async (tx) => {
    const found = await statementsAmong(tx, c.id, ids);
    if (found.length !== ids.length) {
      const known = new Set(found.map((f) => f.id));
      throw new AppError(
        'NOT_FOUND',
        'Some statements are not in this conversation',
        ids
          .filter((s) => !known.has(s))
          .map((s) => ({ field: 'statementIds', message: `unknown statement ${s}` })),
      );
    }
    const toChange = found.filter((f) => f.status !== body.decision).map((f) => f.id);
    if (toChange.length === 0) return 0;
    // A reason is the author's explanation of a rejection; an acceptance carries none.
    const reason = body.decision === 'rejected' ? (body.reason ?? null) : null;
    await decide(tx, c.id, actor.memberId, toChange, body.decision, reason);
    await tellAuthors(
      tx,
      actor,
      c,
      found.filter((f) => toChange.includes(f.id)),
      body.decision === 'accepted' ? 'statement_accepted' : 'statement_rejected',
      body.decision === 'rejected' ? { reason } : {},
    );
    return toChange.length;
  });
  if (changed > 0) statementsChanged(ctx, c.id);
  if (changed > 0) await requestAnalysis(ctx, c.id);
  return { changed };
}

export async function moderationHistory(ctx: ServiceContext, actor: Actor, id: string) {
  const c = await moderatedConversation(ctx, actor, id);
  const rows = await moderationLogOf(ctx.db, c.id);
  return { entries: rows.map((r) => ({ ...r, at: r.at.toISOString() })) };
}
