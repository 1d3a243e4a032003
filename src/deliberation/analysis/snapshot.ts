/**
 * Step 2 of the analysis: the snapshot. Each conversation's current votes, held in memory as the engine
 * reads them (shared memory: the engine threads read them in place) and brought up to date from
 * `vote_events` by id, so an update reads only what is new.
 */
import { isSingleConnection, type Executor } from '../../db/client.ts';
import type { Log } from '../../lib/log.ts';
import { VoteCells } from '../vote-cells.ts';
import { eventsAfter } from './analysis.repo.ts';

/**
 * Events re-read on every update, in case an earlier-numbered event committed after a later one (server
 * PostgreSQL, many connections).
 */
const OVERLAP = 1_000;
/**
 * How often the whole vote history is read again from the start, to heal any event the overlap missed.
 * By time, not by count of updates: at ten million votes a reload takes a minute.
 */
const FULL_RELOAD_MS = 15 * 60_000;

/** Rows read from `vote_events` per query, so a large history neither fills memory nor holds the thread. */
const PAGE = 100_000;

/**
 * A conversation's current votes, kept in memory (in shared memory, for the engine threads) and brought up
 * to date from `vote_events` by id, so an update reads only what is new rather than every vote again.
 */
export class VoteState {
  cells = new VoteCells();
  mark = 0;
  loadedAt = Date.now();
  /** While a refit runs: the new votes it has not seen, to apply to its model when it is done. */
  pending: number[] | null = null;
  /** A full reload running beside the live updates. */
  reloading: Promise<void> | null = null;

  /**
   * Reads what is new, a page at a time (yielding between pages); returns the new votes (participant,
   * statement, value triples; undos left out) when `fresh` is wanted.
   */
  async refresh(db: Executor, conversationId: string, fresh: number[] | null): Promise<void> {
    const before = this.mark;
    // With one connection, events become visible in id order and nothing can commit behind the mark.
    let after = Math.max(0, this.mark - (isSingleConnection(db) ? 0 : OVERLAP));
    for (;;) {
      const rows = await eventsAfter(db, conversationId, after, PAGE);
      for (const r of rows) {
        if (r.v === null) this.cells.delete(r.p, r.s);
        else this.cells.set(r.p, r.s, r.v);
        if (r.id > this.mark) this.mark = r.id;
        if (fresh && r.id > before && r.v !== null) fresh.push(r.p, r.s, r.v);
      }
      if (rows.length < PAGE) break;
      after = rows.at(-1)?.id ?? after;
      await new Promise((r) => setImmediate(r));
    }
  }

  /**
   * Every FULL_RELOAD_MS, the whole history is read again into new cells beside the live ones (which keep
   * serving), to heal any event the overlap missed; `swap` then brings the new cells up to date and puts
   * them in place, under the conversation's lock.
   */
  reloadIfDue(
    db: Executor,
    conversationId: string,
    swap: (fn: () => Promise<void>) => Promise<void>,
    log: Log,
  ): void {
    if (this.reloading || Date.now() - this.loadedAt < FULL_RELOAD_MS) return;
    const next = new VoteState();
    this.reloading = next
      .refresh(db, conversationId, null)
      .then(() =>
        swap(async () => {
          // Caught up past this copy's mark; the mark stays, so the next refresh still hands the events
          // after it to the live model (setting them in the new cells again changes nothing).
          await next.refresh(db, conversationId, null);
          this.cells = next.cells;
          this.loadedAt = Date.now();
        }),
      )
      .catch((err: unknown) => {
        log(`reload of ${conversationId} failed`, err);
        this.loadedAt = Date.now();
      })
      .finally(() => (this.reloading = null));
  }
}

/** The snapshots of the conversations whose live model this process holds. */
export class Snapshots {
  private readonly states = new Map<string, VoteState>();

  /** A conversation's snapshot (made, empty, on first use). */
  of(conversationId: string): VoteState {
    let state = this.states.get(conversationId);
    if (!state) this.states.set(conversationId, (state = new VoteState()));
    return state;
  }
}
