/**
 * k-means as Polis runs it: start from the first k distinct points, assign each point to the nearest
 * centre, move each centre to the (weighted) mean of its points, stop when no centre moves by 0.01 or
 * after maxIter steps; empty clusters are dropped. Points are n × d, row-major.
 */

export interface Clustering {
  /** Cluster index of each point (0..k-1, in order of cluster ids). */
  assignment: Int32Array;
  /** k × d centres. */
  centers: Float64Array;
  k: number;
}

function dist2(a: Float64Array, i: number, b: Float64Array, j: number, d: number): number {
  let s = 0;
  for (let t = 0; t < d; t++) {
    const x = a[i * d + t]! - b[j * d + t]!;
    s += x * x;
  }
  return s;
}

/** The first k distinct rows of `points`, as Polis's init-clusters takes them. */
export function firstDistinct(points: Float64Array, n: number, d: number, k: number): Float64Array {
  const seen = new Set<string>();
  const rows: number[] = [];
  for (let i = 0; i < n && rows.length < k; i++) {
    const key = Array.from(points.subarray(i * d, i * d + d)).join(',');
    if (seen.has(key)) continue;
    seen.add(key);
    rows.push(i);
  }
  const c = new Float64Array(rows.length * d);
  rows.forEach((r, idx) => c.set(points.subarray(r * d, r * d + d), idx * d));
  return c;
}

export function kmeans(
  points: Float64Array,
  n: number,
  d: number,
  init: Float64Array,
  opts: { weights?: Float64Array; maxIter?: number; threshold?: number } = {},
): Clustering {
  let centers = init.slice();
  let k = centers.length / d;
  const assignment = new Int32Array(n);
  const maxIter = opts.maxIter ?? 100;
  const threshold = opts.threshold ?? 0.01;
  for (let iter = 0; iter <= maxIter; iter++) {
    for (let i = 0; i < n; i++) {
      let best = 0;
      let bestD = Infinity;
      for (let c = 0; c < k; c++) {
        const dd = dist2(points, i, centers, c, d);
        if (dd < bestD) {
          bestD = dd;
          best = c;
        }
      }
      assignment[i] = best;
    }
    const sums = new Float64Array(k * d);
    const mass = new Float64Array(k);
    for (let i = 0; i < n; i++) {
      const c = assignment[i]!;
      const w = opts.weights ? opts.weights[i]! : 1;
      mass[c]! += w;
      for (let t = 0; t < d; t++) sums[c * d + t]! += w * points[i * d + t]!;
    }
    // Drop empty clusters and renumber.
    const keep: number[] = [];
    for (let c = 0; c < k; c++) if (mass[c]! > 0) keep.push(c);
    const next = new Float64Array(keep.length * d);
    keep.forEach((c, idx) => {
      for (let t = 0; t < d; t++) next[idx * d + t] = sums[c * d + t]! / mass[c]!;
    });
    const same = keep.length === k && keep.every((c) => Math.sqrt(dist2(next, c, centers, c, d)) < threshold);
    if (keep.length !== k) {
      const remap = new Int32Array(k).fill(-1);
      keep.forEach((c, idx) => (remap[c] = idx));
      for (let i = 0; i < n; i++) assignment[i] = remap[assignment[i]!]!;
    }
    centers = next;
    k = keep.length;
    if (same) break;
  }
  return { assignment, centers, k };
}

/**
 * Mean silhouette over points (unweighted, as Polis computes it on base-cluster centres). A point alone in
 * its cluster scores 0.
 */
export function silhouette(
  points: Float64Array,
  n: number,
  d: number,
  assignment: Int32Array,
  k: number,
): number {
  if (k < 2 || n < 2) return 0;
  const dist = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let j = i + 1; j < n; j++)
      dist[i * n + j] = dist[j * n + i] = Math.sqrt(dist2(points, i, points, j, d));
  const size = new Int32Array(k);
  for (let i = 0; i < n; i++) size[assignment[i]!]!++;
  let total = 0;
  const sums = new Float64Array(k);
  for (let i = 0; i < n; i++) {
    const own = assignment[i]!;
    if (size[own]! <= 1) continue;
    sums.fill(0);
    for (let j = 0; j < n; j++) if (j !== i) sums[assignment[j]!]! += dist[i * n + j]!;
    const a = sums[own]! / (size[own]! - 1);
    let b = Infinity;
    for (let c = 0; c < k; c++) if (c !== own && size[c]! > 0) b = Math.min(b, sums[c]! / size[c]!);
    const denom = Math.max(a, b);
    total += denom > 0 ? (b - a) / denom : 0;
  }
  return total / n;
}

/** Weighted within-cluster sum of squares: the objective k-means lowers. */
export function withinSS(points: Float64Array, d: number, c: Clustering, weights?: Float64Array): number {
  let s = 0;
  for (let i = 0; i < c.assignment.length; i++)
    s += (weights ? weights[i]! : 1) * dist2(points, i, c.centers, c.assignment[i]!, d);
  return s;
}

/** k-means++ seeding (weighted): each next centre is drawn with probability ∝ weight × squared distance. */
export function kmeansPlusPlus(
  points: Float64Array,
  n: number,
  d: number,
  k: number,
  random: () => number,
  weights?: Float64Array,
): Float64Array {
  const w = (i: number): number => (weights ? weights[i]! : 1);
  const centers = new Float64Array(k * d);
  const near = new Float64Array(n).fill(Infinity);
  let mass = (i: number): number => w(i);
  for (let c = 0; c < k; c++) {
    let total = 0;
    for (let i = 0; i < n; i++) total += mass(i);
    let x = random() * total;
    let pick = n - 1;
    for (let i = 0; i < n - 1; i++) {
      x -= mass(i);
      if (x <= 0) {
        pick = i;
        break;
      }
    }
    centers.set(points.subarray(pick * d, pick * d + d), c * d);
    for (let i = 0; i < n; i++) near[i] = Math.min(near[i]!, dist2(points, i, centers, c, d));
    mass = (i: number): number => w(i) * near[i]!;
  }
  return centers;
}
