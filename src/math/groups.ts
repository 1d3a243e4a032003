/**
 * Opinion groups that are really there: a latent-class model of the votes. Each group has, for every
 * statement, its own chances of agree / disagree / pass; a participant's unseen statements are simply
 * missing (no imputation). Fitted by EM from deterministic starts (maximin seeds and k-means in the PCA
 * space, and a split of each class of the k−1 solution); k from 1 to 8 is chosen by AIC3. Clustering uses every statement
 * rather than a 2-D picture, so four or five factions stay four or five.
 */
import { gather } from './em-kernels.ts';
import { emPass } from './em-pass.ts';
import { kmeansInit, splitInit } from './group-starts.ts';
import { clusteringStatements, prepare, type Cells } from './group-cells.ts';
import type { VoteMatrix } from './matrix.ts';

export { clusteringStatements };

export interface LatentClassFit {
  k: number;
  /** Posterior-mode group of each fitted row (index into `rows`). */
  assignment: Int32Array;
  logLik: number;
  /** AIC3, scaled for replicated rows: higher is better. */
  criterion: number;
  /** Free parameters of the model (for a criterion over other rows). */
  nParams: number;
  /** What AIC3 takes off the log-likelihood: criterion = logLik − penalty. */
  penalty: number;
  /** Each fitted row's log-likelihood under the fit (they sum to logLik). */
  rowLogLik: Float64Array;
  /** Log-probabilities, laid out [statement][outcome][group] so the inner loop over groups is contiguous. */
  logTheta: Float64Array;
  logPi: Float64Array;
}

const ALPHA = 1;
/**
 * k is chosen by AIC3 (log-likelihood − 1.5 × parameters), a criterion known to suit latent-class models.
 * The penalty is scaled by how many times rows repeat exactly, so copying every participant (which adds no
 * independent evidence) cannot conjure new groups.
 */
export const AIC3_PENALTY = 1.5;
/**
 * Screening by halves: every start gets SCREEN_ITER EM iterations, the SCREEN_KEEP most likely get as many
 * again, and the most likely of those is run to convergence.
 */
const SCREEN_ITER = 2;
const SCREEN_KEEP = 2;
/** A class is split as a start for k + 1 only if it holds at least this share of the rows. */
const MIN_SPLIT_SHARE = 0.02;
/** EM passes over all rows that finish a fit made on a sample. */
const REFINE_PASSES = 30;
/** Passes over all rows that decide between a sample's candidate fits. */
const REFINE_SCREEN = 4;

/** Turns expected counts into log-probabilities (Dirichlet prior scaled by replication). */
function finishMStep(
  counts: Float64Array,
  mass: Float64Array,
  ns: number,
  rows: number,
  k: number,
  replication: number,
  into: Params = { logTheta: new Float64Array(k * ns * 3), logPi: new Float64Array(k) },
): Params {
  // The prior counts scale with replication, like the evidence does.
  const alpha = ALPHA * replication;
  const { logTheta, logPi } = into;
  for (let j = 0; j < ns; j++) {
    for (let c = 0; c < k; c++) {
      const a = counts[j * 3 * k + c]!;
      const d = counts[(j * 3 + 1) * k + c]!;
      const q = counts[(j * 3 + 2) * k + c]!;
      const tot = a + d + q + 3 * alpha;
      logTheta[j * 3 * k + c] = Math.log((a + alpha) / tot);
      logTheta[(j * 3 + 1) * k + c] = Math.log((d + alpha) / tot);
      logTheta[(j * 3 + 2) * k + c] = Math.log((q + alpha) / tot);
    }
  }
  for (let c = 0; c < k; c++) logPi[c] = Math.log((mass[c]! + replication) / (rows + k * replication));
  return into;
}

interface Params {
  logTheta: Float64Array;
  logPi: Float64Array;
}

/** Parameters from hard assignments. */
function mStepHard(cells: Cells, assign: Int32Array, k: number, replication: number): Params {
  const counts = new Float64Array(k * cells.ns * 3);
  const mass = new Float64Array(k);
  for (let r = 0; r < assign.length; r++) {
    const c = assign[r]!;
    mass[c]!++;
    for (let q = cells.start[r]!; q < cells.start[r + 1]!; q++) counts[cells.cell[q]! * k + c]!++;
  }
  return finishMStep(counts, mass, cells.ns, assign.length, k, replication);
}

/**
 * EM from `params` for at most `maxIter` passes. The result's parameters are the last M-step's, and
 * `logLik` is that of the parameters before it, unless the run converged: then the log-likelihood and
 * `best` (each row's most probable class) belong to the returned parameters.
 */
function emRun(
  cells: Cells,
  start: Params,
  k: number,
  maxIter: number,
  replication: number,
  best: Int32Array | null,
  rowLogLik: Float64Array | null = null,
): { params: Params; logLik: number; converged: boolean } {
  const rows = cells.start.length - 1;
  let params = start;
  let last = -Infinity;
  // The counts and two sets of parameters are made once and reused: a fresh 200 kB each pass was most of
  // the memory this loop touched, and new memory is slow to touch on a virtual machine.
  const counts = new Float64Array(k * cells.ns * 3);
  const mass = new Float64Array(k);
  let spare: Params = { logTheta: new Float64Array(k * cells.ns * 3), logPi: new Float64Array(k) };
  for (let it = 0; it < maxIter; it++) {
    counts.fill(0);
    mass.fill(0);
    const logLik = emPass(cells, params.logTheta, params.logPi, k, best, counts, mass, rowLogLik);
    if (logLik - last < 1e-6 * Math.abs(logLik)) return { params, logLik, converged: true };
    last = logLik;
    const next = finishMStep(counts, mass, cells.ns, rows, k, replication, spare);
    // The parameters just replaced become the spare; `start` is the caller's and is never written.
    spare =
      params === start
        ? { logTheta: new Float64Array(k * cells.ns * 3), logPi: new Float64Array(k) }
        : params;
    params = next;
  }
  return { params, logLik: last, converged: false };
}

/** EM from `start` run to convergence (or `maxIter` passes), as a fit with its criterion. */
function fitFrom(
  m: VoteMatrix,
  cells: Cells,
  use: Uint8Array,
  start: Params,
  k: number,
  maxIter: number,
  replication: number,
): LatentClassFit {
  const assignment = new Int32Array(cells.start.length - 1);
  const rowLogLik = new Float64Array(assignment.length);
  const run = emRun(cells, start, k, maxIter, replication, assignment, rowLogLik);
  const { params } = run;
  // Not converged: one more E-step, so the log-likelihood and assignment belong to the final parameters.
  const logLik = run.converged
    ? run.logLik
    : emPass(cells, params.logTheta, params.logPi, k, assignment, null, null, rowLogLik);
  let used = 0;
  for (let j = 0; j < use.length; j++) if (use[j] && m.colPtr[j + 1]! > m.colPtr[j]!) used++;
  const nParams = k * used * 2 + (k - 1);
  const penalty = AIC3_PENALTY * nParams * replication;
  return { k, assignment, logLik, criterion: logLik - penalty, nParams, penalty, rowLogLik, ...params };
}

export interface GroupFinding {
  best: LatentClassFit;
  fits: LatentClassFit[];
}

/**
 * Finds the groups among `rows` (participants in the conversation). `points` are their PCA coordinates
 * (rows.length × d), used only to start EM well.
 */
export function findGroups(
  m: VoteMatrix,
  rows: Int32Array,
  points: Float64Array,
  d: number,
  opts: {
    maxK?: number;
    maxIter?: number;
    fixedK?: number;
    /** Finishes each k's fit (e.g. on more rows than `rows`); it is then judged by its own criterion. */
    refine?: (fit: LatentClassFit, passes: number) => LatentClassFit;
  } = {},
): GroupFinding {
  const scores: number[] = [];
  const use = clusteringStatements(m);
  const maxK = Math.min(opts.maxK ?? 8, Math.max(1, rows.length));
  const maxIter = opts.maxIter ?? 100;
  const fits: LatentClassFit[] = [];
  const refine = opts.refine;
  let prev: LatentClassFit | null = null;
  const cells = prepare(m, rows, use);
  const replication = rows.length / cells.distinct;
  const ks = opts.fixedK ? [opts.fixedK] : Array.from({ length: maxK }, (_, i) => i + 1);
  for (const k of ks) {
    let best: LatentClassFit;
    let refined: LatentClassFit | undefined;
    if (k === 1)
      best = fitFrom(
        m,
        cells,
        use,
        mStepHard(cells, new Int32Array(rows.length), 1, replication),
        1,
        maxIter,
        replication,
      );
    else {
      // Several starts, each given a short run; the most likely goes on to converge. Splitting only the
      // largest class of the k−1 fit is not enough: with four factions, the k = 3 fit may have merged two
      // small ones, and only splitting that class finds them.
      const starts = [kmeansInit(points, rows.length, d, k)];
      if (prev && prev.k === k - 1) {
        const size = new Int32Array(k - 1);
        for (const c of prev.assignment) size[c]!++;
        for (let c = 0; c < k - 1; c++)
          if (size[c]! >= Math.max(2, MIN_SPLIT_SHARE * rows.length))
            starts.push(splitInit(prev.assignment, points, d, k - 1, c));
      }
      // The most likely after screening goes on, restarted from its rows' most probable classes in its last
      // E-step: hard assignments give a sharper start than its soft parameters, and converge in fewer passes.
      const screen = (s: Params, classes = new Int32Array(rows.length)) => {
        const run = emRun(cells, s, k, SCREEN_ITER, replication, classes);
        return { ...run, classes };
      };
      const screened = starts
        .map((s) => screen(mStepHard(cells, s, k, replication)))
        .sort((a, b) => b.logLik - a.logLik)
        .slice(0, SCREEN_KEEP)
        .map((s) => (s.converged ? s : screen(s.params, s.classes)));
      const finish = (s: { classes: Int32Array }) =>
        fitFrom(m, cells, use, mStepHard(cells, s.classes, k, replication), k, maxIter, replication);
      if (refine) {
        // On a sample, the screen's leader may be the sample's noise: a small faction's few hundred rows
        // there can look like a split of a large one. Each screened start is converged on the sample and
        // given a few passes over every row; the most likely over every row goes on.
        const tried = screened.map((s) => {
          const f = finish(s);
          return { f, r: refine(f, REFINE_SCREEN) };
        });
        const top = tried.reduce((a, b) => (b.r.logLik > a.r.logLik ? b : a));
        best = top.f;
        refined = refine(top.r, REFINE_PASSES);
      } else {
        const lead = screened.reduce((a, b) => (b.logLik > a.logLik ? b : a));
        best = finish(lead);
      }
    }
    // The next k splits this fit's classes of the sample's rows; the refined fit is the one judged.
    prev = best;
    const done = refined ?? (refine ? refine(best, REFINE_PASSES) : best);
    fits.push(done);
    scores.push(opts.fixedK ? 0 : done.criterion);
    // Once the criterion falls, larger k does not win (the k+1 fit starts from a split of this one).
    const n = fits.length;
    if (!opts.fixedK && n >= 2 && scores[n - 1]! < scores[n - 2]!) break;
  }
  let at = 0;
  for (let i = 1; i < fits.length; i++) if (scores[i]! > scores[at]!) at = i;
  return { best: fits[at]!, fits };
}

/**
 * Fits made on a sample, finished on all of `rows`: EM continues from the sample's parameters over every
 * row (at most `passes` passes; a warm start converges in a few), and the criterion is AIC3 over all of
 * them. With many participants who each vote on few statements, a sample is too thin to estimate a small
 * faction's chances on thousands of statements, so its fit blurs that faction and under-chooses k;
 * judging the sample's fit on everyone is not enough, the fit itself must see everyone.
 */
export function refineOver(
  m: VoteMatrix,
  rows: Int32Array,
): {
  refine: (fit: LatentClassFit, passes: number) => LatentClassFit;
  /** `rows` under a fit, as membershipsOver gives them (without flattening their votes again). */
  memberships: (fit: LatentClassFit) => Memberships;
} {
  const use = clusteringStatements(m);
  const cells = prepare(m, rows, use);
  const replication = rows.length / cells.distinct;
  return {
    refine: (fit, passes) =>
      fitFrom(m, cells, use, { logTheta: fit.logTheta, logPi: fit.logPi }, fit.k, passes, replication),
    memberships: (fit) => membershipsIn(cells, fit),
  };
}

/** How surely each row belongs where a fit puts it, and what that makes of each group's size. */
export interface Memberships {
  /** Each row's most probable group. */
  assignment: Int32Array;
  /** That group's probability, for each row. */
  certainty: Float64Array;
  /** Each group's expected number of rows (the sum of their probabilities of it) … */
  expected: Float64Array;
  /** … and that number's variance (Σ p(1 − p): each row in or out independently). */
  variance: Float64Array;
}

/** Each of `rows` under a fit (one E-step): its most probable group and how probable, and group sizes. */
export function membershipsOver(m: VoteMatrix, rows: Int32Array, fit: LatentClassFit): Memberships {
  return membershipsIn(prepare(m, rows, clusteringStatements(m)), fit);
}

function membershipsIn(cells: Cells, fit: LatentClassFit): Memberships {
  const { k } = fit;
  const n = cells.start.length - 1;
  const out: Memberships = {
    assignment: new Int32Array(n),
    certainty: new Float64Array(n),
    expected: new Float64Array(k),
    variance: new Float64Array(k),
  };
  const l = new Float64Array(k);
  const e = new Float64Array(k);
  for (let r = 0; r < n; r++) {
    gather(cells.cell, cells.start[r]!, cells.start[r + 1]!, fit.logTheta, k, fit.logPi, l);
    let top = 0;
    for (let c = 1; c < k; c++) if (l[c]! > l[top]!) top = c;
    let sum = 0;
    for (let c = 0; c < k; c++) {
      e[c] = Math.exp(l[c]! - l[top]!);
      sum += e[c]!;
    }
    for (let c = 0; c < k; c++) {
      const q = e[c]! / sum;
      out.expected[c]! += q;
      out.variance[c]! += q * (1 - q);
    }
    out.assignment[r] = top;
    out.certainty[r] = 1 / sum;
  }
  return out;
}
