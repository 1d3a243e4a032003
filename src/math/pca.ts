/**
 * PCA of the vote matrix with Polis's conventions, on the sparse matrix.
 *
 * Polis fills a missing vote with its statement's mean and then centres each column; the centred value of a
 * missing entry is therefore exactly 0, so the centred matrix has the same sparsity as the votes:
 * X_ij = x_ij − μ_j where voted, 0 elsewhere. Rejected statements are zeroed (their column is all 0).
 * Components come from Lanczos iteration on XᵀX, each product computed as Xᵀ(X v) in O(nnz).
 */
import { isRejected, STATE_REJECTED, type VoteMatrix } from './matrix.ts';
import { rng } from './random.ts';

export interface Pca {
  /** Column means of the votes (0 for rejected or unvoted statements). */
  center: Float64Array;
  /** comps[t][j]: component t, statement j; unit length, sign fixed so the largest entry is positive. */
  comps: Float64Array[];
  /** Eigenvalues of XᵀX for each component. */
  eigenvalues: Float64Array;
}

export function columnMeans(m: VoteMatrix): Float64Array {
  const ns = m.statements.length;
  const center = new Float64Array(ns);
  for (let j = 0; j < ns; j++) {
    if (isRejected(m, j)) continue;
    const a = m.colPtr[j]!;
    const b = m.colPtr[j + 1]!;
    if (b === a) continue;
    let s = 0;
    for (let k = a; k < b; k++) s += m.colVal[k]!;
    center[j] = s / (b - a);
  }
  return center;
}

/**
 * y = Xᵀ(X v) for one vector. A rejected statement's column of X is zero; rather than test each vote's
 * statement, v is 0 on rejected statements (so they add nothing to X v) and y is set to 0 there after.
 */
function gramVec(
  m: VoteMatrix,
  center: Float64Array,
  rejected: Int32Array,
  v: Float64Array,
  y: Float64Array,
): void {
  const n = m.participants.length;
  y.fill(0);
  const { rowPtr, rowCol, rowVal } = m;
  for (let i = 0; i < n; i++) {
    const a = rowPtr[i]!;
    const b = rowPtr[i + 1]!;
    let u = 0;
    for (let p = a; p < b; p++) {
      const j = rowCol[p]!;
      u += (rowVal[p]! - center[j]!) * v[j]!;
    }
    if (u === 0) continue;
    for (let p = a; p < b; p++) {
      const j = rowCol[p]!;
      y[j]! += (rowVal[p]! - center[j]!) * u;
    }
  }
  for (const j of rejected) y[j] = 0;
}

/** Eigen-decomposition of a small symmetric matrix (row-major, size d) by cyclic Jacobi rotations. */
export function symmetricEigen(A: Float64Array, d: number): { values: Float64Array; vectors: Float64Array } {
  const a = A.slice();
  const v = new Float64Array(d * d);
  for (let i = 0; i < d; i++) v[i * d + i] = 1;
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let p = 0; p < d; p++) for (let q = p + 1; q < d; q++) off += a[p * d + q]! ** 2;
    if (off < 1e-30) break;
    for (let p = 0; p < d; p++) {
      for (let q = p + 1; q < d; q++) {
        const apq = a[p * d + q]!;
        if (Math.abs(apq) < 1e-300) continue;
        const theta = (a[q * d + q]! - a[p * d + p]!) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < d; k++) {
          const akp = a[k * d + p]!;
          const akq = a[k * d + q]!;
          a[k * d + p] = c * akp - s * akq;
          a[k * d + q] = s * akp + c * akq;
        }
        for (let k = 0; k < d; k++) {
          const apk = a[p * d + k]!;
          const aqk = a[q * d + k]!;
          a[p * d + k] = c * apk - s * aqk;
          a[q * d + k] = s * apk + c * aqk;
        }
        for (let k = 0; k < d; k++) {
          const vkp = v[k * d + p]!;
          const vkq = v[k * d + q]!;
          v[k * d + p] = c * vkp - s * vkq;
          v[k * d + q] = s * vkp + c * vkq;
        }
      }
    }
  }
  const values = new Float64Array(d);
  for (let i = 0; i < d; i++) values[i] = a[i * d + i]!;
  return { values, vectors: v };
}

/** Components held to full precision (Polis's two: the picture and parity); the rest only seed the group model. */
const EXACT_COMPONENTS = 2;
const LOOSE_TOL = 1e-3;

/**
 * The top principal components of the centred sparse matrix, by Lanczos iteration on XᵀX with full
 * reorthogonalisation (each step costs two passes over the votes); the Krylov space grows until the wanted
 * Ritz pairs' residuals are below tolerance. Components are unit vectors, sign fixed so the largest entry
 * is positive.
 */
export function pca(
  m: VoteMatrix,
  nComps: number,
  opts: { seed?: number; tol?: number; maxDim?: number } = {},
): Pca {
  const ns = m.statements.length;
  const want = Math.max(1, Math.min(nComps, ns));
  const center = columnMeans(m);
  const rejected = Int32Array.from(m.statements.keys()).filter((j) => isRejected(m, j));
  const random = rng(opts.seed ?? 1);
  const maxDim = Math.min(ns, opts.maxDim ?? 400);
  const tol = opts.tol ?? 1e-9;
  const basis: Float64Array[] = [];
  const alpha: number[] = [];
  const beta: number[] = [];
  let q: Float64Array = Float64Array.from({ length: ns }, () => random() - 0.5);
  for (const j of rejected) q[j] = 0;
  let norm = 0;
  for (let j = 0; j < ns; j++) norm += q[j]! ** 2;
  norm = Math.sqrt(norm);
  // Every statement rejected: X is zero, and so are its components.
  if (norm > 0) for (let j = 0; j < ns; j++) q[j]! /= norm;
  const w = new Float64Array(ns);
  let ritz: { values: Float64Array; vectors: Float64Array } = {
    values: new Float64Array(0),
    vectors: new Float64Array(0),
  };
  let dim = 0;
  for (;;) {
    basis.push(q);
    dim = basis.length;
    gramVec(m, center, rejected, q, w);
    let a = 0;
    for (let j = 0; j < ns; j++) a += w[j]! * q[j]!;
    alpha.push(a);
    // Full reorthogonalisation (twice) against the whole basis keeps the Krylov vectors orthogonal.
    for (let pass = 0; pass < 2; pass++) {
      for (const b of basis) {
        let d = 0;
        for (let j = 0; j < ns; j++) d += w[j]! * b[j]!;
        for (let j = 0; j < ns; j++) w[j]! -= d * b[j]!;
      }
    }
    norm = 0;
    for (let j = 0; j < ns; j++) norm += w[j]! ** 2;
    norm = Math.sqrt(norm);
    // The small problem: the tridiagonal T of the Lanczos recurrence. Solving it costs O(dim³), so
    // convergence is checked every fourth step, and always at the last.
    const exhausted = dim >= maxDim || norm < 1e-14 * Math.max(alpha[0]!, 1);
    if (!exhausted && (dim < want || dim % 4 !== 0)) {
      beta.push(norm);
      q = new Float64Array(ns);
      for (let j = 0; j < ns; j++) q[j] = w[j]! / norm;
      continue;
    }
    const T = new Float64Array(dim * dim);
    for (let i = 0; i < dim; i++) {
      T[i * dim + i] = alpha[i]!;
      if (i + 1 < dim) T[i * dim + i + 1] = T[(i + 1) * dim + i] = beta[i]!;
    }
    ritz = symmetricEigen(T, dim);
    const order = [...ritz.values.keys()].sort((x, y) => ritz.values[y]! - ritz.values[x]!);
    const top = ritz.values[order[0]!]!;
    const done =
      dim >= want &&
      order
        .slice(0, want)
        .every(
          (c, rank) =>
            Math.abs(norm * ritz.vectors[(dim - 1) * dim + c]!) <=
            (rank < EXACT_COMPONENTS ? tol : LOOSE_TOL) * Math.max(top, 1e-300),
        );
    if (done || exhausted) {
      const comps = order.slice(0, want).map((c) => {
        const v = new Float64Array(ns);
        for (let i = 0; i < dim; i++) {
          const coef = ritz.vectors[i * dim + c]!;
          const b = basis[i]!;
          for (let j = 0; j < ns; j++) v[j]! += coef * b[j]!;
        }
        let nrm = 0;
        let big = 0;
        for (let j = 0; j < ns; j++) {
          nrm += v[j]! ** 2;
          if (Math.abs(v[j]!) > Math.abs(big)) big = v[j]!;
        }
        const scale = (big < 0 ? -1 : 1) / Math.sqrt(nrm || 1);
        for (let j = 0; j < ns; j++) v[j]! *= scale;
        return v;
      });
      // Fewer components than wanted only when the matrix has lower rank; pad with zero vectors.
      while (comps.length < want) comps.push(new Float64Array(ns));
      return { center, comps, eigenvalues: Float64Array.from(order.slice(0, want), (c) => ritz.values[c]!) };
    }
    beta.push(norm);
    q = new Float64Array(ns);
    for (let j = 0; j < ns; j++) q[j] = w[j]! / norm;
  }
}

/**
 * Polis's sparsity-aware projection of every participant: sqrt(M / max(n,1)) · Σ_voted (x_j − μ_j)·pc_j,
 * where, as in Polis, rejected statements count as answered (their column is zero-filled, not missing).
 * Returns n × d row-major coordinates.
 */
export function projectParticipants(m: VoteMatrix, p: Pca, dims = p.comps.length): Float64Array {
  const n = m.participants.length;
  const ns = m.statements.length;
  let rejected = 0;
  for (let j = 0; j < ns; j++) if (isRejected(m, j)) rejected++;
  const out = new Float64Array(n * dims);
  // With fewer components than dims (a one-statement conversation), the missing coordinates stay 0.
  const have = Math.min(dims, p.comps.length);
  // The components by statement (j·have + t), so each vote reads one short run of memory.
  const byStatement = new Float64Array(ns * have);
  for (let t = 0; t < have; t++) for (let j = 0; j < ns; j++) byStatement[j * have + t] = p.comps[t]![j]!;
  const { rowPtr, rowCol, rowVal, state } = m;
  for (let i = 0; i < n; i++) {
    const a = rowPtr[i]!;
    const b = rowPtr[i + 1]!;
    let answered = rejected;
    const at = i * dims;
    for (let q = a; q < b; q++) {
      const j = rowCol[q]!;
      if ((state[j]! & STATE_REJECTED) !== 0) continue;
      answered++;
      const c = rowVal[q]! - p.center[j]!;
      for (let t = 0; t < have; t++) out[at + t]! += c * byStatement[j * have + t]!;
    }
    const scale = Math.sqrt(ns / Math.max(answered, 1));
    for (let t = 0; t < dims; t++) out[i * dims + t]! *= scale;
  }
  return out;
}

/** A statement's extremity, as Polis computes it: the length of the projection of a lone agree vote. */
export function statementExtremity(m: VoteMatrix, p: Pca, dims = 2): Float64Array {
  const ns = m.statements.length;
  const out = new Float64Array(ns);
  const scale = Math.sqrt(ns);
  for (let j = 0; j < ns; j++) {
    const c = isRejected(m, j) ? 0 : 1 - p.center[j]!;
    let s = 0;
    for (let t = 0; t < Math.min(dims, p.comps.length); t++) s += (c * p.comps[t]![j]! * scale) ** 2;
    out[j] = Math.sqrt(s);
  }
  return out;
}
