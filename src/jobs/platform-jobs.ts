/**
 * Background work of the platform beside Doorstep's, in the server process: counting ballots whose closing
 * time has passed (every few seconds); hourly, forgetting spent sign-in budgets, dropping register rows staged by imports cut short a day ago, and
 * vacuuming the ballot box. Both are safe in
 * several processes at once: a ballot is counted under its row lock, and pruning deletes what is gone as
 * nothing.
 */
import type { ServiceContext } from '../lib/context.ts';
import { countDueBallots, vacuumBox } from '../ballots/index.ts';
import { pruneBudgets } from '../core/budgets.repo.ts';
import { dropAbandonedStaging } from '../canvass/index.ts';

const BALLOT_CHECK_MS = 5_000;
const HOUR_MS = 3_600_000;
/** Budgets are kept a day after their window and pause ended, so a pause keeps doubling within a day. */
const BUDGET_KEEP_SECONDS = 24 * 3600;

export function startPlatformJobs(
  ctx: ServiceContext,
  log: (msg: string, err?: unknown) => void,
): () => void {
  let counting = false;
  const ballots = async () => {
    if (counting) return;
    counting = true;
    try {
      await countDueBallots(ctx);
    } catch (err) {
      log('counting closed ballots failed', err);
    } finally {
      counting = false;
    }
  };
  const hourly = async () => {
    try {
      await pruneBudgets(ctx.db, BUDGET_KEEP_SECONDS);
      await dropAbandonedStaging(ctx.db, 24);
      // Again, in case a count's own VACUUM was held back by an older transaction.
      await vacuumBox(ctx.db);
    } catch (err) {
      log('hourly housekeeping failed', err);
    }
  };
  const timers = [
    setInterval(() => void ballots(), BALLOT_CHECK_MS),
    setInterval(() => void hourly(), HOUR_MS),
  ];
  for (const t of timers) t.unref();
  return () => {
    for (const t of timers) clearInterval(t);
  };
}
