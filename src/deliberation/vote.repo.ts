/** Queries of a participant's votes (writing them is vote-writer.ts's, a commit per moment). */
import { sql } from 'drizzle-orm';
import { queryRows, type Executor } from '../db/client.ts';

/** Removes a vote, recording the undo as an event (value null) in the same transaction; false if none. */
export async function deleteVote(
  db: Executor,
  vote: { conversationId: string; participantId: string; statementId: string },
): Promise<boolean> {
  const rows = await queryRows<{ statement_id: string }>(
    db,
    sql`delete from votes where participant_id = ${vote.participantId} and statement_id = ${vote.statementId}
        returning statement_id`,
  );
  if (rows.length === 0) return false;
  await db.execute(sql`insert into vote_events (conversation_id, participant_id, statement_id, value)
                       values (${vote.conversationId}, ${vote.participantId}, ${vote.statementId}, null)`);
  return true;
}

/** A participant's votes with their statements' texts, newest first. */
export async function votesOf(db: Executor, participantId: string) {
  return queryRows<{ statement_id: string; text: string; value: number; voted_at: Date | string }>(
    db,
    sql`select v.statement_id, s.text, v.value, v.voted_at from votes v join statements s on s.id = v.statement_id
        where v.participant_id = ${participantId} order by v.voted_at desc`,
  );
}

/**
 * Votes cast and voters per day in a conversation (undos left out; so are votes with no date, as a Polis
 * export of participants-votes.csv alone gives them).
 */
export async function participationByDay(db: Executor, conversationId: string) {
  return queryRows<{ day: string; votes: number; voters: number }>(
    db,
    sql`select to_char(date_trunc('day', at), 'YYYY-MM-DD') as day, count(*)::int as votes,
               count(distinct participant_id)::int as voters
        from vote_events where conversation_id = ${conversationId} and value is not null
          and at > to_timestamp(0)
        group by 1 order by 1`,
  );
}

/** The statement's status when the vote was written (null: no such statement in the conversation). */
export type VoteOutcome = 'accepted' | 'pending' | 'rejected' | null;

/**
 * Writes a batch of votes (JSON: participant p, statement s, conversation c, value v, order ord) in one
 * statement: each statement checked accepted, the current vote upserted when its value changed, the change
 * logged in vote_events. Answers the votes not written (by their order), with their statement's status.
 */
export async function writeVotes(db: Executor, input: string) {
  // Within one batch the same participant may vote twice on a statement: the later one wins.
  return queryRows<{ ord: number; status: VoteOutcome }>(
    db,
    sql`with input as (
          select * from jsonb_to_recordset(${input}::jsonb) as t(p uuid, s uuid, c uuid, v smallint, ord int)),
        checked as (
          select i.*, st.status from input i
          left join statements st on st.id = i.s and st.conversation_id = i.c),
        latest as (
          select distinct on (p, s) p, s, c, v from checked where status = 'accepted' order by p, s, ord desc),
        up as (
          insert into votes (participant_id, statement_id, conversation_id, value, voted_at)
          select p, s, c, v, now() from latest
          on conflict (participant_id, statement_id) do update
            set value = excluded.value, voted_at = excluded.voted_at
            where votes.value is distinct from excluded.value
          returning participant_id, statement_id, conversation_id, value, voted_at),
        logged as (
          insert into vote_events (conversation_id, participant_id, statement_id, value, at)
          select conversation_id, participant_id, statement_id, value, voted_at from up returning 1)
        select ord, status from checked where status is distinct from 'accepted'`,
  );
}
