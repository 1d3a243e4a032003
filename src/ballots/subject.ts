/**
 * What a ratification ballot is on. The ballots domain runs the vote; the domain that holds the subject
 * (the manifesto: a draft) says what it is, who may see it and who may run its ballots, through a reader
 * it passes in. So the manifesto uses ballots, and ballots never reach into the manifesto.
 */
import type { Executor } from '../db/client.ts';
import type { Actor } from '../core/permissions.ts';

export interface BallotSubject {
  id: string;
  title: string;
  branchId: string;
  branchName: string;
  branchPath: string;
  /** May the asker run the subject's ballots (open, close and count them)? */
  mayRun: boolean;
}

/** The subject with this id as the asker may see it; refuses (not found, forbidden) when they may not. */
export type SubjectReader = (db: Executor, actor: Actor, subjectId: string) => Promise<BallotSubject>;
