/**
 * Group commit for votes. Each vote request waits on a promise; the writer takes every vote queued so far
 * and writes them in one statement (check each statement is accepted, upsert the current vote when its
 * value changed, log the change), then answers all of them. A vote is acknowledged only after the commit
 * that holds it, so nothing acknowledged is lost; one commit carries many votes, so the rate is not bound
 * by one disk flush per vote.
 *
 * On server PostgreSQL up to `inFlight` batches are written at once, on different connections: while one
 * waits for its commit to reach the disk the next is already being written, so the rate is not bound by
 * one flush at a time either. A participant's votes stay in order: a vote waits while another vote of the
 * same participant is in a batch being written (two tabs), and joins the batch after it.
 */
import { isSingleConnection, type Db } from '../db/client.ts';
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
/** Batches written at once on server PostgreSQL (PGlite works on one connection: one at a time). */
export const POSTGRES_IN_FLIGHT = 4;

interface Queued extends VoteInput {
  resolve: (outcome: VoteOutcome) => void;
  reject: (err: unknown) => void;
}

export class VoteWriter {
  private readonly db: Db;
  private readonly inFlight: number;
  private queue: Queued[] = [];
  /** Batches being written, and the participants with a vote in one of them. */
  private writing = 0;
  private readonly busy = new Map<string, number>();
  private gathering = false;

  constructor(db: Db, opts: { inFlight?: number } = {}) {
    this.db = db;
    this.inFlight = Math.max(1, opts.inFlight ?? 1);
  }

  write(vote: VoteInput): Promise<VoteOutcome> {
    return new Promise((resolve, reject) => {
      this.queue.push({ ...vote, resolve, reject });
      this.schedule();
    });
  }

  /** Starts a batch when a slot is free: after a pause, so requests already arrived join it. */
  private schedule(): void {
    if (this.gathering || this.writing >= this.inFlight || this.queue.length === 0) return;
    this.gathering = true;
    // With PGlite the database works on this thread: without the pause each write would carry the one
    // vote that woke it.
    setImmediate(() => {
      this.gathering = false;
      const batch = this.take();
      if (batch.length > 0) void this.writeOut(batch);
      this.schedule();
    });
  }

  /** Up to MAX_BATCH queued votes, in order, leaving those of participants with a vote being written. */
  private take(): Queued[] {
    const batch: Queued[] = [];
    const rest: Queued[] = [];
    const held = new Set<string>();
    for (const q of this.queue) {
      if (batch.length < MAX_BATCH && !this.busy.has(q.participantId) && !held.has(q.participantId))
        batch.push(q);
      else {
        // A later vote of a held participant stays behind their earlier one.
        held.add(q.participantId);
        rest.push(q);
      }
    }
    this.queue = rest;
    return batch;
  }

  private async writeOut(batch: Queued[]): Promise<void> {
    this.writing++;
    for (const q of batch) this.busy.set(q.participantId, (this.busy.get(q.participantId) ?? 0) + 1);
    try {
      const outcomes = await this.writeBatch(batch);
      batch.forEach((q, i) => q.resolve(outcomes[i] ?? null));
    } catch (err) {
      for (const q of batch) q.reject(err);
    } finally {
      for (const q of batch) {
        const n = (this.busy.get(q.participantId) ?? 1) - 1;
        if (n > 0) this.busy.set(q.participantId, n);
        else this.busy.delete(q.participantId);
      }
      this.writing--;
      this.schedule();
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
  memory.voteWriter ??= new VoteWriter(deps.db, {
    inFlight: isSingleConnection(deps.db) ? 1 : POSTGRES_IN_FLIGHT,
  });
  return memory.voteWriter;
}
