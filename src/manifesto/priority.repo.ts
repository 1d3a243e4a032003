/** "Which matters more?": the draft's clauses in order and members' comparisons of them. */
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { queryRows, type Executor } from '../db/client.ts';
import { clauses, manifestoSections, participants, priorityComparisons } from '../db/schema/index.ts';

export interface Item {
  id: string;
  text: string;
  section: string;
  conversationId: string | null;
}

/** The draft's clauses, in document order. */
export async function items(db: Executor, manifestoId: string): Promise<Item[]> {
  return db
    .select({
      id: clauses.id,
      text: clauses.text,
      section: manifestoSections.title,
      conversationId: clauses.conversationId,
    })
    .from(clauses)
    .innerJoin(manifestoSections, eq(manifestoSections.id, clauses.sectionId))
    .where(eq(manifestoSections.manifestoId, manifestoId))
    .orderBy(asc(manifestoSections.position), asc(clauses.position));
}

/** How many comparisons each clause has been in. */
export const timesCompared = async (db: Executor, manifestoId: string) =>
  queryRows<{ clause: string; n: number }>(
    db,
    sql`select clause, count(*)::int as n from (
          select winner_id as clause from ${priorityComparisons} where manifesto_id = ${manifestoId}
          union all select loser_id from ${priorityComparisons} where manifesto_id = ${manifestoId}) x
        group by clause`,
  );

/** A member's own comparisons on a draft. */
export const comparisonsBy = async (db: Executor, manifestoId: string, memberId: string) =>
  db
    .select({ winner: priorityComparisons.winnerId, loser: priorityComparisons.loserId })
    .from(priorityComparisons)
    .where(and(eq(priorityComparisons.manifestoId, manifestoId), eq(priorityComparisons.memberId, memberId)));

export async function insertComparison(
  db: Executor,
  c: { id: string; manifestoId: string; memberId: string; winnerId: string; loserId: string },
): Promise<void> {
  await db.insert(priorityComparisons).values(c);
}

/** Every comparison on a draft, with who made it (null once they were erased). */
export const comparisonsOf = async (db: Executor, manifestoId: string) =>
  db
    .select({
      member: priorityComparisons.memberId,
      winner: priorityComparisons.winnerId,
      loser: priorityComparisons.loserId,
    })
    .from(priorityComparisons)
    .where(eq(priorityComparisons.manifestoId, manifestoId));

/** These members' participant numbers in a conversation (those who took part in it). */
export const participantNumbers = async (db: Executor, conversationId: string, memberIds: string[]) =>
  memberIds.length === 0
    ? []
    : db
        .select({ member: participants.memberId, number: participants.number })
        .from(participants)
        .where(
          and(eq(participants.conversationId, conversationId), inArray(participants.memberId, memberIds)),
        );
