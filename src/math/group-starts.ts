/**
 * Where the latent-class EM of groups.ts starts for k groups: classes from k-means in the PCA space (seeded
 * by a maximin traversal), and each class of the k−1 fit split in two.
 */
import { firstDistinct, kmeans } from './kmeans.ts';

/** Maximin seeds (farthest-point traversal from the point farthest from the centroid), then k-means. */
export function kmeansInit(points: Float64Array, n: number, d: number, k: number): Int32Array {
  const centroid = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let t = 0; t < d; t++) centroid[t]! += points[i * d + t]! / n;
  const dist = new Float64Array(n).fill(Infinity);
  const seeds: number[] = [];
  let next = 0;
  let far = -1;
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let t = 0; t < d; t++) s += (points[i * d + t]! - centroid[t]!) ** 2;
    if (s > far) {
      far = s;
      next = i;
    }
  }
  while (seeds.length < k) {
    seeds.push(next);
    far = -1;
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let t = 0; t < d; t++) s += (points[i * d + t]! - points[next * d + t]!) ** 2;
      dist[i] = Math.min(dist[i]!, s);
    }
    const last = next;
    for (let i = 0; i < n; i++) {
      if (dist[i]! > far) {
        far = dist[i]!;
        next = i;
      }
    }
    if (next === last) break;
  }
  const init = new Float64Array(seeds.length * d);
  seeds.forEach((s, idx) => init.set(points.subarray(s * d, s * d + d), idx * d));
  const km = kmeans(points, n, d, seeds.length === k ? init : firstDistinct(points, n, d, k), {
    maxIter: 50,
    threshold: 1e-6,
  });
  return km.assignment;
}

/** Splits one class of a fit in two along its members' coordinate of greatest spread. */
export function splitInit(
  prev: Int32Array,
  points: Float64Array,
  d: number,
  kPrev: number,
  big: number,
): Int32Array {
  const members: number[] = [];
  prev.forEach((c, r) => c === big && members.push(r));
  // Split along the direction of greatest spread among the members (largest-variance coordinate).
  let bestT = 0;
  let bestVar = -1;
  const means = new Float64Array(d);
  for (const r of members) for (let t = 0; t < d; t++) means[t]! += points[r * d + t]! / members.length;
  for (let t = 0; t < d; t++) {
    let v = 0;
    for (const r of members) v += (points[r * d + t]! - means[t]!) ** 2;
    if (v > bestVar) {
      bestVar = v;
      bestT = t;
    }
  }
  const out = prev.slice();
  for (const r of members) if (points[r * d + bestT]! > means[bestT]!) out[r] = kPrev;
  return out;
}
