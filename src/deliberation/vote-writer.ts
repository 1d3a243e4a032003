/**
 * Group commit for votes. Each vote request waits on a promise; the writer takes every vote queued so far
 * and writes them in one statement (check each statement is accepted, upsert the current vote when its
 * value changed, log the change), then answers all of them. A vote is acknowledged only after the commit
 * that holds it, so nothing acknowledged is lost; one commit carries many votes, so the rate is not bound
 * by one disk flush per vote.
 */
import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '../db/client.ts';

export interface VoteInput {
  participantId: string;
  statementId: string;
  conversationId: string;
  value: -1 | 0 | 1;
}

/** The statement's status when the vote was written (null: no such statement in the conversation). */
export type VoteOutcome = 'accepted' | 'pending' | 'rejected' | null;

const MAX_BATCH = 1000;

interface Queued extends VoteInput {
  resolve: (outcome: VoteOutcome) => void;
  reject: (err: unknown) => void;
}

export class VoteWriter {
  private readonly db: Db;
  private queue: Queued[] = [];
  private flushing = false;

  constructor(db: Db) {
    this.db = db;
  }

  write(vote: VoteInput): Promise<VoteOutcome> {
    return new Promise((resolve, reject) => {
      this.queue.push({ ...vote, resolve, reject });
      if (!this.flushing) void this.flush();
    });
  }

  private async flush(): Promise<void> {
    this.flushing = true;
    try {
      while (this.queue.length > 0) {
        // Let requests that have already arrived join this batch: with PGlite the database works on this
        // thread, so without a pause each write would carry the one vote that woke it.
        await new Promise((resolve) => setImmediate(resolve));
        const batch = this.queue.slice(0, MAX_BATCH);
        this.queue = this.queue.slice(batch.length);
        try {
          const outcomes = await this.writeBatch(batch);
          batch.forEach((q, i) => q.resolve(outcomes[i] ?? null));
        } catch (err) {
          for (const q of batch) q.reject(err);
        }
      }
    } finally {
      this.flushing = false;
    }
  }

  private async writeBatch(batch: Queued[]): Promise<VoteOutcome[]> {
    const input = JSON.stringify(
      batch.map((q, ord) => ({ p: q.participantId, s: q.statementId, c: q.conversationId, v: q.value, ord })),
    );
    // Within one batch the same participant may vote twice on a statement: the later one wins.
    const rows = await queryRows<{ ord: number; status: VoteOutcome }>(
      this.db,
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
    // Only the votes that were not written come back: the rest went to accepted statements.
    const out: VoteOutcome[] = new Array<VoteOutcome>(batch.length).fill('accepted');
    for (const r of rows) out[r.ord] = r.status;
    return out;
  }
}

const writers = new WeakMap<Db, VoteWriter>();

/** The process's vote writer for a database. */
export function voteWriterFor(db: Db): VoteWriter {
  let w = writers.get(db);
  if (!w) {
    w = new VoteWriter(db);
    writers.set(db, w);
  }
  return w;
}
