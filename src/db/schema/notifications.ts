/**
 * Notifications: what each member chose to be told and how, the in-app list, the fan-outs waiting to be
 * expanded into it, and the mail queue the sender works through.
 */
import { sql } from 'drizzle-orm';
import {
  check,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import { members } from './members.ts';
import {
  LANGUAGES,
  MAIL_KINDS,
  NOTIFICATION_CHANNELS,
  NOTIFICATION_KINDS,
  NOTIFICATION_TOPICS,
} from '../../contract/vocabulary.ts';

/** Values a notification's text is built from (titles, names, times, a reason), never text assembled. */
export type NotificationParams = Record<string, string | number | null>;

/** A member's channel for a topic; a topic with no row is 'mail'. */
export const notificationPreferences = pgTable(
  'notification_preferences',
  {
    memberId: uuid('member_id')
      .notNull()
      .references(() => members.id, { onDelete: 'cascade' }),
    topic: text('topic', { enum: NOTIFICATION_TOPICS }).notNull(),
    channel: text('channel', { enum: NOTIFICATION_CHANNELS }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.memberId, t.topic] })],
);

/**
 * Something to tell an audience (a branch's members, a ballot's electorate, a session's sign-ups, one
 * member), written by the request in one row; a background job expands it into notifications and mail.
 */
export const notificationFanouts = pgTable(
  'notification_fanouts',
  {
    id: uuid('id').primaryKey(),
    kind: text('kind', { enum: NOTIFICATION_KINDS }).notNull(),
    audience: jsonb('audience').$type<Audience>().notNull(),
    params: jsonb('params').$type<NotificationParams>().notNull(),
    link: text('link').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    /** Not before this time (a conversation that opens later is told about when it opens). */
    dueAt: timestamp('due_at', { withTimezone: true }).notNull().defaultNow(),
    expandedAt: timestamp('expanded_at', { withTimezone: true }),
    recipients: integer('recipients'),
  },
  (t) => [
    index('notification_fanouts_pending_idx')
      .on(t.dueAt)
      .where(sql`${t.expandedAt} is null`),
  ],
);

export type Audience =
  /** Active members whose home ward is in the branch (or below it), but the one who caused it. */
  | { type: 'branch'; branchId: string; except?: string | null }
  /** A ballot's frozen electorate; `notVoted`: only those who have not voted yet. */
  | { type: 'ballot'; ballotId: string; notVoted?: boolean }
  /** An election's frozen roll. */
  | { type: 'election'; electionId: string }
  /** Everyone signed up to a canvass session: members by their choice, others by the address they gave. */
  | { type: 'session'; sessionId: string }
  | { type: 'member'; memberId: string };

/** The in-app list: one row per member told. */
export const notifications = pgTable(
  'notifications',
  {
    id: uuid('id').primaryKey(),
    memberId: uuid('member_id')
      .notNull()
      .references(() => members.id, { onDelete: 'cascade' }),
    fanoutId: uuid('fanout_id').references(() => notificationFanouts.id, { onDelete: 'set null' }),
    kind: text('kind', { enum: NOTIFICATION_KINDS }).notNull(),
    params: jsonb('params').$type<NotificationParams>().notNull(),
    link: text('link').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    readAt: timestamp('read_at', { withTimezone: true }),
  },
  (t) => [
    index('notifications_member_idx').on(t.memberId, t.createdAt),
    index('notifications_unread_idx')
      .on(t.memberId)
      .where(sql`${t.readAt} is null`),
  ],
);

/**
 * Mail waiting to go: to a member (their address is read when it is sent, so an erasure in between sends
 * nothing) or to an address given on a public page. Claimed with FOR UPDATE SKIP LOCKED and a lease,
 * retried with backoff, marked sent once.
 */
export const mailQueue = pgTable(
  'mail_queue',
  {
    id: uuid('id').primaryKey(),
    memberId: uuid('member_id').references(() => members.id, { onDelete: 'cascade' }),
    toAddress: text('to_address'),
    fanoutId: uuid('fanout_id').references(() => notificationFanouts.id, { onDelete: 'set null' }),
    kind: text('kind', { enum: MAIL_KINDS }).notNull(),
    params: jsonb('params').$type<NotificationParams>().notNull(),
    link: text('link').notNull(),
    /** The language to write it in when the recipient is an address, not a member (whose own choice holds). */
    language: text('language', { enum: LANGUAGES }),
    attempts: integer('attempts').notNull().default(0),
    dueAt: timestamp('due_at', { withTimezone: true }).notNull().defaultNow(),
    claimedUntil: timestamp('claimed_until', { withTimezone: true }),
    sentAt: timestamp('sent_at', { withTimezone: true }),
    failedAt: timestamp('failed_at', { withTimezone: true }),
    lastError: text('last_error'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('mail_queue_due_idx')
      .on(t.dueAt)
      .where(sql`${t.sentAt} is null and ${t.failedAt} is null`),
    index('mail_queue_member_idx').on(t.memberId),
    check('mail_queue_recipient_check', sql`${t.memberId} is not null or ${t.toAddress} is not null`),
    check('mail_queue_language_check', sql`${t.language} in ('en', 'cy')`),
  ],
);
