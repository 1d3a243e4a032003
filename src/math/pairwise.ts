/**
 * "Which matters more?": pairwise comparisons in the style of All Our Ideas.
 *
 * - Bradley–Terry strengths by Hunter's MM algorithm, with a weak prior (each item has one virtual draw,
 *   half a win and half a loss, against a reference item of strength 1) so an item that never lost or never
 *   won still gets a finite strength.
 * - The score of an item is the chance that it beats a randomly chosen other item, P(i beats j) =
 *   π_i / (π_i + π_j) averaged over every other item j, as a percentage.
 * - Pairs are chosen so new items catch up: one side is an item seen least so far (ties broken at random),
 *   the other a random item, preferring pairs this voter has not yet been shown.
 */
import type { Rng } from './random.ts';

/** One comparison: the index of the item that won and of the one that lost. */
export interface Comparison {
  winner: number;
  loser: number;
}

export interface PairwiseResult {
  /** Bradley–Terry strength of each item (geometric mean 1). */
  strength: Float64Array;
  /** Chance (0..100) of beating a randomly chosen other item. */
  score: Float64Array;
  wins: Int32Array;
  losses: Int32Array;
}

/** Bradley–Terry strengths and scores of `n` items from their comparisons. */
export function bradleyTerry(
  n: number,
  comparisons: readonly Comparison[],
  iterations = 200,
): PairwiseResult {
  const wins = new Int32Array(n);
  const losses = new Int32Array(n);
  // Comparisons per unordered pair, as a dense matrix (the number of clauses is small).
  const games = new Float64Array(n * n);
  for (const c of comparisons) {
    if (c.winner === c.loser || c.winner < 0 || c.loser < 0 || c.winner >= n || c.loser >= n) continue;
    wins[c.winner]!++;
    losses[c.loser]!++;
    games[c.winner * n + c.loser]! += 1;
    games[c.loser * n + c.winner]! += 1;
  }
  const PRIOR = 0.5; // half a win and half a loss against the reference item (strength 1)
  let pi = new Float64Array(n).fill(1);
  for (let it = 0; it < iterations; it++) {
    const next = new Float64Array(n);
    let maxChange = 0;
    for (let i = 0; i < n; i++) {
      let denom = (2 * PRIOR) / (pi[i]! + 1);
      for (let j = 0; j < n; j++) {
        const g = games[i * n + j]!;
        if (g > 0) denom += g / (pi[i]! + pi[j]!);
      }
      next[i] = (wins[i]! + PRIOR) / denom;
    }
    // Normalise to geometric mean 1.
    let logSum = 0;
    for (let i = 0; i < n; i++) logSum += Math.log(next[i]!);
    const scale = Math.exp(-logSum / Math.max(1, n));
    for (let i = 0; i < n; i++) {
      next[i]! *= scale;
      maxChange = Math.max(maxChange, Math.abs(Math.log(next[i]! / pi[i]!)));
    }
    pi = next;
    if (maxChange < 1e-9) break;
  }
  const score = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < n; j++) if (j !== i) s += pi[i]! / (pi[i]! + pi[j]!);
    score[i] = n > 1 ? (100 * s) / (n - 1) : 50;
  }
  return { strength: pi, score, wins, losses };
}

/**
 * The next pair to show: one of the items seen least (so new ones catch up), and another at random, a
 * pair this voter has not been shown if there is one. `seen[i]` counts the comparisons item i has been in;
 * `shown(i, j)` tells whether this voter has been shown the pair. Null when there are fewer than 2 items.
 */
export function nextPair(
  seen: ArrayLike<number>,
  shown: (i: number, j: number) => boolean,
  random: Rng,
): [number, number] | null {
  const n = seen.length;
  if (n < 2) return null;
  // Items by how little they have been seen, ties in random order.
  const order = Array.from({ length: n }, (_, i) => ({ i, key: (seen[i] ?? 0) + random() * 0.5 }))
    .sort((a, b) => a.key - b.key)
    .map((x) => x.i);
  for (const first of order) {
    const fresh: number[] = [];
    for (let j = 0; j < n; j++) if (j !== first && !shown(first, j)) fresh.push(j);
    if (fresh.length > 0) {
      const other = fresh[Math.floor(random() * fresh.length)] ?? 0;
      return random() < 0.5 ? [first, other] : [other, first];
    }
  }
  // This voter has been shown every pair: any pair, the least seen item first.
  const first = order[0] ?? 0;
  let other = Math.floor(random() * (n - 1));
  if (other >= first) other++;
  return [first, other];
}

/** Kendall's tau-a between two rankings given as scores of the same items (higher first). */
export function kendallTau(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = a.length;
  let concordant = 0;
  let discordant = 0;
  for (let i = 0; i < n; i++)
    for (let j = i + 1; j < n; j++) {
      const s = Math.sign((a[i] ?? 0) - (a[j] ?? 0)) * Math.sign((b[i] ?? 0) - (b[j] ?? 0));
      if (s > 0) concordant++;
      else if (s < 0) discordant++;
    }
  const pairs = (n * (n - 1)) / 2;
  return pairs > 0 ? (concordant - discordant) / pairs : 1;
}
