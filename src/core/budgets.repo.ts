/**
 * Budgets: counted uses of a key in a time window, with locks (`sign_in_guard`, the table they began in).
 * Every use is one atomic upsert, so requests racing each other (in one process or several) each see their
 * own count. Sign-in guesses and codes, link visitors and anything else that must be rationed use them.
 */
import { eq, inArray, lt, sql } from 'drizzle-orm';
import { queryRows, type Executor } from '../db/client.ts';
import { signInGuard } from '../db/schema/index.ts';

export interface BudgetUse {
  /** Uses in the current window, this one included. */
  used: number;
  windowStart: Date;
  lockedUntil: Date | null;
  strikes: number;
}

/** Counts one use of `key` in a window of `windowSeconds` (a new window starts when the old one has passed). */
export async function useBudget(db: Executor, key: string, windowSeconds: number): Promise<BudgetUse> {
  const [row] = await queryRows<{
    used: number;
    window_start: string | Date;
    locked_until: string | Date | null;
    strikes: number;
  }>(
    db,
    sql`insert into sign_in_guard as g (key, window_start, used)
        values (${key}, now(), 1)
        on conflict (key) do update set
          window_start = case when g.window_start + make_interval(secs => ${windowSeconds}) <= now()
                              then now() else g.window_start end,
          used = case when g.window_start + make_interval(secs => ${windowSeconds}) <= now()
                      then 1 else g.used + 1 end
        returning used, window_start, locked_until, strikes`,
  );
  if (!row) throw new Error('sign-in budget upsert returned no row');
  return {
    used: row.used,
    windowStart: new Date(row.window_start),
    lockedUntil: row.locked_until === null ? null : new Date(row.locked_until),
    strikes: row.strikes,
  };
}

/** Gives one use back (a guess that turned out right). */
export async function refundBudget(db: Executor, key: string): Promise<void> {
  await db
    .update(signInGuard)
    .set({ used: sql`greatest(${signInGuard.used} - 1, 0)` })
    .where(eq(signInGuard.key, key));
}

/**
 * Locks `key` for `seconds` unless it is locked already; returns the end of the lock when this call set it
 * (so exactly one of several racing requests tells the owner), else null.
 */
export async function lockBudget(db: Executor, key: string, seconds: number): Promise<Date | null> {
  const rows = await queryRows<{ locked_until: string | Date }>(
    db,
    sql`update sign_in_guard set locked_until = now() + make_interval(secs => ${seconds}), strikes = strikes + 1
        where key = ${key} and (locked_until is null or locked_until <= now())
        returning locked_until`,
  );
  const until = rows[0]?.locked_until;
  return until === undefined ? null : new Date(until);
}

/** Forgets these keys (a successful sign-in clears its email's budget and strikes). */
export async function clearBudgets(db: Executor, keys: string[]): Promise<void> {
  if (keys.length > 0) await db.delete(signInGuard).where(inArray(signInGuard.key, keys));
}

/** Deletes budgets whose window and lock both ended more than `seconds` ago. */
export async function pruneBudgets(db: Executor, seconds: number): Promise<number> {
  const cutoff = sql`now() - make_interval(secs => ${seconds})`;
  const gone = await db
    .delete(signInGuard)
    .where(
      sql`${lt(signInGuard.windowStart, cutoff)} and (${signInGuard.lockedUntil} is null or ${signInGuard.lockedUntil} < ${cutoff})`,
    )
    .returning({ key: signInGuard.key });
  return gone.length;
}
