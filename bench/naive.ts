/**
 * The naive dense pipeline the engine is measured against: a mean-filled dense matrix, PCA by power
 * iteration on it, and k-means for k = 2..5 chosen by silhouette, all on dense arrays.
 */
import type { VoteMatrix } from '../src/math/matrix.ts';
import { rng } from '../src/math/random.ts';

export function naivePipeline(m: VoteMatrix): { k: number } {
  const n = m.participants.length;
  const ns = m.statements.length;
  const dense = new Float64Array(n * ns).fill(Number.NaN);
  for (let i = 0; i < n; i++)
    for (let q = m.rowPtr[i]!; q < m.rowPtr[i + 1]!; q++) dense[i * ns + m.rowCol[q]!] = m.rowVal[q]!;
  const mean = new Float64Array(ns);
  const cnt = new Float64Array(ns);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < ns; j++) {
      if (Number.isNaN(dense[i * ns + j]!)) continue;
      mean[j]! += dense[i * ns + j]!;
      cnt[j]!++;
    }
  }
  for (let j = 0; j < ns; j++) mean[j] = cnt[j]! ? mean[j]! / cnt[j]! : 0;
  for (let i = 0; i < n; i++)
    for (let j = 0; j < ns; j++)
      dense[i * ns + j] = (Number.isNaN(dense[i * ns + j]!) ? mean[j]! : dense[i * ns + j]!) - mean[j]!;
  const comps: Float64Array[] = [];
  const random = rng(3);
  const u = new Float64Array(n);
  for (let t = 0; t < 2; t++) {
    let v = Float64Array.from({ length: ns }, () => random() - 0.5);
    for (let it = 0; it < 100; it++) {
      for (let i = 0; i < n; i++) {
        let s = 0;
        for (let j = 0; j < ns; j++) s += dense[i * ns + j]! * v[j]!;
        u[i] = s;
      }
      const w = new Float64Array(ns);
      for (let i = 0; i < n; i++) for (let j = 0; j < ns; j++) w[j]! += dense[i * ns + j]! * u[i]!;
      for (const c of comps) {
        let d = 0;
        for (let j = 0; j < ns; j++) d += w[j]! * c[j]!;
        for (let j = 0; j < ns; j++) w[j]! -= d * c[j]!;
      }
      const norm = Math.hypot(...w);
      v = w.map((x) => x / norm);
    }
    comps.push(v);
  }
  const pts = new Float64Array(n * 2);
  for (let i = 0; i < n; i++)
    for (let t = 0; t < 2; t++) {
      let s = 0;
      for (let j = 0; j < ns; j++) s += dense[i * ns + j]! * comps[t]![j]!;
      pts[i * 2 + t] = s;
    }
  let best = { k: 2, s: -Infinity };
  for (let k = 2; k <= 5; k++) {
    const centers = pts.slice(0, k * 2);
    const assign = new Int32Array(n);
    for (let it = 0; it < 50; it++) {
      for (let i = 0; i < n; i++) {
        let bi = 0;
        let bd = Infinity;
        for (let c = 0; c < k; c++) {
          const d = (pts[i * 2]! - centers[c * 2]!) ** 2 + (pts[i * 2 + 1]! - centers[c * 2 + 1]!) ** 2;
          if (d < bd) {
            bd = d;
            bi = c;
          }
        }
        assign[i] = bi;
      }
      const sum = new Float64Array(k * 3);
      for (let i = 0; i < n; i++) {
        const c = assign[i]!;
        sum[c * 3]! += pts[i * 2]!;
        sum[c * 3 + 1]! += pts[i * 2 + 1]!;
        sum[c * 3 + 2]!++;
      }
      for (let c = 0; c < k; c++) {
        if (!sum[c * 3 + 2]) continue;
        centers[c * 2] = sum[c * 3]! / sum[c * 3 + 2]!;
        centers[c * 2 + 1] = sum[c * 3 + 1]! / sum[c * 3 + 2]!;
      }
    }
    // Silhouette over every point (O(n²)), as a plain implementation computes it.
    let total = 0;
    const sums = new Float64Array(k);
    const sizes = new Float64Array(k);
    for (let i = 0; i < n; i++) sizes[assign[i]!]!++;
    for (let i = 0; i < n; i++) {
      sums.fill(0);
      for (let j = 0; j < n; j++)
        if (j !== i)
          sums[assign[j]!]! += Math.hypot(pts[i * 2]! - pts[j * 2]!, pts[i * 2 + 1]! - pts[j * 2 + 1]!);
      const own = assign[i]!;
      const a = sizes[own]! > 1 ? sums[own]! / (sizes[own]! - 1) : 0;
      let b = Infinity;
      for (let c = 0; c < k; c++) if (c !== own && sizes[c]!) b = Math.min(b, sums[c]! / sizes[c]!);
      total += Math.max(a, b) > 0 ? (b - a) / Math.max(a, b) : 0;
    }
    if (total / n > best.s) best = { k, s: total / n };
  }
  return { k: best.k };
}
