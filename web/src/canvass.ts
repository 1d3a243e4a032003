/** Types for the Doorstep pages; response types come from the server's services. */
import type { SegmentFilter } from '../../src/canvass/canvass.schema.ts';
import type { dashboard } from '../../src/canvass/dashboard.service.ts';
import type { downloadWalk, myWalks } from '../../src/canvass/doorstep.service.ts';
import type { electorDetail, retentionStatus, searchElectors } from '../../src/canvass/electors.service.ts';
import type { RegisterImportResult, registerSummary } from '../../src/canvass/register.service.ts';
import type { listSessions, publicSession, upcomingForMember } from '../../src/canvass/session.service.ts';
import type { countSegment, listSegments, listWalks } from '../../src/canvass/walk.service.ts';

export type { SegmentFilter };
export type RegisterSummary = Awaited<ReturnType<typeof registerSummary>>;
export type ImportResult = RegisterImportResult;
export type SegmentCount = Awaited<ReturnType<typeof countSegment>>;
export type SegmentList = Awaited<ReturnType<typeof listSegments>>;
export type WalkList = Awaited<ReturnType<typeof listWalks>>;
export type Dashboard = Awaited<ReturnType<typeof dashboard>>;
export type SessionList = Awaited<ReturnType<typeof listSessions>>;
export type PublicSession = Awaited<ReturnType<typeof publicSession>>;
export type MySessions = Awaited<ReturnType<typeof upcomingForMember>>;
export type ElectorHits = Awaited<ReturnType<typeof searchElectors>>;
export type ElectorCard = Awaited<ReturnType<typeof electorDetail>>;
export type RetentionStatus = Awaited<ReturnType<typeof retentionStatus>>;
export type AssignedWalks = Awaited<ReturnType<typeof myWalks>>;
export type WalkDownload = Awaited<ReturnType<typeof downloadWalk>>;
