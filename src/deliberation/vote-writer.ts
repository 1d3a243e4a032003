/**
 * Group commit for votes. Each vote request waits on a promise; the writer takes every vote queued so far
 * and writes them in one statement (check each statement is accepted, upsert the current vote when its
 * value changed, log the change), then answers all of them. A vote is acknowledged only after the commit
 * that holds it, so nothing acknowledged is lost; one commit carries many votes, so the rate is not bound
 * by one disk flush per vote.
 */
import type { Db } from '../db/client.ts';
import type { DeliberationMemory } from './memory.ts';
import { writeVotes, type VoteOutcome } from './vote.repo.ts';

export interface VoteInput {
  participantId: string;
  statementId: string;
  conversationId: string;
  value: -1 | 0 | 1;
}

export type { VoteOutcome };

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
    const rows = await writeVotes(this.db, input);
    // Only the votes that were not written come back: the rest went to accepted statements.
    const out: VoteOutcome[] = new Array<VoteOutcome>(batch.length).fill('accepted');
    for (const r of rows) out[r.ord] = r.status;
    return out;
  }
}

/** The process's vote writer (made on the first vote). */
export function voteWriterFor(deps: { db: Db; state: { deliberation: DeliberationMemory } }): VoteWriter {
  const memory = deps.state.deliberation;
  memory.voteWriter ??= new VoteWriter(deps.db);
  return memory.voteWriter;
}
