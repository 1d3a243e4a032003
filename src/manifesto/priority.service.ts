/**
 * "Which matters more?": members of the branch compare the draft's clauses two at a time; the scores
 * (the chance a clause beats a randomly chosen other one) and Bradley–Terry strengths are shown overall
 * and per opinion group of the conversation most clauses came from, so the committee sees whether the
 * priorities bridge too. Answers are read only in aggregate.
 */
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { z } from 'zod';
import { queryRows, type Executor } from '../db/client.ts';
import { clauses, manifestoSections, participants, priorityComparisons } from '../db/schema/index.ts';
import { latestAnalysis, groupLabel, OTHERS, publicGroups } from '../deliberation/index.ts';
import type { ServiceContext } from '../lib/context.ts';
import { newId } from '../lib/ids.ts';
import { bradleyTerry, kendallTau, nextPair, type Comparison } from '../math/pairwise.ts';
import type { Actor } from '../core/permissions.ts';
import { AppError } from '../core/errors.ts';
import { readable } from './manifesto.service.ts';
import type { compareBody } from './manifesto.schema.ts';

interface Item {
  id: string;
  text: string;
  section: string;
  conversationId: string | null;
}

/** The draft's clauses, in document order. */
async function items(db: Executor, manifestoId: string): Promise<Item[]> {
  return db
    .select({
      id: clauses.id,
      text: clauses.text,
      section: manifestoSections.title,
      conversationId: clauses.conversationId,
    })
    .from(clauses)
    .innerJoin(manifestoSections, eq(manifestoSections.id, clauses.sectionId))
    .where(eq(manifestoSections.manifestoId, manifestoId))
    .orderBy(asc(manifestoSections.position), asc(clauses.position));
}

const present = (c: Item) => ({ id: c.id, text: c.text, section: c.section });

/** The next pair for this member: clauses seen least first, pairs they have not been shown preferred. */
export async function nextComparison(ctx: ServiceContext, actor: Actor, id: string) {
  const m = await readable(ctx.db, actor, id);
  const list = await items(ctx.db, m.id);
  const index = new Map(list.map((c, i) => [c.id, i]));
  const counts = await queryRows<{ clause: string; n: number }>(
    ctx.db,
    sql`select clause, count(*)::int as n from (
          select winner_id as clause from ${priorityComparisons} where manifesto_id = ${m.id}
          union all select loser_id from ${priorityComparisons} where manifesto_id = ${m.id}) x
        group by clause`,
  );
  const seen = new Int32Array(list.length);
  for (const r of counts) {
    const i = index.get(r.clause);
    if (i !== undefined) seen[i] = r.n;
  }
  const mine = await ctx.db
    .select({ winner: priorityComparisons.winnerId, loser: priorityComparisons.loserId })
    .from(priorityComparisons)
    .where(and(eq(priorityComparisons.manifestoId, m.id), eq(priorityComparisons.memberId, actor.memberId)));
  const shown = new Set(mine.flatMap((c) => [`${c.winner}|${c.loser}`, `${c.loser}|${c.winner}`]));
  const pair = nextPair(seen, (i, j) => shown.has(`${list[i]?.id}|${list[j]?.id}`), Math.random);
  const left = pair ? list[pair[0]] : undefined;
  const right = pair ? list[pair[1]] : undefined;
  return {
    manifesto: { id: m.id, title: m.title },
    pair: left && right ? [present(left), present(right)] : null,
    compared: mine.length,
    clauses: list.length,
  };
}

/** Records that the member prefers one clause to the other, and gives the next pair. */
export async function compare(
  ctx: ServiceContext,
  actor: Actor,
  id: string,
  body: z.infer<typeof compareBody>,
) {
  const m = await readable(ctx.db, actor, id);
  if (body.winnerId === body.loserId) throw new AppError('VALIDATION_FAILED', 'Choose between two clauses');
  const both = await ctx.db
    .select({ id: clauses.id })
    .from(clauses)
    .innerJoin(manifestoSections, eq(manifestoSections.id, clauses.sectionId))
    .where(and(eq(manifestoSections.manifestoId, m.id), inArray(clauses.id, [body.winnerId, body.loserId])));
  if (both.length !== 2) throw new AppError('NOT_FOUND', 'Clause was not found in this manifesto');
  await ctx.db.insert(priorityComparisons).values({
    id: newId(),
    manifestoId: m.id,
    memberId: actor.memberId,
    winnerId: body.winnerId,
    loserId: body.loserId,
  });
  return nextComparison(ctx, actor, id);
}

/**
 * The priorities: every clause's score and Bradley–Terry strength overall, and per opinion group of the
 * conversation most clauses came from (groups under five merged into "others", as in its report), with
 * how closely each group's order follows the overall one (Kendall's tau).
 */
export async function priorities(ctx: ServiceContext, actor: Actor, id: string) {
  const m = await readable(ctx.db, actor, id);
  const list = await items(ctx.db, m.id);
  const index = new Map(list.map((c, i) => [c.id, i]));
  const rows = await ctx.db
    .select({
      member: priorityComparisons.memberId,
      winner: priorityComparisons.winnerId,
      loser: priorityComparisons.loserId,
    })
    .from(priorityComparisons)
    .where(eq(priorityComparisons.manifestoId, m.id));
  const toComparison = (r: (typeof rows)[number]): Comparison[] => {
    const winner = index.get(r.winner);
    const loser = index.get(r.loser);
    return winner === undefined || loser === undefined ? [] : [{ winner, loser }];
  };
  const overall = bradleyTerry(list.length, rows.flatMap(toComparison));

  // Each voter's group in the conversation most clauses came from.
  const tally = new Map<string, number>();
  for (const c of list)
    if (c.conversationId) tally.set(c.conversationId, (tally.get(c.conversationId) ?? 0) + 1);
  const conversationId = [...tally.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? null;
  const groupOf = new Map<string, number>();
  const analysis = conversationId ? await latestAnalysis(ctx.db, conversationId) : null;
  if (conversationId && analysis) {
    const shown = publicGroups(analysis.report);
    const byNumber = new Map(analysis.report.participants.map((p) => [p.id, p.group]));
    const voters = [...new Set(rows.flatMap((r) => (r.member ? [r.member] : [])))];
    const links = voters.length
      ? await ctx.db
          .select({ member: participants.memberId, number: participants.number })
          .from(participants)
          .where(and(eq(participants.conversationId, conversationId), inArray(participants.memberId, voters)))
      : [];
    for (const l of links) {
      const g = byNumber.get(String(l.number));
      if (l.member && g !== undefined && g !== null) groupOf.set(l.member, shown.get(g) ?? OTHERS);
    }
  }
  const groupIds = [...new Set(groupOf.values())].sort((a, b) =>
    a === OTHERS ? 1 : b === OTHERS ? -1 : a - b,
  );
  const groups = groupIds.map((g) => {
    const own = rows.filter((r) => r.member !== null && groupOf.get(r.member) === g);
    const fit = bradleyTerry(list.length, own.flatMap(toComparison));
    return {
      id: g,
      label: groupLabel(g),
      comparisons: own.length,
      agreementWithOverall: kendallTau(fit.score, overall.score),
      scores: Object.fromEntries(list.map((c, i) => [c.id, fit.score[i] ?? 50])),
    };
  });
  const ranked = list
    .map((c, i) => ({
      ...present(c),
      score: overall.score[i] ?? 50,
      strength: overall.strength[i] ?? 1,
      wins: overall.wins[i] ?? 0,
      losses: overall.losses[i] ?? 0,
    }))
    .sort((a, b) => b.score - a.score);
  return {
    manifesto: { id: m.id, title: m.title },
    comparisons: rows.length,
    voters: new Set(rows.map((r) => r.member)).size,
    clauses: ranked,
    groups,
  };
}
