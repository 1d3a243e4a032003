/**
 * "Which matters more?": members of the branch compare the draft's clauses two at a time; the scores
 * (the chance a clause beats a randomly chosen other one) and Bradley–Terry strengths are shown overall
 * and per opinion group of the conversation most clauses came from, so the committee sees whether the
 * priorities bridge too. Answers are read only in aggregate.
 */
import type { z } from 'zod';
import { latestAnalysis, groupLabel, OTHERS, publicGroups } from '../deliberation/index.ts';
import type { ServiceContext } from '../lib/context.ts';
import { newId } from '../lib/ids.ts';
import { bradleyTerry, kendallTau, nextPair, type Comparison } from '../math/pairwise.ts';
import type { Actor } from '../core/permissions.ts';
import { AppError } from '../core/errors.ts';
import { readable } from './manifesto.service.ts';
import type { compareBody } from '../contract/manifesto.ts';
import { clausesAmong } from './manifesto.repo.ts';
import * as repo from './priority.repo.ts';

/** The fewest members who answered for a group's priorities to be shown. */
const MIN_GROUP = 5;

const present = (c: repo.Item) => ({ id: c.id, text: c.text, section: c.section });

/** The next pair for this member: clauses seen least first, pairs they have not been shown preferred. */
export async function nextComparison(ctx: ServiceContext, actor: Actor, id: string, skip?: string[]) {
  const m = await readable(ctx.db, actor, id);
  const list = await repo.items(ctx.db, m.id);
  const index = new Map(list.map((c, i) => [c.id, i]));
  const counts = await repo.timesCompared(ctx.db, m.id);
  const seen = new Int32Array(list.length);
  for (const r of counts) {
    const i = index.get(r.clause);
    if (i !== undefined) seen[i] = r.n;
  }
  const mine = await repo.comparisonsBy(ctx.db, m.id, actor.memberId);
  const shown = new Set(mine.flatMap((c) => [`${c.winner}|${c.loser}`, `${c.loser}|${c.winner}`]));
  // A pair the member could not decide is not offered straight back.
  if (skip?.length === 2)
    for (const key of [`${skip[0]}|${skip[1]}`, `${skip[1]}|${skip[0]}`]) shown.add(key);
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
  const both = await clausesAmong(ctx.db, m.id, [body.winnerId, body.loserId]);
  if (both.length !== 2) throw new AppError('NOT_FOUND', 'Clause was not found in this manifesto');
  await repo.insertComparison(ctx.db, {
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
  const list = await repo.items(ctx.db, m.id);
  const index = new Map(list.map((c, i) => [c.id, i]));
  const rows = await repo.comparisonsOf(ctx.db, m.id);
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
  const analysis = conversationId ? await latestAnalysis(ctx, conversationId) : null;
  if (conversationId && analysis) {
    const shown = publicGroups(analysis.report);
    const byNumber = new Map(analysis.report.participants.map((p) => [p.id, p.group]));
    const voters = [...new Set(rows.flatMap((r) => (r.member ? [r.member] : [])))];
    const links = await repo.participantNumbers(ctx.db, conversationId, voters);
    for (const l of links) {
      const g = byNumber.get(String(l.number));
      if (l.member && g !== undefined && g !== null) groupOf.set(l.member, shown.get(g) ?? OTHERS);
    }
  }
  // A group's column needs at least five of its members' answers (one member's would be shown as a
  // group's view, and would say how that member answered): smaller groups go into "others", shown
  // only if they make five together.
  const membersIn = new Map<number, number>();
  for (const g of groupOf.values()) membersIn.set(g, (membersIn.get(g) ?? 0) + 1);
  for (const [member, g] of groupOf)
    if (g !== OTHERS && (membersIn.get(g) ?? 0) < MIN_GROUP) groupOf.set(member, OTHERS);
  const counted = new Map<number, number>();
  for (const g of groupOf.values()) counted.set(g, (counted.get(g) ?? 0) + 1);
  const groupIds = [...counted.entries()]
    .filter(([, n]) => n >= MIN_GROUP)
    .map(([g]) => g)
    .sort((a, b) => (a === OTHERS ? 1 : b === OTHERS ? -1 : a - b));
  const groups = groupIds.map((g) => {
    const own = rows.filter((r) => r.member !== null && groupOf.get(r.member) === g);
    const fit = bradleyTerry(list.length, own.flatMap(toComparison));
    return {
      id: g,
      label: groupLabel(g),
      answered: counted.get(g) ?? 0,
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
