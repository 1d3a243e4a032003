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
export { registerCsv, syntheticRegister } from './synthetic-register.ts';
export { cutWalks } from './walk-order.ts';
export { storeWalks, walkablesOf } from './walk.service.ts';
export { canvassPersonalData } from './personal-data.repo.ts';
export { lastRetentionRunAt } from './retention.repo.ts';
export { electorNumber as electorNumberOf } from './register-format.ts';
export { syntheticElectorValues } from './synthetic-register.ts';
// What polling day builds on: branches reached by permission, the register, segments, walks, sessions.
export { branchFor } from './access.ts';
export { liveAssignment } from './assignment.repo.ts';
export { Problems, readTable } from './csv-stream.ts';
export { doorSheet } from './door-sheet.ts';
export { onWalks } from './doorstep.repo.ts';
export { ALIASES, electorNumber, listedElector, numberKey, type RegisterField } from './register-format.ts';
export { currentElectorNumbers } from './register.repo.ts';
export { segmentById, segmentWhere } from './segment.repo.ts';
export { createSession } from './session.service.ts';
export { walkById } from './walk.repo.ts';
export { parseAddress } from './walk-order.ts';
export { streamCsvBodies } from './canvass.routes.ts';
