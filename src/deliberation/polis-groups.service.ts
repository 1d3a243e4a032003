/**
 * Polis's own groups beside ours. Polis's group ids depend on a conversation's history (warm starts, the
 * k-smoother), which an export does not carry, so a cold start cannot be held to them; instead an import
 * keeps them as a reference layer, and those who run the conversation see how their groups map onto ours:
 * a table of how many of each Polis group fall in each of our groups, and one figure of agreement (the
 * adjusted Rand index, 1 when the two are the same grouping). Counts only, never who.
 */
import { adjustedRand } from '../math/ari.ts';
import type { ServiceContext } from '../lib/context.ts';
import type { Actor } from '../core/permissions.ts';
import type { PolisComparison } from '../contract/deliberation.ts';
import { latestAnalysis } from './analysis.service.ts';
import { mapSample, OTHERS, publicGroups, round } from './report.service.ts';
import { polisGroupsOf } from './polis.repo.ts';
import { runConversation } from './polis.service.ts';

export async function polisComparison(
  ctx: ServiceContext,
  actor: Actor,
  id: string,
): Promise<PolisComparison> {
  const c = await runConversation(ctx, actor, id);
  const [reference, analysis] = await Promise.all([polisGroupsOf(ctx.db, c.id), latestAnalysis(ctx, c.id)]);
  if (reference.length === 0)
    return {
      available: false,
      analysed: analysis !== null,
      groups: [],
      agreement: null,
      compared: 0,
      points: [],
    };
  const shown = analysis ? publicGroups(analysis.report) : new Map<number, number>();
  const placed = (analysis?.report.participants ?? []).filter((p) => p.group !== null);
  const ours = new Map(placed.map((p) => [p.id, shown.get(p.group ?? OTHERS) ?? OTHERS] as const));
  const polisOf = new Map(reference.map((r) => [String(r.number), r.polis_group]));
  // The same positions as the opinion map, coloured both ways (a deterministic sample, no ids).
  const both = placed.filter((p) => polisOf.has(p.id));
  const points = mapSample(both).map(
    (p) => [round(p.x), round(p.y), ours.get(p.id) ?? OTHERS, polisOf.get(p.id) ?? 0] as const,
  );
  const table = new Map<number, Map<number | null, number>>();
  const a: number[] = [];
  const b: number[] = [];
  for (const r of reference) {
    const mine = ours.get(String(r.number)) ?? null;
    const row = table.get(r.polis_group) ?? new Map<number | null, number>();
    row.set(mine, (row.get(mine) ?? 0) + 1);
    table.set(r.polis_group, row);
    if (mine !== null) {
      a.push(r.polis_group);
      b.push(mine);
    }
  }
  return {
    available: true,
    analysed: analysis !== null,
    compared: a.length,
    points,
    agreement: a.length > 1 ? adjustedRand(a, b) : null,
    groups: [...table.entries()]
      .sort(([x], [y]) => x - y)
      .map(([polisGroup, row]) => ({
        polisGroup,
        size: [...row.values()].reduce((s, n) => s + n, 0),
        ours: [...row.entries()]
          .sort(([x], [y]) => (x ?? 99) - (y ?? 99))
          .map(([group, count]) => ({ group, count })),
      })),
  };
}
