/**
 * Elections: a post with seats in a branch, its nominations, its hustings, its frozen roll, its sealed box
 * and its result. See src/ballots/election*.ts for the rules.
 */
import {
  boolean,
  date,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { conversations, statements } from './deliberation.ts';
import { branches, members } from './members.ts';
import { COUNT_METHODS, NOMINATING_BODIES, ROLES } from '../../contract/vocabulary.ts';
import type { CountResultView } from '../../contract/elections.ts';

/** What a counted election keeps: the count as published, turnout, and the anonymised papers (BLT). */
export interface ElectionOutcome {
  count: CountResultView;
  /** Where the election had a quota for women: those elected who count towards it, and whether it was met. */
  quota: { minWomen: number; women: string[]; met: boolean; withdrawn: string[] } | null;
  voted: number;
  eligible: number;
  /** Each distinct ranking (indices into `candidates`, from 0) and how many gave it. */
  papers: { weight: number; ranking: number[] }[];
  /** Candidates (indices) the quota withdrew before the final count. */
  withdrawn: number[];
  /** The candidates on the paper, in its order: member ids and names as they stood at the count. */
  candidates: { id: string; name: string }[];
}

/** Named apart from `elections` (canvass.ts: the public elections a polling day is for). */
export const partyElections = pgTable('party_elections', {
  id: uuid('id').primaryKey(),
  branchId: uuid('branch_id')
    .notNull()
    .references(() => branches.id),
  post: text('post').notNull(),
  seats: integer('seats').notNull(),
  method: text('method', { enum: COUNT_METHODS }).notNull(),
  nominationsCloseAt: timestamp('nominations_close_at', { withTimezone: true }).notNull(),
  /** Who may nominate: members of the branch, or members holding `nominatingRole` in it. */
  nominatingBody: text('nominating_body', { enum: NOMINATING_BODIES }).notNull(),
  nominatingRole: text('nominating_role', { enum: ROLES }),
  /** The share of the nominating body, in per cent, a candidate needs to be on the paper. */
  nominationPercent: integer('nomination_percent').notNull(),
  /** The roll: members on the platform by the end of this day (UK time), set when the election is created. */
  freezeOn: date('freeze_on', { mode: 'string' }).notNull(),
  votingClosesAt: timestamp('voting_closes_at', { withTimezone: true }).notNull(),
  /** At least this many of those elected must be women (a rulebook's quota); 0: none. */
  minWomen: integer('min_women').notNull().default(0),
  hustingsId: uuid('hustings_id').references(() => conversations.id, { onDelete: 'set null' }),
  /** Voting: the candidates put on the paper when it opened, in their order. */
  paper: jsonb('paper').$type<string[]>(),
  openedAt: timestamp('opened_at', { withTimezone: true }),
  publicKey: text('public_key'),
  keyHolders: integer('key_holders'),
  keyThreshold: integer('key_threshold'),
  boxHead: text('box_head'),
  boxPapers: integer('box_papers').notNull().default(0),
  /** The roll's size by home branch, written when voting opened. */
  roll: jsonb('roll').$type<{ branch: string; members: number }[]>(),
  countedAt: timestamp('counted_at', { withTimezone: true }),
  outcome: jsonb('outcome').$type<ElectionOutcome>(),
  createdBy: uuid('created_by').references(() => members.id, { onDelete: 'set null' }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

/** A member standing: their statement, and whether they count towards a quota for women. */
export const electionCandidates = pgTable(
  'election_candidates',
  {
    electionId: uuid('election_id')
      .notNull()
      .references(() => partyElections.id, { onDelete: 'cascade' }),
    memberId: uuid('member_id')
      .notNull()
      .references(() => members.id),
    statement: text('statement').notNull(),
    woman: boolean('woman').notNull().default(false),
    standingSince: timestamp('standing_since', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.electionId, t.memberId] })],
);

/** Public nominations: who nominated whom. */
export const electionNominations = pgTable(
  'election_nominations',
  {
    electionId: uuid('election_id')
      .notNull()
      .references(() => partyElections.id, { onDelete: 'cascade' }),
    candidateId: uuid('candidate_id')
      .notNull()
      .references(() => members.id),
    nominatorId: uuid('nominator_id')
      .notNull()
      .references(() => members.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.electionId, t.nominatorId, t.candidateId] })],
);

/** A candidate's written answer to a hustings question (a statement of the election's conversation). */
export const electionAnswers = pgTable(
  'election_answers',
  {
    electionId: uuid('election_id')
      .notNull()
      .references(() => partyElections.id, { onDelete: 'cascade' }),
    candidateId: uuid('candidate_id')
      .notNull()
      .references(() => members.id),
    statementId: uuid('statement_id')
      .notNull()
      .references(() => statements.id, { onDelete: 'cascade' }),
    answer: text('answer').notNull(),
    answeredAt: timestamp('answered_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.electionId, t.candidateId, t.statementId] })],
);

/** The roll, frozen when voting opened. */
export const electionElectorate = pgTable(
  'election_electorate',
  {
    electionId: uuid('election_id')
      .notNull()
      .references(() => partyElections.id, { onDelete: 'cascade' }),
    memberId: uuid('member_id')
      .notNull()
      .references(() => members.id),
  },
  (t) => [primaryKey({ columns: [t.electionId, t.memberId] })],
);

/** Who has voted, never how: the primary key refuses a second vote however many race. */
export const electionVoters = pgTable(
  'election_voters',
  {
    electionId: uuid('election_id')
      .notNull()
      .references(() => partyElections.id, { onDelete: 'cascade' }),
    memberId: uuid('member_id')
      .notNull()
      .references(() => members.id),
  },
  (t) => [primaryKey({ columns: [t.electionId, t.memberId] })],
);

/** The sealed box: each paper sealed to the election's public key, in a hash chain; emptied at the count. */
export const electionBox = pgTable(
  'election_box',
  {
    electionId: uuid('election_id')
      .notNull()
      .references(() => partyElections.id, { onDelete: 'cascade' }),
    seq: integer('seq').notNull(),
    tag: text('tag').notNull(),
    sealed: text('sealed').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.electionId, t.seq] }),
    uniqueIndex('election_box_tag_idx').on(t.electionId, t.tag),
  ],
);

/**
 * The tags of the counted papers' receipts (keyed by the election's public key), written in random order
 * when the box is counted: a voter's receipt shows their paper was counted, and says nothing of it.
 */
export const electionReceipts = pgTable(
  'election_receipts',
  {
    electionId: uuid('election_id')
      .notNull()
      .references(() => partyElections.id, { onDelete: 'cascade' }),
    tag: text('tag').notNull(),
  },
  (t) => [primaryKey({ columns: [t.electionId, t.tag] })],
);
