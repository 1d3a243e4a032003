import type { z } from 'zod';
import type { ServiceContext } from '../lib/context.ts';
import { forbidden, notFound } from '../core/errors.ts';
import { listAudit } from '../core/audit.repo.ts';
import { audited } from '../core/audited.ts';
import { branchById } from './branch.repo.ts';
import type { auditFilters, auditQuery } from '../contract/members.ts';
import { csvLine } from '../math/io/polis-csv.ts';
import { can, scopeOf, type Actor } from '../core/permissions.ts';

type Filters = z.infer<typeof auditFilters>;

/** The branches a data officer may read the log of (or the one asked for), and the branch to audit against. */
async function scope(ctx: ServiceContext, actor: Actor, query: Filters) {
  let scopePaths = scopeOf(actor, 'audit.read');
  if (scopePaths.length === 0) throw forbidden('Only data officers can read the audit log');
  let branchId = actor.assignments.find((a) => scopePaths.includes(a.branchPath))?.branchId ?? null;
  if (query.branch) {
    const branch = await branchById(ctx.db, query.branch);
    if (!branch) throw notFound('Branch');
    if (!can(actor, 'audit.read', branch.path))
      throw forbidden('You cannot read the audit log of that branch');
    scopePaths = [branch.path];
    branchId = branch.id;
  }
  return { scopePaths, branchId };
}

const filtersOf = (query: Filters) => ({
  ...(query.subject ? { subjectId: query.subject } : {}),
  ...(query.actor ? { actorId: query.actor } : {}),
  ...(query.action ? { action: query.action } : {}),
  ...(query.from ? { from: query.from } : {}),
  ...(query.to ? { to: query.to } : {}),
});

/** A data officer reads the audit log of their branches, filtered; reading it is itself audited. */
export async function readAudit(ctx: ServiceContext, actor: Actor, query: z.infer<typeof auditQuery>) {
  const { scopePaths, branchId } = await scope(ctx, actor, query);
  const rows = await audited(ctx.db, async (tx, record) => {
    const found = await listAudit(tx, {
      scopePaths,
      limit: query.limit,
      ...(query.before ? { before: query.before } : {}),
      ...filtersOf(query),
    });
    record({
      actorId: actor.memberId,
      action: 'view',
      subjectType: 'audit-log',
      branchId,
      detail: { count: found.length },
    });
    return found;
  });
  const last = rows.at(-1);
  return {
    entries: rows.map((r) => ({ ...r, at: r.at.toISOString() })),
    nextBefore: rows.length === query.limit && last ? last.id : null,
  };
}

const EXPORT_LIMIT = 50_000;

/**
 * The filtered log as CSV (at most 50,000 entries, newest first): for a data officer's records. The export
 * is audited like a read; every cell a spreadsheet would run as a formula is neutralised.
 */
export async function exportAudit(ctx: ServiceContext, actor: Actor, query: Filters): Promise<string> {
  const { scopePaths, branchId } = await scope(ctx, actor, query);
  const rows = await audited(ctx.db, async (tx, record) => {
    const found = await listAudit(tx, { scopePaths, limit: EXPORT_LIMIT, ...filtersOf(query) });
    record({
      actorId: actor.memberId,
      action: 'export',
      subjectType: 'audit-log',
      branchId,
      detail: { count: found.length },
    });
    return found;
  });
  return [
    csvLine(['when', 'who', 'action', 'subject', 'subject id', 'member', 'branch']),
    ...rows.map((r) =>
      csvLine([
        r.at.toISOString(),
        r.actorId ? (r.actorName ?? 'unknown') : 'system',
        r.action,
        r.subjectType,
        r.subjectId ?? '',
        r.subjectName ?? '',
        r.branchName,
      ]),
    ),
  ].join('');
}
