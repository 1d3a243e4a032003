/** Types for the polling-day pages, from the API contract. */
export type {
  AbsentVotersImported,
  AfterThePoll,
  CommitteeRoom,
  KnockupList,
  KnockupWalks,
  PollingDay,
  PledgeCount,
  PollingDayList,
  PostalWalksMade,
  ShiftsMade,
  TellerStations,
  UnmatchedList,
} from '../../src/contract/polling-day.ts';
export { KNOCKUP_RESULTS, type KnockupResult } from '../../src/contract/vocabulary.ts';
