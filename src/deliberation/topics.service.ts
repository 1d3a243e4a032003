/**
 * A conversation's topics: found among its accepted statements in an engine thread after a refit, when
 * the accepted statements have changed since they were last found (src/math/topics.ts says how); read by
 * whoever may read the report; renamed by those who run the conversation. A topic found again (most of
 * its statements the same) keeps its number and the name it was given.
 */
import { createHash } from 'node:crypto';
import type { Db, Executor } from '../db/client.ts';
import type { ServiceContext } from '../lib/context.ts';
import type { Actor } from '../core/permissions.ts';
import { audited } from '../core/audited.ts';
import { forbidden, notFound } from '../core/errors.ts';
import type { TopicModel } from '../math/topics.ts';
import type { ConversationTopics } from '../contract/deliberation.ts';
import { canModerate, conversationFor, loadConversation, type Caller } from './conversation.service.ts';
import * as repo from './topics.repo.ts';

/** A new topic takes an old one's number (and name) when their statements overlap at least this much. */
const SAME_TOPIC = 0.5;

function jaccard(a: Set<string>, b: Set<string>): number {
  let inter = 0;
  for (const x of a) if (b.has(x)) inter++;
  const union = a.size + b.size - inter;
  return union === 0 ? 0 : inter / union;
}

/**
 * Numbers for freshly found topics: each takes the number of the old topic whose statements it shares
 * most (pairs taken best first, each old topic once), when they share at least half; the rest take new
 * numbers after the largest ever used.
 */
export function carryNumbers(
  previous: { number: number; name: string | null; members: Set<string> }[],
  fresh: Set<string>[],
): { number: number; name: string | null }[] {
  const pairs: { i: number; j: number; score: number }[] = [];
  fresh.forEach((f, i) =>
    previous.forEach((p, j) => {
      const score = jaccard(f, p.members);
      if (score >= SAME_TOPIC) pairs.push({ i, j, score });
    }),
  );
  pairs.sort((a, b) => b.score - a.score || a.i - b.i || a.j - b.j);
  const out = new Array<{ number: number; name: string | null } | undefined>(fresh.length);
  const taken = new Set<number>();
  for (const { i, j } of pairs) {
    const old = previous[j];
    if (out[i] || taken.has(j) || !old) continue;
    taken.add(j);
    out[i] = { number: old.number, name: old.name };
  }
  let next = Math.max(0, ...previous.map((p) => p.number + 1));
  return out.map((o) => o ?? { number: next++, name: null });
}

/** Names the set of statements topics were found among. */
const keyOf = (ids: string[]) => createHash('sha256').update(ids.join(',')).digest('base64url');

/**
 * Finds a conversation's topics again when its accepted statements have changed since they were last
 * found; `find` runs the model (in an engine thread). Whether they were found again.
 */
export async function refreshTopics(
  db: Db,
  conversationId: string,
  find: (texts: string[]) => Promise<TopicModel>,
): Promise<boolean> {
  const accepted = await repo.acceptedTexts(db, conversationId);
  const key = keyOf(accepted.map((s) => s.id));
  if ((await repo.topicRunKey(db, conversationId)) === key) return false;
  const model = await find(accepted.map((s) => s.text));
  // The old topics are read in the transaction that replaces them, locked: a name given meanwhile is
  // either seen here and carried over, or waits and then finds its topic replaced (never silently lost).
  await db.transaction(async (tx) => {
    const oldTopics = await repo.topicRows(tx, conversationId, true);
    const oldMembers = await repo.statementTopicRows(tx, conversationId);
    await replaceWith(tx, conversationId, key, model, accepted, oldTopics, oldMembers);
  });
  return true;
}

async function replaceWith(
  tx: Executor,
  conversationId: string,
  key: string,
  model: TopicModel,
  accepted: { id: string }[],
  oldTopics: { number: number; name: string | null }[],
  oldMembers: { statementId: string; topic: number }[],
): Promise<void> {
  const mainOf = new Map<number, Set<string>>();
  const seen = new Set<string>();
  for (const m of oldMembers) {
    if (seen.has(m.statementId)) continue; // rows come main topic first
    seen.add(m.statementId);
    const set = mainOf.get(m.topic) ?? new Set<string>();
    set.add(m.statementId);
    mainOf.set(m.topic, set);
  }
  // The model answers in the order of `accepted`: statement i's topics are membership[i].
  const ids = accepted.map((s) => s.id);
  const fresh = model.topics.map(() => new Set<string>());
  model.membership.forEach((m, i) => {
    const main = m[0];
    if (main !== undefined) fresh[main]?.add(ids[i] ?? '');
  });
  const numbers = carryNumbers(
    oldTopics.map((t) => ({ number: t.number, name: t.name, members: mainOf.get(t.number) ?? new Set() })),
    fresh,
  );
  await repo.replaceTopics(
    tx,
    conversationId,
    key,
    model.topics.map((t, c) => ({
      ...(numbers[c] ?? { number: c, name: null }),
      label: t.label,
      statements: t.size,
    })),
    ids.map((statementId, i) => ({
      statementId,
      topics: (model.membership[i] ?? []).map((c) => numbers[c]?.number ?? c),
    })),
  );
}

/** The topics and each accepted statement's, for whoever may read the conversation's report. */
export async function conversationTopics(
  ctx: ServiceContext,
  caller: Caller,
  id: string,
): Promise<ConversationTopics> {
  const c = await conversationFor(ctx, caller, id);
  const [topics, members] = await Promise.all([
    repo.topicRows(ctx.db, c.id),
    repo.statementTopicRows(ctx.db, c.id),
  ]);
  const byStatement = new Map<string, number[]>();
  for (const m of members)
    byStatement.set(m.statementId, [...(byStatement.get(m.statementId) ?? []), m.topic]);
  return {
    topics: topics.map((t) => ({ id: t.number, label: t.label, name: t.name, statements: t.statements })),
    statements: [...byStatement.entries()].map(([statementId, ts]) => ({ id: statementId, topics: ts })),
  };
}

/** Names a topic (or, with null, goes back to its words); audited. */
export async function renameTopic(
  ctx: ServiceContext,
  actor: Actor,
  id: string,
  topic: number,
  name: string | null,
): Promise<{ id: number; name: string | null }> {
  const c = await loadConversation(ctx, id);
  if (!canModerate(actor, c)) throw forbidden('Only those who run this conversation can name its topics');
  await audited(ctx.db, async (tx, record) => {
    const row = await repo.setTopicName(tx, c.id, topic, name);
    if (!row) throw notFound('The topic');
    record({
      actorId: actor.memberId,
      action: 'change',
      subjectType: 'conversation',
      subjectId: c.id,
      branchId: c.branchId,
      detail: { topic, name: name ?? row.label.join(' · '), was: row.before ?? row.label.join(' · ') },
    });
  });
  return { id: topic, name };
}
