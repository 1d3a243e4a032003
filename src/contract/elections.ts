/** Request and response schemas of elections: counting a ballot file (BLT) by a preferential method. */
import { z } from 'zod';
import { COUNT_METHODS as METHODS, NOMINATING_BODIES, ROLES } from './vocabulary.ts';

export const countQuery = z.strictObject({
  method: z.enum(METHODS, { message: `must be one of ${METHODS.join(', ')}` }),
  /** The seed of the lot, used only for a tie equal at every round. */
  seed: z.string().trim().min(1).max(64).optional(),
});

const transfer = z.union([
  z.object({ kind: z.literal('first') }),
  z.object({ kind: z.enum(['surplus', 'exclusion']), from: z.string() }),
]);

/** A count round by round, as `bin/broadchurch count --json` prints it. */
export const countResult = z.object({
  method: z.enum(METHODS),
  title: z.string(),
  seats: z.number(),
  quota: z.number().nullable(),
  elected: z.array(z.string()),
  rounds: z.array(
    z.object({
      votes: z.record(z.string(), z.number()),
      elected: z.array(z.string()),
      excluded: z.array(z.string()),
      nonTransferable: z.number(),
      transfer,
    }),
  ),
  ties: z.array(
    z.object({
      round: z.number(),
      decides: z.enum(['exclusion', 'surplus', 'election']),
      between: z.array(z.string()),
      chosen: z.string(),
      by: z.enum(['earlier-round', 'lot']),
    }),
  ),
  seed: z.string(),
});
export type CountResultView = z.infer<typeof countResult>;

const uuid = z.uuid({ message: 'must be an id' });
const when = z.iso.datetime({ offset: true, message: 'must be a date and time' });

/** An election for a post with seats in a branch: its rules, set when it is created. */
export const createElectionBody = z
  .strictObject({
    branchId: uuid,
    post: z.string().trim().min(1, 'must not be empty').max(120),
    seats: z.number().int().min(1).max(50),
    method: z.enum(METHODS, { message: `must be one of ${METHODS.join(', ')}` }),
    nominationsCloseAt: when,
    votingClosesAt: when,
    nominatingBody: z.enum(NOMINATING_BODIES),
    nominatingRole: z.enum(ROLES).nullish(),
    /** The share of the nominating body, in per cent, a candidate's nominations must reach. */
    nominationPercent: z.number().int().min(0).max(100),
    /** The roll: members recorded on the platform by the end of this day (UK time). */
    freezeOn: z.iso.date({ message: 'must be a date (YYYY-MM-DD)' }),
    minWomen: z.number().int().min(0).max(50).optional(),
  })
  .superRefine((b, ctx) => {
    if (b.nominatingBody === 'role' && !b.nominatingRole)
      ctx.addIssue({ code: 'custom', path: ['nominatingRole'], message: 'say which role nominates' });
    if ((b.minWomen ?? 0) > b.seats)
      ctx.addIssue({ code: 'custom', path: ['minWomen'], message: 'cannot be more than the seats' });
    if (b.votingClosesAt <= b.nominationsCloseAt)
      ctx.addIssue({ code: 'custom', path: ['votingClosesAt'], message: 'must be after nominations close' });
    if (b.method === 'av' && b.seats !== 1)
      ctx.addIssue({ code: 'custom', path: ['seats'], message: 'the alternative vote fills one seat' });
  });

export const standBody = z.strictObject({
  statement: z.string().trim().min(1, 'must not be empty').max(3000),
  /** Counts towards a quota for women, where the election has one. */
  woman: z.boolean(),
});
export const nominateBody = z.strictObject({ candidateId: uuid });
export const answerBody = z.strictObject({
  statementId: uuid,
  answer: z.string().trim().min(1, 'must not be empty').max(3000),
});
export const openVotingBody = z
  .strictObject({
    keyHolders: z.number().int().min(1).max(9).optional(),
    keyThreshold: z.number().int().min(1).max(9).optional(),
  })
  .nullish();
export const rankBody = z.strictObject({
  /** The candidates in the voter's order of preference: the first is their first choice. */
  ranking: z
    .array(uuid)
    .min(1, 'rank at least one candidate')
    .max(60)
    .refine((r) => new Set(r).size === r.length, 'must not rank a candidate twice'),
});
export const countBody = z.strictObject({
  shares: z.array(z.string().trim().min(1).max(400)).min(1, 'give the key holders’ shares').max(9),
});

const person = z.object({ id: z.string(), name: z.string() });
export const ELECTION_PHASES = ['nominations', 'nominations-closed', 'voting', 'counted'] as const;

export const electionSummary = z.object({
  id: z.string(),
  post: z.string(),
  branch: z.object({ id: z.string(), name: z.string() }),
  seats: z.number(),
  method: z.enum(METHODS),
  phase: z.enum(ELECTION_PHASES),
  nominationsCloseAt: z.string(),
  votingClosesAt: z.string(),
});
export const electionList = z.object({
  items: z.array(electionSummary),
  /** Branches where the caller may run an election. */
  mayRunIn: z.array(z.object({ id: z.string(), name: z.string() })),
});

export const electionView = electionSummary.extend({
  freezeOn: z.string(),
  minWomen: z.number(),
  nominating: z.object({
    body: z.enum(NOMINATING_BODIES),
    role: z.enum(ROLES).nullable(),
    percent: z.number(),
    /** How many may nominate now, and how many nominations a candidate needs. */
    size: z.number(),
    needed: z.number(),
  }),
  candidates: z.array(
    person.extend({
      statement: z.string(),
      woman: z.boolean(),
      nominators: z.array(person),
      /** Has enough nominations to be on the paper. */
      qualified: z.boolean(),
    }),
  ),
  /** The candidates on the paper, in its order, once voting opened. */
  paper: z.array(person).nullable(),
  hustings: z
    .object({
      conversationId: z.string(),
      /** The questions with the most support across opinion groups, with each candidate's answer. */
      questions: z.array(
        z.object({
          id: z.string(),
          text: z.string(),
          bridging: z.number(),
          answers: z.array(z.object({ candidateId: z.string(), answer: z.string() })),
        }),
      ),
    })
    .nullable(),
  roll: z
    .object({
      total: z.number(),
      byBranch: z.array(z.object({ branch: z.string(), members: z.number() })),
    })
    .nullable(),
  me: z.object({
    /** The member asking (their candidate id when they stand). */
    id: z.string(),
    standing: z.boolean(),
    mayNominate: z.boolean(),
    nominated: z.array(z.string()),
    onRoll: z.boolean().nullable(),
    voted: z.boolean(),
  }),
  canRun: z.boolean(),
  /** How many key holders hold a share of the box's key, and how many shares a count needs. */
  keys: z.object({ holders: z.number(), threshold: z.number() }).nullable(),
  voted: z.number().nullable(),
  result: z
    .object({
      count: countResult,
      voted: z.number(),
      eligible: z.number(),
      turnout: z.number(),
      /** Where a quota for women applied: who counted towards it, and whether it was met. */
      quota: z
        .object({
          minWomen: z.number(),
          women: z.array(z.string()),
          met: z.boolean(),
          /** Those withdrawn, in order, so that the quota was met. */
          withdrawn: z.array(z.string()),
        })
        .nullable(),
    })
    .nullable(),
});
export type ElectionView = z.infer<typeof electionView>;
export const openedElection = electionView.extend({
  /** The key holders' shares of the box's key: in this answer alone, never stored. */
  keyShares: z.array(z.string()),
});
export const electionReceipt = z.object({ receipt: z.string(), head: z.string() });
export const verifyReceiptBody = z.strictObject({ receipt: z.string().trim().min(1).max(100) });
export const receiptStatus = z.object({ status: z.enum(['sealed', 'counted', 'unknown']) });
