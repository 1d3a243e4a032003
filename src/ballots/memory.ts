/**
 * What the ballots domain keeps in this process's memory between requests (see lib/process-state.ts):
 * figures an election's page shows that are costly to count on a party of half a million and change slowly.
 */
import { Memo } from '../lib/memo.ts';
import type { ProcessState } from '../lib/process-state.ts';

/** How long an election page's count of its nominating body may be stale. */
export const BODY_SIZE_TTL_MS = 30_000;

export class BallotsMemory {
  /** The nominating body's size by branch path and role, as shown (opening counts it afresh). */
  readonly bodySize = new Memo<number>(BODY_SIZE_TTL_MS);
}

/** The size of a nominating body as an election page shows it (counted at most every BODY_SIZE_TTL_MS). */
export const shownBodySize = (
  state: ProcessState,
  key: string,
  count: () => Promise<number>,
): Promise<number> => state.ballots.bodySize.get(key, count);

declare module '../lib/process-state.ts' {
  interface ProcessState {
    ballots: BallotsMemory;
  }
}
