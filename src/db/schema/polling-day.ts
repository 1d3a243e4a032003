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
    /** 'phone': taken on a teller's phone; 'slip': entered in the committee room from a paper slip. */
    source: text('source', { enum: ['phone', 'slip'] })
      .notNull()
      .default('phone'),
  },
  (t) => [
    index('telling_entries_election_elector_idx').on(t.electionId, t.electorId),
    index('telling_entries_station_idx').on(t.stationId, t.receivedAt),
    check('telling_entries_source_check', sql`${t.source} in ('phone', 'slip')`),
  ],
);

/**
 * The presiding officer's turnout at a station, as given through the day (how many ballot papers have
 * been issued): the committee room sets the pledges' turnout beside it.
 */
export const stationTurnout = pgTable(
  'station_turnout',
  {
    id: uuid('id').primaryKey(),
    stationId: uuid('station_id')
      .notNull()
      .references(() => pollingStations.id, { onDelete: 'cascade' }),
    /** When the presiding officer gave the figure. */
    at: timestamp('at', { withTimezone: true }).notNull(),
    voted: integer('voted').notNull(),
    enteredBy: uuid('entered_by').references(() => members.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('station_turnout_station_idx').on(t.stationId, t.at),
    check('station_turnout_voted_check', sql`${t.voted} between 0 and 1000000`),
  ],
);

/** Members driving voters to the polls on the day: they see the lift requests and take them. */
export const pollingDrivers = pgTable(
  'polling_drivers',
  {
    electionId: uuid('election_id')
      .notNull()
      .references(() => pollingDays.electionId, { onDelete: 'cascade' }),
    memberId: uuid('member_id')
      .notNull()
      .references(() => members.id, { onDelete: 'cascade' }),
    assignedBy: uuid('assigned_by').references(() => members.id, { onDelete: 'set null' }),
  },
  (t) => [
    primaryKey({ columns: [t.electionId, t.memberId] }),
    index('polling_drivers_member_idx').on(t.memberId),
  ],
);

/**
 * A pledge who needs a lift to the polls, as a knocker-up heard it (one per elector and election): when
 * they want it, the driver who took it, and when it was done.
 */
export const liftRequests = pgTable(
  'lift_requests',
  {
    electionId: uuid('election_id')
      .notNull()
      .references(() => pollingDays.electionId, { onDelete: 'cascade' }),
    electorId: uuid('elector_id')
      .notNull()
      .references(() => electors.id, { onDelete: 'cascade' }),
    requestedBy: uuid('requested_by').references(() => members.id, { onDelete: 'set null' }),
    requestedAt: timestamp('requested_at', { withTimezone: true }).notNull(),
    /** Local time "HH:MM" the voter wants to go; null: as soon as can be. */
    wantedAt: text('wanted_at'),
    driverId: uuid('driver_id').references(() => members.id, { onDelete: 'set null' }),
    takenAt: timestamp('taken_at', { withTimezone: true }),
    doneAt: timestamp('done_at', { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.electionId, t.electorId] }),
    check(
      'lift_requests_wanted_check',
      sql`${t.wantedAt} is null or ${t.wantedAt} ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'`,
    ),
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
    /** 'door': a knocker-up at the door; 'phone': the phone bank's call. */
    channel: text('channel', { enum: ['door', 'phone'] })
      .notNull()
      .default('door'),
  },
  (t) => [
    index('knockup_records_election_elector_idx').on(t.electionId, t.electorId, t.madeAt),
    check('knockup_records_result_check', sql`${t.result} in ('promised', 'voted', 'lift', 'not_in')`),
    check('knockup_records_channel_check', sql`${t.channel} in ('door', 'phone')`),
  ],
);
