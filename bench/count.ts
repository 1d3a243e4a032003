/**
 * `npm run bench -- count`: counting a 10,000-ballot, 12-candidate election, 4 seats (1 for the alternative
 * vote), as `broadchurch count` does it: the BLT text parsed, then counted. Every ballot is its own line
 * (weight 1), ranking from 1 to 12 candidates drawn by popularity (Plackett–Luce), so the count moves
 * every paper at every transfer. The best of three runs is reported beside the first.
 */
import { countElection, type Method } from '../src/math/count.ts';
import { parseBlt, writeBlt } from '../src/math/io/blt.ts';
import { rng } from '../src/math/random.ts';

const BALLOTS = 10_000;
const CANDIDATES = 12;

function election(seats: number): string {
  const r = rng(2017);
  const popularity = Array.from({ length: CANDIDATES }, (_, c) => 1 / (c + 1.5));
  const ballots = Array.from({ length: BALLOTS }, () => {
    const left = popularity.map((w, c) => ({ w: w * (0.5 + r()), c }));
    const length = 1 + Math.floor(r() * CANDIDATES);
    const prefs: number[] = [];
    while (prefs.length < length) {
      const total = left.reduce((s, x) => s + x.w, 0);
      let pick = r() * total;
      const i = left.findIndex((x) => (pick -= x.w) <= 0);
      const [chosen] = left.splice(i < 0 ? left.length - 1 : i, 1);
      if (chosen) prefs.push(chosen.c);
    }
    return { weight: 1, prefs };
  });
  return writeBlt({
    title: 'Bench',
    candidates: Array.from({ length: CANDIDATES }, (_, c) => `Candidate ${c + 1}`),
    seats,
    withdrawn: [],
    ballots,
  });
}

export function run(): Promise<void> {
  for (const method of ['scottish-stv', 'meek', 'av', 'fptp'] as Method[]) {
    const seats = method === 'av' ? 1 : 4;
    const text = election(seats);
    const seconds: number[] = [];
    let rounds = 0;
    for (let i = 0; i < 3; i++) {
      const t = performance.now();
      const result = countElection(parseBlt(text), method);
      seconds.push(Number(((performance.now() - t) / 1000).toFixed(3)));
      rounds = result.rounds.length;
    }
    process.stdout.write(
      `${JSON.stringify({
        name: 'count',
        method,
        ballots: BALLOTS,
        candidates: CANDIDATES,
        seats,
        rounds,
        firstSeconds: seconds[0],
        bestSeconds: Math.min(...seconds),
        target: 'under 1 s',
      })}\n`,
    );
  }
  return Promise.resolve();
}
