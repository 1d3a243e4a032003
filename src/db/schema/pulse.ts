/**
 * Pulse: the national poll series, election results and the previous election's constituency results that
 * the poll average and the seat projection are made from, and the settings of the model. All of it is
 * published data about parties, never about a person. The party's own doorstep returns reach Pulse only
 * through `pulse_doorstep_weeks`: each branch's week counted once, with noise, and never again.
 */
import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  date,
  doublePrecision,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import { branches } from './members.ts';

/**
 * One published poll: each party's share in percent (a party the poll did not report is absent). A pollster
 * may publish two polls of the same dates (by phone and online), so nothing here is unique but the id; an
 * import replaces the series whole.
 */
export const pulsePolls = pgTable(
  'pulse_polls',
  {
    id: uuid('id').primaryKey(),
    pollster: text('pollster').notNull(),
    fieldworkStart: date('fieldwork_start', { mode: 'string' }).notNull(),
    fieldworkEnd: date('fieldwork_end', { mode: 'string' }).notNull(),
    sampleSize: doublePrecision('sample_size').notNull(),
    shares: jsonb('shares').$type<Record<string, number>>().notNull(),
    importedAt: timestamp('imported_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check('pulse_polls_dates_check', sql`${t.fieldworkEnd} >= ${t.fieldworkStart}`),
    check('pulse_polls_sample_check', sql`${t.sampleSize} >= 1`),
  ],
);

/** A national election's result: each party's share in percent. */
export const pulseElections = pgTable('pulse_elections', {
  heldOn: date('held_on', { mode: 'string' }).primaryKey(),
  shares: jsonb('shares').$type<Record<string, number>>().notNull(),
  importedAt: timestamp('imported_at', { withTimezone: true }).notNull().defaultNow(),
});

/** The previous election, seat by seat: the base of uniform and proportional swing. */
export const pulseConstituencyResults = pgTable(
  'pulse_constituency_results',
  {
    constituency: text('constituency').notNull(),
    party: text('party').notNull(),
    votes: integer('votes').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.constituency, t.party] }),
    check('pulse_constituency_results_votes_check', sql`${t.votes} >= 0`),
  ],
);

/** The model's settings: one row. */
export const pulseSettings = pgTable(
  'pulse_settings',
  {
    id: integer('id').primaryKey().default(1),
    /** The party's column in the poll files (and its name in the results). */
    party: text('party').notNull(),
    /** Let house effects drift as slow random walks. */
    drift: boolean('drift').notNull().default(false),
    /** Changes of method: the pollster's polls from the date on have a house effect of their own. */
    breaks: jsonb('breaks')
      .$type<{ pollster: string; date: string }[]>()
      .notNull()
      .default(sql`'[]'::jsonb`),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [check('pulse_settings_one_row', sql`${t.id} = 1`)],
);

/**
 * A branch's doorstep week as Pulse publishes it, written once when the week is first shown after it has
 * closed (src/pulse/doorstep-weeks.ts) and never changed: the contacts made in the branch itself that week
 * who gave a party intention, split into ours and others, each with two-sided geometric noise added. The
 * true counts are not kept here; a record synced after the week was published is not in it.
 */
export const pulseDoorstepWeeks = pgTable(
  'pulse_doorstep_weeks',
  {
    branchId: uuid('branch_id')
      .notNull()
      .references(() => branches.id, { onDelete: 'cascade' }),
    /** The Monday the week starts (UK dates). */
    weekStart: date('week_start', { mode: 'string' }).notNull(),
    /** Noisy counts: may be below zero (the noise is unbiased; sums of many weeks stay so). */
    ours: integer('ours').notNull(),
    others: integer('others').notNull(),
    publishedAt: timestamp('published_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.branchId, t.weekStart] }),
    check('pulse_doorstep_weeks_monday', sql`extract(isodow from ${t.weekStart}) = 1`),
  ],
);
