/**
 * Every query key of the web app, from one place: a page that changes something invalidates exactly the
 * keys that hold it, and a typo cannot make a key that nothing ever invalidates. A key starts with what it
 * holds; the rest narrows it (a branch, a search), so invalidating the prefix refreshes every narrowing.
 */
import type { SegmentFilter } from '../../src/contract/canvass.ts';

export const keys = {
  me: () => ['me'] as const,
  instance: () => ['instance'] as const,
  branches: () => ['branches'] as const,
  outbox: () => ['outbox'] as const,

  // Members
  members: () => ['members'] as const,
  membersFound: (search: string) => ['members', search] as const,
  membersOfBranch: (branchId: string) => ['members', 'branch', branchId] as const,
  member: (id: string) => ['member', id] as const,
  invitation: (token: string) => ['invitation', token] as const,
  audit: () => ['audit'] as const,
  failingJobs: () => ['failing-jobs'] as const,
  myErasure: () => ['my-erasure'] as const,
  erasureQueue: () => ['erasure-queue'] as const,

  issueTargets: (branchId: string) => ['issue-targets', branchId] as const,

  // Pulse
  pulseAll: () => ['pulse'] as const,
  pulse: (branchId: string) => ['pulse', branchId] as const,

  // Notifications
  notifications: () => ['notifications'] as const,
  notificationPreferences: () => ['notification-preferences'] as const,
  unsubscribe: (token: string) => ['unsubscribe', token] as const,

  // Common Ground
  conversations: () => ['conversations'] as const,
  conversation: (id: string) => ['conversation', id] as const,
  join: (token: string) => ['join', token] as const,
  next: (id: string) => ['next', id] as const,
  myVotes: (id: string) => ['my-votes', id] as const,
  myStatements: (id: string) => ['my-statements', id] as const,
  similar: (id: string, text: string) => ['similar', id, text] as const,
  map: (id: string) => ['map', id] as const,
  report: (id: string) => ['report', id] as const,
  polisGroups: (id: string) => ['polis-groups', id] as const,
  topics: (id: string) => ['topics', id] as const,
  moderation: (id: string) => ['moderation', id] as const,
  moderationQueue: (id: string, status: string) => ['moderation', id, status] as const,
  moderationLog: (id: string) => ['moderation-log', id] as const,

  // Manifesto
  manifestos: () => ['manifestos'] as const,
  manifesto: (id: string) => ['manifesto', id] as const,
  priorityPair: (id: string) => ['priority-pair', id] as const,
  priorities: (id: string) => ['priorities', id] as const,
  publicationPreview: (id: string) => ['publication-preview', id] as const,
  ballots: (manifestoId: string) => ['ballots', manifestoId] as const,
  ballot: (id: string) => ['ballot', id] as const,
  elections: () => ['elections'] as const,
  election: (id: string) => ['election', id] as const,
  versions: (manifestoId: string) => ['versions', manifestoId] as const,
  diff: (manifestoId: string, from?: number, to?: number) => ['diff', manifestoId, from, to] as const,
  publicManifesto: (id: string) => ['public-manifesto', id] as const,
  amendments: (manifestoId: string) => ['amendments', manifestoId] as const,

  // Doorstep
  register: (branchId: string) => ['register', branchId] as const,
  segments: (branchId: string) => ['segments', branchId] as const,
  segmentCount: (branchId: string, filter: SegmentFilter) => ['segment-count', branchId, filter] as const,
  walks: (branchId: string) => ['walks', branchId] as const,
  intentionCodes: (branchId: string) => ['intention-codes', branchId] as const,
  dashboard: (branchId: string, days: number) => ['canvass-dashboard', branchId, days] as const,
  electors: (branchId: string, search: string) => ['electors', branchId, search] as const,
  elector: (id: string) => ['elector', id] as const,
  retention: () => ['retention'] as const,
  doorstepIssues: (branchId: string) => ['doorstep-issues', branchId] as const,
  canvassSessions: (branchId: string) => ['canvass-sessions', branchId] as const,
  mySessions: () => ['my-sessions'] as const,
  publicSession: (id: string) => ['public-session', id] as const,
  doorstepWalks: () => ['doorstep-walks'] as const,
  // Polling day
  pollingDays: (branchId: string) => ['polling-days', branchId] as const,
  pollingDay: (id: string) => ['polling-day', id] as const,
  committeeRoom: (id: string) => ['committee-room', id] as const,
  afterThePoll: (id: string) => ['after-the-poll', id] as const,
  tellerStations: () => ['teller-stations'] as const,
  knockupWalks: () => ['knockup-walks'] as const,
  drivingDays: () => ['driving-days'] as const,
  stationCount: (id: string) => ['station-count', id] as const,
  knockupList: (electionId: string, walkId: string) => ['knockup-list', electionId, walkId] as const,
};
