/**
 * Each conversation's accepted statements, held in memory: every vote's next card and every new map version
 * reads them, and they change only when a statement is posted or moderated. This process forgets a
 * conversation's list when it changes one (`statementsChanged`); a change made by another process is seen
 * within STATEMENTS_TTL_MS.
 */
import type { Deps, StatementsEntry } from './memory.ts';
import { acceptedStatements, type AcceptedStatement } from './statement.repo.ts';

export const STATEMENTS_TTL_MS = 3_000;

function entry(deps: Deps, conversationId: string): StatementsEntry {
  const cache = deps.state.deliberation.statements;
  const hit = cache.get(conversationId);
  if (hit && hit.until > Date.now()) return hit;
  const list = acceptedStatements(deps.db, conversationId);
  const made: StatementsEntry = {
    until: Date.now() + STATEMENTS_TTL_MS,
    list,
    byNumber: list.then((rows) => new Map(rows.map((r) => [String(r.number), { id: r.id, text: r.text }]))),
  };
  // A failed read is not kept.
  list.catch(() => {
    if (cache.get(conversationId) === made) cache.delete(conversationId);
  });
  if (cache.size > 10_000) cache.clear();
  cache.set(conversationId, made);
  return made;
}

/** The accepted statements, in number order. */
export const cachedStatements = (deps: Deps, conversationId: string): Promise<AcceptedStatement[]> =>
  entry(deps, conversationId).list;

/** The accepted statements by their number (as the engine names them). */
export const cachedStatementsByNumber = (
  deps: Deps,
  conversationId: string,
): Promise<Map<string, { id: string; text: string }>> => entry(deps, conversationId).byNumber;

/** Forgets the list: a statement of the conversation was posted, moderated or merged. */
export function statementsChanged(deps: Deps, conversationId: string): void {
  deps.state.deliberation.statements.delete(conversationId);
}
