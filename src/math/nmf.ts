/**
 * Non-negative matrix factorisation of a sparse statements × terms matrix, X ≈ W Hᵀ (W: statements ×
 * k, H: terms × k), by hierarchical alternating least squares (Cichocki & Phan 2009), started from
 * NNDSVD (Boutsidis & Gallopoulos 2008) so that a fit depends on the data alone, not on a random start.
 * The truncated SVD NNDSVD needs comes from block power iteration on the sparse matrix.
 */
import type { TermMatrix } from './text.ts';
import { rng } from './random.ts';

export interface Factors {
  k: number;
  /** rows × k, row-major: how much of each topic a statement holds. */
  w: Float64Array;
  /** terms × k, row-major; each topic's column of unit length. */
  h: Float64Array;
}

/** A = X·H (rows × k) for X in CSR and H terms × k. */
function timesH(x: TermMatrix, h: Float64Array, k: number): Float64Array {
  const out = new Float64Array(x.rows * k);
  for (let i = 0; i < x.rows; i++) {
    for (let p = x.ptr[i]!; p < x.ptr[i + 1]!; p++) {
      const v = x.val[p]!;
      const j = x.col[p]! * k;
      for (let c = 0; c < k; c++) out[i * k + c]! += v * h[j + c]!;
    }
  }
  return out;
}

/** C = Xᵀ·W (terms × k). */
function transposeTimesW(x: TermMatrix, w: Float64Array, k: number): Float64Array {
  const out = new Float64Array(x.terms.length * k);
  for (let i = 0; i < x.rows; i++) {
    for (let p = x.ptr[i]!; p < x.ptr[i + 1]!; p++) {
      const v = x.val[p]!;
      const j = x.col[p]! * k;
      for (let c = 0; c < k; c++) out[j + c]! += v * w[i * k + c]!;
    }
  }
  return out;
}

/** MᵀM for M n × k, row-major. */
function gram(m: Float64Array, n: number, k: number): Float64Array {
  const g = new Float64Array(k * k);
  for (let i = 0; i < n; i++) {
    for (let a = 0; a < k; a++) {
      const x = m[i * k + a]!;
      if (x === 0) continue;
      for (let b = a; b < k; b++) g[a * k + b]! += x * m[i * k + b]!;
    }
  }
  for (let a = 0; a < k; a++) for (let b = 0; b < a; b++) g[a * k + b] = g[b * k + a]!;
  return g;
}

/** Gram–Schmidt on the columns of M (n × k, row-major), in place. */
function orthonormalise(m: Float64Array, n: number, k: number): void {
  for (let c = 0; c < k; c++) {
    for (let d = 0; d < c; d++) {
      let dot = 0;
      for (let i = 0; i < n; i++) dot += m[i * k + c]! * m[i * k + d]!;
      for (let i = 0; i < n; i++) m[i * k + c]! -= dot * m[i * k + d]!;
    }
    let norm = 0;
    for (let i = 0; i < n; i++) norm += m[i * k + c]! ** 2;
    norm = Math.sqrt(norm) || 1;
    for (let i = 0; i < n; i++) m[i * k + c]! /= norm;
  }
}

/** NNDSVD: the positive or negative part of each leading singular pair, whichever carries more. */
function nndsvd(x: TermMatrix, k: number, seed: number): Factors {
  const n = x.rows;
  const m = x.terms.length;
  const random = rng(seed);
  let v: Float64Array = Float64Array.from({ length: m * k }, () => random() - 0.5);
  let u: Float64Array = new Float64Array(n * k);
  orthonormalise(v, m, k);
  for (let it = 0; it < 40; it++) {
    u = timesH(x, v, k);
    orthonormalise(u, n, k);
    v = transposeTimesW(x, u, k);
    orthonormalise(v, m, k);
  }
  const xv = timesH(x, v, k);
  const w = new Float64Array(n * k);
  const h = new Float64Array(m * k);
  const mean = meanEntry(x);
  for (let c = 0; c < k; c++) {
    let sigma = 0;
    for (let i = 0; i < n; i++) sigma += xv[i * k + c]! ** 2;
    sigma = Math.sqrt(sigma);
    const parts = (sign: 1 | -1, a: Float64Array, len: number) => {
      let norm = 0;
      for (let i = 0; i < len; i++) norm += Math.max(0, sign * a[i * k + c]!) ** 2;
      return Math.sqrt(norm);
    };
    const up = parts(1, u, n);
    const vp = parts(1, v, m);
    const un = parts(-1, u, n);
    const vn = parts(-1, v, m);
    const sign = up * vp >= un * vn ? 1 : -1;
    const [nu, nv] = sign === 1 ? [up, vp] : [un, vn];
    const scale = Math.sqrt(sigma * nu * nv);
    for (let i = 0; i < n; i++) {
      const value = Math.max(0, sign * u[i * k + c]!);
      w[i * k + c] = value > 0 && nu > 0 ? (scale * value) / nu : mean;
    }
    for (let j = 0; j < m; j++) {
      const value = Math.max(0, sign * v[j * k + c]!);
      h[j * k + c] = value > 0 && nv > 0 ? (scale * value) / nv : mean;
    }
  }
  return { k, w, h };
}

/** One HALS sweep over the columns of F (len × k) given A (data side) and G (the other factor's Gram). */
function halsSweep(f: Float64Array, a: Float64Array, g: Float64Array, len: number, k: number, floor: number) {
  for (let c = 0; c < k; c++) {
    const gcc = g[c * k + c]!;
    if (gcc <= 1e-12) continue;
    for (let i = 0; i < len; i++) {
      let dot = 0;
      for (let d = 0; d < k; d++) dot += f[i * k + d]! * g[d * k + c]!;
      f[i * k + c] = Math.max(floor, f[i * k + c]! + (a[i * k + c]! - dot) / gcc);
    }
  }
}

/** The mean of all the matrix's entries, zeros included. */
function meanEntry(x: TermMatrix): number {
  let sum = 0;
  for (let p = 0; p < x.val.length; p++) sum += x.val[p]!;
  return sum / Math.max(1, x.rows * x.terms.length);
}

/** A random start, its entries uniform with the scale of the data's mean. */
function randomStart(x: TermMatrix, k: number, seed: number): Factors {
  const scale = 2 * Math.sqrt(meanEntry(x) / k);
  const random = rng(seed);
  return {
    k,
    w: Float64Array.from({ length: x.rows * k }, () => random() * scale),
    h: Float64Array.from({ length: x.terms.length * k }, () => random() * scale),
  };
}

/** HALS from a start until the error improves by less than `tolerance` of itself; the final error. */
function refine(x: TermMatrix, { k, w, h }: Factors, maxIter: number, tolerance: number): number {
  const n = x.rows;
  const m = x.terms.length;
  let normX = 0;
  for (let p = 0; p < x.val.length; p++) normX += x.val[p]! ** 2;
  let previous = Infinity;
  for (let it = 0; it < maxIter; it++) {
    const a = timesH(x, h, k);
    halsSweep(w, a, gram(h, m, k), n, k, 1e-12);
    const c = transposeTimesW(x, w, k);
    const gw = gram(w, n, k);
    halsSweep(h, c, gw, m, k, 0);
    // ‖X − WHᵀ‖² = ‖X‖² − 2⟨XᵀW, H⟩ + ⟨WᵀW, HᵀH⟩
    const gh = gram(h, m, k);
    let cross = 0;
    for (let i = 0; i < m * k; i++) cross += c[i]! * h[i]!;
    let quad = 0;
    for (let i = 0; i < k * k; i++) quad += gw[i]! * gh[i]!;
    const error = normX - 2 * cross + quad;
    if (previous - error < tolerance * Math.max(error, 1e-12)) return error;
    previous = error;
  }
  return previous;
}

/**
 * Fit X ≈ W Hᵀ with k topics: from NNDSVD and from `starts` − 1 seeded random starts, the fit with the
 * least error (NMF has local optima; one start alone lands in a different one on a slightly different
 * set of statements). Each topic's column of H is scaled to unit length, W taking up the scale.
 */
export function nmf(
  x: TermMatrix,
  k: number,
  seed = 1,
  starts = 1,
  fromSvd = true,
  maxIter = 300,
  tolerance = 1e-5,
): Factors {
  const n = x.rows;
  const m = x.terms.length;
  let best: Factors | undefined;
  let bestError = Infinity;
  for (let s = 0; s < starts; s++) {
    const start = s === 0 && fromSvd ? nndsvd(x, k, seed) : randomStart(x, k, seed * 104729 + s);
    const error = refine(x, start, maxIter, tolerance);
    if (error < bestError) [best, bestError] = [start, error];
  }
  const { w, h } = best!;
  for (let c = 0; c < k; c++) {
    let norm = 0;
    for (let j = 0; j < m; j++) norm += h[j * k + c]! ** 2;
    norm = Math.sqrt(norm);
    if (norm === 0) continue;
    for (let j = 0; j < m; j++) h[j * k + c]! /= norm;
    for (let i = 0; i < n; i++) w[i * k + c]! *= norm;
  }
  return { k, w, h };
}
