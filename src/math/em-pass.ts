/**
 * One pass of the latent-class EM over a fit's rows: each row's class log-likelihoods (the E-step, with the
 * log-likelihood), added as responsibilities straight into the counts of the next M-step.
 *
 * The rows are always taken in two halves (split where half the cells are), each half summed into its own
 * counts, and the halves added at the end. A helper thread (io/em-helper.ts), when one is installed, takes
 * the second half while this thread does the first; without one, this thread does both in turn. The sums
 * are the same either way, to the last bit, so a one-off `analyze` that uses a second core and the server's
 * engine threads, which do not, find the same groups.
 */
import { gather, scatter } from './em-kernels.ts';
import type { Cells } from './group-cells.ts';

/** What a pass over rows [r0, r1) writes: any may be null (not wanted). Row r goes to index r − r0. */
export interface RowsOut {
  best: Int32Array | null;
  rowLogLik: Float64Array | null;
  counts: Float64Array | null;
  mass: Float64Array | null;
}

/** Rows [r0, r1) of a pass; their log-likelihood. `out`'s per-row arrays are indexed from `off`. */
export function emRows(
  start: Int32Array,
  cell: Int32Array,
  r0: number,
  r1: number,
  logTheta: Float64Array,
  logPi: Float64Array,
  k: number,
  out: RowsOut,
  off: number,
): number {
  const { best, rowLogLik, counts, mass } = out;
  let logLik = 0;
  const l = new Float64Array(k);
  const q = new Float64Array(k);
  for (let r = r0; r < r1; r++) {
    const a = start[r]!;
    const b = start[r + 1]!;
    gather(cell, a, b, logTheta, k, logPi, l);
    let max = l[0]!;
    let top = 0;
    for (let c = 1; c < k; c++)
      if (l[c]! > max) {
        max = l[c]!;
        top = c;
      }
    if (best) best[r - off] = top;
    let sum = 0;
    for (let c = 0; c < k; c++) {
      const e = Math.exp(l[c]! - max);
      q[c] = e;
      sum += e;
    }
    const own = max + Math.log(sum);
    logLik += own;
    if (rowLogLik) rowLogLik[r - off] = own;
    if (counts && mass) {
      for (let c = 0; c < k; c++) {
        q[c]! /= sum;
        mass[c]! += q[c]!;
      }
      scatter(cell, a, b, counts, k, q);
    }
  }
  return logLik;
}

/** The second half's part of a pass, done on another thread. */
export interface HalfJob {
  /** Waits for the half: its log-likelihood and outputs (counts and mass summed from zero). */
  finish(): { logLik: number; out: RowsOut } | null;
}

/** Rows [r0, r1) of a pass to run elsewhere, under these parameters, and which outputs are wanted. */
export interface HalfRequest {
  cells: Cells;
  r0: number;
  r1: number;
  logTheta: Float64Array;
  logPi: Float64Array;
  k: number;
  want: { best: boolean; rowLogLik: boolean; counts: boolean };
}

/** Something that runs the second half of a pass elsewhere (null: it cannot now, this thread does it). */
export interface EmHelper {
  begin(half: HalfRequest): HalfJob | null;
}

let helper: EmHelper | null = null;

/** Installs (or, with null, removes) the helper thread that passes may hand their second half to. */
export function useEmHelper(h: EmHelper | null): void {
  helper = h;
}

/** A half this small is not worth handing over (the hand-over costs tens of microseconds). */
const MIN_HELPER_CELLS = 50_000;

const halves = new WeakMap<Cells, number>();

/** The row where the second half starts: the first row at or past half the cells. */
export function halfRow(cells: Cells): number {
  const hit = halves.get(cells);
  if (hit !== undefined) return hit;
  const rows = cells.start.length - 1;
  const mid = cells.start[rows]! / 2;
  let lo = 0;
  let hi = rows;
  while (lo < hi) {
    const m = (lo + hi) >>> 1;
    if (cells.start[m]! < mid) lo = m + 1;
    else hi = m;
  }
  halves.set(cells, lo);
  return lo;
}

/** The second half's counts and mass when this thread does it: reused, as new memory is slow to touch. */
let spareCounts = new Float64Array(0);
let spareMass = new Float64Array(0);

/**
 * One EM pass over every row of `cells`; their log-likelihood. `counts` and `mass` (zeroed by the caller)
 * receive the responsibilities, `best` each row's most probable class, `rowLogLik` each row's log-likelihood.
 */
export function emPass(
  cells: Cells,
  logTheta: Float64Array,
  logPi: Float64Array,
  k: number,
  best: Int32Array | null,
  counts: Float64Array | null,
  mass: Float64Array | null,
  rowLogLik: Float64Array | null = null,
): number {
  const rows = cells.start.length - 1;
  const h = halfRow(cells);
  const withCounts = counts !== null && mass !== null;
  const job =
    helper && cells.start[rows]! - cells.start[h]! >= MIN_HELPER_CELLS
      ? helper.begin({
          cells,
          r0: h,
          r1: rows,
          logTheta,
          logPi,
          k,
          want: { best: best !== null, rowLogLik: rowLogLik !== null, counts: withCounts },
        })
      : null;
  const first = emRows(
    cells.start,
    cells.cell,
    0,
    h,
    logTheta,
    logPi,
    k,
    { best, rowLogLik, counts, mass },
    0,
  );
  const done = job?.finish() ?? null;
  let second: number;
  let c1: Float64Array | null = null;
  let m1: Float64Array | null = null;
  if (done) {
    second = done.logLik;
    if (best && done.out.best) best.set(done.out.best.subarray(0, rows - h), h);
    if (rowLogLik && done.out.rowLogLik) rowLogLik.set(done.out.rowLogLik.subarray(0, rows - h), h);
    c1 = done.out.counts;
    m1 = done.out.mass;
  } else {
    if (withCounts) {
      if (spareCounts.length < counts.length) spareCounts = new Float64Array(counts.length);
      if (spareMass.length < k) spareMass = new Float64Array(k);
      c1 = spareCounts.fill(0, 0, counts.length);
      m1 = spareMass.fill(0, 0, k);
    }
    second = emRows(
      cells.start,
      cells.cell,
      h,
      rows,
      logTheta,
      logPi,
      k,
      { best, rowLogLik, counts: c1, mass: m1 },
      0,
    );
  }
  if (withCounts && c1 && m1) {
    for (let i = 0; i < counts.length; i++) counts[i]! += c1[i]!;
    for (let c = 0; c < k; c++) mass[c]! += m1[c]!;
  }
  return first + second;
}
