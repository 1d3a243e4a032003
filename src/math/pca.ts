/**
 * PCA of the vote matrix with Polis's conventions, on the sparse matrix.
 *
 * Polis fills a missing vote with its statement's mean and then centres each column; the centred value of a
 * missing entry is therefore exactly 0, so the centred matrix has the same sparsity as the votes:
 * X_ij = x_ij − μ_j where voted, 0 elsewhere. Rejected statements are zeroed (their column is all 0).
 * Components come from orthogonal (subspace) iteration on XᵀX, computed as Xᵀ(X V) in O(nnz·k).
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

/** Orthonormalises the k columns of V (m × k, row-major) in order (modified Gram–Schmidt); returns norms. */
function orthonormalise(V: Float64Array, m: number, k: number): Float64Array {
  const norms = new Float64Array(k);
  for (let t = 0; t < k; t++) {
    for (let u = 0; u < t; u++) {
      let dot = 0;
      for (let j = 0; j < m; j++) dot += V[j * k + t]! * V[j * k + u]!;
      for (let j = 0; j < m; j++) V[j * k + t]! -= dot * V[j * k + u]!;
    }
    let nrm = 0;
    for (let j = 0; j < m; j++) nrm += V[j * k + t]! ** 2;
    nrm = Math.sqrt(nrm);
    norms[t] = nrm;
    if (nrm > 0) for (let j = 0; j < m; j++) V[j * k + t]! /= nrm;
  }
  return norms;
}

/** W = Xᵀ (X V) for the centred sparse matrix. */
function gram(
  m: VoteMatrix,
  center: Float64Array,
  V: Float64Array,
  k: number,
  W: Float64Array,
  u: Float64Array,
): void {
  const n = m.participants.length;
  W.fill(0);
  const { rowPtr, rowCol, rowVal, state } = m;
  for (let i = 0; i < n; i++) {
    const a = rowPtr[i]!;
    const b = rowPtr[i + 1]!;
    for (let t = 0; t < k; t++) u[t] = 0;
    for (let p = a; p < b; p++) {
      const j = rowCol[p]!;
      if ((state[j]! & STATE_REJECTED) !== 0) continue;
      const c = rowVal[p]! - center[j]!;
      const base = j * k;
      for (let t = 0; t < k; t++) u[t]! += c * V[base + t]!;
    }
    for (let p = a; p < b; p++) {
      const j = rowCol[p]!;
      if ((state[j]! & STATE_REJECTED) !== 0) continue;
      const c = rowVal[p]! - center[j]!;
      const base = j * k;
      for (let t = 0; t < k; t++) W[base + t]! += c * u[t]!;
    }
  }
}

export function pca(
  m: VoteMatrix,
  nComps: number,
  opts: { seed?: number; maxIter?: number; tol?: number; exactComps?: number; looseTol?: number } = {},
): Pca {
  const ns = m.statements.length;
  const want = Math.max(1, Math.min(nComps, ns));
  // Two guard vectors speed up convergence of the wanted ones; only the first `exactComps` (Polis's two)
  // are iterated to full precision, the rest (used only to start the group model) to `looseTol`.
  const k = Math.min(ns, want + (want > 2 ? 2 : 0));
  const exact = Math.min(want, opts.exactComps ?? 2);
  const looseTol = opts.looseTol ?? 1e-4;
  const center = columnMeans(m);
  const random = rng(opts.seed ?? 1);
  let V = new Float64Array(ns * k);
  for (let i = 0; i < V.length; i++) V[i] = random() - 0.5;
  orthonormalise(V, ns, k);
  let W = new Float64Array(ns * k);
  const u = new Float64Array(k);
  const maxIter = opts.maxIter ?? 3000;
  const tol = opts.tol ?? 1e-12;
  let norms: Float64Array = new Float64Array(k);
  for (let it = 0; it < maxIter; it++) {
    gram(m, center, V, k, W, u);
    norms = orthonormalise(W, ns, k);
    // Converged when every new column is (up to sign) the old one, entry by entry.
    let converged = true;
    for (let t = 0; t < want && converged; t++) {
      let dot = 0;
      for (let j = 0; j < ns; j++) dot += W[j * k + t]! * V[j * k + t]!;
      const sign = dot < 0 ? -1 : 1;
      let worst = 0;
      for (let j = 0; j < ns; j++) worst = Math.max(worst, Math.abs(W[j * k + t]! - sign * V[j * k + t]!));
      converged = worst < (t < exact ? tol : looseTol);
    }
    [V, W] = [W, V];
    if (converged) break;
  }
  const comps: Float64Array[] = [];
  for (let t = 0; t < want; t++) {
    const c = new Float64Array(ns);
    let big = 0;
    for (let j = 0; j < ns; j++) {
      c[j] = V[j * k + t]!;
      if (Math.abs(c[j]!) > Math.abs(big)) big = c[j]!;
    }
    if (big < 0) for (let j = 0; j < ns; j++) c[j] = -c[j]!;
    comps.push(c);
  }
  return { center, comps, eigenvalues: norms.slice(0, want) };
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
  for (let i = 0; i < n; i++) {
    const a = m.rowPtr[i]!;
    const b = m.rowPtr[i + 1]!;
    let answered = rejected;
    for (let q = a; q < b; q++) {
      const j = m.rowCol[q]!;
      if (isRejected(m, j)) continue;
      answered++;
      const c = m.rowVal[q]! - p.center[j]!;
      for (let t = 0; t < have; t++) out[i * dims + t]! += c * p.comps[t]![j]!;
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
