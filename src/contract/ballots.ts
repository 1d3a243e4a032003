/** Request and response schemas of ratification ballots: opened on a draft, voted in secret, counted. */
import { z } from 'zod';
import { BALLOT_CHOICES, BALLOT_MODES } from './vocabulary.ts';
import { time, uuid } from './common.ts';

/** A clause as it was put to the vote. */
const pairItem = z.object({ id: z.string(), text: z.string(), section: z.string() });

export const ballotParams = z.strictObject({ id: uuid });

const choice = z.enum(BALLOT_CHOICES);

export const openBallotBody = z
  .strictObject({
    mode: z.enum(BALLOT_MODES),
    cutoff: z.iso.date({ message: 'must be a date such as 2026-11-01' }),
    closesAt: z.iso
      .datetime({ offset: true, message: 'must be a date and time such as 2026-12-01T09:00:00Z' })
      .optional(),
    /** The least turnout, in per cent of the electorate, for the result to stand. */
    quorumPercent: z
      .number()
      .int('must be a whole number of per cent')
      .min(1, 'must be at least 1%')
      .max(100, 'must be at most 100%')
      .optional(),
    /**
     * How many key holders get a share of the key that opens the box, and how many of them must give their
     * share to count it (default: one holder, the member opening the ballot).
     */
    keyHolders: z
      .number()
      .int('must be a whole number')
      .min(1, 'must be at least 1')
      .max(9, 'must be at most 9')
      .optional(),
    keyThreshold: z
      .number()
      .int('must be a whole number')
      .min(1, 'must be at least 1')
      .max(9, 'must be at most 9')
      .optional(),
  })
  .superRefine((b, ctx) => {
    const holders = b.keyHolders ?? 1;
    const threshold = b.keyThreshold ?? (holders === 1 ? 1 : 2);
    if (threshold > holders)
      ctx.addIssue({
        code: 'custom',
        path: ['keyThreshold'],
        message: `must be at most the ${holders} key holders`,
      });
    if (holders > 1 && threshold < 2)
      ctx.addIssue({
        code: 'custom',
        path: ['keyThreshold'],
        message: 'must be at least 2 when there are several key holders',
      });
  });

/** Closing and counting: the key holders' shares, as many as the ballot needs (none for older ballots). */
export const closeBody = z
  .strictObject({
    shares: z
      .array(z.string().max(200, 'is too long to be a key share'))
      .max(9, 'at most 9 key shares')
      .optional(),
  })
  .nullish();

export const castBody = z.strictObject({
  document: choice.optional(),
  clauses: z.record(uuid, choice).optional(),
});

export const receiptBody = z.strictObject({ receipt: z.string().trim().min(10).max(64) });

const tally = z.object({
  approve: z.number(),
  reject: z.number(),
  abstain: z.number(),
  /** More approved than rejected, and the ballot was quorate. */
  carried: z.boolean(),
});
export const ballotView = z.object({
  id: z.string(),
  manifesto: z.object({ id: z.string(), title: z.string(), branch: z.string() }),
  mode: z.enum(BALLOT_MODES),
  /** Members who joined after this may not vote. */
  cutoff: time,
  clauses: z.array(pairItem),
  opensAt: time,
  closesAt: time.nullable(),
  quorumPercent: z.number().nullable(),
  closed: z.boolean(),
  voted: z.boolean(),
  /** Why the viewer may not vote, if they may not. */
  refusal: z.string().nullable(),
  canClose: z.boolean(),
  /** Who holds the key: how many shares there are and how many must be given to count. */
  keys: z.object({ holders: z.number(), threshold: z.number() }).nullable(),
  /** The roll frozen when the ballot opened: its size, by branch, and whether the viewer is on it. */
  roll: z.object({
    size: z.number(),
    byBranch: z.array(z.object({ branch: z.string(), members: z.number() })),
    onRoll: z.boolean(),
  }),
  /** Closed, and waiting for the key holders to count it. */
  awaitingCount: z.boolean(),
  /** The box as anyone may check it: its papers, and the head of its hash chain (each receipt carries one). */
  box: z.object({ papers: z.number(), head: z.string().nullable() }),
  results: z
    .object({
      eligible: z.number(),
      voted: z.number(),
      turnout: z.number(),
      /** Turnout reached the quorum (true when there was none). */
      quorate: z.boolean(),
      document: tally.nullable(),
      /** Each clause put, with the manifesto section it stands in. */
      clauses: z.array(tally.extend({ id: z.string(), text: z.string(), section: z.string() })),
      /** The head of the box's chain the count verified (null for ballots before the chain). */
      countedHead: z.string().nullable(),
    })
    .nullable(),
});
export type Ballot = z.infer<typeof ballotView>;
/** A ballot just opened: with its key shares, shown this once and never stored. */
export const openedBallot = ballotView.extend({ keyShares: z.array(z.string()) });
export const ballotList = z.object({
  ballots: z.array(
    z.object({ id: z.string(), mode: z.enum(BALLOT_MODES), opensAt: time, closed: z.boolean() }),
  ),
});
export type BallotList = z.infer<typeof ballotList>;
/** A voter's receipt: checks their paper was counted, and says nothing of how they voted. */
export const receipt = z.object({
  receipt: z.string(),
  /** The paper's place in the box and the chain's head after it: the box cannot lose it unnoticed. */
  box: z.object({ paper: z.number(), head: z.string() }).nullable(),
});
export const receiptStatus = z.object({
  status: z.enum(['sealed', 'counted', 'unknown']),
  /** Where a sealed paper is in the box: its place and the head after it. */
  box: z.object({ paper: z.number(), head: z.string() }).nullable(),
});
