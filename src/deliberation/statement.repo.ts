/** Queries of statements that more than one service needs. */
import { and, asc, eq } from 'drizzle-orm';
import type { Executor } from '../db/client.ts';
import { statements, votes } from '../db/schema/index.ts';

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
