import { and, desc, eq, inArray, lt, or, sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../db/client.ts';
import { auditLog, branches } from '../db/schema/index.ts';

export interface AuditEntry {
  actorId: string | null;
  action: 'view' | 'export' | 'change' | 'create' | 'erase' | 'import' | 'sign-in';
  subjectType: string;
  subjectId?: string | null;
  branchId?: string | null;
  /** Ids and counts only: the audit log must never hold personal data itself. */
  detail?: Record<string, string | number | boolean | null | string[]>;
}

/** Appends entries (in statements of at most 5,000 rows, under PostgreSQL's limit on parameters). */
export async function recordAudit(db: Executor, entries: AuditEntry[]): Promise<void> {
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

/** Entries about branches under any of `scopePaths`, newest first, keyset-paged by id. */
export async function listAudit(
  db: Executor,
  opts: { scopePaths: string[]; before?: number; limit: number; subjectId?: string },
) {
  const scope: SQL[] = opts.scopePaths.map((p) => sql`${branches.path} like ${`${p}%`}`);
  const conditions: SQL[] = [or(...scope) ?? sql`false`];
  if (opts.before !== undefined) conditions.push(lt(auditLog.id, opts.before));
  if (opts.subjectId) conditions.push(eq(auditLog.subjectId, opts.subjectId));
  return db
    .select({
      id: auditLog.id,
      at: auditLog.at,
      actorId: auditLog.actorId,
      action: auditLog.action,
      subjectType: auditLog.subjectType,
      subjectId: auditLog.subjectId,
      branchId: auditLog.branchId,
      branchName: branches.name,
      detail: auditLog.detail,
    })
    .from(auditLog)
    .innerJoin(branches, eq(branches.id, auditLog.branchId))
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
