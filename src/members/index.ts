/**
 * Members: the public face of the domain (sign-in's actor, branches, members and their routes). Other
 * domains and the server import only this file.
 */
export { ActorCache, SOLE_WRITER_ACTOR_TTL_MS, type SessionActor } from './actor-cache.ts';
export { branchById, insertBranch, type BranchRow } from './branch.repo.ts';
export {
  actorBySessionToken,
  addAssignment,
  insertMembers,
  memberById,
  type NewMember,
} from './member.repo.ts';
export { memberRoutes } from './member.routes.ts';
export { membersPersonalData } from './personal-data.repo.ts';
