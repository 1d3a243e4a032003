/** Queries of conversations and their participants. */
import crypto from 'node:crypto';
import { and, desc, eq, inArray, or, sql } from 'drizzle-orm';
import type { Executor } from '../db/client.ts';
import { branches, conversations, participants, statements } from '../db/schema/index.ts';
import { newId } from '../lib/ids.ts';
import { notFound } from '../core/errors.ts';
import { pathWithinAny } from '../core/branch-tree.repo.ts';

export type ConversationRow = typeof conversations.$inferSelect;
export type Conversation = ConversationRow & { branchName: string; branchPath: string };

/** A conversation with its branch's name and path, or null. */
export async function conversationById(db: Executor, id: string): Promise<Conversation | null> {
  const [row] = await db
    .select({ c: conversations, branchName: branches.name, branchPath: branches.path })
    .from(conversations)
    .innerJoin(branches, eq(branches.id, conversations.branchId))
    .where(eq(conversations.id, id));
  return row ? { ...row.c, branchName: row.branchName, branchPath: row.branchPath } : null;
}

/** The id of the conversation a share link opens, or null. */
export async function conversationIdByLink(db: Executor, token: string): Promise<string | null> {
  const [row] = await db
    .select({ id: conversations.id })
    .from(conversations)
    .where(eq(conversations.linkToken, token));
  return row?.id ?? null;
}

/** Inserts a conversation, making its id and the secret of its share link; returns the id. */
export async function insertConversation(
  db: Executor,
  values: Omit<typeof conversations.$inferInsert, 'id' | 'linkToken'>,
): Promise<string> {
  const id = newId();
  await db
    .insert(conversations)
    .values({ ...values, id, linkToken: crypto.randomBytes(18).toString('base64url') });
  return id;
}

export async function updateConversationRow(
  db: Executor,
  id: string,
  set: Partial<Pick<ConversationRow, 'title' | 'question' | 'description' | 'closesAt'>>,
): Promise<void> {
  await db.update(conversations).set(set).where(eq(conversations.id, id));
}

/** Conversations of the branches with these paths, or of those below these roots; newest first. */
export async function conversationsFor(
  db: Executor,
  paths: string[],
  roots: string[],
  limit: number,
): Promise<Conversation[]> {
  const rows = await db
    .select({ c: conversations, branchName: branches.name, branchPath: branches.path })
    .from(conversations)
    .innerJoin(branches, eq(branches.id, conversations.branchId))
    .where(
      or(paths.length > 0 ? inArray(branches.path, paths) : sql`false`, pathWithinAny(branches.path, roots)),
    )
    .orderBy(desc(conversations.opensAt))
    .limit(limit);
  return rows.map((r) => ({ ...r.c, branchName: r.branchName, branchPath: r.branchPath }));
}

/** Accepted statements per conversation. */
export async function statementCounts(db: Executor, ids: string[]): Promise<Map<string, number>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .select({ id: statements.conversationId, n: sql<number>`count(*)::int` })
    .from(statements)
    .where(and(inArray(statements.conversationId, ids), eq(statements.status, 'accepted')))
    .groupBy(statements.conversationId);
  return new Map(rows.map((r) => [r.id, r.n]));
}

/** Participants of a conversation: all, members, link visitors. */
export async function participantCounts(db: Executor, conversationId: string) {
  const [counts] = await db
    .select({
      total: sql<number>`count(*)::int`,
      members: sql<number>`count(${participants.memberId})::int`,
      visitors: sql<number>`count(${participants.visitorKeyHash})::int`,
    })
    .from(participants)
    .where(eq(participants.conversationId, conversationId));
  return counts ?? { total: 0, members: 0, visitors: 0 };
}

/** A participant of the conversation by the member, or by the hash of a visitor's key. */
export async function participantOf(
  db: Executor,
  conversationId: string,
  who: { memberId: string } | { visitorKeyHash: string },
): Promise<{ id: string; number: number } | undefined> {
  const where =
    'memberId' in who
      ? eq(participants.memberId, who.memberId)
      : eq(participants.visitorKeyHash, who.visitorKeyHash);
  const [p] = await db
    .select({ id: participants.id, number: participants.number })
    .from(participants)
    .where(and(eq(participants.conversationId, conversationId), where));
  return p;
}

export async function insertParticipant(db: Executor, row: typeof participants.$inferInsert): Promise<void> {
  await db.insert(participants).values(row);
}

/**
 * Takes the next participant or statement number of a conversation from its counter. The counter's row
 * stays locked until the transaction ends, so concurrent takers are ordered and numbers never repeat.
 */
export async function takeNumber(tx: Executor, conversationId: string, what: 'participant' | 'statement') {
  const column = what === 'participant' ? conversations.nextParticipant : conversations.nextStatement;
  const [counter] = await tx
    .update(conversations)
    .set(
      what === 'participant'
        ? { nextParticipant: sql`${column} + 1` }
        : { nextStatement: sql`${column} + 1` },
    )
    .where(eq(conversations.id, conversationId))
    .returning({ number: sql<number>`${column} - 1` });
  if (!counter) throw notFound('Conversation');
  return counter.number;
}
