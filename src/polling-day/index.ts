/**
 * Polling day: the public face of the domain — set-up, tellers, knock-up rounds, the committee room — its
 * routes, and what it registers with the platform (personal data, retention). Built on Doorstep's register,
 * segments and walks (canvass/index.ts). Other domains and the server import only this file.
 */
import type { RetentionContribution } from '../core/retention.ts';
import { deleteExpiredPolling } from './polling-day.repo.ts';

export { pollingDayRoutes } from './polling-day.routes.ts';
export { pollingDayPersonalData } from './personal-data.repo.ts';
export { insertPollingDay, insertTeller, storeAbsentVoters, upsertTelling } from './polling-day.repo.ts';
export { ukNow } from './uk-clock.ts';

/** Telling and knock-up records and the absent voters list go the number of days after their election that its organiser chose. */
export const pollingDayRetention: RetentionContribution = {
  domain: 'polling-day',
  async run(tx, now) {
    const gone = await deleteExpiredPolling(tx, now.toISOString().slice(0, 10));
    return {
      tellingEntries: gone.telling,
      absentVoters: gone.absentVoters,
      knockupRecords: gone.knockups,
      liftRequests: gone.lifts,
    };
  },
};
