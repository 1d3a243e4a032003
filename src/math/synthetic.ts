/**
 * Synthetic conversations with planted opinion groups, for tests, benchmarks and demo content. Each group
 * has, for every statement, its own chances of agree / disagree / pass; the generator keeps them so a
 * Bayes oracle can classify participants with the true model (the ceiling any method can reach).
 */
import type { StatementInput, VoteEvent } from './matrix.ts';
import { rng, type Rng } from './random.ts';

export type PlantedKind = 'bridging' | 'divisive' | 'partisan' | 'rejected' | 'noise';

export interface PlantedSpec {
  groups: number;
  participants: number;
  statements: number;
  seed: number;
  /** Mean votes per participant (heavy-tailed around it); default 30. */
  meanVotes?: number;
  /** Share of passes; default 0.15. */
  passRate?: number;
  /** The largest group's share over the smallest's (shares in geometric steps); default 1.6^(groups − 1). */
  sizeRatio?: number;
  /** Spread of the log-normal number of votes each participant casts (σ of its log); default 0.8. */
  participationSigma?: number;
  /** Exposure: statement j is drawn with weight 1 / (1 + j / exposureScale); default 15 (smaller: steeper). */
  exposureScale?: number;
  /**
   * Loyalty range [low, high]: each participant's loyalty is drawn uniformly from it, and each vote follows
   * their group's chances with that probability, else the whole conversation's (a member who barely votes
   * with their faction votes like anyone). Default [1, 1]: every vote as the group votes.
   */
  loyalty?: readonly [number, number];
}

export interface Planted {
  votes: VoteEvent[];
  statements: StatementInput[];
  kinds: PlantedKind[];
  /** True group of each participant ("p0", "p1", … in order). */
  truth: Int32Array;
  /** Group shares. */
  weights: Float64Array;
  /** [group][statement][agree, disagree, pass]. */
  probs: Float64Array;
  /** Each participant's loyalty (1 when the spec gives no range). */
  loyalty: Float64Array;
  /** [statement][agree, disagree, pass] of the whole conversation: the groups' chances by their shares. */
  overall: Float64Array;
}

function pick(random: Rng, weights: ArrayLike<number>): number {
  let total = 0;
  for (let i = 0; i < weights.length; i++) total += weights[i]!;
  let x = random() * total;
  for (let i = 0; i < weights.length; i++) {
    x -= weights[i]!;
    if (x <= 0) return i;
  }
  return weights.length - 1;
}

export function plantedConversation(spec: PlantedSpec): Planted {
  const random = rng(spec.seed);
  const { groups: k, participants: n, statements: m } = spec;
  const pass = spec.passRate ?? 0.15;
  // Unequal group sizes: shares proportional to 1, 1/r, 1/r², … (by default r = 1.6: the largest about 2–5×
  // the smallest).
  const step = k > 1 && spec.sizeRatio !== undefined ? spec.sizeRatio ** (1 / (k - 1)) : 1.6;
  const weights = new Float64Array(k);
  for (let g = 0; g < k; g++) weights[g] = 1 / step ** g;
  const wsum = weights.reduce((a, b) => a + b, 0);
  for (let g = 0; g < k; g++) weights[g]! /= wsum;

  const kinds: PlantedKind[] = [];
  const probs = new Float64Array(k * m * 3);
  const set = (g: number, j: number, agree: number) => {
    const b = (g * m + j) * 3;
    probs[b] = agree * (1 - pass);
    probs[b + 1] = (1 - agree) * (1 - pass);
    probs[b + 2] = pass;
  };
  for (let j = 0; j < m; j++) {
    const r = random();
    const kind: PlantedKind =
      r < 0.15 ? 'bridging' : r < 0.45 ? 'divisive' : r < 0.8 ? 'partisan' : r < 0.88 ? 'rejected' : 'noise';
    kinds.push(kind);
    if (kind === 'bridging') for (let g = 0; g < k; g++) set(g, j, 0.85 + 0.1 * random());
    else if (kind === 'rejected') for (let g = 0; g < k; g++) set(g, j, 0.05 + 0.1 * random());
    else if (kind === 'noise') for (let g = 0; g < k; g++) set(g, j, 0.4 + 0.2 * random());
    else if (kind === 'partisan') {
      const own = Math.floor(random() * k);
      for (let g = 0; g < k; g++) set(g, j, g === own ? 0.85 + 0.1 * random() : 0.15 + 0.2 * random());
    } else {
      // Divisive: a random half of the groups for, the rest against (never all on one side).
      const side = Array.from({ length: k }, () => random() < 0.5);
      if (side.every(Boolean) || !side.some(Boolean)) side[Math.floor(random() * k)] = !side[0];
      for (let g = 0; g < k; g++) set(g, j, side[g] ? 0.8 + 0.15 * random() : 0.05 + 0.15 * random());
    }
  }

  const overall = new Float64Array(m * 3);
  for (let g = 0; g < k; g++)
    for (let c = 0; c < m * 3; c++) overall[c]! += weights[g]! * probs[g * m * 3 + c]!;
  // Early statements are seen more: statement j is drawn with weight 1 / (1 + j / 15).
  const scale = spec.exposureScale ?? 15;
  const seenWeight = Float64Array.from({ length: m }, (_, j) => 1 / (1 + j / scale));
  const mean = spec.meanVotes ?? 30;
  const sigma = spec.participationSigma ?? 0.8;
  const [low, high] = spec.loyalty ?? [1, 1];
  const loyalty = new Float64Array(n).fill(1);
  const truth = new Int32Array(n);
  const votes: VoteEvent[] = [];
  let time = 0;
  for (let i = 0; i < n; i++) {
    const g = pick(random, weights);
    truth[i] = g;
    if (low < 1) loyalty[i] = low + (high - low) * random();
    // Heavy-tailed: log-normal number of votes (its mean `mean`), at least 3, at most every statement.
    const z = Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
    const count = Math.max(3, Math.min(m, Math.round(mean * Math.exp(sigma * z - (sigma * sigma) / 2))));
    const w = seenWeight.slice();
    for (let c = 0; c < count; c++) {
      const j = pick(random, w);
      w[j] = 0;
      const loyal = loyalty[i] === 1 || random() < loyalty[i]!;
      const [src, b] = loyal ? [probs, (g * m + j) * 3] : [overall, j * 3];
      const o = pick(random, [src[b]!, src[b + 1]!, src[b + 2]!]);
      votes.push({
        participant: `p${i}`,
        statement: `s${j}`,
        vote: o === 0 ? 1 : o === 1 ? -1 : 0,
        time: time++,
      });
    }
  }
  const statements: StatementInput[] = kinds.map((_, j) => ({ id: `s${j}`, status: 'accepted' }));
  return { votes, statements, kinds, truth, weights, probs, loyalty, overall };
}

/** The Bayes oracle: each participant's most probable group under the true model. */
export function oracleGroups(
  p: Planted,
  participants: readonly string[],
  m: { rowPtr: Int32Array; rowCol: Int32Array; rowVal: Int8Array },
  statementIndex: (j: number) => number,
): Int32Array {
  const k = p.weights.length;
  const ms = p.kinds.length;
  const out = new Int32Array(participants.length);
  for (let i = 0; i < participants.length; i++) {
    let best = 0;
    let bestL = -Infinity;
    for (let g = 0; g < k; g++) {
      let l = Math.log(p.weights[g]!);
      const lambda = p.loyalty[Number(participants[i]!.slice(1))] ?? 1;
      for (let q = m.rowPtr[i]!; q < m.rowPtr[i + 1]!; q++) {
        const j = statementIndex(m.rowCol[q]!);
        const v = m.rowVal[q]!;
        const o = v > 0 ? 0 : v < 0 ? 1 : 2;
        // Each vote as the true model makes it: the group's chances with the participant's loyalty.
        l += Math.log(lambda * p.probs[(g * ms + j) * 3 + o]! + (1 - lambda) * p.overall[j * 3 + o]!);
      }
      if (l > bestL) {
        bestL = l;
        best = g;
      }
    }
    out[i] = best;
  }
  return out;
}
