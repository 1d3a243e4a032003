/**
 * Manifesto: drafts per branch (the root branch: the whole party), their sections and clauses. A clause
 * either comes from a Common Ground statement (and shows that statement's support, live) or is written.
 */
import { sql } from 'drizzle-orm';
import {
  check,
  date,
  index,
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
import {
  AMENDMENT_KINDS,
  AMENDMENT_STATUSES,
  BALLOT_MODES,
  CLAUSE_SOURCES,
} from '../../contract/vocabulary.ts';
import type { BallotChoice } from '../../contract/vocabulary.ts';
export { AMENDMENT_KINDS, AMENDMENT_STATUSES, BALLOT_MODES, CLAUSE_SOURCES };

export const manifestos = pgTable(
  'manifestos',
  {
    id: uuid('id').primaryKey(),
    branchId: uuid('branch_id')
      .notNull()
      .references(() => branches.id),
    title: text('title').notNull(),
    /** The conversation in which amendments are deliberated (its closing time ends the window). */
    amendmentConversationId: uuid('amendment_conversation_id').references(() => conversations.id),
    createdBy: uuid('created_by').references(() => members.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('manifestos_branch_idx').on(t.branchId)],
);

export const manifestoSections = pgTable(
  'manifesto_sections',
  {
    id: uuid('id').primaryKey(),
    manifestoId: uuid('manifesto_id')
      .notNull()
      .references(() => manifestos.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    title: text('title').notNull(),
  },
  (t) => [uniqueIndex('manifesto_sections_title_idx').on(t.manifestoId, t.title)],
);

export const clauses = pgTable(
  'clauses',
  {
    id: uuid('id').primaryKey(),
    sectionId: uuid('section_id')
      .notNull()
      .references(() => manifestoSections.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    text: text('text').notNull(),
    source: text('source', { enum: CLAUSE_SOURCES }).notNull(),
    conversationId: uuid('conversation_id').references(() => conversations.id),
    statementId: uuid('statement_id').references(() => statements.id),
    createdBy: uuid('created_by').references(() => members.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('clauses_section_idx').on(t.sectionId, t.position),
    // A statement becomes at most one clause of a section.
    uniqueIndex('clauses_statement_idx').on(t.sectionId, t.statementId),
    check(
      'clauses_source_check',
      sql`(${t.source} = 'statement' and ${t.statementId} is not null and ${t.conversationId} is not null)
          or (${t.source} = 'written' and ${t.statementId} is null)`,
    ),
  ],
);

/**
 * "Which matters more?" answers: a member preferred one clause of a draft to another. Read only in
 * aggregate (scores overall and per opinion group); the member is kept to choose their next pairs, and is
 * unlinked on erasure.
 */
export const priorityComparisons = pgTable(
  'priority_comparisons',
  {
    id: uuid('id').primaryKey(),
    manifestoId: uuid('manifesto_id')
      .notNull()
      .references(() => manifestos.id, { onDelete: 'cascade' }),
    memberId: uuid('member_id').references(() => members.id),
    winnerId: uuid('winner_id')
      .notNull()
      .references(() => clauses.id, { onDelete: 'cascade' }),
    loserId: uuid('loser_id')
      .notNull()
      .references(() => clauses.id, { onDelete: 'cascade' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('priority_comparisons_manifesto_idx').on(t.manifestoId),
    index('priority_comparisons_member_idx').on(t.memberId, t.manifestoId),
    check('priority_comparisons_distinct', sql`${t.winnerId} <> ${t.loserId}`),
  ],
);

/**
 * A ratification ballot on a draft: on each clause, or on the whole document. The clauses voted on are
 * fixed when it opens, and so is the electorate (`ballot_electorate`). See src/ballots/ratification.service.ts for how the
 * papers stay secret.
 */
export const ballots = pgTable('ballots', {
  id: uuid('id').primaryKey(),
  manifestoId: uuid('manifesto_id')
    .notNull()
    .references(() => manifestos.id, { onDelete: 'cascade' }),
  mode: text('mode', { enum: BALLOT_MODES }).notNull(),
  /** Members who had joined by this date when the ballot opened make up its electorate. */
  cutoff: date('cutoff', { mode: 'string' }).notNull(),
  /** The text put to the vote: the clauses as they stood at opening. */
  clauses: jsonb('clauses').$type<{ id: string; text: string; section: string }[]>().notNull(),
  opensAt: timestamp('opens_at', { withTimezone: true }).notNull().defaultNow(),
  closesAt: timestamp('closes_at', { withTimezone: true }),
  closedAt: timestamp('closed_at', { withTimezone: true }),
  /** The least turnout, in per cent of the electorate, for the result to stand; null: none. */
  quorumPercent: integer('quorum_percent'),
  /** When the electorate who had not voted were reminded that the ballot closes within a day. */
  remindedAt: timestamp('reminded_at', { withTimezone: true }),
  /** When the sealed box was opened and its papers written (after closing, by hand or by time). */
  countedAt: timestamp('counted_at', { withTimezone: true }),
  /**
   * The key that seals this ballot's papers while it is open, itself sealed with a key derived from the
   * server's secret (never stored); destroyed when the papers are counted.
   */
  sealingKey: text('sealing_key'),
  /**
   * The public key papers are sealed to (ballots opened since key holders: see src/ballots/box.ts). Its private
   * key is never stored: `keyHolders` shares of it were handed out when the ballot opened, and counting
   * needs `keyThreshold` of them.
   */
  publicKey: text('public_key'),
  keyHolders: integer('key_holders'),
  keyThreshold: integer('key_threshold'),
  /** The box's hash chain: its head after the last paper, and how many papers it holds. */
  boxHead: text('box_head'),
  boxPapers: integer('box_papers').notNull().default(0),
  /** The head and number of papers the count found, published with the result. */
  countedHead: text('counted_head'),
  createdBy: uuid('created_by').references(() => members.id, { onDelete: 'set null' }),
});

/** Who may vote: the eligible members when the ballot opened. Later imports or edits change nothing. */
export const ballotElectorate = pgTable(
  'ballot_electorate',
  {
    ballotId: uuid('ballot_id')
      .notNull()
      .references(() => ballots.id, { onDelete: 'cascade' }),
    memberId: uuid('member_id')
      .notNull()
      .references(() => members.id),
  },
  (t) => [primaryKey({ columns: [t.ballotId, t.memberId] })],
);

/** Who has voted (one row per member and ballot: the database refuses a second), never how. */
export const ballotVoters = pgTable(
  'ballot_voters',
  {
    ballotId: uuid('ballot_id')
      .notNull()
      .references(() => ballots.id, { onDelete: 'cascade' }),
    memberId: uuid('member_id')
      .notNull()
      .references(() => members.id),
  },
  (t) => [primaryKey({ columns: [t.ballotId, t.memberId] })],
);

/**
 * The ballot box while the ballot is open: each paper sealed (AES-256-GCM under the ballot's key, all of
 * one length) with its receipt inside, and a keyed tag of the receipt so its holder can see it is in the
 * box. Emptied when the papers are counted.
 */
export const ballotBox = pgTable(
  'ballot_box',
  {
    id: uuid('id').primaryKey(),
    ballotId: uuid('ballot_id')
      .notNull()
      .references(() => ballots.id, { onDelete: 'cascade' }),
    tag: text('tag').notNull(),
    sealed: text('sealed').notNull(),
    /** The paper's place in the box (1, 2, …) and the chain's head after it. */
    seq: integer('seq'),
    head: text('head'),
  },
  (t) => [uniqueIndex('ballot_box_tag_idx').on(t.ballotId, t.tag)],
);

/**
 * The counted papers: the choices alone (no member, no time, no receipt), written all at once in random
 * order when the ballot is counted.
 */
export const ballotPapers = pgTable(
  'ballot_papers',
  {
    id: uuid('id').primaryKey(),
    ballotId: uuid('ballot_id')
      .notNull()
      .references(() => ballots.id, { onDelete: 'cascade' }),
    /** 'approve' | 'reject' | 'abstain' for the document (key "document") or per clause id. */
    choices: jsonb('choices').$type<Record<string, BallotChoice>>().notNull(),
  },
  (t) => [index('ballot_papers_ballot_idx').on(t.ballotId)],
);

/** The receipts of counted papers (hashes), written apart from the papers: a receipt proves inclusion, not choices. */
export const ballotReceipts = pgTable(
  'ballot_receipts',
  {
    ballotId: uuid('ballot_id')
      .notNull()
      .references(() => ballots.id, { onDelete: 'cascade' }),
    receiptHash: text('receipt_hash').notNull(),
  },
  (t) => [primaryKey({ columns: [t.ballotId, t.receiptHash] })],
);

/** A published version of a draft: the document as it stood, with its evidence, numbered from 1. */
export const manifestoVersions = pgTable(
  'manifesto_versions',
  {
    id: uuid('id').primaryKey(),
    manifestoId: uuid('manifesto_id')
      .notNull()
      .references(() => manifestos.id, { onDelete: 'cascade' }),
    number: integer('number').notNull(),
    content: jsonb('content').$type<Record<string, unknown>>().notNull(),
    publishedBy: uuid('published_by').references(() => members.id, { onDelete: 'set null' }),
    publishedAt: timestamp('published_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('manifesto_versions_number_idx').on(t.manifestoId, t.number)],
);

/**
 * A proposed amendment: replace a clause's text, add a clause to a section, or delete a clause. It is
 * deliberated as a statement of the draft's amendment conversation; the drafting committee decides, with
 * a reason.
 */
export const amendments = pgTable(
  'amendments',
  {
    id: uuid('id').primaryKey(),
    manifestoId: uuid('manifesto_id')
      .notNull()
      .references(() => manifestos.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: AMENDMENT_KINDS }).notNull(),
    clauseId: uuid('clause_id').references(() => clauses.id, { onDelete: 'set null' }),
    sectionId: uuid('section_id').references(() => manifestoSections.id, { onDelete: 'set null' }),
    /** The proposed wording (replace, add). */
    text: text('text'),
    statementId: uuid('statement_id')
      .notNull()
      .references(() => statements.id),
    proposedBy: uuid('proposed_by').references(() => members.id, { onDelete: 'set null' }),
    status: text('status', { enum: AMENDMENT_STATUSES }).notNull().default('pending'),
    reason: text('reason'),
    decidedBy: uuid('decided_by').references(() => members.id, { onDelete: 'set null' }),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('amendments_manifesto_idx').on(t.manifestoId),
    check('amendments_decided_check', sql`${t.status} = 'pending' or ${t.reason} is not null`),
  ],
);
