/**
 * Queries of ratification ballots: the ballot, its frozen electorate, who voted, the sealed box, and the
 * counted papers and receipts.
 */
import { and, count, desc, eq, isNotNull, isNull, lte, sql } from 'drizzle-orm';
import { queryRows, type Db, type Executor } from '../db/client.ts';
import { pathWithinColumn } from '../core/branch-tree.repo.ts';
import {
  ballotBox,
  ballotElectorate,
  ballotPapers,
  ballotReceipts,
  ballots,
  ballotVoters,
  members,
} from '../db/schema/index.ts';
import { enteredBy } from './electorate.repo.ts';
import type { Choice } from './seal.ts';

export type BallotRow = typeof ballots.$inferSelect;

export async function ballotById(db: Executor, id: string): Promise<BallotRow | undefined> {
  const [b] = await db.select().from(ballots).where(eq(ballots.id, id));
  return b;
}

/**
 * The ballot, locked until this transaction ends: against counting, and against another vote, since each
 * paper extends the box's hash chain from the head before it.
 */
export async function ballotForVote(db: Executor, id: string): Promise<BallotRow | undefined> {
  const [b] = await db.select().from(ballots).where(eq(ballots.id, id)).for('update');
  return b;
}

/** The ballot, locked for counting. */
export async function ballotForCount(db: Executor, id: string): Promise<BallotRow | undefined> {
  const [b] = await db.select().from(ballots).where(eq(ballots.id, id)).for('update');
  return b;
}

/** A draft's ballots, newest first. */
export async function ballotsOfDraft(db: Executor, manifestoId: string): Promise<BallotRow[]> {
  return db.select().from(ballots).where(eq(ballots.manifestoId, manifestoId)).orderBy(desc(ballots.opensAt));
}

/** Gives a ballot opened before papers were sealed its sealing key. */
export async function setSealingKey(db: Executor, id: string, wrapped: string): Promise<void> {
  await db.update(ballots).set({ sealingKey: wrapped }).where(eq(ballots.id, id));
}

/** A member's joining date and status, to say why they may not vote. */
export async function memberStanding(db: Executor, memberId: string) {
  const [m] = await db
    .select({ joinedOn: members.joinedOn, status: members.status, enteredAt: members.createdAt })
    .from(members)
    .where(eq(members.id, memberId));
  return m;
}

export async function insertBallot(db: Executor, row: typeof ballots.$inferInsert): Promise<void> {
  await db.insert(ballots).values(row);
}

/**
 * Freezes the electorate: the active members of the branch (and below) who joined by the cut-off, as they
 * stand now. "Joined by the cut-off" is read from the platform's own record, not only from the joining
 * date a file supplied: a member must have been on the platform by the end of the cut-off day (UK time),
 * so members imported later with a back-dated joining date are kept but cannot join the electorate.
 * Returns its size.
 */
export async function snapshotElectorate(
  db: Executor,
  ballotId: string,
  branchId: string,
  cutoff: string,
): Promise<number> {
  const [row] = await queryRows<{ n: number }>(
    db,
    sql`with added as (
          insert into ballot_electorate (ballot_id, member_id)
          select ${ballotId}, m.id from members m
          join branches w on w.id = m.home_ward_id
          join branches b on b.id = ${branchId} and ${pathWithinColumn(sql`w.path`, sql`b.path`)}
          where m.joined_on <= ${cutoff} and m.status = 'active'
            and m.created_at < ${enteredBy(cutoff)}
          returning 1)
        select count(*)::int as n from added`,
  );
  return row?.n ?? 0;
}

/** The frozen roll's size by the members' home branches, for anyone who may read the ballot. */
export async function rollByBranch(db: Executor, ballotId: string) {
  const rows = await queryRows<{ branch: string; members: number }>(
    db,
    sql`select w.name as branch, count(*)::int as members
        from ballot_electorate e
        join members m on m.id = e.member_id
        join branches w on w.id = m.home_ward_id
        where e.ballot_id = ${ballotId}
        group by w.name
        order by w.name`,
  );
  return rows;
}

/** Is the member on the ballot's electorate and still active? */
export async function mayVote(db: Executor, ballotId: string, memberId: string): Promise<boolean> {
  const rows = await db
    .select({ id: members.id })
    .from(ballotElectorate)
    .innerJoin(members, eq(members.id, ballotElectorate.memberId))
    .where(
      and(
        eq(ballotElectorate.ballotId, ballotId),
        eq(ballotElectorate.memberId, memberId),
        eq(members.status, 'active'),
      ),
    );
  return rows.length > 0;
}

export async function hasVoted(db: Executor, ballotId: string, memberId: string): Promise<boolean> {
  const rows = await db
    .select({ id: ballotVoters.memberId })
    .from(ballotVoters)
    .where(and(eq(ballotVoters.ballotId, ballotId), eq(ballotVoters.memberId, memberId)));
  return rows.length > 0;
}

/** Records that the member voted; false when they already had (the primary key decides, however many race). */
export async function recordVoter(db: Executor, ballotId: string, memberId: string): Promise<boolean> {
  const first = await db
    .insert(ballotVoters)
    .values({ ballotId, memberId })
    .onConflictDoNothing()
    .returning({ ballotId: ballotVoters.ballotId });
  return first.length > 0;
}

export async function putInBox(db: Executor, row: typeof ballotBox.$inferInsert): Promise<void> {
  await db.insert(ballotBox).values(row);
}

/** Adds a paper at the end of the box's chain and moves the ballot's head to it. */
export async function appendToBox(
  db: Executor,
  row: { id: string; ballotId: string; tag: string; sealed: string; seq: number; head: string },
): Promise<void> {
  await db.insert(ballotBox).values(row);
  await db.update(ballots).set({ boxHead: row.head, boxPapers: row.seq }).where(eq(ballots.id, row.ballotId));
}

/** The box's papers in the order they were cast, with the chain's head after each. */
export async function boxInOrder(db: Executor, ballotId: string) {
  return db
    .select({ tag: ballotBox.tag, sealed: ballotBox.sealed, seq: ballotBox.seq, head: ballotBox.head })
    .from(ballotBox)
    .where(eq(ballotBox.ballotId, ballotId))
    .orderBy(ballotBox.seq);
}

/** How many members are marked as having voted. */
export async function voterCount(db: Executor, ballotId: string): Promise<number> {
  const [row] = await db.select({ n: count() }).from(ballotVoters).where(eq(ballotVoters.ballotId, ballotId));
  return row?.n ?? 0;
}

/** Where a receipt's paper is in the box (its place, and the head after it), if it is there. */
export async function placeInBox(db: Executor, ballotId: string, tag: string) {
  const [row] = await db
    .select({ seq: ballotBox.seq, head: ballotBox.head })
    .from(ballotBox)
    .where(and(eq(ballotBox.ballotId, ballotId), eq(ballotBox.tag, tag)));
  return row;
}

/** Closes the ballots sealed to key holders whose time has passed (they wait for the holders to count). */
export async function closeDue(db: Executor): Promise<string[]> {
  const rows = await db
    .update(ballots)
    .set({ closedAt: sql`now()` })
    .where(
      and(
        isNull(ballots.countedAt),
        isNull(ballots.closedAt),
        isNotNull(ballots.publicKey),
        lte(ballots.closesAt, sql`now()`),
      ),
    )
    .returning({ id: ballots.id });
  return rows.map((r) => r.id);
}

export async function inBox(db: Executor, ballotId: string, tag: string): Promise<boolean> {
  const rows = await db
    .select({ id: ballotBox.id })
    .from(ballotBox)
    .where(and(eq(ballotBox.ballotId, ballotId), eq(ballotBox.tag, tag)));
  return rows.length > 0;
}

/** Takes every sealed paper out of the box (deleting them). */
export async function emptyBox(db: Executor, ballotId: string): Promise<string[]> {
  const rows = await db
    .delete(ballotBox)
    .where(eq(ballotBox.ballotId, ballotId))
    .returning({ sealed: ballotBox.sealed });
  return rows.map((r) => r.sealed);
}

/** Writes counted papers and receipts, each in the order given (the caller shuffles both). */
export async function writeCounted(
  db: Executor,
  ballotId: string,
  papers: { id: string; choices: Record<string, Choice> }[],
  receiptHashes: string[],
): Promise<void> {
  for (let i = 0; i < papers.length; i += 1000)
    await db.insert(ballotPapers).values(papers.slice(i, i + 1000).map((p) => ({ ...p, ballotId })));
  for (let i = 0; i < receiptHashes.length; i += 1000)
    await db
      .insert(ballotReceipts)
      .values(receiptHashes.slice(i, i + 1000).map((receiptHash) => ({ ballotId, receiptHash })));
}

/** Marks the ballot counted (and closed, if it closed by its time) and destroys its sealing key. */
export async function markCounted(db: Executor, ballotId: string, countedHead: string | null): Promise<void> {
  await db
    .update(ballots)
    .set({
      countedAt: sql`now()`,
      closedAt: sql`coalesce(${ballots.closedAt}, now())`,
      sealingKey: null,
      countedHead,
    })
    .where(eq(ballots.id, ballotId));
}

export async function receiptCounted(db: Executor, ballotId: string, hash: string): Promise<boolean> {
  const rows = await db
    .select({ h: ballotReceipts.receiptHash })
    .from(ballotReceipts)
    .where(and(eq(ballotReceipts.ballotId, ballotId), eq(ballotReceipts.receiptHash, hash)));
  return rows.length > 0;
}

/**
 * Ballots sealed under the server's key (opened before key holders) whose closing time has passed and whose
 * papers are not counted yet: the server may count those alone.
 */
export async function dueForCounting(db: Executor): Promise<string[]> {
  const rows = await db
    .select({ id: ballots.id })
    .from(ballots)
    .where(and(isNull(ballots.countedAt), isNull(ballots.publicKey), lte(ballots.closesAt, sql`now()`)));
  return rows.map((r) => r.id);
}

/** Marks as reminded the open ballots closing within `hours` not reminded yet, and returns them. */
export async function claimReminders(tx: Executor, hours: number) {
  const rows = await queryRows<{ id: string; title: string; closes_at: Date | string }>(
    tx,
    sql`update ballots b set reminded_at = now()
        from manifestos m
        where m.id = b.manifesto_id and b.reminded_at is null and b.closed_at is null
          and b.counted_at is null and b.closes_at > now()
          and b.closes_at <= now() + make_interval(hours => ${hours})
        returning b.id, m.title, b.closes_at`,
  );
  return rows.map((r) => ({ id: r.id, title: r.title, closesAt: new Date(r.closes_at) }));
}

/**
 * Reclaims the box's dead rows, so the sealed papers taken out at a count leave nothing readable in the
 * table's pages (VACUUM cannot run in a transaction block).
 */
export async function vacuumBox(db: Db): Promise<void> {
  await db.execute(sql`vacuum ballot_box`);
}

export async function tallies(db: Executor, ballotId: string) {
  const [eligible] = await db
    .select({ n: count() })
    .from(ballotElectorate)
    .where(eq(ballotElectorate.ballotId, ballotId));
  const [voted] = await db
    .select({ n: count() })
    .from(ballotVoters)
    .where(eq(ballotVoters.ballotId, ballotId));
  const papers = await db
    .select({ choices: ballotPapers.choices })
    .from(ballotPapers)
    .where(eq(ballotPapers.ballotId, ballotId));
  return { eligible: eligible?.n ?? 0, voted: voted?.n ?? 0, papers: papers.map((p) => p.choices) };
}

/** The title of what a ratification ballot is on (a manifesto draft), for the notification of its result. */
export async function subjectTitle(db: Executor, manifestoId: string): Promise<string | undefined> {
  const [row] = await queryRows<{ title: string }>(
    db,
    sql`select title from manifestos where id = ${manifestoId}`,
  );
  return row?.title;
}
