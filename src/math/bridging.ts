/**
 * The bridging score of Community Notes' matrix factorisation (twitter/communitynotes): each vote is a
 * rating (agree 1, disagree 0; passes carry no rating), modelled as r ≈ μ + i_u + i_s + f_u·f_s with one
 * factor and L2 penalties λ = 0.15 on intercepts and 0.03 on factors. The statement intercept i_s is the
 * support a statement gets beyond what the factor (the axis of division) explains: its bridging score.
 * Fitted by alternating ridge regressions, O(votes) per sweep.
 */
import { type VoteMatrix, isRejected } from './matrix.ts';
import { rng } from './random.ts';

export const LAMBDA_INTERCEPT = 0.15;
export const LAMBDA_FACTOR = 0.03;

export interface Bridging {
  intercept: Float64Array;
  factor: Float64Array;
  mu: number;
}

/** Solves the 2×2 ridge system for (intercept, factor) given the other side's parameters. */
function solve(s11: number, s12: number, s22: number, b1: number, b2: number): [number, number] {
  const a11 = s11 + LAMBDA_INTERCEPT;
  const a22 = s22 + LAMBDA_FACTOR;
  const det = a11 * a22 - s12 * s12;
  if (det <= 0) return [0, 0];
  return [(b1 * a22 - s12 * b2) / det, (a11 * b2 - s12 * b1) / det];
}

/** Participants the model is fitted on at most; beyond it a fixed, id-hashed share of them is used. */
export const BRIDGING_MAX_PARTICIPANTS = 50_000;

function hashId(s: string): number {
  let h = 2166136261;
  for (let c = 0; c < s.length; c++) h = Math.imul(h ^ s.charCodeAt(c), 16777619);
  return h >>> 0;
}

export function bridgingScores(
  m: VoteMatrix,
  opts: { seed?: number; sweeps?: number; maxParticipants?: number } = {},
): Bridging {
  const n = m.participants.length;
  // At scale the statement scores are estimated from a share of participants (each statement still has
  // thousands of ratings); the share is chosen by a hash of the id, so it is the same every run.
  const stride = Math.ceil(n / (opts.maxParticipants ?? BRIDGING_MAX_PARTICIPANTS));
  const included = Uint8Array.from(m.participants, (id) =>
    stride === 1 || hashId(id) % stride === 0 ? 1 : 0,
  );
  const ns = m.statements.length;
  const random = rng(opts.seed ?? 7);
  const iu = new Float64Array(n);
  const fu = new Float64Array(n);
  const is = new Float64Array(ns);
  const fs = new Float64Array(ns);
  for (let i = 0; i < n; i++) fu[i] = (random() - 0.5) * 0.2;
  let mu = 0;
  let count = 0;
  for (let i = 0; i < n; i++) {
    if (!included[i]) continue;
    for (let k = m.rowPtr[i]!; k < m.rowPtr[i + 1]!; k++) {
      if (m.rowVal[k] !== 0 && !isRejected(m, m.rowCol[k]!)) {
        mu += m.rowVal[k]! > 0 ? 1 : 0;
        count++;
      }
    }
  }
  mu = count > 0 ? mu / count : 0.5;
  const sweeps = opts.sweeps ?? 20;
  const previous = new Float64Array(ns);
  for (let sweep = 0; sweep < sweeps; sweep++) {
    previous.set(is);
    for (let j = 0; j < ns; j++) {
      if (isRejected(m, j)) continue;
      let s11 = 0,
        s12 = 0,
        s22 = 0,
        b1 = 0,
        b2 = 0;
      for (let k = m.colPtr[j]!; k < m.colPtr[j + 1]!; k++) {
        const v = m.colVal[k]!;
        if (v === 0) continue;
        const i = m.colRow[k]!;
        if (!included[i]) continue;
        const r = (v > 0 ? 1 : 0) - mu - iu[i]!;
        const f = fu[i]!;
        s11 += 1;
        s12 += f;
        s22 += f * f;
        b1 += r;
        b2 += r * f;
      }
      [is[j], fs[j]] = solve(s11, s12, s22, b1, b2);
    }
    for (let i = 0; i < n; i++) {
      let s11 = 0,
        s12 = 0,
        s22 = 0,
        b1 = 0,
        b2 = 0;
      for (let k = m.rowPtr[i]!; k < m.rowPtr[i + 1]!; k++) {
        const v = m.rowVal[k]!;
        const j = m.rowCol[k]!;
        if (v === 0 || isRejected(m, j)) continue;
        const r = (v > 0 ? 1 : 0) - mu - is[j]!;
        const f = fs[j]!;
        s11 += 1;
        s12 += f;
        s22 += f * f;
        b1 += r;
        b2 += r * f;
      }
      [iu[i], fu[i]] = solve(s11, s12, s22, b1, b2);
    }
    // Re-estimate the global mean from the residuals.
    let res = 0;
    for (let i = 0; i < n; i++) {
      if (!included[i]) continue;
      for (let k = m.rowPtr[i]!; k < m.rowPtr[i + 1]!; k++) {
        const v = m.rowVal[k]!;
        const j = m.rowCol[k]!;
        if (v === 0 || isRejected(m, j)) continue;
        res += (v > 0 ? 1 : 0) - iu[i]! - is[j]! - fu[i]! * fs[j]!;
      }
    }
    if (count > 0) mu = res / count;
    // Stop once no statement’s score moves by more than 1e-4.
    let moved = 0;
    for (let j = 0; j < ns; j++) moved = Math.max(moved, Math.abs(is[j]! - previous[j]!));
    if (moved < 1e-4) break;
  }
  return { intercept: is, factor: fs, mu };
}
