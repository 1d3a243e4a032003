/**
 * Step 1 of the analysis: a vote (or a moderation decision) asks for one. It queues a job row (one per
 * conversation, due a moment later so a burst of votes makes one recompute), which a runner claims
 * (runner.ts). Nothing here knows what the recompute does.
 */
import { EventEmitter } from 'node:events';
import type { Executor } from '../../db/client.ts';
import { queueJob } from './analysis.repo.ts';

/** How long a queued recompute waits for more votes to arrive while votes keep coming, in ms. */
export const DEBOUNCE_MS = 250;
/**
 * The first vote after a quiet spell (no job queued or met by this process for DEBOUNCE_MS) waits only this
 * long, so a lone vote reaches the map at once; the votes that follow it wait DEBOUNCE_MS as before.
 */
export const QUIET_DELAY_MS = 20;

/** What this process remembers of the queue: its own jobs' due times, and how long recomputes took. */
export class QueueMemory {
  /** When the job this process last queued for each conversation falls due (by this process's clock). */
  readonly queuedDue = new Map<string, number>();
  /** When this process last queued (or met) a job for each conversation: quiet since then? */
  readonly lastAsked = new Map<string, number>();
  /** How long each conversation's last recompute took: the next waits at least twice that. */
  readonly computeMs = new Map<string, number>();
  /**
   * Per conversation, the insert of a job under way, and the one to follow it (which every vote committed
   * meanwhile waits on): a burst of votes meeting a due job not yet claimed makes one insert at a time,
   * not one each.
   */
  readonly asking = new Map<string, Asking>();
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

/** How long the next insert waits after meeting a job already due but not yet claimed (its runner is busy). */
const MET_PAUSE_MS = 20;

/**
 * Queues a recompute, for a change already committed. While a job this process queued is not yet due, no
 * runner can have claimed it, and it will read this change too: there is nothing to do. Otherwise a job is
 * inserted; one met in the table instead was not yet claimed when the insert ran (a claim deletes it), so
 * its run reads this change as well. A job met may be claimed at any moment, so it is not remembered: the
 * next change inserts again, but while an insert is under way the changes committed meanwhile all wait on
 * the one insert that follows it (after a short pause if the job met was overdue), rather than each
 * making its own round trip.
 */
export function requestAnalysis(deps: QueueDeps, conversationId: string): Promise<void> {
  const { queuedDue, asking } = deps.state.deliberation.queue;
  const due = queuedDue.get(conversationId);
  if (due !== undefined && Date.now() < due - 50) return Promise.resolve();
  const under = asking.get(conversationId);
  if (under) {
    // An insert that starts after this change was committed covers it: the one to follow the running one.
    under.next ??= (async () => {
      await under.running;
      if (under.met) await new Promise((r) => setTimeout(r, MET_PAUSE_MS));
      under.next = null;
      await ask(deps, conversationId, under);
    })();
    return under.next;
  }
  const entry: Asking = { running: Promise.resolve(), next: null, met: false };
  asking.set(conversationId, entry);
  return ask(deps, conversationId, entry);
}

interface Asking {
  running: Promise<void>;
  next: Promise<void> | null;
  met: boolean;
}

/** One insert of a job (see requestAnalysis), as `entry`'s running one. */
function ask(deps: QueueDeps, conversationId: string, entry: Asking): Promise<void> {
  const { queuedDue, lastAsked, computeMs, queued, asking } = deps.state.deliberation.queue;
  const run = (async () => {
    const now = Date.now();
    const due = queuedDue.get(conversationId);
    if (due !== undefined && now < due - 50) return;
    queuedDue.delete(conversationId);
    // A vote after a quiet spell is taken almost at once; none sooner than twice the last recompute's time.
    const quiet = now - (lastAsked.get(conversationId) ?? -Infinity) > DEBOUNCE_MS;
    const delay = Math.max(quiet ? QUIET_DELAY_MS : DEBOUNCE_MS, 2 * (computeMs.get(conversationId) ?? 0));
    const inserted = await queueJob(deps.db, conversationId, delay);
    entry.met = !inserted;
    if (lastAsked.size > 10_000) lastAsked.clear();
    lastAsked.set(conversationId, now);
    if (!inserted) return;
    if (queuedDue.size > 10_000) queuedDue.clear();
    queuedDue.set(conversationId, now + delay);
    queued.emit('queued', conversationId, delay);
  })();
  entry.running = run.catch(() => undefined);
  // The last insert of a burst leaves nothing behind.
  void entry.running.then(() => {
    if (entry.next === null && asking.get(conversationId) === entry) asking.delete(conversationId);
  });
  return run;
}
