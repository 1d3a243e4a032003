/** Types for the polling-day pages, from the API contract. */
export type {
  AfterThePoll,
  CommitteeRoom,
  KnockupList,
  KnockupWalks,
  PollingDay,
  PollingDayList,
  TellerStations,
} from '../../src/contract/polling.ts';
export { KNOCKUP_RESULTS, type KnockupResult } from '../../src/contract/vocabulary.ts';
