/**
 * Doorstep: the electoral register of a branch, marked registers (turnout), targeting segments, walks and
 * their assignments, the append-only doorstep records, canvass sessions and the retention job's runs.
 *
 * Electors and canvass records are special-category data: canvassers reach them only through a live
 * assignment (src/canvass/access.ts), and every export is audited.
 */
import { sql } from 'drizzle-orm';
import {
  bigserial,
  boolean,
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
import { branches, members } from './members.ts';
import {
  CANVASS_FLAGS,
  CONTACT_OUTCOMES,
  LANGUAGES,
  REGISTER_IMPORT_KINDS,
} from '../../contract/vocabulary.ts';
export { CANVASS_FLAGS, CONTACT_OUTCOMES, REGISTER_IMPORT_KINDS };
export type { CanvassFlag, ContactOutcome, RegisterImportKind } from '../../contract/vocabulary.ts';

export const electors = pgTable(
  'electors',
  {
    id: uuid('id').primaryKey(),
    /** The branch whose register holds this elector (the branch the register was imported into). */
    branchId: uuid('branch_id')
      .notNull()
      .references(() => branches.id),
    /** Elector Number Prefix: the polling district. */
    district: text('district').notNull(),
    number: integer('number').notNull(),
    suffix: integer('suffix').notNull().default(0),
    markers: text('markers').notNull().default(''),
    dob: date('dob'),
    surname: text('surname').notNull(),
    forename: text('forename').notNull(),
    postcode: text('postcode').notNull(),
    /** Address1 to Address6, empty lines dropped. */
    address: text('address').array().notNull(),
    uprn: text('uprn'),
    /** Normalised address plus name: how a renumbered register finds its electors again. */
    matchKey: text('match_key').notNull(),
    /** Parsed from the address for walk ordering: the street, the house number and the flat. */
    street: text('street').notNull(),
    houseNumber: integer('house_number'),
    /** The door knocked: the normalised full address; electors of one household share it. */
    door: text('door').notNull(),
    /** The building: the address without its flat line, so the flats of a building are walked together. */
    building: text('building').notNull(),
    flat: text('flat').notNull().default(''),
    postal: boolean('postal').notNull().default(false),
    /** Set when a later full register or a monthly update no longer lists the elector. */
    removedAt: timestamp('removed_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('electors_branch_number_idx').on(t.branchId, t.district, t.number, t.suffix),
    index('electors_branch_match_idx').on(t.branchId, t.matchKey),
    index('electors_branch_uprn_idx').on(t.branchId, t.uprn),
  ],
);

/** Hashes of erased electors' match keys, so a later register import does not bring them back to a door. */
export const electorSuppressions = pgTable(
  'elector_suppressions',
  {
    branchId: uuid('branch_id')
      .notNull()
      .references(() => branches.id),
    keyHash: text('key_hash').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.branchId, t.keyHash] })],
);

export const registerImports = pgTable('register_imports', {
  id: uuid('id').primaryKey(),
  branchId: uuid('branch_id')
    .notNull()
    .references(() => branches.id),
  kind: text('kind', { enum: REGISTER_IMPORT_KINDS }).notNull(),
  rows: integer('rows').notNull(),
  added: integer('added').notNull(),
  matched: integer('matched').notNull(),
  removed: integer('removed').notNull(),
  importedBy: uuid('imported_by').references(() => members.id, { onDelete: 'set null' }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

/**
 * A register file's checked rows while it is being imported: written in batches as the upload streams in,
 * so the server never holds a whole register in memory, then applied in one transaction (or dropped when
 * the file is refused). Rows older than a day (an import cut short by a crash) are deleted by the
 * retention job.
 */
export const registerStaging = pgTable(
  'register_staging',
  {
    importId: uuid('import_id').notNull(),
    line: integer('line').notNull(),
    /** District, number and suffix: an elector number appears once in a file. */
    numberKey: text('number_key').notNull(),
    row: jsonb('row').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.importId, t.line] }),
    index('register_staging_key_idx').on(t.importId, t.numberKey),
  ],
);

export const elections = pgTable(
  'elections',
  {
    id: uuid('id').primaryKey(),
    branchId: uuid('branch_id')
      .notNull()
      .references(() => branches.id),
    name: text('name').notNull(),
    heldOn: date('held_on').notNull(),
  },
  (t) => [uniqueIndex('elections_branch_name_idx').on(t.branchId, t.name)],
);

/** One row per elector who voted in an election (from its marked register). */
export const electorTurnout = pgTable(
  'elector_turnout',
  {
    electorId: uuid('elector_id')
      .notNull()
      .references(() => electors.id, { onDelete: 'cascade' }),
    electionId: uuid('election_id')
      .notNull()
      .references(() => elections.id, { onDelete: 'cascade' }),
    postal: boolean('postal').notNull().default(false),
  },
  (t) => [
    primaryKey({ columns: [t.electorId, t.electionId] }),
    index('elector_turnout_election_idx').on(t.electionId),
  ],
);

export const segments = pgTable(
  'segments',
  {
    id: uuid('id').primaryKey(),
    branchId: uuid('branch_id')
      .notNull()
      .references(() => branches.id),
    name: text('name').notNull(),
    /** The filter (src/canvass/canvass.schema.ts, `segmentFilter`). */
    filter: jsonb('filter').$type<Record<string, unknown>>().notNull(),
    /** The count when it was saved; the segment is re-evaluated when walks are cut. */
    electors: integer('electors').notNull(),
    /** What canvassers of this segment's walks say at the door: a short script shown on the walk page. */
    script: text('script'),
    createdBy: uuid('created_by').references(() => members.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('segments_branch_idx').on(t.branchId)],
);

export const walks = pgTable(
  'walks',
  {
    id: uuid('id').primaryKey(),
    branchId: uuid('branch_id')
      .notNull()
      .references(() => branches.id),
    segmentId: uuid('segment_id').references(() => segments.id, { onDelete: 'set null' }),
    name: text('name').notNull(),
    doors: integer('doors').notNull(),
    electors: integer('electors').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('walks_branch_idx').on(t.branchId), index('walks_segment_idx').on(t.segmentId)],
);

/** The electors of a walk in walking order; `door` numbers the doors 1..n along the walk. */
export const walkElectors = pgTable(
  'walk_electors',
  {
    walkId: uuid('walk_id')
      .notNull()
      .references(() => walks.id, { onDelete: 'cascade' }),
    electorId: uuid('elector_id')
      .notNull()
      .references(() => electors.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    door: integer('door').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.walkId, t.electorId] }),
    index('walk_electors_elector_idx').on(t.electorId),
  ],
);

export const walkAssignments = pgTable(
  'walk_assignments',
  {
    id: uuid('id').primaryKey(),
    walkId: uuid('walk_id')
      .notNull()
      .references(() => walks.id, { onDelete: 'cascade' }),
    memberId: uuid('member_id')
      .notNull()
      .references(() => members.id, { onDelete: 'cascade' }),
    assignedBy: uuid('assigned_by').references(() => members.id, { onDelete: 'set null' }),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('walk_assignments_member_idx').on(t.memberId, t.expiresAt),
    index('walk_assignments_walk_idx').on(t.walkId),
  ],
);

/**
 * Append-only doorstep records. The id is made on the phone, so a record uploaded twice is stored once.
 * Two records on one elector are both kept; the latest intention is the one made last (`made_at`).
 */
export const canvassRecords = pgTable(
  'canvass_records',
  {
    id: uuid('id').primaryKey(),
    /** Order of arrival, for paging and the dashboards. */
    seq: bigserial('seq', { mode: 'number' }).notNull().unique(),
    electorId: uuid('elector_id')
      .notNull()
      .references(() => electors.id, { onDelete: 'cascade' }),
    walkId: uuid('walk_id').references(() => walks.id, { onDelete: 'set null' }),
    branchId: uuid('branch_id')
      .notNull()
      .references(() => branches.id),
    canvasserId: uuid('canvasser_id').references(() => members.id, { onDelete: 'set null' }),
    /** When the canvasser made it, by the phone's clock. */
    madeAt: timestamp('made_at', { withTimezone: true }).notNull(),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
    outcome: text('outcome', { enum: CONTACT_OUTCOMES }).notNull(),
    intention: text('intention'),
    strength: integer('strength'),
    flags: text('flags')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    issues: text('issues')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    note: text('note'),
    /** A phone number the elector gave to be called on polling day (the phone bank's list), or null. */
    phone: text('phone'),
  },
  (t) => [
    index('canvass_records_elector_idx').on(t.electorId, t.madeAt),
    index('canvass_records_walk_idx').on(t.walkId),
    index('canvass_records_branch_idx').on(t.branchId, t.madeAt),
    index('canvass_records_canvasser_idx').on(t.canvasserId, t.madeAt),
    check(
      'canvass_records_outcome_check',
      sql`${t.outcome} in ('not_in', 'spoke', 'refused', 'moved', 'deceased', 'inaccessible', 'do_not_knock')`,
    ),
    check('canvass_records_strength_check', sql`${t.strength} is null or ${t.strength} between 1 and 3`),
  ],
);

/** A branch's voting-intention codes; a branch without its own uses the nearest branch above, or the defaults. */
export const intentionCodes = pgTable(
  'intention_codes',
  {
    branchId: uuid('branch_id')
      .notNull()
      .references(() => branches.id),
    code: text('code').notNull(),
    label: text('label').notNull(),
    position: integer('position').notNull(),
  },
  (t) => [primaryKey({ columns: [t.branchId, t.code] })],
);

export const canvassSessions = pgTable(
  'canvass_sessions',
  {
    id: uuid('id').primaryKey(),
    branchId: uuid('branch_id')
      .notNull()
      .references(() => branches.id),
    title: text('title').notNull(),
    startsAt: timestamp('starts_at', { withTimezone: true }).notNull(),
    endsAt: timestamp('ends_at', { withTimezone: true }).notNull(),
    meetingPoint: text('meeting_point').notNull(),
    /** When the organiser cancelled it; its sign-ups were told. */
    cancelledAt: timestamp('cancelled_at', { withTimezone: true }),
    createdBy: uuid('created_by').references(() => members.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('canvass_sessions_branch_idx').on(t.branchId, t.startsAt)],
);

export const sessionWalks = pgTable(
  'session_walks',
  {
    sessionId: uuid('session_id')
      .notNull()
      .references(() => canvassSessions.id, { onDelete: 'cascade' }),
    walkId: uuid('walk_id')
      .notNull()
      .references(() => walks.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.sessionId, t.walkId] })],
);

/** Who signed up: a member (signed in) or anyone with a name and an email from the public page. */
export const sessionSignups = pgTable(
  'session_signups',
  {
    id: uuid('id').primaryKey(),
    sessionId: uuid('session_id')
      .notNull()
      .references(() => canvassSessions.id, { onDelete: 'cascade' }),
    memberId: uuid('member_id').references(() => members.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    email: text('email').notNull(),
    /** Given on the public page if they chose to (for the organiser to ring on the day). */
    phone: text('phone'),
    remindedAt: timestamp('reminded_at', { withTimezone: true }),
    /** The language of the page they signed up on: their mails about the session are written in it. */
    language: text('language', { enum: LANGUAGES }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('session_signups_email_idx').on(t.sessionId, t.email),
    check('session_signups_language_check', sql`${t.language} in ('en', 'cy')`),
  ],
);

/** Each run of the retention job and what it deleted, for the data officer. */
export const retentionRuns = pgTable('retention_runs', {
  id: uuid('id').primaryKey(),
  ranAt: timestamp('ran_at', { withTimezone: true }).notNull().defaultNow(),
  cutoff: timestamp('cutoff', { withTimezone: true }).notNull(),
  canvassRecords: integer('canvass_records').notNull(),
  signups: integer('signups').notNull(),
});
