/**
 * Every query of the analysis: its job queue and leases, the stored reports and live updates, and the vote
 * events and statements the engine reads.
 */
import { and, eq, inArray, sql } from 'drizzle-orm';
import { isSingleConnection, queryRows, type Db, type Executor } from '../../db/client.ts';
import {
  analyses,
  analysisJobs,
  analysisLeases,
  participants,
  statements,
  voteEvents,
} from '../../db/schema/index.ts';

/** Queues a recompute due in `delayMs` unless one is queued; true when this call queued it. */
export async function queueJob(db: Executor, conversationId: string, delayMs: number): Promise<boolean> {
  const queued = await db
    .insert(analysisJobs)
    .values({ conversationId, dueAt: sql`now() + make_interval(secs => ${delayMs / 1000})` })
    .onConflictDoNothing()
    .returning({ id: analysisJobs.conversationId });
  return queued.length > 0;
}

/** The stored analysis's version and fitting time, without its report. */
export async function analysisHead(db: Executor, conversationId: string) {
  const [head] = await db
    .select({ version: analyses.version, fittedAt: analyses.computedAt })
    .from(analyses)
    .where(eq(analyses.conversationId, conversationId));
  return head ?? null;
}

/** The live updates published since the stored fit. */
export async function analysisLive(
  db: Executor,
  conversationId: string,
): Promise<Record<string, [number, number, number, number?]>> {
  const [row] = await db
    .select({ live: analyses.live })
    .from(analyses)
    .where(eq(analyses.conversationId, conversationId));
  return row?.live ?? {};
}

/** The whole stored analysis. */
export async function analysisRow(db: Executor, conversationId: string) {
  const [row] = await db.select().from(analyses).where(eq(analyses.conversationId, conversationId));
  return row ?? null;
}

/** The stored versions of these conversations' analyses. */
export async function analysisVersions(db: Executor, conversationIds: string[]) {
  return db
    .select({ id: analyses.conversationId, version: analyses.version })
    .from(analyses)
    .where(inArray(analyses.conversationId, conversationIds));
}

/**
 * Writes a fitted report (a first one as version 0, unpublished), leaving the version alone: readers go on
 * with the last published version and its live updates until `publishReport`.
 */
export async function storeReport(db: Executor, conversationId: string, voteEventId: number, json: string) {
  await db
    .insert(analyses)
    .values({ conversationId, version: 0, voteEventId, report: sql`${json}::jsonb` })
    .onConflictDoUpdate({
      target: analyses.conversationId,
      set: { voteEventId, report: sql`${json}::jsonb` },
    });
}

/** Publishes the stored report as a new version, with its fitting time, and empties the live updates. */
export async function publishReport(db: Executor, conversationId: string) {
  const [row] = await db
    .update(analyses)
    .set({ version: sql`${analyses.version} + 1`, computedAt: new Date(), live: {} })
    .where(eq(analyses.conversationId, conversationId))
    .returning({ version: analyses.version, computedAt: analyses.computedAt });
  return row ?? null;
}

/** Adds live updates (a JSON object of participant → [x, y, group]) under a new version. */
export async function appendLive(db: Executor, conversationId: string, patch: string) {
  const [row] = await db
    .update(analyses)
    .set({ version: sql`${analyses.version} + 1`, live: sql`${analyses.live} || ${patch}::jsonb` })
    .where(eq(analyses.conversationId, conversationId))
    .returning({ version: analyses.version });
  return row ?? null;
}

export interface EventRow {
  id: number;
  p: number;
  s: number;
  v: number | null;
}

/** One page of a conversation's vote events after `after`, in id order. */
export async function eventsAfter(
  db: Executor,
  conversationId: string,
  after: number,
  limit: number,
): Promise<EventRow[]> {
  return queryRows<EventRow>(
    db,
    // The page is cut from the (conversation, id) index first and joined after.
    sql`select e.id::float8 as id, p.number as p, s.number as s, e.value as v
        from (select id, participant_id, statement_id, value from ${voteEvents}
              where conversation_id = ${conversationId} and id > ${after}
              order by id limit ${limit}) e
        join ${participants} p on p.id = e.participant_id
        join ${statements} s on s.id = e.statement_id
        order by e.id`,
  );
}

/** The statements the engine reads: accepted and rejected ones (votes only ever reach accepted ones). */
export async function engineStatementRows(db: Executor, conversationId: string) {
  return db
    .select({ number: statements.number, status: statements.status, meta: statements.meta })
    .from(statements)
    .where(
      and(
        eq(statements.conversationId, conversationId),
        inArray(statements.status, ['accepted', 'rejected']),
      ),
    );
}

/**
 * Claims one due job (any job with `all`), or null: only of a conversation whose live model no other runner
 * holds, taking (or renewing) `holder`'s lease on it for `leaseSeconds`. Its own short transaction: PGlite
 * has one connection.
 */
export async function claimJob(
  db: Db,
  holder: string,
  all: boolean,
  leaseSeconds: number,
): Promise<string | null> {
  const leaseEnd = sql`now() + make_interval(secs => ${leaseSeconds})`;
  // A PGlite folder belongs to one process: a lease held by another runner is left from one that died.
  const held = isSingleConnection(db)
    ? sql`false`
    : sql`${analysisLeases.holder} <> ${holder} and ${analysisLeases.expiresAt} > now()`;
  return db.transaction(async (tx) => {
    const [job] = await queryRows<{ conversation_id: string }>(
      tx,
      sql`select j.conversation_id from ${analysisJobs} j
          where ${all ? sql`true` : sql`j.due_at <= now()`}
            and not exists (select 1 from ${analysisLeases}
                            where ${analysisLeases.conversationId} = j.conversation_id and ${held})
          order by j.due_at limit 1 for update of j skip locked`,
    );
    if (!job) return null;
    const leased = await tx
      .insert(analysisLeases)
      .values({ conversationId: job.conversation_id, holder, expiresAt: leaseEnd })
      .onConflictDoUpdate({
        target: analysisLeases.conversationId,
        set: { holder, expiresAt: leaseEnd },
        // Taken by another process since the check above: leave the job to it.
        setWhere: sql`not (${held})`,
      })
      .returning({ holder: analysisLeases.holder });
    if (leased.length === 0) return null;
    await tx.delete(analysisJobs).where(eq(analysisJobs.conversationId, job.conversation_id));
    return job.conversation_id;
  });
}

/** Puts a failed job back, due in `seconds`. */
export async function requeueJob(db: Executor, conversationId: string, seconds: number): Promise<void> {
  await db
    .insert(analysisJobs)
    .values({ conversationId, dueAt: sql`now() + make_interval(secs => ${seconds})` })
    .onConflictDoNothing();
}

/** Extends every lease `holder` holds by `seconds` from now. */
export async function renewLeases(db: Executor, holder: string, seconds: number): Promise<void> {
  await db
    .update(analysisLeases)
    .set({ expiresAt: sql`now() + make_interval(secs => ${seconds})` })
    .where(eq(analysisLeases.holder, holder));
}

/** Gives up every lease `holder` holds, so another process may take the conversations over at once. */
export async function releaseLeases(db: Executor, holder: string): Promise<void> {
  await db.delete(analysisLeases).where(eq(analysisLeases.holder, holder));
}
