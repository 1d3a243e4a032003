/** Types for the Doorstep pages, from the API contract. */
export type {
  AssignedWalks,
  Dashboard,
  ElectorCard,
  ElectorHits,
  ImportResult,
  MySessions,
  PublicSession,
  RegisterSummary,
  RetentionStatus,
  SegmentCount,
  SegmentFilter,
  SegmentList,
  SessionList,
  WalkDownload,
  WalkList,
} from '../../src/contract/canvass.ts';
export {
  headerKey,
  REGISTER_COLUMNS,
  REGISTER_FIELDS,
  type RegisterField,
} from '../../src/contract/vocabulary.ts';
