/**
 * Seats from national shares, by the previous election's constituency results, two ways:
 *
 * - uniform national swing: each party's share in every seat moves by the change in its national share
 *   (floored at zero);
 * - proportional swing: each party's share in every seat is multiplied by its national share now over its
 *   national share then.
 *
 * The previous national shares are the constituency results' totals. A party with no estimate now keeps its
 * previous shares (no swing). The uncertainty is simulated: each estimated party's national share is drawn
 * from its smoothed distribution on the latest day (normal, parties independent), and the seats counted
 * under both rules for every draw.
 */
import { rng, type Rng } from './random.ts';
import type { ConstituencyVotes } from './io/polls-csv.ts';

export interface Estimate {
  /** Percent. */
  share: number;
  sd: number;
}

export interface SeatRange {
  /** Seats at the central estimate. */
  seats: number;
  /** The 2.5% and 97.5% points of the simulated seats. */
  lo: number;
  hi: number;
  /** The share of draws in which the party wins the most seats (ties shared). */
  pLargest: number;
}

export interface SeatProjection {
  constituencies: number;
  /** The previous national shares, percent. */
  previous: Record<string, number>;
  uniform: Record<string, SeatRange>;
  proportional: Record<string, SeatRange>;
  draws: number;
}

interface Table {
  seats: string[];
  parties: string[];
  /** Previous shares, seat-major: share[s * parties + p], proportions. */
  share: Float64Array;
  national: Float64Array;
}

function table(results: ConstituencyVotes[]): Table {
  const seats = [...new Set(results.map((r) => r.constituency))];
  const parties = [...new Set(results.map((r) => r.party))];
  const si = new Map(seats.map((s, i) => [s, i]));
  const pi = new Map(parties.map((p, i) => [p, i]));
  const votes = new Float64Array(seats.length * parties.length);
  for (const r of results) votes[si.get(r.constituency)! * parties.length + pi.get(r.party)!]! += r.votes;
  const share = new Float64Array(votes.length);
  const national = new Float64Array(parties.length);
  let all = 0;
  for (let s = 0; s < seats.length; s++) {
    let total = 0;
    for (let p = 0; p < parties.length; p++) total += votes[s * parties.length + p]!;
    for (let p = 0; p < parties.length; p++) {
      const v = votes[s * parties.length + p]!;
      share[s * parties.length + p] = total > 0 ? v / total : 0;
      national[p]! += v;
    }
    all += total;
  }
  for (let p = 0; p < parties.length; p++) national[p] = all > 0 ? national[p]! / all : 0;
  return { seats, parties, share, national };
}

/** Seats won per party under each rule, for national shares `now` (proportions; NaN = no estimate). */
function countSeats(t: Table, now: Float64Array): { uniform: Int32Array; proportional: Int32Array } {
  const np = t.parties.length;
  const uniform = new Int32Array(np);
  const proportional = new Int32Array(np);
  for (let s = 0; s < t.seats.length; s++) {
    let bestU = -1;
    let bestUShare = -Infinity;
    let bestP = -1;
    let bestPShare = -Infinity;
    for (let p = 0; p < np; p++) {
      const prev = t.share[s * np + p]!;
      const n = now[p]!;
      const known = !Number.isNaN(n);
      const u = known ? Math.max(prev + n - t.national[p]!, 0) : prev;
      const q = known && t.national[p]! > 0 ? (prev * n) / t.national[p]! : prev;
      if (u > bestUShare) {
        bestUShare = u;
        bestU = p;
      }
      if (q > bestPShare) {
        bestPShare = q;
        bestP = p;
      }
    }
    uniform[bestU]!++;
    proportional[bestP]!++;
  }
  return { uniform, proportional };
}

/** A standard normal draw (Box–Muller). */
function normal(r: Rng): number {
  const u = 1 - r();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * r());
}

const quantile = (sorted: Int32Array, q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;

/** Projects seats from the estimates (matched to the results' parties by name, ignoring case). */
export function projectSeats(
  results: ConstituencyVotes[],
  estimates: Record<string, Estimate>,
  options: { draws?: number; seed?: number } = {},
): SeatProjection {
  const t = table(results);
  const np = t.parties.length;
  const draws = options.draws ?? 2000;
  const byName = new Map(Object.entries(estimates).map(([k, v]) => [k.toLowerCase(), v]));
  const est = t.parties.map((p) => byName.get(p.toLowerCase()));
  const central = new Float64Array(np).map((_, p) => (est[p] ? est[p].share / 100 : NaN));
  const atCentre = countSeats(t, central);
  const simU = Array.from({ length: np }, () => new Int32Array(draws));
  const simP = Array.from({ length: np }, () => new Int32Array(draws));
  const largestU = new Float64Array(np);
  const largestP = new Float64Array(np);
  const r = rng(options.seed ?? 1);
  const now = new Float64Array(np);
  for (let d = 0; d < draws; d++) {
    for (let p = 0; p < np; p++) {
      const e = est[p];
      now[p] = e ? Math.max((e.share + e.sd * normal(r)) / 100, 0) : NaN;
    }
    const c = countSeats(t, now);
    for (const [seats, sim, largest] of [
      [c.uniform, simU, largestU],
      [c.proportional, simP, largestP],
    ] as const) {
      const most = Math.max(...seats);
      const tied = seats.filter((x) => x === most).length;
      for (let p = 0; p < np; p++) {
        sim[p]![d] = seats[p]!;
        if (seats[p] === most) largest[p]! += 1 / tied;
      }
    }
  }
  const ranges = (centre: Int32Array, sim: Int32Array[], largest: Float64Array) =>
    Object.fromEntries(
      t.parties.map((party, p) => {
        const sorted = sim[p]!.slice().sort();
        return [
          party,
          {
            seats: centre[p]!,
            lo: quantile(sorted, 0.025),
            hi: quantile(sorted, 0.975),
            pLargest: Number((largest[p]! / draws).toFixed(3)),
          },
        ];
      }),
    );
  return {
    constituencies: t.seats.length,
    previous: Object.fromEntries(t.parties.map((p, i) => [p, Number((t.national[i]! * 100).toFixed(3))])),
    uniform: ranges(atCentre.uniform, simU, largestU),
    proportional: ranges(atCentre.proportional, simP, largestP),
    draws,
  };
}
