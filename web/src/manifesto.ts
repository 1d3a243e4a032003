/** Types for the Manifesto pages; response types come from the server's service. */
import type { getManifesto, listManifestos } from '../../src/manifesto/manifesto.service.ts';
import type { listAmendments } from '../../src/manifesto/amendment.service.ts';
import type { getBallot, listBallots } from '../../src/manifesto/ballot.service.ts';
import type { nextComparison, priorities } from '../../src/manifesto/priority.service.ts';
import type { diffVersions, listVersions, publicManifesto } from '../../src/manifesto/publish.service.ts';

export type Draft = Awaited<ReturnType<typeof getManifesto>>;
export type DraftListItem = Awaited<ReturnType<typeof listManifestos>>['manifestos'][number];
export type Clause = Draft['sections'][number]['clauses'][number];

export type NextPair = Awaited<ReturnType<typeof nextComparison>>;
export type Priorities = Awaited<ReturnType<typeof priorities>>;
export type BallotView = Awaited<ReturnType<typeof getBallot>>;
export type BallotListItem = Awaited<ReturnType<typeof listBallots>>['ballots'][number];
export type PublicManifesto = Awaited<ReturnType<typeof publicManifesto>>;
export type VersionDiff = Awaited<ReturnType<typeof diffVersions>>;
export type VersionList = Awaited<ReturnType<typeof listVersions>>;
export type AmendmentList = Awaited<ReturnType<typeof listAmendments>>;
