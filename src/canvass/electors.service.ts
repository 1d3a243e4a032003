/**
 * Electors as people with rights, and what the doorstep hears:
 * - an organiser's look at one elector (audited), found by name or address search;
 * - the elector's subject-access export and erasure (data officers), the erasure remembered as a hash so
 *   a later register does not bring them back to a door;
 * - the retention job that deletes canvass records older than the configured period;
 * - issues raised on the doorstep: counted by tag, exported (audited), or sent, anonymised, as seed
 *   statements to a Common Ground conversation of the branch.
 */
import { desc, eq, sql } from 'drizzle-orm';
import { queryRows, type Executor } from '../db/client.ts';
import {
  branches,
  canvassRecords,
  electorSuppressions,
  electors,
  retentionRuns,
} from '../db/schema/index.ts';
import { postSeedStatements } from '../deliberation/index.ts';
import type { ServiceContext } from '../lib/context.ts';
import { newId } from '../lib/ids.ts';
import { branchIdWithin } from '../core/branch-tree.repo.ts';
import { audit } from '../core/audit.repo.ts';
import { can, scopeOf, type Actor } from '../core/permissions.ts';
import { forbidden, notFound } from '../core/errors.ts';
import { suppressionHash, type ElectorNameRow } from './register-format.ts';
import { presentElector } from './register.presenter.ts';
import { csvLine } from '../math/io/polis-csv.ts';
import type { BranchRow } from '../members/index.ts';
import { branchFor } from './access.ts';

async function electorFor(ctx: ServiceContext, actor: Actor, id: string, rights: boolean) {
  const [row] = await ctx.db
    .select({ elector: electors, path: branches.path })
    .from(electors)
    .innerJoin(branches, eq(branches.id, electors.branchId))
    .where(eq(electors.id, id));
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
  const like = `%${q.replace(/[%_\\]/g, (c) => `\\${c}`)}%`;
  const rows = await queryRows<ElectorNameRow & { removed: boolean }>(
    ctx.db,
    sql`select e.id, e.district, e.number, e.suffix, e.forename, e.surname, e.address, e.postcode,
          e.removed_at is not null as removed
        from electors e
        where ${branchIdWithin(sql`e.branch_id`, branch.path)}
          and (e.surname ilike ${like} or e.forename || ' ' || e.surname ilike ${like}
               or array_to_string(e.address, ' ') ilike ${like} or e.postcode ilike ${like})
        order by e.surname, e.forename limit 50`,
  );
  await audit(ctx.db, [
    {
      actorId: actor.memberId,
      action: 'view',
      subjectType: 'elector_search',
      branchId: branch.id,
      detail: { results: rows.length },
    },
  ]);
  return {
    electors: rows.map((r) => ({ ...presentElector(r), removed: r.removed })),
  };
}

async function historyOf(db: Executor, electorId: string) {
  const records = await db
    .select({
      id: canvassRecords.id,
      madeAt: canvassRecords.madeAt,
      receivedAt: canvassRecords.receivedAt,
      outcome: canvassRecords.outcome,
      intention: canvassRecords.intention,
      strength: canvassRecords.strength,
      flags: canvassRecords.flags,
      issues: canvassRecords.issues,
      note: canvassRecords.note,
      canvasserId: canvassRecords.canvasserId,
      walkId: canvassRecords.walkId,
    })
    .from(canvassRecords)
    .where(eq(canvassRecords.electorId, electorId))
    .orderBy(desc(canvassRecords.madeAt), desc(canvassRecords.id));
  const turnout = await queryRows<{ election: string; heldOn: string; postal: boolean }>(
    db,
    sql`select el.name as election, el.held_on::text as "heldOn", t.postal from elector_turnout t
        join elections el on el.id = t.election_id where t.elector_id = ${electorId} order by el.held_on desc`,
  );
  return { records, turnout };
}

/** One elector with their turnout and every doorstep record; the latest intention is the one made last. */
export async function electorDetail(ctx: ServiceContext, actor: Actor, id: string) {
  const e = await electorFor(ctx, actor, id, false);
  const { records, turnout } = await historyOf(ctx.db, e.id);
  await audit(ctx.db, [
    {
      actorId: actor.memberId,
      action: 'view',
      subjectType: 'elector',
      subjectId: e.id,
      branchId: e.branchId,
    },
  ]);
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
  const { records, turnout } = await historyOf(ctx.db, e.id);
  const walks = await queryRows<{ walk: string; door: number }>(
    ctx.db,
    sql`select w.name as walk, we.door from walk_electors we join walks w on w.id = we.walk_id where we.elector_id = ${e.id}`,
  );
  await audit(ctx.db, [
    {
      actorId: actor.memberId,
      action: 'export',
      subjectType: 'elector',
      subjectId: e.id,
      branchId: e.branchId,
    },
  ]);
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
  const deleted = await ctx.db.transaction(async (tx) => {
    const [n] = await queryRows<{ n: number }>(
      tx,
      sql`select count(*)::int as n from canvass_records where elector_id = ${e.id}`,
    );
    await tx
      .insert(electorSuppressions)
      .values({ branchId: e.branchId, keyHash: suppressionHash(e.matchKey) })
      .onConflictDoNothing();
    await tx.delete(electors).where(eq(electors.id, e.id));
    await audit(tx, [
      {
        actorId: actor.memberId,
        action: 'erase',
        subjectType: 'elector',
        subjectId: e.id,
        branchId: e.branchId,
        detail: { canvassRecords: n?.n ?? 0 },
      },
    ]);
    return n?.n ?? 0;
  });
  return { erased: true, canvassRecords: deleted };
}

/** Deletes canvass records made before the retention period and past sessions' sign-ups; logs the run. */
export async function runRetention(db: Executor, days: number, now = new Date()) {
  const cutoff = new Date(now.getTime() - days * 86_400_000);
  return db.transaction(async (tx) => {
    const records = await queryRows<{ id: string }>(
      tx,
      sql`delete from canvass_records where made_at < ${cutoff.toISOString()} returning id`,
    );
    const signups = await queryRows<{ id: string }>(
      tx,
      sql`delete from session_signups s using canvass_sessions c
          where c.id = s.session_id and c.ends_at < ${cutoff.toISOString()} returning s.id`,
    );
    const run = { id: newId(), ranAt: now, cutoff, canvassRecords: records.length, signups: signups.length };
    await tx.insert(retentionRuns).values(run);
    await audit(tx, [
      {
        actorId: null,
        action: 'erase',
        subjectType: 'retention',
        subjectId: run.id,
        detail: { canvassRecords: records.length, signups: signups.length, days },
      },
    ]);
    return { ...run, ranAt: run.ranAt.toISOString(), cutoff: run.cutoff.toISOString() };
  });
}

export async function retentionStatus(ctx: ServiceContext, actor: Actor) {
  if (scopeOf(actor, 'electors.rights').length === 0)
    throw forbidden('Only data officers see the retention job');
  const runs = await ctx.db.select().from(retentionRuns).orderBy(desc(retentionRuns.ranAt)).limit(10);
  return {
    days: ctx.config.canvassRetentionDays,
    runs: runs.map((r) => ({ ...r, ranAt: r.ranAt.toISOString(), cutoff: r.cutoff.toISOString() })),
  };
}

export async function retentionNow(ctx: ServiceContext, actor: Actor) {
  if (scopeOf(actor, 'electors.rights').length === 0)
    throw forbidden('Only data officers run the retention job');
  return runRetention(ctx.db, ctx.config.canvassRetentionDays);
}

/** Issues raised on the doorstep in a branch and below it, by how often: tags only, never who raised them. */
const countIssues = (db: Executor, branch: BranchRow, days: number) =>
  queryRows<{ issue: string; raised: number }>(
    db,
    sql`select issue, count(*)::int as raised from canvass_records r, unnest(r.issues) as issue
        where ${branchIdWithin(sql`r.branch_id`, branch.path)}
          and r.made_at > now() - make_interval(days => ${days})
        group by issue order by raised desc, issue limit 50`,
  );

export async function topIssues(ctx: ServiceContext, actor: Actor, branchId: string, days: number) {
  const branch = await branchFor(ctx.db, actor, branchId, 'canvass.organise');
  return {
    branch: { id: branch.id, name: branch.name },
    days,
    issues: await countIssues(ctx.db, branch, days),
  };
}

/** The issues as CSV (issue, times raised): for organisers, audited. */
export async function issuesCsv(ctx: ServiceContext, actor: Actor, branchId: string, days: number) {
  const branch = await branchFor(ctx.db, actor, branchId, 'canvass.export');
  const issues = await countIssues(ctx.db, branch, days);
  await audit(ctx.db, [
    {
      actorId: actor.memberId,
      action: 'export',
      subjectType: 'doorstep_issues',
      branchId,
      detail: { rows: issues.length, days },
    },
  ]);
  return [csvLine(['issue', 'raised']), ...issues.map((i) => csvLine([i.issue, i.raised]))].join('');
}

/**
 * Sends statements an organiser wrote from the doorstep's issues to a Common Ground conversation of the
 * branch, through Common Ground's own posting (the abuse screen and moderation apply): seed statements
 * with no author, so nothing of who raised them goes with them.
 */
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
