/**
 * Polls drawn from Pulse's own model, for tests, the benchmark and the demo: a random walk of support,
 * pollsters with known house effects (optionally drifting), sample sizes around a thousand, and an election
 * on the first and the last day.
 */
import { dayNumber, isoDate, midDay, type ElectionResult, type Poll } from './pulse-report.ts';
import { rng } from './random.ts';

export interface PlantedSeries {
  polls: Poll[];
  elections: ElectionResult[];
  /** The true support per day, percent. */
  truth: number[];
  /** Each pollster's house effect, points (with drift, as it stands on the last day). */
  houseEffects: Record<string, number>;
}

export interface PlantOptions {
  seed: number;
  days: number;
  polls: number;
  /** House effects in points, one per pollster. */
  houseEffects: number[];
  /** Daily sd of support, points. */
  sigma: number;
  /** Daily sd of each house effect, points (0 = constant). */
  drift?: number;
  /** The first day, YYYY-MM-DD. */
  start?: string;
  /** Starting support, percent. */
  level?: number;
  party?: string;
}

function normal(r: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());
}

export function plantPolls(o: PlantOptions): PlantedSeries {
  const r = rng(o.seed);
  const party = o.party ?? 'Party';
  const first = dayNumber(o.start ?? '2020-01-01');
  if (first === null) throw new RangeError(`"${o.start ?? ''}" is not a date`);
  const truth: number[] = [o.level ?? 35];
  for (let t = 1; t < o.days; t++) truth.push(Math.min(Math.max(truth[t - 1]! + o.sigma * normal(r), 5), 95));
  const names = o.houseEffects.map(
    (_, j) => `Pollster ${String.fromCharCode(65 + (j % 26))}${j >= 26 ? j : ''}`,
  );
  // Each house effect's path over the days (constant without drift).
  const paths = o.houseEffects.map((d) => {
    const path = [d];
    for (let t = 1; t < o.days; t++) path.push(path[t - 1]! + (o.drift ?? 0) * normal(r));
    return path;
  });
  const polls: Poll[] = [];
  for (let i = 0; i < o.polls; i++) {
    const j = i % names.length;
    const length = 1 + Math.floor(r() * 5);
    const start = Math.floor(r() * (o.days - length));
    const end = start + length - 1;
    const mid = midDay(start, end);
    const n = 500 + Math.floor(r() * 1500);
    const mean = (truth[mid]! + paths[j]![mid]!) / 100;
    const y = mean + Math.sqrt((mean * (1 - mean)) / n) * normal(r);
    polls.push({
      pollster: names[j]!,
      start: isoDate(first + start),
      end: isoDate(first + end),
      sampleSize: n,
      shares: { [party]: Math.round(y * 1000) / 10 },
    });
  }
  return {
    polls,
    elections: [
      { date: isoDate(first), share: truth[0]! },
      { date: isoDate(first + o.days - 1), share: truth[o.days - 1]! },
    ],
    truth,
    houseEffects: Object.fromEntries(names.map((n, j) => [n, paths[j]![o.days - 1]!])),
  };
}
