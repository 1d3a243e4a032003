/** Queries of a conversation's topics (topics, statement_topics, topic_runs). */
import { and, asc, eq, sql } from 'drizzle-orm';
import type { Executor } from '../db/client.ts';
import { statements, statementTopics, topicRuns, topics } from '../db/schema/index.ts';

/** The accepted statements topics are found among, in the order of their numbers. */
export async function acceptedTexts(db: Executor, conversationId: string) {
  return db
    .select({ id: statements.id, text: statements.text })
    .from(statements)
    .where(and(eq(statements.conversationId, conversationId), eq(statements.status, 'accepted')))
    .orderBy(asc(statements.number));
}

export async function topicRunKey(db: Executor, conversationId: string): Promise<string | null> {
  const [row] = await db
    .select({ key: topicRuns.key })
    .from(topicRuns)
    .where(eq(topicRuns.conversationId, conversationId));
  return row?.key ?? null;
}

/** The topics; with `lock`, held until the transaction ends (a rename then waits, or is seen). */
export async function topicRows(db: Executor, conversationId: string, lock = false) {
  const query = db
    .select({ number: topics.number, label: topics.label, name: topics.name, statements: topics.statements })
    .from(topics)
    .where(eq(topics.conversationId, conversationId))
    .orderBy(asc(topics.number));
  return lock ? query.for('update') : query;
}

/** Each statement's topics, main topic first. */
export async function statementTopicRows(db: Executor, conversationId: string) {
  return db
    .select({ statementId: statementTopics.statementId, topic: statementTopics.topic })
    .from(statementTopics)
    .where(eq(statementTopics.conversationId, conversationId))
    .orderBy(asc(statementTopics.statementId), asc(statementTopics.rank));
}

export interface StoredTopic {
  number: number;
  label: string[];
  name: string | null;
  statements: number;
}

/** Replaces a conversation's topics and its statements' topics (in the caller's transaction). */
export async function replaceTopics(
  tx: Executor,
  conversationId: string,
  key: string,
  found: StoredTopic[],
  memberships: { statementId: string; topics: number[] }[],
): Promise<void> {
  await tx.delete(statementTopics).where(eq(statementTopics.conversationId, conversationId));
  await tx.delete(topics).where(eq(topics.conversationId, conversationId));
  if (found.length > 0) await tx.insert(topics).values(found.map((t) => ({ conversationId, ...t })));
  const rows = memberships.flatMap((m) =>
    m.topics.map((topic, rank) => ({ statementId: m.statementId, conversationId, topic, rank })),
  );
  for (let k = 0; k < rows.length; k += 2000)
    await tx.insert(statementTopics).values(rows.slice(k, k + 2000));
  await tx
    .insert(topicRuns)
    .values({ conversationId, key })
    .onConflictDoUpdate({ target: topicRuns.conversationId, set: { key, computedAt: sql`now()` } });
}

/** Sets (or, with null, clears) a topic's name; whether the topic was there. */
export async function setTopicName(
  tx: Executor,
  conversationId: string,
  number: number,
  name: string | null,
): Promise<{ label: string[]; before: string | null } | null> {
  const [row] = await tx
    .select({ label: topics.label, before: topics.name })
    .from(topics)
    .where(and(eq(topics.conversationId, conversationId), eq(topics.number, number)))
    .for('update');
  if (!row) return null;
  await tx
    .update(topics)
    .set({ name })
    .where(and(eq(topics.conversationId, conversationId), eq(topics.number, number)));
  return row;
}
