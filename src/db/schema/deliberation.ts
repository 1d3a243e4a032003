/**
 * Common Ground: conversations, their pseudonymous participants, statements, votes, moderation and the
 * engine's stored analyses. Who voted what is only ever read by the engine (as participant numbers).
 */
import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
  primaryKey,
} from 'drizzle-orm/pg-core';
import { branches, members } from './members.ts';
import { CONVERSATION_ACCESS, MODERATION_MODES, STATEMENT_STATUSES } from '../../contract/vocabulary.ts';
export { CONVERSATION_ACCESS, MODERATION_MODES, STATEMENT_STATUSES };
export type { ConversationAccess, ModerationMode, StatementStatus } from '../../contract/vocabulary.ts';

export const conversations = pgTable(
  'conversations',
  {
    id: uuid('id').primaryKey(),
    branchId: uuid('branch_id')
      .notNull()
      .references(() => branches.id),
    title: text('title').notNull(),
    question: text('question').notNull(),
    description: text('description').notNull().default(''),
    opensAt: timestamp('opens_at', { withTimezone: true }).notNull(),
    closesAt: timestamp('closes_at', { withTimezone: true }),
    access: text('access', { enum: CONVERSATION_ACCESS }).notNull(),
    moderation: text('moderation', { enum: MODERATION_MODES }).notNull(),
    /** Secret part of the share link for `access = 'link'`. */
    linkToken: text('link_token').notNull().unique(),
    /** Counters for the per-conversation numbers of participants and statements. */
    nextParticipant: integer('next_participant').notNull().default(0),
    nextStatement: integer('next_statement').notNull().default(0),
    createdBy: uuid('created_by').references(() => members.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('conversations_branch_idx').on(t.branchId),
    check('conversations_access_check', sql`${t.access} in ('branch', 'link')`),
    check('conversations_moderation_check', sql`${t.moderation} in ('pre', 'post')`),
  ],
);

/**
 * A pseudonym in one conversation. `number` is the participant's id in the engine and in Polis exports.
 * Signed-in members are linked by member id; link visitors by the hash of a random key in their cookie.
 */
export const participants = pgTable(
  'participants',
  {
    id: uuid('id').primaryKey(),
    conversationId: uuid('conversation_id')
      .notNull()
      .references(() => conversations.id, { onDelete: 'cascade' }),
    number: integer('number').notNull(),
    memberId: uuid('member_id').references(() => members.id, { onDelete: 'set null' }),
    visitorKeyHash: text('visitor_key_hash'),
    /** Polis's own group for a participant of an imported export: a reference layer beside ours. */
    polisGroup: integer('polis_group'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('participants_number_idx').on(t.conversationId, t.number),
    uniqueIndex('participants_member_idx').on(t.conversationId, t.memberId),
    uniqueIndex('participants_visitor_idx').on(t.conversationId, t.visitorKeyHash),
  ],
);

export const statements = pgTable(
  'statements',
  {
    id: uuid('id').primaryKey(),
    conversationId: uuid('conversation_id')
      .notNull()
      .references(() => conversations.id, { onDelete: 'cascade' }),
    /** The statement's id in the engine and in Polis exports (0, 1, 2, … per conversation). */
    number: integer('number').notNull(),
    text: text('text').notNull(),
    authorId: uuid('author_id').references(() => participants.id, { onDelete: 'set null' }),
    status: text('status', { enum: STATEMENT_STATUSES }).notNull(),
    rejectReason: text('reject_reason'),
    /** Flagged by the abuse screen: waits for a moderator whatever the conversation's mode. */
    flagged: boolean('flagged').notNull().default(false),
    seed: boolean('seed').notNull().default(false),
    meta: boolean('meta').notNull().default(false),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    moderatedAt: timestamp('moderated_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('statements_number_idx').on(t.conversationId, t.number),
    uniqueIndex('statements_text_idx').on(t.conversationId, t.text),
    index('statements_status_idx').on(t.conversationId, t.status),
    check('statements_status_check', sql`${t.status} in ('pending', 'accepted', 'rejected')`),
    // Posting allows 280 characters (checked at the API); statements imported from Polis may be longer.
    check('statements_length_check', sql`char_length(${t.text}) <= 2000`),
  ],
);

/** The current vote of each participant on each statement: the latest one counts. */
export const votes = pgTable(
  'votes',
  {
    participantId: uuid('participant_id')
      .notNull()
      .references(() => participants.id, { onDelete: 'cascade' }),
    statementId: uuid('statement_id')
      .notNull()
      .references(() => statements.id, { onDelete: 'cascade' }),
    conversationId: uuid('conversation_id').notNull(),
    value: smallint('value').notNull(),
    votedAt: timestamp('voted_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.participantId, t.statementId] }),
    index('votes_conversation_idx').on(t.conversationId),
    check('votes_value_check', sql`${t.value} between -1 and 1`),
  ],
);

/** Every vote as cast, in order: the history a Polis `votes.csv` holds and participation over time. */
export const voteEvents = pgTable(
  'vote_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    conversationId: uuid('conversation_id').notNull(),
    participantId: uuid('participant_id')
      .notNull()
      .references(() => participants.id, { onDelete: 'cascade' }),
    statementId: uuid('statement_id')
      .notNull()
      .references(() => statements.id, { onDelete: 'cascade' }),
    /** -1, 0 or 1; null records an undone vote. */
    value: smallint('value'),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('vote_events_conversation_idx').on(t.conversationId, t.id),
    check('vote_events_value_check', sql`${t.value} is null or ${t.value} between -1 and 1`),
  ],
);

export const moderationLog = pgTable(
  'moderation_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    conversationId: uuid('conversation_id')
      .notNull()
      .references(() => conversations.id, { onDelete: 'cascade' }),
    statementId: uuid('statement_id')
      .notNull()
      .references(() => statements.id, { onDelete: 'cascade' }),
    moderatorId: uuid('moderator_id').references(() => members.id, { onDelete: 'set null' }),
    decision: text('decision', { enum: ['accepted', 'rejected'] }).notNull(),
    reason: text('reason'),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('moderation_log_conversation_idx').on(t.conversationId, t.id)],
);

/** The latest analysis of each conversation, written by the engine worker. */
export const analyses = pgTable('analyses', {
  conversationId: uuid('conversation_id')
    .primaryKey()
    .references(() => conversations.id, { onDelete: 'cascade' }),
  /** Bumped on every write: SSE streams compare it to know when to push. */
  version: integer('version').notNull(),
  voteEventId: bigint('vote_event_id', { mode: 'number' }).notNull(),
  report: jsonb('report').$type<Record<string, unknown>>().notNull(),
  /** When the report was fitted (a live update leaves it). */
  computedAt: timestamp('computed_at', { withTimezone: true }).notNull().defaultNow(),
  /**
   * The live updates since that fit, participant → [x, y, group (-1: none)], for processes that do not
   * hold the live model; a refit empties it.
   */
  live: jsonb('live').$type<Record<string, [number, number, number, number?]>>().notNull().default({}),
});

/**
 * Which process holds a conversation's live model: only it claims the conversation's jobs while the lease
 * lasts, so live updates are not split between processes (each would need a fit of its own).
 */
export const analysisLeases = pgTable('analysis_leases', {
  conversationId: uuid('conversation_id')
    .primaryKey()
    .references(() => conversations.id, { onDelete: 'cascade' }),
  holder: text('holder').notNull(),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
});

/** Conversations waiting for a recompute; workers claim them with FOR UPDATE SKIP LOCKED. */
export const analysisJobs = pgTable('analysis_jobs', {
  conversationId: uuid('conversation_id')
    .primaryKey()
    .references(() => conversations.id, { onDelete: 'cascade' }),
  dueAt: timestamp('due_at', { withTimezone: true }).notNull().defaultNow(),
});

/**
 * A conversation's topics, found among its accepted statements by src/math/topics.ts. A topic keeps its
 * `number`, and with it the name an organiser gave it, across recomputations while it holds mostly the
 * same statements. `key` (on topic_runs) names the statements they were found among.
 */
export const topics = pgTable(
  'topics',
  {
    conversationId: uuid('conversation_id')
      .notNull()
      .references(() => conversations.id, { onDelete: 'cascade' }),
    number: integer('number').notNull(),
    /** The topic's most distinctive words, most distinctive first. */
    label: jsonb('label').$type<string[]>().notNull(),
    name: text('name'),
    /** Accepted statements whose main topic this is. */
    statements: integer('statements').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.conversationId, t.number] }),
    check('topics_name_check', sql`char_length(${t.name}) between 1 and 60`),
  ],
);

/** Each accepted statement's topics: rank 0 its main topic, then any other it holds. */
export const statementTopics = pgTable(
  'statement_topics',
  {
    statementId: uuid('statement_id')
      .notNull()
      .references(() => statements.id, { onDelete: 'cascade' }),
    conversationId: uuid('conversation_id')
      .notNull()
      .references(() => conversations.id, { onDelete: 'cascade' }),
    topic: integer('topic').notNull(),
    rank: smallint('rank').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.statementId, t.topic] }),
    index('statement_topics_conversation_idx').on(t.conversationId, t.topic),
  ],
);

/** When a conversation's topics were last found, and among which statements (a hash of their ids). */
export const topicRuns = pgTable('topic_runs', {
  conversationId: uuid('conversation_id')
    .primaryKey()
    .references(() => conversations.id, { onDelete: 'cascade' }),
  key: text('key').notNull(),
  computedAt: timestamp('computed_at', { withTimezone: true }).notNull().defaultNow(),
});
