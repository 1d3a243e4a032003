/**
 * Polis's grouping pipeline, for people moving from Polis and for checking a published Polis report:
 * participants "in the conversation", 2-D projection, 100 base clusters by k-means, then weighted k-means
 * of the base centres for k = 2..min(5, 2 + ⌊bases/12⌋), k chosen by silhouette.
 */
import { firstDistinct, kmeans, silhouette } from './kmeans.ts';
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
export function polisGroups(proj2: Float64Array, inConv: Uint8Array): PolisGroups {
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
    const g = kmeans(base.centers, base.k, 2, firstDistinct(base.centers, base.k, 2, k), {
      weights,
      maxIter: 100,
    });
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
