/**
 * Every permission decision in one place. A role is held at a branch and applies to that branch and every
 * branch below it (a branch's `path` starts with the path of each branch above it).
 *
 * @example if (!can(actor, 'members.list', ward.path)) throw forbidden();
 */
import type { Role } from '../db/schema/members.ts';
import { isWithin, topmost } from './branch-tree.ts';

export interface Assignment {
  role: Role;
  branchId: string;
  branchPath: string;
}

/** Who is asking: a signed-in member and the roles they hold. */
export interface Actor {
  memberId: string;
  userId: string;
  homeWardId: string;
  /** Materialised path of the home ward: membership of a branch is `isWithin(homeWardPath, branch.path)`. */
  homeWardPath: string;
  assignments: Assignment[];
}

export const PERMISSIONS = {
  /** See the member directory of a branch. */
  'members.list': ['organiser', 'data_officer', 'admin'],
  /** See a member's email and phone. */
  'members.contact': ['organiser', 'data_officer', 'admin'],
  /** Invite people to join a branch. */
  'members.invite': ['organiser', 'admin'],
  /** Import a members CSV into a branch. */
  'members.import': ['organiser', 'data_officer', 'admin'],
  /** Change another member's details or status. */
  'members.edit': ['organiser', 'admin'],
  /** Erase a member's personal data. */
  'members.erase': ['data_officer', 'admin'],
  /** Export another member's data (subject-access request). */
  'members.export': ['data_officer', 'admin'],
  /** Grant or remove roles. */
  'roles.assign': ['admin'],
  /** Read the audit log. */
  'audit.read': ['data_officer', 'admin'],
  /** See the background jobs that are failing and ask for another try (held at the national branch). */
  'jobs.manage': ['admin'],
  /** Add branches below a branch. */
  'branches.manage': ['admin'],
  /** Start Common Ground conversations in a branch. */
  'conversations.create': ['organiser', 'admin'],
  /** Moderate deliberation in a branch. */
  'conversations.moderate': ['moderator', 'admin'],
  /** Draft a branch's manifesto: sections, clauses (the drafting committee). */
  'manifesto.draft': ['drafter', 'admin'],
  /** Work canvassing assignments in a branch. */
  'canvass.work': ['canvasser', 'organiser', 'admin'],
  /** Run canvassing in a branch: segments, walks, assignments, sessions, dashboards, doorstep issues. */
  'canvass.organise': ['organiser', 'admin'],
  /** Import a branch's electoral register and marked registers. */
  'canvass.import': ['organiser', 'data_officer', 'admin'],
  /** Export electors or canvass data (always audited); never below organiser. */
  'canvass.export': ['organiser', 'data_officer', 'admin'],
  /** Answer an elector's subject-access request or erase an elector. */
  'electors.rights': ['data_officer', 'admin'],
  /** Import the national poll series and results and set Pulse's model: held at the national branch only. */
  'pulse.manage': ['organiser', 'admin'],
  /** Run an election in the branch: create it, open its hustings and its vote, hold a key share, count it. */
  'elections.run': ['returning_officer', 'admin'],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

/** Roles an admin may grant, and roles an organiser may grant within their branches. */
const GRANTABLE_BY: Record<Role, readonly Role[]> = {
  admin: [
    'member',
    'canvasser',
    'organiser',
    'moderator',
    'drafter',
    'returning_officer',
    'data_officer',
    'admin',
  ],
  organiser: ['canvasser', 'moderator', 'drafter'],
  member: [],
  canvasser: [],
  moderator: [],
  drafter: [],
  returning_officer: [],
  data_officer: [],
};

const covers = (assignment: Assignment, branchPath: string): boolean =>
  isWithin(branchPath, assignment.branchPath);

/** Does the actor hold the permission at the branch with this path (through a role here or above)? */
export function can(actor: Actor | null, permission: Permission, branchPath: string): boolean {
  if (!actor) return false;
  const roles: readonly Role[] = PERMISSIONS[permission];
  return actor.assignments.some((a) => roles.includes(a.role) && covers(a, branchPath));
}

/** The branches (by path) where the actor holds the permission; the roots of what they may reach. */
export function scopeOf(actor: Actor, permission: Permission): string[] {
  const roles: readonly Role[] = PERMISSIONS[permission];
  const paths = actor.assignments.filter((a) => roles.includes(a.role)).map((a) => a.branchPath);
  // Drop paths already covered by a shorter one, so queries stay small.
  return topmost(paths);
}

/** May the actor grant `role` at the branch with this path? */
export function canGrant(actor: Actor, role: Role, branchPath: string): boolean {
  return actor.assignments.some((a) => covers(a, branchPath) && GRANTABLE_BY[a.role].includes(role));
}

/** Does the actor hold the permission at a national branch (one with no branch above it)? */
export function canNationally(actor: Actor | null, permission: Permission): boolean {
  if (!actor) return false;
  const roles: readonly Role[] = PERMISSIONS[permission];
  return actor.assignments.some(
    (a) => roles.includes(a.role) && a.branchPath.split('/').filter(Boolean).length === 1,
  );
}

/** Is this actor the member in question? Members may always see and export their own data. */
export const isSelf = (actor: Actor | null, memberId: string): boolean => actor?.memberId === memberId;

/** Is the actor a member of the branch with this path (their home ward is in it or below it)? */
export const isMemberOf = (actor: Actor | null, branchPath: string): boolean =>
  actor ? isWithin(actor.homeWardPath, branchPath) : false;
