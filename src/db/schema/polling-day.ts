/**
 * Polling day: an election's day run from the committee room. Its pledges are found from the doorstep's
 * records (latest intention among the chosen codes, at least the chosen strength); tellers' numbers
 * (`telling_entries`) strike voters off; knockers-up record what they hear (`knockup_records`). Telling and
 * knock-up data say who voted, never how; they are deleted `retention_days` after the election.
 */
import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import { ABSENT_VOTER_KINDS, KNOCKUP_RESULTS } from '../../contract/vocabulary.ts';
import { electors, elections, segments, walks } from './canvass.ts';
import { branches, members } from './members.ts';

export const pollingDays = pgTable(
  'polling_days',
  {
    /** The election (its marked register, when it comes, is imported into the same row). */
    electionId: uuid('election_id')
      .primaryKey()
      .references(() => elections.id, { onDelete: 'cascade' }),
    branchId: uuid('branch_id')
      .notNull()
      .references(() => branches.id),
    /** Polls open and close, local time "HH:MM". */
    opens: text('opens').notNull().default('07:00'),
    closes: text('closes').notNull().default('22:00'),
    /** Pledges: electors whose latest intention is one of these codes, at this strength or firmer. */
    pledgeCodes: text('pledge_codes')
      .array()
      .notNull()
      .default(sql`'{US}'::text[]`),
    minStrength: integer('min_strength').notNull().default(2),
    /** Or: pledges are the electors of this saved segment (its filter as it stands), whatever the codes. */
    pledgeSegmentId: uuid('pledge_segment_id').references(() => segments.id, { onDelete: 'set null' }),
    /** The knock-up rounds, local time "HH:MM": when the committee room sends the lists out again. */
    rounds: text('rounds')
      .array()
      .notNull()
      .default(sql`'{10:00,14:00,17:00,19:30}'::text[]`),
    /** How many pledges the party needs to vote. */
    target: integer('target'),
    /** Telling and knock-up records are deleted this many days after the election. */
    retentionDays: integer('retention_days').notNull().default(60),
    createdBy: uuid('created_by').references(() => members.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('polling_days_branch_idx').on(t.branchId),
    check('polling_days_strength_check', sql`${t.minStrength} between 1 and 3`),
    check('polling_days_retention_check', sql`${t.retentionDays} between 1 and 365`),
  ],
);

export const pollingStations = pgTable(
  'polling_stations',
  {
    id: uuid('id').primaryKey(),
    electionId: uuid('election_id')
      .notNull()
      .references(() => pollingDays.electionId, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    address: text('address').notNull(),
    /** The polling districts that vote here; the first is the default prefix of a number typed bare. */
    districts: text('districts').array().notNull(),
  },
  (t) => [index('polling_stations_election_idx').on(t.electionId)],
);

/** Who tells at which station (a teller reaches only their stations). */
export const pollingTellers = pgTable(
  'polling_tellers',
  {
    stationId: uuid('station_id')
      .notNull()
      .references(() => pollingStations.id, { onDelete: 'cascade' }),
    memberId: uuid('member_id')
      .notNull()
      .references(() => members.id, { onDelete: 'cascade' }),
    assignedBy: uuid('assigned_by').references(() => members.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.stationId, t.memberId] }),
    index('polling_tellers_member_idx').on(t.memberId),
  ],
);

/** The absent voters list of an election (postal and proxy voters), as imported. */
export const absentVoters = pgTable(
  'absent_voters',
  {
    electionId: uuid('election_id')
      .notNull()
      .references(() => pollingDays.electionId, { onDelete: 'cascade' }),
    electorId: uuid('elector_id')
      .notNull()
      .references(() => electors.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: ABSENT_VOTER_KINDS }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.electionId, t.electorId] }),
    check('absent_voters_kind_check', sql`${t.kind} in ('postal', 'proxy', 'postal_proxy')`),
  ],
);

/**
 * A number a teller took outside a polling station. The id is made on the phone, so an entry sent twice
 * is stored once; an undone entry is sent again with `undone` and stays undone. `entered` is what was typed;
 * `electorId` is null when it matched no one on the register (kept, for checking).
 */
export const tellingEntries = pgTable(
  'telling_entries',
  {
    id: uuid('id').primaryKey(),
    electionId: uuid('election_id')
      .notNull()
      .references(() => pollingDays.electionId, { onDelete: 'cascade' }),
    stationId: uuid('station_id')
      .notNull()
      .references(() => pollingStations.id, { onDelete: 'cascade' }),
    tellerId: uuid('teller_id').references(() => members.id, { onDelete: 'set null' }),
    entered: text('entered').notNull(),
    electorId: uuid('elector_id').references(() => electors.id, { onDelete: 'cascade' }),
    takenAt: timestamp('taken_at', { withTimezone: true }).notNull(),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
    undone: boolean('undone').notNull().default(false),
  },
  (t) => [
    index('telling_entries_election_elector_idx').on(t.electionId, t.electorId),
    index('telling_entries_station_idx').on(t.stationId, t.receivedAt),
  ],
);

/** What a knocker-up heard at a pledge's door (append-only; the latest per elector stands). */
export const knockupRecords = pgTable(
  'knockup_records',
  {
    id: uuid('id').primaryKey(),
    electionId: uuid('election_id')
      .notNull()
      .references(() => pollingDays.electionId, { onDelete: 'cascade' }),
    electorId: uuid('elector_id')
      .notNull()
      .references(() => electors.id, { onDelete: 'cascade' }),
    walkId: uuid('walk_id').references(() => walks.id, { onDelete: 'set null' }),
    knockerId: uuid('knocker_id').references(() => members.id, { onDelete: 'set null' }),
    result: text('result', { enum: KNOCKUP_RESULTS }).notNull(),
    madeAt: timestamp('made_at', { withTimezone: true }).notNull(),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('knockup_records_election_elector_idx').on(t.electionId, t.electorId, t.madeAt),
    check('knockup_records_result_check', sql`${t.result} in ('promised', 'voted', 'lift', 'not_in')`),
  ],
);
