/**
 * Demo content for Pulse: two years of synthetic national polls from six pollsters with known house effects,
 * an election near each end of the series (two years ago and a month ago), and that last election's results in
 * 120 constituencies, so the
 * page is alive at once (the demo ward's doorstep returns come from its canvassing).
 */
import { replaceResults, saveSettings, upsertElections, replacePolls } from '../pulse/index.ts';
import type { Executor } from '../db/client.ts';
import { isoDate, type Poll } from '../math/pulse-report.ts';
import { rng } from '../math/random.ts';

export const DEMO_PARTY = 'Us';
/** Each party's support two years ago, percent. */
const PARTIES: [string, number][] = [
  ['Us', 29],
  ['Labour', 28],
  ['Conservative', 23],
  ['Lib Dem', 10],
  ['Green', 6],
  ['Reform', 4],
];
/** Each pollster's lean towards us, points (the demo's planted truth). */
export const DEMO_HOUSES: [string, number][] = [
  ['Ipsos Demo', -1.5],
  ['YouGov Demo', 2],
  ['Survation Demo', 0.5],
  ['Opinium Demo', -2.5],
  ['Savanta Demo', 1],
  ['More in Common Demo', 3],
];
const DAYS = 730;
const SECOND_ELECTION = 700;

export async function seedDemoPulse(tx: Executor, today: number): Promise<{ polls: number }> {
  const rand = rng(1905);
  const normal = () => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
  const first = today - DAYS;
  // Each party's true share per day: a random walk, ours drifting up through the second year.
  const truth = PARTIES.map(([party, level], p) => {
    const path = new Float64Array(DAYS);
    path[0] = level;
    for (let t = 1; t < DAYS; t++)
      path[t] = Math.max((path[t - 1] ?? level) + 0.1 * normal() + (p === 0 && t > 365 ? 0.01 : 0), 1);
    return { party, path };
  });
  const polls: Poll[] = [];
  for (let i = 0; i < 520; i++) {
    const [pollster, lean] = DEMO_HOUSES[i % DEMO_HOUSES.length] ?? ['Pollster', 0];
    const start = Math.floor(rand() * (DAYS - 4));
    const end = start + 1 + Math.floor(rand() * 3);
    const mid = start + Math.floor((end - start) / 2);
    const n = 1000 + Math.floor(rand() * 1200);
    const shares: Record<string, number> = {};
    truth.forEach(({ party, path }, p) => {
      // The pollster's lean to us comes out of the two largest others.
      const offset = p === 0 ? lean : p <= 2 ? -lean / 2 : 0;
      const mean = ((path[mid] ?? 0) + offset) / 100;
      shares[party] =
        Math.round(Math.max(mean + Math.sqrt((mean * (1 - mean)) / n) * normal(), 0) * 1000) / 10;
    });
    polls.push({ pollster, start: isoDate(first + start), end: isoDate(first + end), sampleSize: n, shares });
  }
  const election = (t: number) => ({
    date: isoDate(first + t),
    shares: Object.fromEntries(
      truth.map(({ party, path }) => [party, Math.round((path[t] ?? 0) * 100) / 100]),
    ),
  });
  const seats: { constituency: string; party: string; votes: number }[] = [];
  const places = [
    'Millbrook',
    'Ashford',
    'Kingsmere',
    'Holloway',
    'Barnfield',
    'Castleton',
    'Eastwick',
    'Fairhaven',
  ];
  const sides = [
    'North',
    'South',
    'East',
    'West',
    'Central',
    'Riverside',
    'Rural',
    'Vale',
    'Town',
    'Hills',
    'Moor',
    'Park',
    'Green',
    'Bridge',
    'Fields',
  ];
  for (let s = 0; s < 120; s++) {
    const constituency = `${places[s % places.length] ?? ''} ${sides[Math.floor(s / places.length)] ?? ''}`;
    // The previous election is the second one: each seat's shares scatter around its national result.
    const weights = truth.map(({ party, path }) => ({
      party,
      w: Math.max((path[SECOND_ELECTION] ?? 0) * Math.exp(0.45 * normal()), 0.5),
    }));
    const total = weights.reduce((x, y) => x + y.w, 0);
    const turnout = 38_000 + Math.floor(rand() * 14_000);
    for (const { party, w } of weights)
      seats.push({ constituency, party, votes: Math.round((turnout * w) / total) });
  }
  await saveSettings(tx, { party: DEMO_PARTY, drift: false, breaks: [] });
  await replacePolls(tx, polls);
  await upsertElections(tx, [election(0), election(SECOND_ELECTION)]);
  await replaceResults(tx, seats);
  return { polls: polls.length };
}
