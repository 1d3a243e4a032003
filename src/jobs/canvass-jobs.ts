/**
 * Background work of Doorstep, in the server process: canvass-session reminders (each minute) and the
 * retention job (at start-up and then daily). Both are safe to run in several processes at once: a
 * reminder is claimed before it is sent, and a retention run deletes what is already gone as nothing.
 */
import { lastRetentionRunAt, runRetention, sendReminders } from '../canvass/index.ts';
import type { ServiceContext } from '../lib/context.ts';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

export function startCanvassJobs(ctx: ServiceContext, log: (msg: string, err?: unknown) => void): () => void {
  let stopped = false;
  const reminders = async () => {
    try {
      await sendReminders(ctx.db, ctx.config.sessionReminderHours);
    } catch (err) {
      log('session reminders failed', err);
    }
  };
  const retention = async () => {
    try {
      const last = await lastRetentionRunAt(ctx.db);
      if (!last || Date.now() - last.getTime() > DAY - MINUTE)
        await runRetention(ctx, ctx.config.canvassRetentionDays);
    } catch (err) {
      log('retention job failed', err);
    }
  };
  const first = setTimeout(() => {
    if (stopped) return;
    void retention();
    void reminders();
  }, 5_000);
  const minute = setInterval(() => void reminders(), MINUTE);
  const hourly = setInterval(() => void retention(), 60 * MINUTE);
  for (const t of [first, minute, hourly]) t.unref();
  return () => {
    stopped = true;
    clearTimeout(first);
    clearInterval(minute);
    clearInterval(hourly);
  };
}
