/**
 * Step 1 of the analysis: a vote (or a moderation decision) asks for one. It queues a job row (one per
 * conversation, due a moment later so a burst of votes makes one recompute), which a runner claims
 * (runner.ts). Nothing here knows what the recompute does.
 */
import { EventEmitter } from 'node:events';
import type { Executor } from '../../db/client.ts';
import { queueJob } from './analysis.repo.ts';

/** How long a queued recompute waits for more votes to arrive, in ms. */
export const DEBOUNCE_MS = 250;

/** What this process remembers of the queue: its own jobs' due times, and how long recomputes took. */
export class QueueMemory {
  /** When the job this process last queued for each conversation falls due (by this process's clock). */
  readonly queuedDue = new Map<string, number>();
  /** How long each conversation's last recompute took: the next waits at least twice that. */
  readonly computeMs = new Map<string, number>();
  /** Told when this process queues a job (with its delay), so its runner wakes when it falls due. */
  readonly queued = new EventEmitter<{ queued: [conversationId: string, delayMs: number] }>();

  constructor() {
    this.queued.setMaxListeners(0);
  }
}

/** What asking needs: the database and the process's memory of the queue. */
export interface QueueDeps {
  db: Executor;
  state: { deliberation: { queue: QueueMemory } };
}

/**
 * Queues a recompute. While a job this process queued is not yet due, no runner can have claimed it, and it
 * will read this change too: there is nothing to do. A job met in the table instead (queued by another
 * process, due at a time this one does not know) may be claimed at any moment, so it is not remembered.
 */
export async function requestAnalysis(deps: QueueDeps, conversationId: string): Promise<void> {
  const { queuedDue, computeMs, queued } = deps.state.deliberation.queue;
  const now = Date.now();
  const due = queuedDue.get(conversationId);
  if (due !== undefined && now < due - 50) return;
  queuedDue.delete(conversationId);
  const delay = Math.max(DEBOUNCE_MS, 2 * (computeMs.get(conversationId) ?? 0));
  if (!(await queueJob(deps.db, conversationId, delay))) return;
  if (queuedDue.size > 10_000) queuedDue.clear();
  queuedDue.set(conversationId, now + delay);
  queued.emit('queued', conversationId, delay);
}
