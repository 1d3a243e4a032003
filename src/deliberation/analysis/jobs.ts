/**
 * The queue of recomputes: a vote or a moderation decision queues a job row (one per conversation, due a
 * moment later so a burst of votes makes one recompute), which a runner claims.
 */
import type { Deps } from '../memory.ts';
import { queueJob } from './analysis.repo.ts';

/** How long a queued recompute waits for more votes to arrive, in ms. */
export const DEBOUNCE_MS = 250;

/** Notes how long a conversation's recompute took: the next waits at least twice that. */
export function noteComputeMs(deps: Deps, conversationId: string, ms: number): void {
  deps.state.deliberation.computeMs.set(conversationId, ms);
}

/**
 * Queues a recompute. While a job this process queued is not yet due, no runner can have claimed it, and it
 * will read this change too: there is nothing to do. A job met in the table instead (queued by another
 * process, due at a time this one does not know) may be claimed at any moment, so it is not remembered.
 */
export async function requestAnalysis(deps: Deps, conversationId: string): Promise<void> {
  // When the job this process last queued for each conversation falls due (by this process's clock,
  // measured from before the insert, so no runner can have claimed it earlier).
  const { queuedDue, computeMs, queued } = deps.state.deliberation;
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
