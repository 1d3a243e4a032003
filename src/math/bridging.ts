/**
 * The bridging score of Community Notes' matrix factorisation (twitter/communitynotes): each vote is a
 * rating (agree 1, disagree 0; passes carry no rating), modelled as r ≈ μ + i_u + i_s + f_u·f_s with one
 * factor and L2 penalties λ = 0.15 on intercepts and 0.03 on factors. The statement intercept i_s is the
 * support a statement gets beyond what the factor (the axis of division) explains: its bridging score.
 * Fitted by alternating ridge regressions, O(votes) per sweep.
 */
import { type VoteMatrix, isRejected } from './matrix.ts';
import { hashString, rng } from './random.ts';

export const LAMBDA_INTERCEPT = 0.15;
export const LAMBDA_FACTOR = 0.03;

export interface Bridging {
  intercept: Float64Array;
  factor: Float64Array;
  mu: number;
}

/** Solves the 2×2 ridge system for (intercept, factor) given the other side's parameters; writes out[at]. */
function solveInto(
  s11: number,
  s12: number,
  s22: number,
  b1: number,
  b2: number,
  ic: Float64Array,
  fc: Float64Array,
  at: number,
): void {
  const a11 = s11 + LAMBDA_INTERCEPT;
  const a22 = s22 + LAMBDA_FACTOR;
  const det = a11 * a22 - s12 * s12;
  ic[at] = det > 0 ? (b1 * a22 - s12 * b2) / det : 0;
  fc[at] = det > 0 ? (a11 * b2 - s12 * b1) / det : 0;
}

/** Participants the model is fitted on at most; beyond it a fixed, id-hashed share of them is used. */
export const BRIDGING_MAX_PARTICIPANTS = 50_000;

/** The votes by participant are all bridging reads (and the ids, to choose a share of participants). */
export type BridgingInput = Pick<
  VoteMatrix,
  'participants' | 'statements' | 'state' | 'rowPtr' | 'rowCol' | 'rowVal'
>;

export function bridgingScores(
  m: BridgingInput,
  opts: { seed?: number; sweeps?: number; maxParticipants?: number } = {},
): Bridging {
  const n = m.participants.length;
  const ns = m.statements.length;
  // At scale the statement scores are estimated from a share of participants (each statement still has
  // thousands of ratings); the share is chosen by a hash of the id, so it is the same every run.
  const stride = Math.ceil(n / (opts.maxParticipants ?? BRIDGING_MAX_PARTICIPANTS));
  const random = rng(opts.seed ?? 7);
  const iu = new Float64Array(n);
  const fu = new Float64Array(n);
  for (let i = 0; i < n; i++) fu[i] = (random() - 0.5) * 0.2;
  const rejected = new Uint8Array(ns);
  for (let j = 0; j < ns; j++) rejected[j] = isRejected(m, j) ? 1 : 0;
  // The ratings: agree 1 / disagree 0 from included participants on statements that are not rejected,
  // copied once into a compact row list so the sweeps run without branches.
  const rowPtr = new Int32Array(n + 1);
  let total = 0;
  for (let i = 0; i < n; i++) {
    if (stride === 1 || hashString(m.participants[i]!) % stride === 0)
      for (let k = m.rowPtr[i]!; k < m.rowPtr[i + 1]!; k++)
        if (m.rowVal[k] !== 0 && rejected[m.rowCol[k]!] === 0) total++;
    rowPtr[i + 1] = total;
  }
  const rowCol = new Int32Array(total);
  const rowY = new Uint8Array(total);
  let at = 0;
  for (let i = 0; i < n; i++) {
    if (rowPtr[i + 1] === rowPtr[i]) continue;
    for (let k = m.rowPtr[i]!; k < m.rowPtr[i + 1]!; k++) {
      const j = m.rowCol[k]!;
      if (m.rowVal[k] === 0 || rejected[j] === 1) continue;
      rowCol[at] = j;
      rowY[at++] = m.rowVal[k]! > 0 ? 1 : 0;
    }
  }
  let mu = 0;
  for (let k = 0; k < total; k++) mu += rowY[k]!;
  mu = total > 0 ? mu / total : 0.5;
  const is = new Float64Array(ns);
  const fs = new Float64Array(ns);
  // Each statement's sums over its ratings for its ridge system, given the participants' side: its count,
  // Σ f_u, Σ f_u², Σ (y − i_u) and Σ (y − i_u)·f_u. μ enters the last two linearly, so it is taken out
  // when they are used. The participants' pass of one sweep gathers the sums for the next.
  const cnt = new Float64Array(ns);
  const sf = new Float64Array(ns);
  const sff = new Float64Array(ns);
  const sr = new Float64Array(ns);
  const srf = new Float64Array(ns);
  for (let i = 0; i < n; i++) {
    const f = fu[i]!;
    for (let k = rowPtr[i]!; k < rowPtr[i + 1]!; k++) {
      const j = rowCol[k]!;
      cnt[j]!++;
      sf[j]! += f;
      sff[j]! += f * f;
      sr[j]! += rowY[k]!;
      srf[j]! += rowY[k]! * f;
    }
  }
  const sweeps = opts.sweeps ?? 20;
  const previous = new Float64Array(ns);
  for (let sweep = 0; sweep < sweeps; sweep++) {
    previous.set(is);
    for (let j = 0; j < ns; j++)
      solveInto(cnt[j]!, sf[j]!, sff[j]!, sr[j]! - mu * cnt[j]!, srf[j]! - mu * sf[j]!, is, fs, j);
    sf.fill(0);
    sff.fill(0);
    sr.fill(0);
    srf.fill(0);
    // Participants, then the global mean from the residuals of the same pass.
    let residual = 0;
    for (let i = 0; i < n; i++) {
      const a = rowPtr[i]!;
      const b = rowPtr[i + 1]!;
      if (a === b) continue;
      let s12 = 0;
      let s22 = 0;
      let b1 = 0;
      let b2 = 0;
      for (let k = a; k < b; k++) {
        const j = rowCol[k]!;
        const r = rowY[k]! - mu - is[j]!;
        const f = fs[j]!;
        s12 += f;
        s22 += f * f;
        b1 += r;
        b2 += r * f;
      }
      solveInto(b - a, s12, s22, b1, b2, iu, fu, i);
      const u = iu[i]!;
      const f = fu[i]!;
      // Σ (y − i_u − i_s − f_u·f_s) over the row, from the sums above: b1 = Σ (y − μ − i_s), s12 = Σ f_s.
      residual += b1 + (b - a) * (mu - u) - f * s12;
      const ff = f * f;
      for (let k = a; k < b; k++) {
        const j = rowCol[k]!;
        const r = rowY[k]! - u;
        sf[j]! += f;
        sff[j]! += ff;
        sr[j]! += r;
        srf[j]! += r * f;
      }
    }
    if (total > 0) mu = residual / total;
    // Stop once no statement’s score moves by more than 1e-4.
    let moved = 0;
    for (let j = 0; j < ns; j++) moved = Math.max(moved, Math.abs(is[j]! - previous[j]!));
    if (moved < 1e-4) break;
  }
  return { intercept: is, factor: fs, mu };
}
