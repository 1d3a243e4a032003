/**
 * How sure the engine is of its groups: how often a resample of participants would choose the same number
 * of groups, and whether the groups are reliable enough to be drawn as groups at all.
 */
import type { LatentClassFit } from './groups.ts';
import { rng } from './random.ts';

/** Resamples behind the stability of k. */
export const RESAMPLES = 100;
/** Below this share of resamples choosing the same k, k is not yet settled. */
export const STABLE_K = 0.8;
/** Below this mean probability of members' own groups, too many sit between groups. */
export const SURE_MEMBERSHIP = 0.75;
/** Fewer participants placed than this per group (or 20 in all) cannot show groups. */
export const MIN_PLACED_PER_GROUP = 10;

/**
 * Below this median number of votes among placed participants (or half the statements, when there are
 * fewer than twice as many), a member's group rests on a handful of statements: one group may only mean
 * that the votes are too few to tell groups apart (the real conversations here have medians of 15 to 86).
 */
export const FEW_VOTES = 12;

export type UnreliableReason = 'few-participants' | 'few-votes' | 'unstable-k' | 'uncertain-membership';

/** Poisson(1)'s cumulative probabilities of 0, 1, 2, …: P(X ≤ k) = e⁻¹ Σ_{i ≤ k} 1 / i!. */
const POISSON_ONE_CDF = (() => {
  const out: number[] = [];
  let term = Math.exp(-1);
  let sum = 0;
  for (let k = 0; k < 12; k++) {
    sum += term;
    out.push(sum);
    term /= k + 1;
  }
  return Float64Array.from(out);
})();

/** One Poisson(1) draw from one uniform: a participant's weight in a bootstrap resample. */
function poissonOne(u: number): number {
  let k = 0;
  while (k < POISSON_ONE_CDF.length - 1 && u > POISSON_ONE_CDF[k]!) k++;
  return k;
}

/**
 * The share of bootstrap resamples of the participants in which `chosen` still has the best criterion
 * among `fits` (all fitted on the same rows). Each fit's per-participant log-likelihoods are resampled,
 * not refitted (RELL, as phylogenetics uses for the same question): cheap enough for every analysis, and
 * it answers whether the evidence for this k over its neighbours rests on the whole membership or on a few.
 */
export function kStability(
  fits: readonly LatentClassFit[],
  chosen: LatentClassFit,
  seed: number,
  resamples = RESAMPLES,
): number {
  if (fits.length < 2) return 1;
  const n = chosen.rowLogLik.length;
  const random = rng(seed ^ 0x5bd1e995);
  const nf = fits.length;
  // Row by row, each fit's log-likelihood side by side: the inner loop reads one short run of memory.
  const ll = new Float64Array(n * nf);
  fits.forEach((fit, f) => {
    for (let r = 0; r < n; r++) ll[r * nf + f] = fit.rowLogLik[r]!;
  });
  const sums = new Float64Array(nf);
  let same = 0;
  const at = fits.indexOf(chosen);
  for (let b = 0; b < resamples; b++) {
    sums.fill(0);
    for (let r = 0; r < n; r++) {
      const w = poissonOne(random());
      if (w === 0) continue;
      for (let f = 0, o = r * nf; f < nf; f++, o++) sums[f]! += w * ll[o]!;
    }
    let top = 0;
    for (let f = 0; f < fits.length; f++) {
      sums[f]! -= fits[f]!.penalty;
      if (sums[f]! > sums[top]!) top = f;
    }
    if (top === at) same++;
  }
  return same / resamples;
}

/** Why the groups are not yet reliable (none: they are). */
export function unreliableBecause(figures: {
  placed: number;
  k: number;
  kStability: number;
  meanCertainty: number;
  medianVotes: number;
  /** Statements that take part in clustering. */
  statements: number;
}): UnreliableReason[] {
  const reasons: UnreliableReason[] = [];
  if (figures.placed < Math.max(20, MIN_PLACED_PER_GROUP * figures.k)) reasons.push('few-participants');
  if (figures.medianVotes < Math.min(FEW_VOTES, figures.statements / 2)) reasons.push('few-votes');
  if (figures.kStability < STABLE_K) reasons.push('unstable-k');
  if (figures.meanCertainty < SURE_MEMBERSHIP) reasons.push('uncertain-membership');
  return reasons;
}
