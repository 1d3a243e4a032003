/** A conversation's rows as Polis numbers them, read for an export and written for an import. */
import { sql } from 'drizzle-orm';
import { queryRows, type Executor } from '../db/client.ts';
import { participants, statements, voteEvents } from '../db/schema/index.ts';

/** Every vote event (an undo has a null value) by participant and statement number, in the order made. */
export const voteEventsByNumber = async (db: Executor, conversationId: string) =>
  queryRows<{ p: number; s: number; v: number | null; at: Date | string }>(
    db,
    sql`select p.number as p, s.number as s, e.value as v, e.at
        from ${voteEvents} e
        join ${participants} p on p.id = e.participant_id
        join ${statements} s on s.id = e.statement_id
        where e.conversation_id = ${conversationId}
        order by e.at, e.id`,
  );

/** The statements by number, with their author's participant number. */
export const statementsByNumber = async (db: Executor, conversationId: string) =>
  queryRows<{
    number: number;
    text: string;
    status: string;
    meta: boolean;
    seed: boolean;
    author: number | null;
  }>(
    db,
    sql`select s.number, s.text, s.status, s.meta, s.seed, p.number as author
        from ${statements} s left join ${participants} p on p.id = s.author_id
        where s.conversation_id = ${conversationId} order by s.number`,
  );

export async function insertParticipants(
  tx: Executor,
  people: (typeof participants.$inferInsert)[],
): Promise<void> {
  for (let k = 0; k < people.length; k += 2000)
    await tx.insert(participants).values(people.slice(k, k + 2000));
}

export async function insertStatementRows(
  tx: Executor,
  rows: (typeof statements.$inferInsert)[],
): Promise<void> {
  for (let k = 0; k < rows.length; k += 1000) await tx.insert(statements).values(rows.slice(k, k + 1000));
}

/** Appends a batch of vote events (times in epoch milliseconds). */
export async function insertVoteEvents(
  tx: Executor,
  conversationId: string,
  batch: { p: string | undefined; s: string | undefined; v: number | undefined; t: number | undefined }[],
): Promise<void> {
  await tx.execute(sql`insert into vote_events (conversation_id, participant_id, statement_id, value, at)
    select ${conversationId}::uuid, x.p, x.s, x.v, to_timestamp(x.t / 1000.0)
    from json_to_recordset(${JSON.stringify(batch)}::json) as x(p uuid, s uuid, v smallint, t float8)`);
}

/** The current votes of a freshly imported conversation: the latest event of each pair. */
export async function votesFromEvents(tx: Executor, conversationId: string): Promise<void> {
  await tx.execute(sql`insert into votes (participant_id, statement_id, conversation_id, value, voted_at)
    select distinct on (participant_id, statement_id) participant_id, statement_id, conversation_id, value, at
    from vote_events where conversation_id = ${conversationId}
    order by participant_id, statement_id, at desc, id desc`);
}

/** Polis's own group of each participant of an imported export, by participant number (none: not imported). */
export const polisGroupsOf = async (db: Executor, conversationId: string) =>
  queryRows<{ number: number; polis_group: number }>(
    db,
    sql`select number, polis_group from ${participants}
        where conversation_id = ${conversationId} and polis_group is not null`,
  );
