import type { z } from 'zod';
import type { ServiceContext } from '../lib/context.ts';
import { forbidden, notFound } from '../core/errors.ts';
import { listAudit, audit } from '../core/audit.repo.ts';
import { branchById } from './branch.repo.ts';
import type { auditQuery } from '../contract/members.ts';
import { can, scopeOf, type Actor } from '../core/permissions.ts';

/** A data officer reads the audit log of their branches; reading it is itself audited. */
export async function readAudit(ctx: ServiceContext, actor: Actor, query: z.infer<typeof auditQuery>) {
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
  const rows = await listAudit(ctx.db, {
    scopePaths,
    limit: query.limit,
    ...(query.before ? { before: query.before } : {}),
    ...(query.subject ? { subjectId: query.subject } : {}),
  });
  await audit(ctx.db, [
    {
      actorId: actor.memberId,
      action: 'view',
      subjectType: 'audit-log',
      branchId,
      detail: { count: rows.length },
    },
  ]);
  const last = rows.at(-1);
  return {
    entries: rows.map((r) => ({ ...r, at: r.at.toISOString() })),
    nextBefore: rows.length === query.limit && last ? last.id : null,
  };
}
