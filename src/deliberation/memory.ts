/**
 * What Common Ground keeps in this process's memory between requests, in one object: made once at start-up
 * (with the rest of the process state, server/process-state.ts), passed down to every service and to the
 * analysis runner, and gone with them. Two servers in one process (as tests run them) share nothing.
 *
 * Each part says how long it may be stale and what clears it; the modules that own a part are the only ones
 * that read or write it.
 */
import type { Executor } from '../db/client.ts';
import { Published } from './analysis/publish.ts';
import { QueueMemory } from './analysis/queue.ts';
import { Snapshots } from './analysis/snapshot.ts';
import type { Fit } from './analysis/update.ts';
import type { Conversation } from './conversation.repo.ts';
import type { SharedMap } from './report.service.ts';
import type { AcceptedStatement } from './statement.repo.ts';
import type { VoteWriter } from './vote-writer.ts';
import { Memo } from '../lib/memo.ts';

/**
 * How long a conversation's settings and its accepted statements are kept (changes made in this process
 * forget them at once), and when a busy one is read again ahead of that, so votes never wait on its expiry.
 */
export const CONVERSATION_TTL_MS = 2_000;
export const STATEMENTS_TTL_MS = 3_000;
const READ_AGAIN_AFTER = 0.5;

export class DeliberationMemory {
  // The analysis, step by step (analysis/): what this process queued (queue.ts); for each conversation whose
  // live model it holds, the votes as the engine sees them (snapshot.ts) and what is known of its last full
  // fit (update.ts); its copies of the published analyses (publish.ts).
  readonly queue = new QueueMemory();
  readonly snapshots = new Snapshots();
  readonly fits = new Map<string, Fit>();
  readonly published = new Published();

  // statement-cache.ts: each conversation's accepted statements (STATEMENTS_TTL_MS).
  readonly statements = new Memo<AcceptedStatement[]>(STATEMENTS_TTL_MS, 10_000, {
    refreshAfterMs: STATEMENTS_TTL_MS * READ_AGAIN_AFTER,
  });

  // voted-cache.ts: which statements each recent voter has voted on (VOTED_TTL_MS).
  readonly voted = new Map<string, { until: number; ids: Promise<Set<string>> }>();

  // conversation.service.ts: conversations (a moment), participants (for good), and callers found to have
  // no participant yet (looked up again after a while, for the live map).
  readonly conversations = new Memo<Conversation>(CONVERSATION_TTL_MS, 10_000, {
    refreshAfterMs: CONVERSATION_TTL_MS * READ_AGAIN_AFTER,
  });
  readonly participants = new Map<string, { id: string; number: number }>();
  readonly noParticipant = new Map<string, number>();
  readonly lookingUp = new Map<string, Promise<{ id: string; number: number } | undefined>>();

  // report.service.ts: each conversation's map as every viewer shares it, for its latest version.
  readonly sharedMaps = new Map<string, SharedMap>();

  // vote-writer.ts: the batcher that writes the votes of many requests in one statement.
  voteWriter: VoteWriter | null = null;
}

/** What a Common Ground function that reads or writes the process's memory needs. */
export interface Deps {
  db: Executor;
  state: { deliberation: DeliberationMemory };
}

declare module '../lib/process-state.ts' {
  interface ProcessState {
    /** Common Ground's caches and the analysis queue's bookkeeping. */
    deliberation: DeliberationMemory;
  }
}
