/**
 * Manifesto: drafts per branch (the root branch: the whole party), their sections and clauses. A clause
 * either comes from a Common Ground statement (and shows that statement's support, live) or is written.
 */
import { sql } from 'drizzle-orm';
import { check, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { conversations, statements } from './deliberation.ts';
import { branches, members } from './members.ts';

export const manifestos = pgTable(
  'manifestos',
  {
    id: uuid('id').primaryKey(),
    branchId: uuid('branch_id')
      .notNull()
      .references(() => branches.id),
    title: text('title').notNull(),
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

export const CLAUSE_SOURCES = ['statement', 'written'] as const;

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
