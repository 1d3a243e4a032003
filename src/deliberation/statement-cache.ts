/**
 * Each conversation's accepted statements, held in memory: every vote's next card and every new map version
 * reads them, and they change only when a statement is posted or moderated. This process forgets a
 * conversation's list when it changes one (`statementsChanged`); a change made by another process is seen
 * within STATEMENTS_TTL_MS (memory.ts). A busy list is read again before it expires, so no vote waits on it.
 */
import type { Deps } from './memory.ts';
import { acceptedStatements, type AcceptedStatement } from './statement.repo.ts';

export { STATEMENTS_TTL_MS } from './memory.ts';

/** Each list's statements by number, made once per list read. */
const byNumberOf = new WeakMap<AcceptedStatement[], Map<string, { id: string; text: string }>>();

/** The accepted statements, in number order. */
export const cachedStatements = (deps: Deps, conversationId: string): Promise<AcceptedStatement[]> =>
  deps.state.deliberation.statements.get(conversationId, () => acceptedStatements(deps.db, conversationId));

/** The accepted statements by their number (as the engine names them). */
export async function cachedStatementsByNumber(
  deps: Deps,
  conversationId: string,
): Promise<Map<string, { id: string; text: string }>> {
  const list = await cachedStatements(deps, conversationId);
  let made = byNumberOf.get(list);
  if (!made) {
    made = new Map(list.map((r) => [String(r.number), { id: r.id, text: r.text }]));
    byNumberOf.set(list, made);
  }
  return made;
}

/** Forgets the list: a statement of the conversation was posted, moderated or merged. */
export function statementsChanged(deps: Deps, conversationId: string): void {
  deps.state.deliberation.statements.forget(conversationId);
}
