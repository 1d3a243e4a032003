/** Queries of statements that more than one service needs. */
import { eq } from 'drizzle-orm';
import type { Executor } from '../db/client.ts';
import { statements } from '../db/schema/index.ts';

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
