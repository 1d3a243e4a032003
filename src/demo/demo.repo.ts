/**
 * The demo's own writes: the rows of demo content that no domain function writes in bulk (synthetic
 * participants and their votes, the draft manifesto, the canvass that has happened).
 */
import { count, eq } from 'drizzle-orm';
import type { Executor } from '../db/client.ts';
import {
  branches,
  canvassRecords,
  canvassSessions,
  clauses,
  manifestoSections,
  manifestos,
  participants,
  segments,
  statements,
  voteEvents,
  votes,
  walkAssignments,
} from '../db/schema/index.ts';

/** Has the database any branch (so it has been seeded, or is in use)? */
export async function hasBranches(db: Executor): Promise<boolean> {
  const rows = await db.select({ n: count() }).from(branches);
  return (rows[0]?.n ?? 0) > 0;
}

export async function insertStatements(
  db: Executor,
  rows: (typeof statements.$inferInsert)[],
): Promise<void> {
  await db.insert(statements).values(rows);
}

export async function insertParticipants(
  db: Executor,
  rows: (typeof participants.$inferInsert)[],
): Promise<void> {
  await db.insert(participants).values(rows);
}

/** Votes and their events, a thousand at a time. */
export async function insertVotes(
  db: Executor,
  current: (typeof votes.$inferInsert)[],
  events: (typeof voteEvents.$inferInsert)[],
): Promise<void> {
  for (let k = 0; k < current.length; k += 1000) {
    await db.insert(votes).values(current.slice(k, k + 1000));
    await db.insert(voteEvents).values(events.slice(k, k + 1000));
  }
}

export async function insertManifesto(
  db: Executor,
  manifesto: typeof manifestos.$inferInsert,
  sections: (typeof manifestoSections.$inferInsert)[],
): Promise<void> {
  await db.insert(manifestos).values(manifesto);
  await db.insert(manifestoSections).values(sections);
}

/** The conversation's statements by their text. */
export async function statementIdsByText(db: Executor, conversationId: string): Promise<Map<string, string>> {
  const rows = await db
    .select({ id: statements.id, text: statements.text })
    .from(statements)
    .where(eq(statements.conversationId, conversationId));
  return new Map(rows.map((s) => [s.text, s.id]));
}

export async function insertClauses(db: Executor, rows: (typeof clauses.$inferInsert)[]): Promise<void> {
  if (rows.length > 0) await db.insert(clauses).values(rows);
}

export async function insertSegment(db: Executor, row: typeof segments.$inferInsert): Promise<void> {
  await db.insert(segments).values(row);
}

export async function insertAssignment(
  db: Executor,
  row: typeof walkAssignments.$inferInsert,
): Promise<void> {
  await db.insert(walkAssignments).values(row);
}

export async function insertRecords(
  db: Executor,
  rows: (typeof canvassRecords.$inferInsert)[],
): Promise<void> {
  if (rows.length > 0) await db.insert(canvassRecords).values(rows);
}

export async function insertSession(db: Executor, row: typeof canvassSessions.$inferInsert): Promise<void> {
  await db.insert(canvassSessions).values(row);
}
