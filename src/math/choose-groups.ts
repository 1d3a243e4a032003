/**
 * Choosing the groups of a conversation: fixed by the caller, Polis's k-means, or the latent-class model
 * started on a sample of participants, finished on a wider one and applied to everyone; and ids kept stable
 * from one update to the next.
 */
import type { AnalyzeOptions, Method } from './analyze.ts';
import {
  clusteringStatements,
  findGroups,
  membershipsOver,
  refineOver,
  type LatentClassFit,
  type Memberships,
} from './groups.ts';
import type { GroupModel } from './live.ts';
import type { VoteMatrix } from './matrix.ts';
import { polisGroups } from './polis.ts';
import { hashString } from './random.ts';
import { kStability, unreliableBecause, type UnreliableReason } from './uncertainty.ts';

/** How sure the engine is of the groups it chose (see uncertainty.ts). */
export interface GroupUncertainty {
  /** Each participant's probability of their own group (NaN: in none). */
  certainty: Float64Array;
  /** Each group's size as a 95% interval [low, high] (memberships being probabilities). */
  sizeInterval: [number, number][];
  /** Share of resamples of the participants that choose the same number of groups. */
  kStability: number;
  /** Mean probability of participants' own groups. */
  meanCertainty: number;
  /** Why the groups are not yet reliable; empty when they are. */
  reasons: UnreliableReason[];
}

/** Ids for the new groups: each takes the previous id it shares most participants with (greedy, largest first). */
export function stableIds(
  m: VoteMatrix,
  group: Int32Array,
  k: number,
  previous: ReadonlyMap<string, number>,
): number[] {
  const overlap = new Map<string, number>();
  m.participants.forEach((id, i) => {
    const before = previous.get(id);
    if (group[i]! >= 0 && before !== undefined)
      overlap.set(`${group[i]!},${before}`, (overlap.get(`${group[i]!},${before}`) ?? 0) + 1);
  });
  const pairs = [...overlap.entries()].map(([key, n]) => ({
    g: Number(key.split(',')[0]),
    old: Number(key.split(',')[1]),
    n,
  }));
  pairs.sort((a, b) => b.n - a.n || a.g - b.g || a.old - b.old);
  const ids = new Array<number>(k).fill(-1);
  const taken = new Set<number>();
  for (const { g, old } of pairs) {
    if (ids[g] !== -1 || taken.has(old)) continue;
    ids[g] = old;
    taken.add(old);
  }
  let next = 0;
  for (let g = 0; g < k; g++) {
    if (ids[g] !== -1) continue;
    while (taken.has(next)) next++;
    ids[g] = next;
    taken.add(next);
  }
  return ids;
}

export function chooseGroups(
  m: VoteMatrix,
  opts: AnalyzeOptions,
  method: Method,
  inConv: Uint8Array,
  proj: Float64Array,
  d: number,
  proj2: Float64Array,
): { group: Int32Array; ids: number[]; model: GroupModel | null; uncertainty?: GroupUncertainty } {
  const n = m.participants.length;
  const group = new Int32Array(n).fill(-1);
  if (opts.groups) {
    const ids = [...new Set(opts.groups.values())].sort((a, b) => a - b);
    const index = new Map(ids.map((g, i) => [g, i]));
    m.participants.forEach((pid, i) => {
      const g = opts.groups?.get(pid);
      if (g !== undefined) group[i] = index.get(g)!;
    });
    return { group, ids, model: null };
  }
  if (method === 'polis') {
    const pg = polisGroups(proj2, inConv, opts.seed ?? 1);
    return { group: pg.group, ids: Array.from({ length: pg.k }, (_, i) => i), model: null };
  }
  const members: number[] = [];
  for (let i = 0; i < n; i++) if (inConv[i]) members.push(i);
  if (members.length === 0) {
    // Nobody to place: nothing to be unsure of but that.
    const uncertainty: GroupUncertainty = {
      certainty: new Float64Array(n).fill(Number.NaN),
      sizeInterval: [],
      kStability: 0,
      meanCertainty: 0,
      reasons: ['few-participants'],
    };
    return { group, ids: [], model: null, uncertainty };
  }
  // Nested samples by the same hash: started on `sample`, finished and judged on `wider`, everyone assigned.
  const wider = sampleRows(m, members, Math.max(opts.refineSample ?? 20_000, opts.fitSample ?? 5000));
  const sample = sampleRows(m, wider, opts.fitSample ?? 5000);
  const rows = Int32Array.from(sample);
  const pts = new Float64Array(rows.length * d);
  rows.forEach((i, r) => pts.set(proj.subarray(i * d, i * d + d), r * d));
  // Started on the sample, finished and judged on the wider one: k is chosen by the evidence of many more
  // participants than the sample holds, at the cost of a few passes over them.
  const over = sample.length === wider.length ? undefined : refineOver(m, Int32Array.from(wider));
  const refine = over?.refine;
  const { best, fits } = findGroups(m, rows, pts, d, refine ? { refine } : {});
  // Everyone under the chosen fit: their groups, and how sure each membership is.
  const held =
    over && wider.length === members.length
      ? over.memberships(best)
      : membershipsOver(m, Int32Array.from(members), best);
  const { assignment } = held;
  // Number groups by size, largest first, dropping any that ended empty.
  const size = new Int32Array(best.k);
  for (const c of assignment) size[c]!++;
  const order = [...Array(best.k).keys()]
    .filter((c) => size[c]! > 0)
    .sort((a, b) => size[b]! - size[a]! || a - b);
  const rename = new Int32Array(best.k).fill(-1);
  order.forEach((c, i) => (rename[c] = i));
  members.forEach((i, r) => (group[i] = rename[assignment[r]!]!));
  // The live model uses the same numbering: columns of the fitted model reordered to match.
  const kk = order.length;
  const logTheta = new Float64Array(m.statements.length * 3 * kk);
  for (let row = 0; row < m.statements.length * 3; row++)
    order.forEach((c, i) => (logTheta[row * kk + i] = best.logTheta[row * best.k + c]!));
  const logPi = Float64Array.from(order, (c) => best.logPi[c]!);
  const model = { k: kk, logTheta, logPi };
  return {
    group,
    ids: order.map((_, i) => i),
    model,
    uncertainty: uncertaintyOf(m, held, members, order, fits, best, opts.seed ?? 1),
  };
}

function medianVotes(m: VoteMatrix, members: number[]): number {
  const votes = members.map((i) => m.rowPtr[i + 1]! - m.rowPtr[i]!).sort((a, b) => a - b);
  return votes[votes.length >> 1] ?? 0;
}

/** The chosen fit's uncertainty, in the groups' final numbering (`order`: fitted class of each group). */
function uncertaintyOf(
  m: VoteMatrix,
  held: Memberships,
  members: number[],
  order: number[],
  fits: LatentClassFit[],
  best: LatentClassFit,
  seed: number,
): GroupUncertainty {
  const certainty = new Float64Array(m.participants.length).fill(Number.NaN);
  let total = 0;
  members.forEach((i, r) => {
    certainty[i] = held.certainty[r]!;
    total += held.certainty[r]!;
  });
  const sizeInterval = order.map((c): [number, number] => {
    const spread = 1.96 * Math.sqrt(held.variance[c]!);
    return [Math.max(0, Math.floor(held.expected[c]! - spread)), Math.ceil(held.expected[c]! + spread)];
  });
  const figures = {
    placed: members.length,
    k: order.length,
    kStability: kStability(fits, best, seed),
    meanCertainty: total / members.length,
    medianVotes: medianVotes(m, members),
    statements: clusteringStatements(m).reduce((a, b) => a + b, 0),
  };
  return { certainty, sizeInterval, ...figures, reasons: unreliableBecause(figures) };
}

/** A deterministic sample of at most `max` rows, chosen by a hash of the participant id. */
function sampleRows(m: VoteMatrix, members: number[], max: number): number[] {
  if (members.length <= max) return members;
  const scored = members.map((i) => ({ i, h: hashString(m.participants[i]!) }));
  scored.sort((a, b) => a.h - b.h || a.i - b.i);
  return scored
    .slice(0, max)
    .map((s) => s.i)
    .sort((a, b) => a - b);
}
