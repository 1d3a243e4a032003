/** Queries of elections: the election, its candidates and nominations, answers, roll, voters and box. */
import { and, asc, desc, eq, sql } from 'drizzle-orm';
import { queryRows, type Executor } from '../db/client.ts';
import { pathWithin, pathWithinAny, pathWithinColumn } from '../core/branch-tree.repo.ts';
import {
  branches,
  electionAnswers,
  electionBox,
  electionCandidates,
  electionElectorate,
  electionNominations,
  electionReceipts,
  partyElections,
  electionVoters,
  members,
} from '../db/schema/index.ts';
import type { Role } from '../contract/vocabulary.ts';
import { enteredBy } from './electorate.repo.ts';

export type ElectionRow = typeof partyElections.$inferSelect & { branchName: string; branchPath: string };

const withBranch = { e: partyElections, branchName: branches.name, branchPath: branches.path };

export async function electionById(db: Executor, id: string, lock = false): Promise<ElectionRow | undefined> {
  const q = db
    .select(withBranch)
    .from(partyElections)
    .innerJoin(branches, eq(branches.id, partyElections.branchId))
    .where(eq(partyElections.id, id));
  const [row] = lock ? await q.for('update', { of: partyElections }) : await q;
  return row && { ...row.e, branchName: row.branchName, branchPath: row.branchPath };
}

/** Elections of the branches the member belongs to (their home ward's and those above it) or runs. */
export async function electionsFor(
  db: Executor,
  homeWardPath: string,
  runs: string[],
): Promise<ElectionRow[]> {
  const rows = await db
    .select(withBranch)
    .from(partyElections)
    .innerJoin(branches, eq(branches.id, partyElections.branchId))
    .where(
      runs.length
        ? sql`(${homeWardPath} like ${branches.path} || '%' or ${pathWithinAny(branches.path, runs)})`
        : sql`${homeWardPath} like ${branches.path} || '%'`,
    )
    .orderBy(desc(partyElections.createdAt))
    .limit(200);
  return rows.map((r) => ({ ...r.e, branchName: r.branchName, branchPath: r.branchPath }));
}

export async function insertElection(db: Executor, row: typeof partyElections.$inferInsert): Promise<void> {
  await db.insert(partyElections).values(row);
}

export async function updateElection(
  db: Executor,
  id: string,
  set: Partial<typeof partyElections.$inferInsert>,
): Promise<void> {
  await db.update(partyElections).set(set).where(eq(partyElections.id, id));
}

export async function candidatesOf(db: Executor, electionId: string) {
  return db
    .select({
      id: electionCandidates.memberId,
      name: members.name,
      statement: electionCandidates.statement,
      woman: electionCandidates.woman,
    })
    .from(electionCandidates)
    .innerJoin(members, eq(members.id, electionCandidates.memberId))
    .where(eq(electionCandidates.electionId, electionId))
    .orderBy(asc(electionCandidates.standingSince));
}

export async function upsertCandidate(
  db: Executor,
  row: { electionId: string; memberId: string; statement: string; woman: boolean },
): Promise<void> {
  await db
    .insert(electionCandidates)
    .values(row)
    .onConflictDoUpdate({
      target: [electionCandidates.electionId, electionCandidates.memberId],
      set: { statement: row.statement, woman: row.woman },
    });
}

export async function nominationsOf(db: Executor, electionId: string) {
  return db
    .select({
      candidateId: electionNominations.candidateId,
      id: electionNominations.nominatorId,
      name: members.name,
    })
    .from(electionNominations)
    .innerJoin(members, eq(members.id, electionNominations.nominatorId))
    .where(eq(electionNominations.electionId, electionId))
    .orderBy(asc(electionNominations.createdAt));
}

/** Records a nomination; false when the nominator had already nominated that candidate. */
export async function insertNomination(
  db: Executor,
  row: { electionId: string; candidateId: string; nominatorId: string },
): Promise<boolean> {
  const r = await db
    .insert(electionNominations)
    .values(row)
    .onConflictDoNothing()
    .returning({ id: electionNominations.nominatorId });
  return r.length > 0;
}

/** How many may nominate: the branch's active members, or the holders of a role in the branch or below. */
export async function nominatingBodySize(
  db: Executor,
  branchPath: string,
  role: Role | null,
): Promise<number> {
  const [row] = role
    ? await queryRows<{ n: number }>(
        db,
        sql`select count(distinct ra.member_id)::int as n from role_assignments ra
            join branches b on b.id = ra.branch_id
            join members m on m.id = ra.member_id and m.status = 'active'
            where ra.role = ${role} and ${pathWithin(sql`b.path`, branchPath)}`,
      )
    : await queryRows<{ n: number }>(
        db,
        sql`select count(*)::int as n from members m join branches w on w.id = m.home_ward_id
            where m.status = 'active' and ${pathWithin(sql`w.path`, branchPath)}`,
      );
  return row?.n ?? 0;
}

/** Holds the nominator's nominations in this election until the transaction ends. */
export async function lockNominator(db: Executor, electionId: string, memberId: string): Promise<void> {
  await db.execute(sql`select pg_advisory_xact_lock(hashtext(${`nominate:${electionId}:${memberId}`}))`);
}

export async function answersOf(db: Executor, electionId: string) {
  return db
    .select({
      candidateId: electionAnswers.candidateId,
      statementId: electionAnswers.statementId,
      answer: electionAnswers.answer,
    })
    .from(electionAnswers)
    .where(eq(electionAnswers.electionId, electionId));
}

export async function upsertAnswer(
  db: Executor,
  row: { electionId: string; candidateId: string; statementId: string; answer: string },
): Promise<void> {
  await db
    .insert(electionAnswers)
    .values(row)
    .onConflictDoUpdate({
      target: [electionAnswers.electionId, electionAnswers.candidateId, electionAnswers.statementId],
      set: { answer: row.answer, answeredAt: new Date() },
    });
}

/**
 * Freezes the roll: the branch's active members (home ward in it or below) who joined by the freeze date
 * and whose membership the platform recorded by the end of that day, UK time; a joining date a file
 * supplied does not reach back past it. Returns its size.
 */
export async function freezeRoll(db: Executor, electionId: string, branchId: string, freezeOn: string) {
  const [row] = await queryRows<{ n: number }>(
    db,
    sql`with added as (
          insert into election_electorate (election_id, member_id)
          select ${electionId}, m.id from members m
          join branches w on w.id = m.home_ward_id
          join branches b on b.id = ${branchId} and ${pathWithinColumn(sql`w.path`, sql`b.path`)}
          where m.joined_on <= ${freezeOn} and m.status = 'active'
            and m.created_at < ${enteredBy(freezeOn)} and m.created_at < now()
          returning 1)
        select count(*)::int as n from added`,
  );
  return row?.n ?? 0;
}

/** The frozen roll's size by the members' home branches. */
export async function rollByBranch(db: Executor, electionId: string) {
  return queryRows<{ branch: string; members: number }>(
    db,
    sql`select w.name as branch, count(*)::int as members
        from election_electorate e
        join members m on m.id = e.member_id
        join branches w on w.id = m.home_ward_id
        where e.election_id = ${electionId}
        group by w.name order by w.name`,
  );
}

export async function onRoll(db: Executor, electionId: string, memberId: string): Promise<boolean> {
  const rows = await db
    .select({ id: electionElectorate.memberId })
    .from(electionElectorate)
    .innerJoin(members, eq(members.id, electionElectorate.memberId))
    .where(
      and(
        eq(electionElectorate.electionId, electionId),
        eq(electionElectorate.memberId, memberId),
        eq(members.status, 'active'),
      ),
    );
  return rows.length > 0;
}

export async function hasVoted(db: Executor, electionId: string, memberId: string): Promise<boolean> {
  const rows = await db
    .select({ id: electionVoters.memberId })
    .from(electionVoters)
    .where(and(eq(electionVoters.electionId, electionId), eq(electionVoters.memberId, memberId)));
  return rows.length > 0;
}

/** Records that the member voted; false if they already had (the primary key decides). */
export async function recordVoter(db: Executor, electionId: string, memberId: string): Promise<boolean> {
  const r = await db
    .insert(electionVoters)
    .values({ electionId, memberId })
    .onConflictDoNothing()
    .returning({ id: electionVoters.memberId });
  return r.length > 0;
}

export async function votersCount(db: Executor, electionId: string): Promise<number> {
  const [row] = await queryRows<{ n: number }>(
    db,
    sql`select count(*)::int as n from election_voters where election_id = ${electionId}`,
  );
  return row?.n ?? 0;
}

export async function addToBox(
  db: Executor,
  row: { electionId: string; seq: number; tag: string; sealed: string },
): Promise<void> {
  await db.insert(electionBox).values(row);
}

export async function boxOf(db: Executor, electionId: string) {
  return db
    .select({ seq: electionBox.seq, tag: electionBox.tag, sealed: electionBox.sealed })
    .from(electionBox)
    .where(eq(electionBox.electionId, electionId))
    .orderBy(asc(electionBox.seq));
}

export async function emptyBox(db: Executor, electionId: string): Promise<void> {
  await db.delete(electionBox).where(eq(electionBox.electionId, electionId));
}

export async function branchOf(db: Executor, id: string) {
  const [b] = await db
    .select({ id: branches.id, name: branches.name, path: branches.path })
    .from(branches)
    .where(eq(branches.id, id));
  return b;
}

/** Branches at or below these roots, shallowest first: where a returning officer may hold an election. */
export async function branchesWithin(db: Executor, roots: string[]) {
  if (roots.length === 0) return [];
  return db
    .select({ id: branches.id, name: branches.name })
    .from(branches)
    .where(pathWithinAny(branches.path, roots))
    .orderBy(sql`length(${branches.path})`, asc(branches.name))
    .limit(100);
}

/** Keeps the counted papers' receipt tags, in random order. */
export async function insertReceipts(db: Executor, electionId: string, tags: string[]): Promise<void> {
  for (let i = 0; i < tags.length; i += 5000)
    await db.insert(electionReceipts).values(tags.slice(i, i + 5000).map((tag) => ({ electionId, tag })));
}

/** Is a paper with this receipt tag in the box (open), or among the counted (after the count)? */
export async function receiptIn(db: Executor, electionId: string, tag: string, counted: boolean) {
  const table = counted ? electionReceipts : electionBox;
  const rows = await db
    .select({ tag: table.tag })
    .from(table)
    .where(and(eq(table.electionId, electionId), eq(table.tag, tag)));
  return rows.length > 0;
}
