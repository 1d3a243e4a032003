/**
 * The queue of recomputes: a vote or a moderation decision queues a job row (one per conversation, due a
 * moment later so a burst of votes makes one recompute), which a runner claims.
 */
import { EventEmitter } from 'node:events';
import type { Executor } from '../../db/client.ts';
import { queueJob } from './analysis.repo.ts';

/**
 * Told when this process has queued a job, with its delay, so that a runner in the same process wakes for
 * it when it falls due instead of at its next poll.
 */
export const queuedJobs = new EventEmitter<{ queued: [conversationId: string, delayMs: number] }>();
queuedJobs.setMaxListeners(0);

/** How long a queued recompute waits for more votes to arrive, in ms. */
export const DEBOUNCE_MS = 250;

/**
 * When the job this process last queued for each conversation falls due (by this process's clock, measured
 * from before the insert, so no runner can have claimed it earlier).
 */
const queuedDue = new Map<string, number>();
/** How long each conversation's last recompute took: the next waits at least twice that. */
const computeMs = new Map<string, number>();

/** Notes how long a conversation's recompute took, which spaces out its next jobs. */
export function noteComputeMs(conversationId: string, ms: number): void {
  computeMs.set(conversationId, ms);
}

const delayFor = (conversationId: string): number =>
  Math.max(DEBOUNCE_MS, 2 * (computeMs.get(conversationId) ?? 0));

/**
 * Queues a recompute. While a job this process queued is not yet due, no runner can have claimed it, and it
 * will read this change too: there is nothing to do. A job met in the table instead (queued by another
 * process, due at a time this one does not know) may be claimed at any moment, so it is not remembered.
 */
export async function requestAnalysis(db: Executor, conversationId: string): Promise<void> {
  const now = Date.now();
  const due = queuedDue.get(conversationId);
  if (due !== undefined && now < due - 50) return;
  queuedDue.delete(conversationId);
  const delay = delayFor(conversationId);
  if (!(await queueJob(db, conversationId, delay))) return;
  if (queuedDue.size > 10_000) queuedDue.clear();
  queuedDue.set(conversationId, now + delay);
  queuedJobs.emit('queued', conversationId, delay);
}
