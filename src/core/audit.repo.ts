import { and, desc, eq, gte, inArray, lt, sql, type SQL } from 'drizzle-orm';
import { alias, type AnyPgColumn } from 'drizzle-orm/pg-core';
import type { Executor } from '../db/client.ts';
import { pathWithinAny } from './branch-tree.repo.ts';
import { auditLog, branches, members } from '../db/schema/index.ts';

/**
 * What an audit entry is about. The names are stored in `audit_log.subject_type` as they are, so a name is
 * never changed once used (some are kebab-case, some snake_case, for that reason).
 */
export const AUDIT_SUBJECTS = [
  'amendment',
  'audit-log',
  'ballot',
  'ballot_vote',
  'branch',
  'election',
  'election_vote',
  'canvass_records',
  'conversation',
  'doorstep_issues',
  'elector',
  'elector_search',
  'erasure_request',
  'intention_codes',
  'job',
  'invitation',
  'manifesto',
  'manifesto_version',
  'marked_register',
  'member',
  'member-directory',
  'register',
  'retention',
  'role',
  'segment',
  'absent_voters',
  'knockup_list',
  'knockup_records',
  'polling_day',
  'polling_teller',
  'polling_driver',
  'lift_requests',
  'phone_bank',
  'station_turnout',
  'pulse',
  'telling_entries',
  'walk',
  'walk_assignment',
  'walk_sheet',
] as const;
export type AuditSubject = (typeof AUDIT_SUBJECTS)[number];

export type { AuditAction } from '../contract/vocabulary.ts';
import type { AuditAction } from '../contract/vocabulary.ts';
import type { Audited } from './audited.ts';

export interface AuditEntry {
  actorId: string | null;
  action: AuditAction;
  subjectType: AuditSubject;
  subjectId?: string | null;
  branchId?: string | null;
  /** Ids and counts only: the audit log must never hold personal data itself. */
  detail?: Record<string, string | number | boolean | null | string[]>;
}

/**
 * Appends one entry or many (in statements of at most 5,000 rows, under PostgreSQL's limit on parameters);
 * within the transaction of what it records, so the two commit together.
 */
export async function appendAudit(db: Executor, entry: AuditEntry | AuditEntry[]): Promise<void> {
  const entries = Array.isArray(entry) ? entry : [entry];
  for (let i = 0; i < entries.length; i += 5000) {
    await db.insert(auditLog).values(
      entries.slice(i, i + 5000).map((e) => ({
        actorId: e.actorId,
        action: e.action,
        subjectType: e.subjectType,
        subjectId: e.subjectId ?? null,
        branchId: e.branchId ?? null,
        detail: e.detail ?? {},
      })),
    );
  }
}

export interface AuditListing {
  scopePaths: string[];
  before?: number;
  limit: number;
  subjectId?: string;
  actorId?: string;
  action?: AuditAction;
  /** Days, inclusive, in UTC. */
  from?: string;
  to?: string;
}

const actor = alias(members, 'actor');
const subject = alias(members, 'subject');
/** A member's name as the log shows it: "deleted member" once they were erased. */
const shownName = (m: { id: AnyPgColumn; status: AnyPgColumn; name: AnyPgColumn }) =>
  sql<
    string | null
  >`case when ${m.id} is null then null when ${m.status} = 'erased' then 'deleted member' else ${m.name} end`;

/**
 * Entries about branches under any of `scopePaths`, newest first, keyset-paged by id, filtered; with the
 * names of who did it and of the member it was about (never an id prefix that could collide).
 */
export async function listAudit(db: Audited, opts: AuditListing) {
  const conditions: SQL[] = [pathWithinAny(branches.path, opts.scopePaths)];
  if (opts.before !== undefined) conditions.push(lt(auditLog.id, opts.before));
  if (opts.subjectId) conditions.push(eq(auditLog.subjectId, opts.subjectId));
  if (opts.actorId) conditions.push(eq(auditLog.actorId, opts.actorId));
  if (opts.action) conditions.push(eq(auditLog.action, opts.action));
  if (opts.from) conditions.push(gte(auditLog.at, sql`${opts.from}::date`));
  if (opts.to) conditions.push(lt(auditLog.at, sql`${opts.to}::date + 1`));
  return db
    .select({
      id: auditLog.id,
      at: auditLog.at,
      actorId: auditLog.actorId,
      actorName: shownName(actor),
      action: auditLog.action,
      subjectType: auditLog.subjectType,
      subjectId: auditLog.subjectId,
      subjectName: shownName(subject),
      branchId: auditLog.branchId,
      branchName: branches.name,
      detail: auditLog.detail,
    })
    .from(auditLog)
    .innerJoin(branches, eq(branches.id, auditLog.branchId))
    .leftJoin(actor, eq(actor.id, auditLog.actorId))
    .leftJoin(
      subject,
      and(eq(auditLog.subjectType, 'member'), sql`${subject.id}::text = ${auditLog.subjectId}`),
    )
    .where(and(...conditions))
    .orderBy(desc(auditLog.id))
    .limit(opts.limit);
}

/** Entries whose subject is one member: part of that member's own data export. */
export async function auditAboutSubject(db: Executor, subjectIds: string[]) {
  if (subjectIds.length === 0) return [];
  return db
    .select({
      at: auditLog.at,
      action: auditLog.action,
      subjectType: auditLog.subjectType,
      actorId: auditLog.actorId,
    })
    .from(auditLog)
    .where(inArray(auditLog.subjectId, subjectIds))
    .orderBy(desc(auditLog.id))
    .limit(1000);
}
