/**
 * Polis's grouping pipeline, for people moving from Polis and for checking a published Polis report:
 * participants "in the conversation", 2-D projection, 100 base clusters by k-means, then weighted k-means
 * of the base centres for k = 2..min(5, 2 + ⌊bases/12⌋), k chosen by silhouette. The group step is
 * restarted from several seeds (see groupKmeans), standing in for the warm starts of a live Polis.
 */
import { firstDistinct, kmeans, kmeansPlusPlus, silhouette, withinSS, type Clustering } from './kmeans.ts';
import { rng } from './random.ts';
import { voteCounts, type VoteMatrix } from './matrix.ts';

/** Polis's rule: ≥ min(7, statements) votes; if fewer than 15 qualify, the top voters are added up to 15. */
export function inConversation(m: VoteMatrix): Uint8Array {
  const counts = voteCounts(m);
  const n = counts.length;
  const need = Math.min(7, m.statements.length);
  const inConv = new Uint8Array(n);
  let count = 0;
  for (let i = 0; i < n; i++) {
    if (counts[i]! >= need) {
      inConv[i] = 1;
      count++;
    }
  }
  if (count < 15) {
    const rest = [...Array(n).keys()]
      .filter((i) => !inConv[i])
      .sort((a, b) => counts[b]! - counts[a]! || a - b);
    for (const i of rest.slice(0, 15 - count)) inConv[i] = 1;
  }
  return inConv;
}

export interface PolisGroups {
  /** Group of each participant, -1 for those not clustered. */
  group: Int32Array;
  k: number;
  silhouettes: Record<number, number>;
}

export const BASE_K = 100;

/** Groups participants from their 2-D projections (n × 2) as Polis does, cold start. */
export function polisGroups(proj2: Float64Array, inConv: Uint8Array, seed = 1): PolisGroups {
  const members: number[] = [];
  for (let i = 0; i < inConv.length; i++) if (inConv[i]) members.push(i);
  const pts = new Float64Array(members.length * 2);
  members.forEach((i, r) => {
    pts[r * 2] = proj2[i * 2]!;
    pts[r * 2 + 1] = proj2[i * 2 + 1]!;
  });
  const group = new Int32Array(inConv.length).fill(-1);
  if (members.length === 0) return { group, k: 0, silhouettes: {} };
  const base = kmeans(pts, members.length, 2, firstDistinct(pts, members.length, 2, BASE_K), {
    maxIter: 100,
  });
  const weights = new Float64Array(base.k);
  for (let r = 0; r < members.length; r++) weights[base.assignment[r]!]! += 1;
  const maxK = Math.min(5, 2 + Math.floor(base.k / 12));
  let best: { k: number; s: number; assignment: Int32Array } | null = null;
  const silhouettes: Record<number, number> = {};
  for (let k = 2; k <= maxK; k++) {
    const g = groupKmeans(base.centers, base.k, weights, k, seed);
    const s = silhouette(base.centers, base.k, 2, g.assignment, g.k);
    silhouettes[k] = s;
    // Polis's max-key keeps the last of equal maxima.
    if (!best || s >= best.s) best = { k: g.k, s, assignment: g.assignment };
  }
  if (!best) {
    members.forEach((i) => (group[i] = 0));
    return { group, k: 1, silhouettes };
  }
  members.forEach((i, r) => (group[i] = best.assignment[base.assignment[r]!]!));
  return { group, k: best.k, silhouettes };
}

/** Restarts of the weighted k-means of base centres, besides Polis's own first-distinct start. */
export const GROUP_RESTARTS = 10;

/**
 * Weighted k-means of the base centres into k groups. Polis warm-starts this from the previous update,
 * so over a conversation's life its groups settle into a well-converged split; a cold start from the
 * first k centres alone often stops in a poor local minimum (on canadian-electoral-reform it splits the
 * big group and scores ARI 0.17 against Polis's groups). So Polis's start is tried together with seeded
 * k-means++ starts, and the split with the lowest within-group sum of squares is kept.
 */
function groupKmeans(
  centers: Float64Array,
  n: number,
  weights: Float64Array,
  k: number,
  seed: number,
): Clustering {
  const opts = { weights, maxIter: 100 };
  let best = kmeans(centers, n, 2, firstDistinct(centers, n, 2, k), opts);
  let bestSS = withinSS(centers, 2, best, weights);
  const random = rng(seed * 7919 + k);
  for (let r = 1; r < GROUP_RESTARTS; r++) {
    const g = kmeans(centers, n, 2, kmeansPlusPlus(centers, n, 2, k, random, weights), {
      ...opts,
      threshold: 1e-9,
    });
    const ss = withinSS(centers, 2, g, weights);
    if (g.k === k && ss < bestSS - 1e-9) {
      best = g;
      bestSS = ss;
    }
  }
  return best;
}
