/**
 * The platform's background work, as tasks of the job queue (queue.ts): each runs, then is queued again
 * `everyMs` later. Each is safe in several workers at once and after a crash part-way: what it claims is
 * claimed in the database (fan-outs and mail FOR UPDATE SKIP LOCKED, a ballot under its row lock, a
 * reminder on its row before it is written), and pruning deletes what is gone as nothing.
 */
import type { ServiceContext } from '../lib/context.ts';
import { countDueBallots, remindClosingBallots, vacuumBox } from '../ballots/index.ts';
import { pruneBudgets } from '../core/budgets.repo.ts';
import { dropAbandonedStaging, lastRetentionRunAt, runRetention, sendReminders } from '../canvass/index.ts';
import { deliverMail, expandFanouts } from '../notifications/index.ts';

export interface Task {
  /** The job's name in the queue. */
  name: string;
  /** How long after a run ends the next one is due. */
  everyMs: number;
  /** How long after start-up the first run is due (default: at once). */
  firstAfterMs?: number;
  run(ctx: ServiceContext): Promise<void>;
}

const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** Budgets are kept a day after their window and pause ended, so a pause keeps doubling within a day. */
const BUDGET_KEEP_SECONDS = 24 * 3600;

export const TASKS: readonly Task[] = [
  {
    // The fan-outs requests wrote, expanded into notices and mail; the mail that is due, sent.
    name: 'notifications.send',
    everyMs: SECOND,
    run: async (ctx) => {
      await expandFanouts(ctx);
      await deliverMail(ctx);
    },
  },
  {
    // Ballots whose closing time has passed, counted.
    name: 'ballots.count-closed',
    everyMs: 5 * SECOND,
    run: (ctx) => countDueBallots(ctx).then(() => undefined),
  },
  {
    // The electorate of ballots closing within a day who have not voted, reminded.
    name: 'ballots.remind',
    everyMs: MINUTE,
    run: (ctx) => remindClosingBallots(ctx).then(() => undefined),
  },
  {
    // Canvassers of sessions about to start, reminded.
    name: 'canvass.remind',
    everyMs: MINUTE,
    firstAfterMs: 5 * SECOND,
    run: (ctx) => sendReminders(ctx.db, ctx.config.sessionReminderHours).then(() => undefined),
  },
  {
    // Doorstep data past its retention period, deleted (once a day; checked hourly).
    name: 'canvass.retention',
    everyMs: HOUR,
    firstAfterMs: 5 * SECOND,
    run: async (ctx) => {
      const last = await lastRetentionRunAt(ctx.db);
      if (!last || Date.now() - last.getTime() > DAY - MINUTE)
        await runRetention(ctx, ctx.config.canvassRetentionDays);
    },
  },
  {
    // Spent sign-in budgets forgotten, imports cut short a day ago dropped, the ballot box vacuumed (again,
    // in case a count's own VACUUM was held back by an older transaction).
    name: 'platform.housekeeping',
    everyMs: HOUR,
    firstAfterMs: MINUTE,
    run: async (ctx) => {
      await pruneBudgets(ctx.db, BUDGET_KEEP_SECONDS);
      await dropAbandonedStaging(ctx.db, 24);
      await vacuumBox(ctx.db);
    },
  },
];
