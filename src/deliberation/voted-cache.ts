/**
 * Which statements each recent voter has voted on, held in memory so that a vote's answer (which carries
 * the next card) costs no query beyond the vote itself. Read from the database once a participant starts
 * voting in this process and kept for VOTED_TTL_MS after, updated by every vote and undo made here. A vote
 * the same person makes through another process in that time is not seen here: at worst they are shown a
 * card they have voted on, and voting it again just records their latest view.
 */
import type { Deps } from './memory.ts';
import { votedStatementIds } from './statement.repo.ts';

export const VOTED_TTL_MS = 60_000;
const MAX_VOTERS = 100_000;

/** How many ids each voted set has had taken out (undos): a place kept in the card order starts again. */
const removals = new WeakMap<Set<string>, number>();

export const removalsFrom = (ids: Set<string>): number => removals.get(ids) ?? 0;

/** The statements a participant has voted on. */
export function votedBy(deps: Deps, participantId: string): Promise<Set<string>> {
  const voted = deps.state.deliberation.voted;
  const now = Date.now();
  const hit = voted.get(participantId);
  if (hit && hit.until > now) {
    hit.until = now + VOTED_TTL_MS;
    return hit.ids;
  }
  const ids = votedStatementIds(deps.db, participantId);
  const entry = { until: now + VOTED_TTL_MS, ids };
  ids.catch(() => {
    if (voted.get(participantId) === entry) voted.delete(participantId);
  });
  if (voted.size >= MAX_VOTERS) voted.clear();
  voted.set(participantId, entry);
  return ids;
}

/** Records a vote (`voted` true) or an undo made in this process, once it is committed. */
export async function noteVote(
  deps: Deps,
  participantId: string,
  statementId: string,
  isVoted: boolean,
): Promise<void> {
  const hit = deps.state.deliberation.voted.get(participantId);
  if (!hit) return;
  const ids = await hit.ids.catch(() => null);
  if (!ids) return;
  if (isVoted) ids.add(statementId);
  else if (ids.delete(statementId)) removals.set(ids, removalsFrom(ids) + 1);
}
