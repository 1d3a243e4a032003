/**
 * Doorstep: the public face of the domain (its routes, and the jobs the scheduler runs). Other domains and
 * the server import only this file.
 */
export { canvassRoutes } from './canvass.routes.ts';
export { runRetention } from './electors.service.ts';
export { dropAbandonedStaging } from './register.repo.ts';
export { sendReminders } from './session.service.ts';
export type { SegmentFilter } from '../contract/canvass.ts';
export { electorValues, parseDob, type RegisterRow } from './register-format.ts';
export { insertElectors, storeTurnout } from './register.repo.ts';
export { syntheticRegister } from './synthetic-register.ts';
export { cutWalks } from './walk-order.ts';
export { storeWalks, walkablesOf } from './walk.service.ts';
export { canvassPersonalData } from './personal-data.repo.ts';
export { lastRetentionRunAt } from './retention.repo.ts';
export { insertPollingDay, insertTeller, storeAbsentVoters, upsertTelling } from './polling.repo.ts';
export { electorNumber as electorNumberOf } from './register-format.ts';
export { syntheticElectorValues } from './synthetic-register.ts';
