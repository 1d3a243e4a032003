/**
 * Members, the branch tree, role assignments, invitations, the audit log and the development mail outbox.
 */
import { sql } from 'drizzle-orm';
import {
  bigserial,
  check,
  date,
  index,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { user } from './auth.ts';
import {
  BRANCH_KINDS,
  LANGUAGES,
  MEMBER_STATUSES,
  ROLES,
  type MemberStatus,
} from '../../contract/vocabulary.ts';
export { BRANCH_KINDS, MEMBER_STATUSES, ROLES };
export type { BranchKind, MemberStatus, Role } from '../../contract/vocabulary.ts';

/** The statuses whose members may sign in and act. */
export const SIGN_IN_STATUSES: readonly MemberStatus[] = ['active', 'lapsed'];

/**
 * The branch tree. `path` is the materialised path of ids from the root, each followed by '/',
 * so "this branch and everything below it" is `path LIKE '<branch path>%'`.
 */
export const branches = pgTable(
  'branches',
  {
    id: uuid('id').primaryKey(),
    parentId: uuid('parent_id'),
    kind: text('kind', { enum: BRANCH_KINDS }).notNull(),
    name: text('name').notNull(),
    code: text('code').notNull().unique(),
    path: text('path').notNull().unique(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('branches_parent_idx').on(t.parentId),
    index('branches_path_idx').on(t.path.op('text_pattern_ops')),
    check('branches_kind_check', sql`${t.kind} in ('party', 'region', 'constituency', 'ward')`),
  ],
);

export const members = pgTable(
  'members',
  {
    id: uuid('id').primaryKey(),
    userId: text('user_id')
      .unique()
      .references(() => user.id, { onDelete: 'set null' }),
    name: text('name').notNull(),
    email: text('email'),
    phone: text('phone'),
    homeWardId: uuid('home_ward_id')
      .notNull()
      .references(() => branches.id),
    joinedOn: date('joined_on').notNull(),
    status: text('status', { enum: MEMBER_STATUSES }).notNull().default('active'),
    invitedBy: uuid('invited_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    erasedAt: timestamp('erased_at', { withTimezone: true }),
    /** The language the member chose to read in (and be mailed in); null until they choose. */
    language: text('language', { enum: LANGUAGES }),
  },
  (t) => [
    uniqueIndex('members_email_idx').on(t.email),
    index('members_ward_idx').on(t.homeWardId),
    index('members_name_idx').on(t.name),
    check('members_status_check', sql`${t.status} in ('active', 'lapsed', 'suspended', 'erased')`),
    check('members_language_check', sql`${t.language} in ('en', 'cy')`),
  ],
);

export const roleAssignments = pgTable(
  'role_assignments',
  {
    id: uuid('id').primaryKey(),
    memberId: uuid('member_id')
      .notNull()
      .references(() => members.id, { onDelete: 'cascade' }),
    role: text('role', { enum: ROLES }).notNull(),
    branchId: uuid('branch_id')
      .notNull()
      .references(() => branches.id),
    grantedBy: uuid('granted_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('role_assignments_unique_idx').on(t.memberId, t.role, t.branchId),
    index('role_assignments_branch_idx').on(t.branchId),
  ],
);

export const invitations = pgTable(
  'invitations',
  {
    id: uuid('id').primaryKey(),
    tokenHash: text('token_hash').notNull().unique(),
    email: text('email').notNull(),
    branchId: uuid('branch_id')
      .notNull()
      .references(() => branches.id),
    invitedBy: uuid('invited_by').references(() => members.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    acceptedAt: timestamp('accepted_at', { withTimezone: true }),
    acceptedMemberId: uuid('accepted_member_id').references(() => members.id, { onDelete: 'set null' }),
  },
  (t) => [index('invitations_invited_by_idx').on(t.invitedBy)],
);

/** Append-only: a trigger in the migrations refuses UPDATE and DELETE. */
export const auditLog = pgTable(
  'audit_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    actorId: uuid('actor_id'),
    action: text('action').notNull(),
    subjectType: text('subject_type').notNull(),
    subjectId: text('subject_id'),
    branchId: uuid('branch_id'),
    detail: jsonb('detail').$type<Record<string, unknown>>().notNull().default({}),
  },
  (t) => [
    index('audit_log_branch_idx').on(t.branchId, t.at),
    index('audit_log_subject_idx').on(t.subjectType, t.subjectId),
  ],
);

/**
 * A member's own request to be erased, for their data officer to confirm (or decline, saying why). It holds
 * no personal data: after the erasure it names the pseudonymous member row.
 */
export const erasureRequests = pgTable(
  'erasure_requests',
  {
    id: uuid('id').primaryKey(),
    memberId: uuid('member_id')
      .notNull()
      .references(() => members.id),
    status: text('status', { enum: ['pending', 'erased', 'declined'] })
      .notNull()
      .default('pending'),
    requestedAt: timestamp('requested_at', { withTimezone: true }).notNull().defaultNow(),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    decidedBy: uuid('decided_by'),
    /** Why a request was declined (the member is told). */
    reason: text('reason'),
  },
  (t) => [
    // One open request per member.
    uniqueIndex('erasure_requests_pending_idx')
      .on(t.memberId)
      .where(sql`${t.status} = 'pending'`),
  ],
);

export const mailOutbox = pgTable(
  'mail_outbox',
  {
    id: uuid('id').primaryKey(),
    to: text('to').notNull(),
    subject: text('subject').notNull(),
    text: text('text').notNull(),
    /** Headers beside To and Subject (List-Unsubscribe). */
    headers: jsonb('headers').$type<Record<string, string>>().notNull().default({}),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('mail_outbox_to_idx').on(t.to, t.createdAt)],
);
