/**
 * Pulse's model: the filter and smoother against the same posterior computed densely, recovery of planted
 * house effects, `s` and drift, the Australian polls of 2004–07 (Jackman's Example 9.3), seats by hand.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../cli.ts';
import { parseConstituencyCsv, parseElectionsJson, parsePollsCsv, PulseInputError } from './io/polls-csv.ts';
import {
  DIFFUSE,
  fitPooling,
  kalmanFilter,
  poolingData,
  smoothSupport,
  type PoolingObservation,
} from './pulse.ts';
import { dayNumber, isoDate, pulseReport } from './pulse-report.ts';
import { projectSeats } from './pulse-seats.ts';
import { plantPolls } from './pulse-synthetic.ts';
import { rng } from './random.ts';

const POLLS = path.resolve(import.meta.dirname, '../../../shared/data/polls');

/** Inverts a small dense symmetric positive-definite matrix (Gauss–Jordan), and gives its log-determinant. */
function invert(a: number[][]): { inv: number[][]; logDet: number } {
  const n = a.length;
  const m = a.map((row, i) => [...row, ...row.map((_, j) => (i === j ? 1 : 0))]);
  let logDet = 0;
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r]![c]!) > Math.abs(m[p]![c]!)) p = r;
    [m[c], m[p]] = [m[p]!, m[c]!];
    const pivot = m[c]![c]!;
    logDet += Math.log(Math.abs(pivot));
    for (let j = 0; j < 2 * n; j++) m[c]![j]! /= pivot;
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = m[r]![c]!;
      if (f !== 0) for (let j = 0; j < 2 * n; j++) m[r]![j]! -= f * m[c]![j]!;
    }
  }
  return { inv: m.map((row) => row.slice(n)), logDet };
}

describe('the filter and smoother', () => {
  it('give the exact Gaussian posterior and marginal likelihood, as a dense computation does', () => {
    const r = rng(7);
    const days = 25;
    const houses = 3;
    const observations: PoolingObservation[] = [{ day: 0, house: null, share: 0.4, n: 1 }];
    for (let i = 0; i < 30; i++)
      observations.push({
        day: Math.floor(r() * days),
        house: `H${i % houses}`,
        share: 0.35 + 0.1 * r(),
        n: 400 + Math.floor(r() * 800),
      });
    const data = poolingData(observations, days);
    const s2 = 0.004 ** 2;
    const q2 = 0.001 ** 2;
    // Latent z = [a0..a(T-1), d(t=0..T-1) per house] with the drift, stated as a joint Gaussian.
    const n = days * (1 + houses);
    const idxA = (t: number) => t;
    const idxD = (j: number, t: number) => days + j * days + t;
    const prec = Array.from({ length: n }, () => new Array<number>(n).fill(0));
    const rhs = new Array<number>(n).fill(0);
    const mean0 = data.obsValue.reduce((x, y) => x + y, 0) / data.obsValue.length;
    const addWalk = (at: (t: number) => number, v: number, start: number) => {
      prec[at(0)]![at(0)]! += 1 / DIFFUSE;
      rhs[at(0)]! += start / DIFFUSE;
      for (let t = 1; t < days; t++) {
        const [x, y] = [at(t - 1), at(t)];
        prec[x]![x]! += 1 / v;
        prec[y]![y]! += 1 / v;
        prec[x]![y]! -= 1 / v;
        prec[y]![x]! -= 1 / v;
      }
    };
    addWalk(idxA, s2, mean0);
    for (let j = 0; j < houses; j++) addWalk((t) => idxD(j, t), q2, 0);
    const priorCov = invert(prec).inv;
    const h: number[][] = [];
    for (let o = 0; o < data.obsDay.length; o++) {
      const row = new Array<number>(n).fill(0);
      row[idxA(data.obsDay[o]!)] = 1;
      if (data.obsHouse[o]! >= 0) row[idxD(data.obsHouse[o]!, data.obsDay[o]!)] = 1;
      h.push(row);
      const w = 1 / data.obsVariance[o]!;
      for (let x = 0; x < n; x++) {
        if (row[x] === 0) continue;
        rhs[x]! += w * data.obsValue[o]!;
        for (let y = 0; y < n; y++) prec[x]![y]! += w * row[x]! * row[y]!;
      }
    }
    const post = invert(prec).inv;
    const postMean = post.map((row) => row.reduce((acc, v, k) => acc + v * rhs[k]!, 0));
    const smoothed = smoothSupport(data, s2, q2);
    for (let t = 0; t < days; t++) {
      expect(smoothed.mean[t]).toBeCloseTo(postMean[idxA(t)]!, 8);
      expect(smoothed.variance[t]).toBeCloseTo(post[idxA(t)]![idxA(t)]!, 9);
    }
    // The marginal likelihood: y ~ N(H μ0, H Σ0 H' + R).
    const mu0 = new Array<number>(n).fill(0);
    for (let t = 0; t < days; t++) mu0[idxA(t)] = mean0;
    const k = h.length;
    const cov = h.map((hi, a) =>
      h.map((hj, b) => {
        let s = a === b ? data.obsVariance[a]! : 0;
        for (let x = 0; x < n; x++) {
          if (hi[x] === 0) continue;
          for (let y = 0; y < n; y++) if (hj[y] !== 0) s += priorCov[x]![y]!;
        }
        return s;
      }),
    );
    const resid = h.map((hi, a) => data.obsValue[a]! - hi.reduce((acc, v, x) => acc + v * mu0[x]!, 0));
    const { inv, logDet } = invert(cov);
    let quad = 0;
    for (let a = 0; a < k; a++) for (let b = 0; b < k; b++) quad += resid[a]! * inv[a]![b]! * resid[b]!;
    const dense = -0.5 * (k * Math.log(2 * Math.PI) + logDet + quad);
    expect(kalmanFilter(data, s2, q2).logLik).toBeCloseTo(dense, 6);
  });
});

describe('recovery on planted polls', () => {
  const effects = [-3, -1, 0, 1.5, 2, 4];
  it('finds every house effect within two standard errors in at least 19 of 20 seeds, and s within 25% in all', () => {
    let within = 0;
    const sigmas: number[] = [];
    for (let seed = 1; seed <= 20; seed++) {
      const planted = plantPolls({ seed, days: 1000, polls: 1200, houseEffects: effects, sigma: 0.3 });
      const report = pulseReport({ polls: planted.polls, party: 'Party', elections: planted.elections });
      const all = Object.entries(planted.houseEffects).every(
        ([house, d]) => Math.abs(report.houseEffects[house]! - d) <= 2 * report.houseEffectSE[house]!,
      );
      if (all) within++;
      sigmas.push(report.sigmaPointsPerDay);
    }
    expect(within).toBeGreaterThanOrEqual(19);
    for (const s of sigmas) expect(Math.abs(s / 0.3 - 1)).toBeLessThanOrEqual(0.25);
  });

  it('recovers planted drift in the house effects, and the plain model fits worse', () => {
    for (const seed of [3, 4, 5]) {
      const planted = plantPolls({
        seed,
        days: 900,
        polls: 900,
        houseEffects: effects,
        sigma: 0.3,
        drift: 0.08,
      });
      const input = { polls: planted.polls, party: 'Party', elections: planted.elections };
      const plain = pulseReport(input);
      const drifting = pulseReport({ ...input, drift: true });
      expect(Math.abs(drifting.driftPointsPerDay! / 0.08 - 1)).toBeLessThanOrEqual(0.3);
      expect(plain.logLik).toBeLessThan(drifting.logLik - 10);
      // Without drift planted, the drift found is near nothing.
      const steady = plantPolls({ seed, days: 900, polls: 900, houseEffects: effects, sigma: 0.3 });
      const none = pulseReport({
        polls: steady.polls,
        party: 'Party',
        elections: steady.elections,
        drift: true,
      });
      expect(none.driftPointsPerDay!).toBeLessThan(0.02);
    }
  });

  it('a break gives a pollster a second house effect from the date its method changed', () => {
    const planted = plantPolls({ seed: 9, days: 800, polls: 900, houseEffects: effects, sigma: 0.3 });
    // Pollster F (4 points) changes its method on day 400 and leans −2 from then on.
    const change = '2021-02-04';
    const polls = planted.polls.map((p) =>
      p.pollster === 'Pollster F' && p.start >= change ? { ...p, shares: { Party: p.shares.Party! - 6 } } : p,
    );
    const input = { polls, party: 'Party', elections: planted.elections };
    const split = pulseReport({ ...input, breaks: [{ pollster: 'Pollster F', date: change }] });
    const before = split.houseEffects['Pollster F']!;
    const after = split.houseEffects[`Pollster F (from ${change})`]!;
    expect(Math.abs(before - 4)).toBeLessThanOrEqual(2 * split.houseEffectSE['Pollster F']!);
    expect(Math.abs(after + 2)).toBeLessThanOrEqual(2 * split.houseEffectSE[`Pollster F (from ${change})`]!);
    expect(split.logLik).toBeGreaterThan(pulseReport(input).logLik);
  });

  it('carries the series on to the "as of" date, the band widening with every day without polls', () => {
    const planted = plantPolls({ seed: 2, days: 200, polls: 150, houseEffects: effects, sigma: 0.3 });
    const last = planted.elections[1]!.date;
    const report = pulseReport({
      polls: planted.polls,
      party: 'Party',
      elections: [planted.elections[0]!],
      until: '2020-12-31',
    });
    expect(report.asOf).toBe('2020-12-31');
    const tail = report.series.filter((p) => p.date > last);
    for (let i = 1; i < tail.length; i++)
      expect(tail[i]!.hi - tail[i]!.lo).toBeGreaterThan(tail[i - 1]!.hi - tail[i - 1]!.lo);
  });
});

describe('the Australian polls of 2004–07 (Jackman, Example 9.3)', () => {
  const series = parsePollsCsv(fs.readFileSync(path.join(POLLS, 'australia-2004-2007.csv'), 'utf8'));
  const elections = parseElectionsJson(
    fs.readFileSync(path.join(POLLS, 'australia-2004-2007.elections.json'), 'utf8'),
  );

  it('reads all 239 polls from the four houses (Morgan in two modes)', () => {
    expect(series.polls).toHaveLength(239);
    expect(new Set(series.polls.map((p) => p.pollster)).size).toBe(5);
  });

  it("finds Morgan's face-to-face polls leaning to the ALP by more than two points, the series through both results", () => {
    const report = pulseReport({ polls: series.polls, party: 'ALP', elections });
    expect(report.houseEffects['Morgan, F2F']!).toBeGreaterThan(2);
    const at = new Map(report.series.map((p) => [p.date, p.share]));
    for (const e of elections) expect(Math.abs(at.get(e.date)! - e.share)).toBeLessThanOrEqual(0.01);
    expect(report.series[0]!.date).toBe('2004-10-09');
    expect(report.series.at(-1)!.date).toBe('2007-11-24');
    expect(report.sigmaPointsPerDay).toBeGreaterThan(0.1);
    expect(report.sigmaPointsPerDay).toBeLessThan(1);
  });

  it('the maximum-likelihood s is a maximum of the likelihood', () => {
    const report = pulseReport({ polls: series.polls, party: 'ALP', elections });
    const s = report.sigmaPointsPerDay / 100;
    const first = Date.parse('2004-10-09') / 86_400_000;
    const obs: PoolingObservation[] = elections.map((e) => ({
      day: Date.parse(e.date) / 86_400_000 - first,
      house: null,
      share: e.share / 100,
      n: 1,
    }));
    for (const p of series.polls) {
      const start = Date.parse(p.start) / 86_400_000;
      const end = Date.parse(p.end) / 86_400_000;
      obs.push({
        day: start + Math.floor((end - start) / 2) - first,
        house: p.pollster,
        share: p.shares.ALP! / 100,
        n: p.sampleSize,
      });
    }
    const data = poolingData(obs, report.series.length);
    const at = (x: number) => kalmanFilter(data, x * x, 0).logLik;
    expect(at(s)).toBeGreaterThanOrEqual(at(s * 0.9));
    expect(at(s)).toBeGreaterThanOrEqual(at(s * 1.1));
    expect(fitPooling(data).sigma).toBeCloseTo(s, 5);
  });
});

describe('seats', () => {
  // Five seats of 100 votes each. Nationally Y 200/500 = 40%, X 188/500 = 37.6%, O 112/500 = 22.4%.
  const csv = [
    'constituency,party,votes',
    'S1,Y,60\nS1,X,30\nS1,O,10',
    'S2,Y,52\nS2,X,38\nS2,O,10',
    'S3,Y,57\nS3,X,35\nS3,O,8',
    'S4,Y,20\nS4,X,30\nS4,O,50',
    'S5,Y,11\nS5,X,55\nS5,O,34',
  ].join('\n');
  const results = parseConstituencyCsv(csv);

  it('uniform and proportional swing equal the hand computation', () => {
    // Now Y 30 (−10 points; × 0.75) and X 47.6 (+10; × 47.6/37.6); O has no estimate and keeps its shares.
    // Uniform: S1 Y50 X40 → Y; S2 Y42 X48 → X; S3 Y47 X45 → Y; S4 Y10 X40 O50 → O; S5 Y1 X65 → X.
    // Proportional: S1 Y45 X37.98 → Y; S2 Y39 X48.11 → X; S3 Y42.75 X44.31 → X; S4 O50 → O; S5 X69.6 → X.
    const p = projectSeats(results, { Y: { share: 30, sd: 0 }, x: { share: 47.6, sd: 0 } }, { draws: 50 });
    expect(p.constituencies).toBe(5);
    expect(p.previous).toEqual({ Y: 40, X: 37.6, O: 22.4 });
    expect([p.uniform.Y!.seats, p.uniform.X!.seats, p.uniform.O!.seats]).toEqual([2, 2, 1]);
    expect([p.proportional.Y!.seats, p.proportional.X!.seats, p.proportional.O!.seats]).toEqual([1, 3, 1]);
    // With no uncertainty every draw is the central projection.
    expect(p.proportional.X).toMatchObject({ lo: 3, hi: 3, pLargest: 1 });
    expect(p.uniform.Y).toMatchObject({ lo: 2, hi: 2, pLargest: 0.5 });
  });

  it('uncertainty from the band gives ranges around the central projection', () => {
    const p = projectSeats(
      results,
      { Y: { share: 38, sd: 5 }, X: { share: 39, sd: 5 } },
      { draws: 2000, seed: 3 },
    );
    for (const rule of [p.uniform, p.proportional])
      for (const r of Object.values(rule)) {
        expect(r.lo).toBeLessThanOrEqual(r.seats);
        expect(r.hi).toBeGreaterThanOrEqual(r.seats);
      }
    expect(p.uniform.X!.hi).toBeGreaterThan(p.uniform.X!.lo);
    const total = Object.values(p.uniform).reduce((s, r) => s + r.pLargest, 0);
    expect(total).toBeCloseTo(1, 2);
  });
});

describe('reading the files', () => {
  it('names every bad line of a poll file and gives nothing', () => {
    const csv = [
      'pollster,start,end,n,Ours,Theirs',
      'Acme,2024-01-01,2024-01-03,1000,35,40',
      ',2024-01-02,2024-01-01,abc,35,140',
      'Acme,2024-02-30,2024-03-01,1000,35,40',
      'Acme,2024-03-01,2024-03-02,1000,,',
    ].join('\n');
    let error: unknown;
    try {
      parsePollsCsv(csv);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(PulseInputError);
    const lines = (error as PulseInputError).errors;
    expect(lines.map((l) => l.line)).toEqual([3, 4, 5]);
    expect(lines[0]!.message).toMatch(
      /pollster is blank.*ends before it starts.*sample size.*"abc".*Theirs.*"140"/,
    );
    expect(lines[1]!.message).toMatch(/fieldwork start .*"2024-02-30"/);
    expect(lines[2]!.message).toMatch(/gives no party a share/);
  });

  it('refuses a file without the columns it needs, and a results file with a party twice in a seat', () => {
    expect(() => parsePollsCsv('pollster,start,end,Ours\nA,2024-01-01,2024-01-01,30')).toThrow(
      /line 1: no sample size column/,
    );
    expect(() => parsePollsCsv('pollster,start,end,n\nA,2024-01-01,2024-01-01,30')).toThrow(
      /no party columns/,
    );
    expect(() => parseConstituencyCsv('constituency,party,votes\nS1,Y,10\nS1,Y,12\nS2,X,1.5')).toThrow(
      /line 3: Y already has a row in S1; line 4: votes must be a whole number/,
    );
    expect(() => parseElectionsJson('[{"date":"2024-13-01","share":30}]')).toThrow(/entry 1: "date"/);
  });
});

describe('bin/broadchurch pulse', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'pulse-cli-'));
  const polls = path.join(POLLS, 'australia-2004-2007.csv');
  const elections = path.join(POLLS, 'australia-2004-2007.elections.json');

  it('writes the report for ALP in points', async () => {
    const out = path.join(tmp, 'alp.json');
    expect(await main(['pulse', polls, '--party', 'ALP', '--elections', elections, '--out', out])).toBe(0);
    const report = JSON.parse(fs.readFileSync(out, 'utf8')) as {
      sigmaPointsPerDay: number;
      logLik: number;
      houseEffects: Record<string, number>;
      houseEffectSE: Record<string, number>;
      series: { date: string; share: number; lo: number; hi: number }[];
    };
    expect(Object.keys(report.houseEffects).sort()).toEqual([
      'Galaxy',
      'Morgan, F2F',
      'Morgan, Phone',
      'Newspoll',
      'Nielsen',
    ]);
    expect(Object.keys(report.houseEffectSE)).toHaveLength(5);
    expect(report.series).toHaveLength(1142);
    for (const p of report.series) {
      expect(p.lo).toBeLessThanOrEqual(p.share);
      expect(p.hi).toBeGreaterThanOrEqual(p.share);
    }
    expect(Number.isFinite(report.logLik)).toBe(true);
  });

  it('takes --drift and --break, and fails clearly', async () => {
    const out = path.join(tmp, 'drift.json');
    const args = ['pulse', polls, '--party', 'ALP', '--elections', elections, '--out', out];
    expect(await main([...args, '--drift', '--break', 'Newspoll@2006-01-01'])).toBe(0);
    const report = JSON.parse(fs.readFileSync(out, 'utf8')) as {
      driftPointsPerDay: number;
      houseEffects: object;
    };
    expect(report.driftPointsPerDay).toBeGreaterThan(0);
    expect(report.houseEffects).toHaveProperty('Newspoll (from 2006-01-01)');
    expect(await main(['pulse', polls, '--party', 'Labour', '--elections', elections])).toBe(2);
    expect(await main(['pulse', polls, '--party', 'ALP'])).toBe(2);
    expect(await main([...args, '--break', 'Newspoll'])).toBe(2);
    expect(
      await main(['pulse', path.join(tmp, 'none.csv'), '--party', 'ALP', '--elections', elections]),
    ).toBe(1);
    const bad = path.join(tmp, 'bad.json');
    fs.writeFileSync(bad, '[{"date":"2004-10-09"}]');
    expect(await main(['pulse', polls, '--party', 'ALP', '--elections', bad])).toBe(1);
  });
});

describe('dates', () => {
  it('counts days from 1970-01-01 in the Gregorian calendar both ways, and refuses dates that do not exist', () => {
    expect(dayNumber('1970-01-01')).toBe(0);
    expect(dayNumber('2000-03-01')).toBe(11_017);
    expect(dayNumber('2024-02-29')).toBe(19_782);
    for (const bad of ['2023-02-29', '2024-13-01', '2024-04-31', '24-01-01', '2024-1-1'])
      expect(dayNumber(bad)).toBeNull();
    for (let d = -30_000; d < 80_000; d += 7) expect(dayNumber(isoDate(d))).toBe(d);
  });
});
