/**
 * The one way to audit: a change to personal data, or a look at it, runs inside `audited`, which gives the
 * work a transaction and a `record` for its audit entries, and writes them in the same transaction (the
 * change and its entry commit together, or neither). Work that records nothing is refused, unless it says
 * why (`record.nothing`): an audited step cannot be written and then forgotten.
 *
 * The repositories that change or disclose members' and electors' data take an `Audited` executor, which
 * only `audited` makes: a service that reaches them without auditing fails the type check. Seeding demo
 * content and test set-up, which act for nobody, say so with `unaudited`.
 *
 * @example
 * return audited(ctx.db, async (tx, record) => {
 *   await repo.updateMember(tx, id, body);
 *   record({ actorId: actor.memberId, action: 'change', subjectType: 'member', subjectId: id, branchId });
 *   return getMember(ctx, actor, id);
 * });
 */
import type { Executor } from '../db/client.ts';
import { appendAudit, type AuditEntry } from './audit.repo.ts';

declare const AUDITED: unique symbol;

/** A transaction whose work is recorded in the audit log. */
export type Audited = Executor & { readonly [AUDITED]: true };

export interface Recorder {
  /** Adds entries, written when the work is done, in its transaction. */
  (entry: AuditEntry | AuditEntry[]): void;
  /** The work turned out to change and disclose nothing (a role already held, say): nothing to record. */
  nothing(why: string): void;
}

/** Runs `work` in a transaction with its audit entries; refuses to commit work that recorded nothing. */
export async function audited<T>(
  db: Executor,
  work: (tx: Audited, record: Recorder) => Promise<T>,
): Promise<T> {
  return db.transaction(async (tx) => {
    const entries: AuditEntry[] = [];
    let excused = false;
    const record: Recorder = Object.assign(
      (entry: AuditEntry | AuditEntry[]) => {
        entries.push(...(Array.isArray(entry) ? entry : [entry]));
      },
      {
        nothing: () => {
          excused = true;
        },
      },
    );
    const result = await work(tx as Audited, record);
    if (entries.length === 0 && !excused)
      throw new Error('audited work recorded nothing: record what it did, or say why not');
    await appendAudit(tx, entries);
    return result;
  });
}

/** For what acts for nobody — the demo's content, tests' set-up — and so has nothing to audit. */
export const unaudited = (db: Executor): Audited => db as Audited;
