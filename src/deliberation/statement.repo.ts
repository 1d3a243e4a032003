/** Statements: posting, an author's own, the moderation queue, decisions and their log. */
import { and, asc, desc, eq, inArray } from 'drizzle-orm';
import type { Executor } from '../db/client.ts';
import { members, moderationLog, participants, statements, votes } from '../db/schema/index.ts';

export type NewStatement = typeof statements.$inferInsert;

/** The texts already in a conversation (any status). */
export async function statementTexts(db: Executor, conversationId: string): Promise<Set<string>> {
  const rows = await db
    .select({ text: statements.text })
    .from(statements)
    .where(eq(statements.conversationId, conversationId));
  return new Set(rows.map((s) => s.text));
}

export async function insertStatement(db: Executor, row: NewStatement): Promise<void> {
  await db.insert(statements).values(row);
}

export interface AcceptedStatement {
  id: string;
  number: number;
  text: string;
}

/**
 * A conversation's accepted statements, in number order. An async function, so callers hold a promise of
 * the rows: a query builder held instead would run its query again at every `await`.
 */
export async function acceptedStatements(db: Executor, conversationId: string): Promise<AcceptedStatement[]> {
  return db
    .select({ id: statements.id, number: statements.number, text: statements.text })
    .from(statements)
    .where(and(eq(statements.conversationId, conversationId), eq(statements.status, 'accepted')))
    .orderBy(asc(statements.number));
}

/** The statements a participant has a vote on (of one conversation: participants belong to one). */
export async function votedStatementIds(db: Executor, participantId: string): Promise<Set<string>> {
  const rows = await db
    .select({ id: votes.statementId })
    .from(votes)
    .where(eq(votes.participantId, participantId));
  return new Set(rows.map((r) => r.id));
}

export async function insertStatements(db: Executor, rows: NewStatement[]): Promise<void> {
  if (rows.length > 0) await db.insert(statements).values(rows);
}

export type StatementRow = typeof statements.$inferSelect;

/** The statement of a conversation with exactly this text, if any. */
export async function statementWithText(
  db: Executor,
  conversationId: string,
  text: string,
): Promise<StatementRow | undefined> {
  const [row] = await db
    .select()
    .from(statements)
    .where(and(eq(statements.conversationId, conversationId), eq(statements.text, text)));
  return row;
}

export async function insertStatementReturning(db: Executor, row: NewStatement): Promise<StatementRow> {
  const [made] = await db.insert(statements).values(row).returning();
  if (!made) throw new Error('the statement was not stored');
  return made;
}

/** A participant's statements in a conversation, newest first. */
export async function statementsBy(
  db: Executor,
  conversationId: string,
  authorId: string,
): Promise<StatementRow[]> {
  return db
    .select()
    .from(statements)
    .where(and(eq(statements.conversationId, conversationId), eq(statements.authorId, authorId)))
    .orderBy(desc(statements.createdAt));
}

/** Up to 500 statements of a conversation with a status, in number order. */
export async function statementsWithStatus(
  db: Executor,
  conversationId: string,
  status: StatementRow['status'],
): Promise<StatementRow[]> {
  return db
    .select()
    .from(statements)
    .where(and(eq(statements.conversationId, conversationId), eq(statements.status, status)))
    .orderBy(asc(statements.number))
    .limit(500);
}

/** Those of these statements that are in the conversation. */
export async function statementsAmong(
  db: Executor,
  conversationId: string,
  ids: string[],
): Promise<StatementRow[]> {
  return db
    .select()
    .from(statements)
    .where(and(eq(statements.conversationId, conversationId), inArray(statements.id, ids)));
}

/** Records a moderation decision on statements: their status and reason, and a line each in the log. */
export async function decide(
  tx: Executor,
  conversationId: string,
  moderatorId: string,
  ids: string[],
  decision: 'accepted' | 'rejected',
  reason: string | null,
  logReason: string | null = reason,
): Promise<void> {
  await tx
    .update(statements)
    .set({ status: decision, rejectReason: decision === 'rejected' ? reason : null, moderatedAt: new Date() })
    .where(inArray(statements.id, ids));
  await tx
    .insert(moderationLog)
    .values(
      ids.map((statementId) => ({ conversationId, statementId, moderatorId, decision, reason: logReason })),
    );
}

/** The latest 200 moderation decisions of a conversation, with the statement's text and the moderator. */
export const moderationLogOf = async (db: Executor, conversationId: string) =>
  db
    .select({
      id: moderationLog.id,
      statementId: moderationLog.statementId,
      text: statements.text,
      decision: moderationLog.decision,
      reason: moderationLog.reason,
      moderator: members.name,
      at: moderationLog.at,
    })
    .from(moderationLog)
    .innerJoin(statements, eq(statements.id, moderationLog.statementId))
    .leftJoin(members, eq(members.id, moderationLog.moderatorId))
    .where(eq(moderationLog.conversationId, conversationId))
    .orderBy(desc(moderationLog.id))
    .limit(200);

export async function statementById(db: Executor, id: string): Promise<StatementRow | undefined> {
  const [row] = await db.select().from(statements).where(eq(statements.id, id));
  return row;
}

/** The members who wrote some statements (those written by a member, not by a visitor with a link). */
export async function memberAuthorsOf(db: Executor, ids: string[]) {
  if (ids.length === 0) return [];
  const rows = await db
    .select({ statementId: statements.id, memberId: participants.memberId })
    .from(statements)
    .innerJoin(participants, eq(participants.id, statements.authorId))
    .where(inArray(statements.id, ids));
  return rows.flatMap((r) => (r.memberId ? [{ statementId: r.statementId, memberId: r.memberId }] : []));
}
