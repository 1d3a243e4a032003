/**
 * Notifications' background work: each second, expand the fan-outs requests wrote and send the mail that
 * is due; each minute, remind the electorate of ballots closing within a day who have not voted. Safe in
 * several processes at once: fan-outs and mail are claimed with FOR UPDATE SKIP LOCKED, and a ballot's
 * reminder is claimed on its row before it is written.
 */
import type { ServiceContext } from '../lib/context.ts';
import { deliverMail, expandFanouts } from '../notifications/index.ts';
import { remindClosingBallots } from '../ballots/index.ts';

const TICK_MS = 1_000;
const MINUTE_MS = 60_000;

export function startNotificationJobs(
  ctx: ServiceContext,
  log: (msg: string, err?: unknown) => void,
): () => void {
  let busy = false;
  const tick = async () => {
    if (busy) return;
    busy = true;
    try {
      await expandFanouts(ctx);
      await deliverMail(ctx);
    } catch (err) {
      log('sending notifications failed', err);
    } finally {
      busy = false;
    }
  };
  const reminders = async () => {
    try {
      await remindClosingBallots(ctx);
    } catch (err) {
      log('ballot reminders failed', err);
    }
  };
  const timers = [setInterval(() => void tick(), TICK_MS), setInterval(() => void reminders(), MINUTE_MS)];
  for (const t of timers) t.unref();
  return () => {
    for (const t of timers) clearInterval(t);
  };
}
