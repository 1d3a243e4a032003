/** Types for the Manifesto pages, from the API contract. */
import type {
  Amendments,
  Ballot,
  BallotList,
  Diff,
  Manifesto,
  ManifestoList,
  NextPair,
  Priorities,
  PublicManifesto,
  Versions,
} from '../../src/contract/manifesto.ts';

export type Draft = Manifesto;
export type DraftListItem = ManifestoList['manifestos'][number];
export type Clause = Draft['sections'][number]['clauses'][number];

export type { NextPair, Priorities, PublicManifesto };
export type BallotView = Ballot;
export type BallotListItem = BallotList['ballots'][number];
export type VersionDiff = Diff;
export type VersionList = Versions;
export type AmendmentList = Amendments;
