/**
 * Pooling the polls (Jackman 2005, "Pooling the polls over an election campaign"), fitted exactly.
 *
 * One party at a time. Its true support `a[t]` follows a daily random walk, `a[t] = a[t-1] + w[t]`,
 * `w[t] ~ N(0, s²)`. A poll by house `j` with mid-date `t` and sample size `n` reports
 * `y = a[t] + d[j] + e`, `e ~ N(0, y(1-y)/n)`; an election result reports `a[t]` with variance 1e-8. The
 * house effects `d[j]` are constant (or, with `drift`, each a random walk of variance `q²` a day).
 *
 * The state `[a, d[1..J]]` is run through a Kalman filter one observation at a time (the univariate
 * treatment: several polls on one day are updates with no time between them), which also gives the
 * log-likelihood by the prediction-error decomposition; `s` (and `q`) are chosen to maximise it. The
 * smoothed support is the Durbin–Koopman backward recursion, equivalent to Rauch–Tung–Striebel's smoother
 * but with no matrix to invert, and it needs only the first row of each day's predicted covariance.
 *
 * Everything here is in proportions (0..1); callers present points.
 */

/** The prior variance of the initial support and of every house effect: diffuse on the scale of shares. */
export const DIFFUSE = 1;
/** An election result is an observation of `a[t]` itself, with this variance. */
export const ELECTION_VARIANCE = 1e-8;
const LOG_2PI = Math.log(2 * Math.PI);

export interface PoolingData {
  /** Days 0 .. days-1. */
  days: number;
  /** The houses' names, index 0 .. J-1; house j is state element j + 1. */
  houses: string[];
  /** Observations sorted by day: house index or -1 for an election result. */
  obsDay: Int32Array;
  obsHouse: Int32Array;
  obsValue: Float64Array;
  obsVariance: Float64Array;
}

export interface PoolingObservation {
  day: number;
  /** A house's name, or null for an election result. */
  house: string | null;
  share: number;
  /** Sample size (ignored for an election result). */
  n: number;
}

/** The sampling variance `y(1-y)/n`, with `y` kept half a respondent from 0 and 1 so no poll is exact. */
export function samplingVariance(share: number, n: number): number {
  const y = Math.min(Math.max(share, 0.5 / n), 1 - 0.5 / n);
  return (y * (1 - y)) / n;
}

export function poolingData(observations: PoolingObservation[], days: number): PoolingData {
  const sorted = [...observations].sort((x, y) => x.day - y.day);
  const houses: string[] = [];
  const index = new Map<string, number>();
  const len = sorted.length;
  const data: PoolingData = {
    days,
    houses,
    obsDay: new Int32Array(len),
    obsHouse: new Int32Array(len),
    obsValue: new Float64Array(len),
    obsVariance: new Float64Array(len),
  };
  sorted.forEach((o, i) => {
    if (!Number.isInteger(o.day) || o.day < 0 || o.day >= days)
      throw new RangeError(`day ${o.day} is out of range`);
    let h = -1;
    if (o.house !== null) {
      h = index.get(o.house) ?? -1;
      if (h < 0) {
        h = houses.length;
        houses.push(o.house);
        index.set(o.house, h);
      }
    }
    data.obsDay[i] = o.day;
    data.obsHouse[i] = h;
    data.obsValue[i] = o.share;
    data.obsVariance[i] = h < 0 ? ELECTION_VARIANCE : samplingVariance(o.share, o.n);
  });
  return data;
}

/** What the backward pass needs from the forward pass. */
interface FilterTrace {
  /** Predicted a and the first row of the predicted covariance at the start of each day. */
  aPred0: Float64Array;
  pRow0: Float64Array;
  v: Float64Array;
  f: Float64Array;
  /** Kalman gains, observation-major. */
  k: Float64Array;
}

export interface FilterResult {
  logLik: number;
  /** The filtered state and covariance after the last day: the house effects as they stand at the end. */
  state: Float64Array;
  cov: Float64Array;
}

function meanShare(data: PoolingData): number {
  let sum = 0;
  for (let i = 0; i < data.obsValue.length; i++) sum += data.obsValue[i]!;
  return data.obsValue.length ? sum / data.obsValue.length : 0.5;
}

/**
 * The Kalman filter over `[a, d[1..J]]` with daily variance `s2` for `a` and `q2` for every `d`; returns the
 * log-likelihood and the final state. With `trace`, it also keeps what the smoother reads.
 */
export function kalmanFilter(data: PoolingData, s2: number, q2: number, trace?: FilterTrace): FilterResult {
  const m = data.houses.length + 1;
  const a = new Float64Array(m);
  a[0] = meanShare(data);
  const p = new Float64Array(m * m);
  for (let i = 0; i < m; i++) p[i * m + i] = DIFFUSE;
  const ph = new Float64Array(m);
  const nObs = data.obsDay.length;
  let logLik = 0;
  let o = 0;
  for (let t = 0; t < data.days; t++) {
    if (t > 0) {
      p[0]! += s2;
      if (q2 > 0) for (let i = 1; i < m; i++) p[i * m + i]! += q2;
    }
    if (trace) {
      trace.aPred0[t] = a[0]!;
      trace.pRow0.set(p.subarray(0, m), t * m);
    }
    for (; o < nObs && data.obsDay[o] === t; o++) {
      // h = e0 + e(j+1): the observation sees the support plus the house's effect.
      const j = data.obsHouse[o]! + 1;
      for (let i = 0; i < m; i++) ph[i] = j > 0 ? p[i * m]! + p[i * m + j]! : p[i * m]!;
      const f = (j > 0 ? ph[0]! + ph[j]! : ph[0]!) + data.obsVariance[o]!;
      const v = data.obsValue[o]! - a[0] - (j > 0 ? a[j]! : 0);
      logLik -= 0.5 * (LOG_2PI + Math.log(f) + (v * v) / f);
      for (let i = 0; i < m; i++) {
        const ki = ph[i]! / f;
        a[i]! += ki * v;
        const row = i * m;
        for (let c = 0; c < m; c++) p[row + c]! -= ki * ph[c]!;
      }
      if (trace) {
        trace.v[o] = v;
        trace.f[o] = f;
        for (let i = 0; i < m; i++) trace.k[o * m + i] = ph[i]! / f;
      }
    }
  }
  return { logLik, state: a, cov: p };
}

export interface Smoothed {
  mean: Float64Array;
  variance: Float64Array;
}

/** The smoothed support per day (mean and variance), by the Durbin–Koopman backward recursion. */
export function smoothSupport(data: PoolingData, s2: number, q2: number): Smoothed & FilterResult {
  const m = data.houses.length + 1;
  const nObs = data.obsDay.length;
  const trace: FilterTrace = {
    aPred0: new Float64Array(data.days),
    pRow0: new Float64Array(data.days * m),
    v: new Float64Array(nObs),
    f: new Float64Array(nObs),
    k: new Float64Array(nObs * m),
  };
  const filtered = kalmanFilter(data, s2, q2, trace);
  const mean = new Float64Array(data.days);
  const variance = new Float64Array(data.days);
  const r = new Float64Array(m);
  const n = new Float64Array(m * m);
  const nk = new Float64Array(m);
  let o = nObs - 1;
  for (let t = data.days - 1; t >= 0; t--) {
    for (; o >= 0 && data.obsDay[o] === t; o--) {
      const j = data.obsHouse[o]! + 1;
      const k = trace.k.subarray(o * m, o * m + m);
      const f = trace.f[o]!;
      // r ← h v/F + L'r with L = I − K h'.
      let kr = 0;
      for (let i = 0; i < m; i++) kr += k[i]! * r[i]!;
      const c = trace.v[o]! / f - kr;
      r[0]! += c;
      if (j > 0) r[j]! += c;
      // N ← h h'/F + L'NL = N − h(NK)' − (NK)h' + (K'NK + 1/F) h h'.
      let kNk = 0;
      for (let i = 0; i < m; i++) {
        let s = 0;
        const row = i * m;
        for (let col = 0; col < m; col++) s += n[row + col]! * k[col]!;
        nk[i] = s;
        kNk += k[i]! * s;
      }
      const hs = j > 0 ? [0, j] : [0];
      for (const h of hs)
        for (let i = 0; i < m; i++) {
          n[h * m + i]! -= nk[i]!;
          n[i * m + h]! -= nk[i]!;
        }
      for (const h1 of hs) for (const h2 of hs) n[h1 * m + h2]! += kNk + 1 / f;
    }
    // α̂[t] = a[t] + P[t] r, V[t] = P[t] − P[t] N P[t]; only element 0 is wanted.
    const p0 = trace.pRow0.subarray(t * m, t * m + m);
    let pr = 0;
    let pnp = 0;
    for (let i = 0; i < m; i++) {
      pr += p0[i]! * r[i]!;
      let s = 0;
      for (let c = 0; c < m; c++) s += n[i * m + c]! * p0[c]!;
      pnp += p0[i]! * s;
    }
    mean[t] = trace.aPred0[t]! + pr;
    variance[t] = Math.max(p0[0]! - pnp, 0);
  }
  return { ...filtered, mean, variance };
}

/** Golden-section search for the minimum of `f` on [lo, hi], after a coarse grid picks the bracket. */
export function minimise1d(
  f: (x: number) => number,
  lo: number,
  hi: number,
  tol = 1e-5,
): { x: number; fx: number } {
  const grid = 16;
  let best = 0;
  const values: number[] = [];
  for (let i = 0; i <= grid; i++) {
    values.push(f(lo + ((hi - lo) * i) / grid));
    if (values[i]! < values[best]!) best = i;
  }
  let a = lo + ((hi - lo) * Math.max(best - 1, 0)) / grid;
  let b = lo + ((hi - lo) * Math.min(best + 1, grid)) / grid;
  const g = (Math.sqrt(5) - 1) / 2;
  let c = b - g * (b - a);
  let d = a + g * (b - a);
  let fc = f(c);
  let fd = f(d);
  while (b - a > tol) {
    if (fc < fd) {
      b = d;
      d = c;
      fd = fc;
      c = b - g * (b - a);
      fc = f(c);
    } else {
      a = c;
      c = d;
      fc = fd;
      d = a + g * (b - a);
      fd = f(d);
    }
  }
  const x = fc < fd ? c : d;
  const fx = Math.min(fc, fd);
  return fx <= values[best]! ? { x, fx } : { x: lo + ((hi - lo) * best) / grid, fx: values[best]! };
}

/** Nelder–Mead on two variables inside a box: the drift model's (log s, log q). */
export function minimise2d(
  f: (x: number, y: number) => number,
  start: [number, number],
  step: [number, number],
  box: [[number, number], [number, number]],
  tol = 1e-7,
  maxEvals = 400,
): { x: [number, number]; fx: number } {
  const clamp = (p: [number, number]): [number, number] => [
    Math.min(Math.max(p[0], box[0][0]), box[0][1]),
    Math.min(Math.max(p[1], box[1][0]), box[1][1]),
  ];
  const evalAt = (p: [number, number]) => ({ p, v: f(p[0], p[1]) });
  let s = [
    evalAt(clamp(start)),
    evalAt(clamp([start[0] + step[0], start[1]])),
    evalAt(clamp([start[0], start[1] + step[1]])),
  ];
  let evals = 3;
  const towards = (from: [number, number], to: [number, number], t: number): [number, number] =>
    clamp([from[0] + t * (to[0] - from[0]), from[1] + t * (to[1] - from[1])]);
  while (evals < maxEvals) {
    s.sort((x, y) => x.v - y.v);
    const [best, mid, worst] = s as [(typeof s)[0], (typeof s)[0], (typeof s)[0]];
    if (Math.abs(worst.v - best.v) <= tol * (1 + Math.abs(best.v))) break;
    const centre: [number, number] = [(best.p[0] + mid.p[0]) / 2, (best.p[1] + mid.p[1]) / 2];
    const reflected = evalAt(towards(centre, worst.p, -1));
    evals++;
    if (reflected.v < best.v) {
      const expanded = evalAt(towards(centre, worst.p, -2));
      evals++;
      s = [best, mid, expanded.v < reflected.v ? expanded : reflected];
    } else if (reflected.v < mid.v) s = [best, mid, reflected];
    else {
      const contracted = evalAt(towards(centre, worst.p, reflected.v < worst.v ? -0.5 : 0.5));
      evals++;
      if (contracted.v < Math.min(worst.v, reflected.v)) s = [best, mid, contracted];
      else {
        s = [best, evalAt(towards(best.p, mid.p, 0.5)), evalAt(towards(best.p, worst.p, 0.5))];
        evals += 2;
      }
    }
  }
  s.sort((x, y) => x.v - y.v);
  return { x: s[0]!.p, fx: s[0]!.v };
}

/** Bounds of the daily standard deviations searched, in proportions: 0.001 to 5 points a day. */
const LOG_SD_MIN = Math.log(1e-5);
const LOG_SD_MAX = Math.log(0.05);
/** House-effect drift: from 0.0001 points a day (none, in effect) to 0.5. */
const LOG_Q_MIN = Math.log(1e-6);
const LOG_Q_MAX = Math.log(0.005);

export interface PoolingFit extends Smoothed {
  sigma: number;
  /** The house effects' daily drift, when fitted. */
  drift: number | null;
  logLik: number;
  houses: string[];
  /** Each house's effect as it stands on the last day, and its standard error. */
  houseEffect: Float64Array;
  houseSE: Float64Array;
}

export interface PoolingOptions {
  drift?: boolean;
  /** Fix `s` instead of estimating it. */
  sigma?: number;
}

/** Fits the model: `s` (and the drift) by maximum likelihood, then the smoothed series. */
export function fitPooling(data: PoolingData, options: PoolingOptions = {}): PoolingFit {
  let sigma: number;
  let drift: number | null = null;
  if (options.sigma !== undefined) sigma = options.sigma;
  else {
    const plain = minimise1d((ls) => -kalmanFilter(data, Math.exp(2 * ls), 0).logLik, LOG_SD_MIN, LOG_SD_MAX);
    sigma = Math.exp(plain.x);
  }
  if (options.drift) {
    const fixed = options.sigma;
    const best = minimise2d(
      (ls, lq) =>
        -kalmanFilter(data, Math.exp(2 * (fixed === undefined ? ls : Math.log(fixed))), Math.exp(2 * lq))
          .logLik,
      [Math.log(sigma), Math.log(sigma / 10)],
      [0.5, 1.5],
      [
        [LOG_SD_MIN, LOG_SD_MAX],
        [LOG_Q_MIN, LOG_Q_MAX],
      ],
    );
    if (fixed === undefined) sigma = Math.exp(best.x[0]);
    drift = Math.exp(best.x[1]);
  }
  const q2 = drift === null ? 0 : drift * drift;
  const smoothed = smoothSupport(data, sigma * sigma, q2);
  const m = data.houses.length + 1;
  const houseEffect = new Float64Array(m - 1);
  const houseSE = new Float64Array(m - 1);
  for (let j = 1; j < m; j++) {
    houseEffect[j - 1] = smoothed.state[j]!;
    houseSE[j - 1] = Math.sqrt(Math.max(smoothed.cov[j * m + j]!, 0));
  }
  return {
    sigma,
    drift,
    logLik: smoothed.logLik,
    houses: data.houses,
    houseEffect,
    houseSE,
    mean: smoothed.mean,
    variance: smoothed.variance,
  };
}
