/**
 * Electors as people with rights, and what the doorstep hears:
 * - an organiser's look at one elector (audited), found by name or address search;
 * - the elector's subject-access export and erasure (data officers), the erasure remembered as a hash so
 *   a later register does not bring them back to a door;
 * - the retention job that deletes canvass records older than the configured period;
 * - issues raised on the doorstep: counted by tag, exported (audited), or sent, anonymised, as seed
 *   statements to a Common Ground conversation of the branch.
 */
import type { RetentionContribution } from '../core/retention.ts';
import type { Executor } from '../db/client.ts';
import { postSeedStatements, conversationsToSendTo } from '../deliberation/index.ts';
import type { ServiceContext } from '../lib/context.ts';
import { newId } from '../lib/ids.ts';
import { audited } from '../core/audited.ts';
import { can, scopeOf, type Actor } from '../core/permissions.ts';
import { forbidden, notFound } from '../core/errors.ts';
import { suppressionHash } from './register-format.ts';
import { presentElector } from './register.presenter.ts';
import { csvLine } from '../math/io/polis-csv.ts';
import { branchFor } from './access.ts';
import {
  countIssues,
  deleteElector,
  electorWithPath,
  historyOf,
  searchElectorRows,
  walkPlacesOf,
} from './electors.repo.ts';
import { deleteBefore, logRetentionRun, recentRetentionRuns } from './retention.repo.ts';

async function electorFor(ctx: ServiceContext, actor: Actor, id: string, rights: boolean) {
  const row = await electorWithPath(ctx.db, id);
  if (!row) throw notFound('Elector');
  const allowed = rights
    ? can(actor, 'electors.rights', row.path)
    : can(actor, 'canvass.organise', row.path) || can(actor, 'electors.rights', row.path);
  if (!allowed) throw notFound('Elector');
  return row.elector;
}

/** Electors of a branch by name, address or postcode, for organisers and data officers. Audited. */
export async function searchElectors(ctx: ServiceContext, actor: Actor, branchId: string, q: string) {
  const branch = await branchFor(ctx.db, actor, branchId, 'canvass.export');
  const rows = await audited(ctx.db, async (tx, record) => {
    const found = await searchElectorRows(tx, branch.path, q);
    record({
      actorId: actor.memberId,
      action: 'view',
      subjectType: 'elector_search',
      branchId: branch.id,
      detail: { results: found.length },
    });
    return found;
  });
  return {
    electors: rows.map((r) => ({ ...presentElector(r), removed: r.removed })),
  };
}

/** One elector with their turnout and every doorstep record; the latest intention is the one made last. */
export async function electorDetail(ctx: ServiceContext, actor: Actor, id: string) {
  const e = await electorFor(ctx, actor, id, false);
  const { records, turnout } = await audited(ctx.db, (tx, record) => {
    record({
      actorId: actor.memberId,
      action: 'view',
      subjectType: 'elector',
      subjectId: e.id,
      branchId: e.branchId,
    });
    return historyOf(tx, e.id);
  });
  const latest = records.find((r) => r.intention !== null);
  return {
    ...presentElector(e),
    postal: e.postal,
    removed: e.removedAt !== null,
    latestIntention: latest
      ? { intention: latest.intention, strength: latest.strength, madeAt: latest.madeAt.toISOString() }
      : null,
    turnout,
    records: records.map((r) => ({
      ...r,
      madeAt: r.madeAt.toISOString(),
      receivedAt: r.receivedAt.toISOString(),
    })),
  };
}

/** Everything held about an elector, for their subject-access request. Data officers only; audited. */
export async function exportElector(ctx: ServiceContext, actor: Actor, id: string) {
  const e = await electorFor(ctx, actor, id, true);
  const { records, turnout, walks } = await audited(ctx.db, async (tx, record) => {
    record({
      actorId: actor.memberId,
      action: 'export',
      subjectType: 'elector',
      subjectId: e.id,
      branchId: e.branchId,
    });
    return { ...(await historyOf(tx, e.id)), walks: await walkPlacesOf(tx, e.id) };
  });
  const { matchKey: _key, ...register } = e;
  return {
    exportedAt: new Date().toISOString(),
    register,
    turnout,
    walks,
    canvassRecords: records.map(({ canvasserId: _c, ...r }) => r),
  };
}

/** Erases an elector: their register entry, turnout, walk places and doorstep records. Data officers only. */
export async function eraseElector(ctx: ServiceContext, actor: Actor, id: string) {
  const e = await electorFor(ctx, actor, id, true);
  const deleted = await audited(ctx.db, async (tx, record) => {
    const n = await deleteElector(tx, e, suppressionHash(e.matchKey));
    record([
      {
        actorId: actor.memberId,
        action: 'erase',
        subjectType: 'elector',
        subjectId: e.id,
        branchId: e.branchId,
        detail: { canvassRecords: n },
      },
    ]);
    return n;
  });
  return { erased: true, canvassRecords: deleted };
}

/**
 * Deletes canvass records made before the retention period and past sessions' sign-ups, and what the other
 * domains' parts delete (polling day's records, the number of days after their election its organiser
 * chose), in one transaction; logs the run.
 */
export async function runRetention(
  { db, retention }: { db: Executor; retention: readonly RetentionContribution[] },
  days: number,
  now = new Date(),
) {
  const cutoff = new Date(now.getTime() - days * 86_400_000);
  return audited(db, async (tx, record) => {
    const { canvassRecords, signups } = await deleteBefore(tx, cutoff);
    const parts: Record<string, number> = {};
    for (const part of retention) Object.assign(parts, await part.run(tx, now));
    const run = { id: newId(), ranAt: now, cutoff, canvassRecords, signups };
    await logRetentionRun(tx, run);
    record([
      {
        actorId: null,
        action: 'erase',
        subjectType: 'retention',
        subjectId: run.id,
        detail: {
          canvassRecords,
          signups,
          days,
          ...parts,
        },
      },
    ]);
    return { ...run, ranAt: run.ranAt.toISOString(), cutoff: run.cutoff.toISOString() };
  });
}

export async function retentionStatus(ctx: ServiceContext, actor: Actor) {
  if (scopeOf(actor, 'electors.rights').length === 0)
    throw forbidden('Only data officers see the retention job');
  const runs = await recentRetentionRuns(ctx.db);
  return {
    days: ctx.config.canvassRetentionDays,
    runs: runs.map((r) => ({ ...r, ranAt: r.ranAt.toISOString(), cutoff: r.cutoff.toISOString() })),
  };
}

export async function retentionNow(ctx: ServiceContext, actor: Actor) {
  if (scopeOf(actor, 'electors.rights').length === 0)
    throw forbidden('Only data officers run the retention job');
  return runRetention(ctx, ctx.config.canvassRetentionDays);
}

export async function topIssues(ctx: ServiceContext, actor: Actor, branchId: string, days: number) {
  const branch = await branchFor(ctx.db, actor, branchId, 'canvass.organise');
  return {
    branch: { id: branch.id, name: branch.name },
    days,
    issues: await countIssues(ctx.db, branch.path, days),
  };
}

/** The issues as CSV (issue, times raised): for organisers, audited. */
export async function issuesCsv(ctx: ServiceContext, actor: Actor, branchId: string, days: number) {
  const branch = await branchFor(ctx.db, actor, branchId, 'canvass.export');
  const issues = await audited(ctx.db, async (tx, record) => {
    const counted = await countIssues(tx, branch.path, days);
    record({
      actorId: actor.memberId,
      action: 'export',
      subjectType: 'doorstep_issues',
      branchId,
      detail: { rows: counted.length, days },
    });
    return counted;
  });
  return [csvLine(['issue', 'raised']), ...issues.map((i) => csvLine([i.issue, i.raised]))].join('');
}

/**
 * Sends statements an organiser wrote from the doorstep's issues to a Common Ground conversation of the
 * branch, through Common Ground's own posting (the abuse screen and moderation apply): seed statements
 * with no author, so nothing of who raised them goes with them.
 */
/** The conversations a branch's doorstep issues can be sent to: its own and those above it, open. */
export async function issueTargets(ctx: ServiceContext, actor: Actor, branchId: string) {
  const branch = await branchFor(ctx.db, actor, branchId, 'canvass.organise');
  return { conversations: await conversationsToSendTo(ctx, branch.path) };
}

export async function sendIssues(
  ctx: ServiceContext,
  actor: Actor,
  branchId: string,
  body: { conversationId: string; statements: string[] },
) {
  const branch = await branchFor(ctx.db, actor, branchId, 'canvass.organise');
  return postSeedStatements(ctx, actor, {
    conversationId: body.conversationId,
    scopePath: branch.path,
    scopeBranchId: branch.id,
    texts: body.statements,
  });
}
