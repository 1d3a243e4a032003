/**
 * Meek STV, as the Proportional Representation Foundation's reference rule states it (after Hill, Wichmann
 * and Woodall, "Algorithm 123", 1987): each elected candidate keeps only the fraction of each vote reaching
 * them (their keep factor) that brings them to the quota and passes the rest on to every later preference,
 * including to candidates elected later; a defeated candidate keeps nothing. The quota is recomputed as
 * papers exhaust: (votes − excess) ÷ (seats + 1), and a candidate is elected with more than the quota.
 * Keep factors (rounded up to six decimals) are iterated until a hopeful candidate passes the quota, the
 * elected candidates' total surplus falls below omega = 0.000001, or stops falling; then, if no one was
 * elected, the hopeful candidate with the fewest votes is defeated.
 */
import { standing, TieBreaker, type Election, type RawRound } from './count.ts';

/** The elected candidates' total surplus below which the keep factors are settled. */
const OMEGA = 1e-6;
const MAX_ITERATIONS = 100_000;
/** Keep factors are rounded up to six decimals, as the reference rule does. */
const roundUp6 = (k: number) => Math.min(1, Math.ceil(k * 1e6 - 1e-9) / 1e6);

export function countMeek(e: Election, seed: string): { rounds: RawRound[]; quota: number; tb: TieBreaker } {
  const n = e.candidates.length;
  const rounds: RawRound[] = [];
  const tb = new TieBreaker(rounds, seed);
  // 0 hopeful, 1 elected, 2 excluded (or withdrawn).
  const state = new Uint8Array(n);
  for (const c of e.withdrawn) state[c] = 2;
  const keep = new Float64Array(n).fill(1);
  for (const c of e.withdrawn) keep[c] = 0;
  let votes = new Array<number>(n).fill(0);
  let excess = 0;
  let quota = 0;
  let total = 0;

  const distribute = () => {
    votes = new Array<number>(n).fill(0);
    excess = 0;
    total = 0;
    for (const b of e.ballots) {
      let r = b.weight;
      total += b.weight;
      for (const c of b.prefs) {
        const k = keep[c] ?? 0;
        if (k === 0) continue;
        votes[c] = (votes[c] ?? 0) + r * k;
        r *= 1 - k;
        if (r === 0) break;
      }
      excess += r;
    }
    quota = (total - excess) / (e.seats + 1);
  };
  const surplus = () =>
    standing(e).reduce((s, c) => s + (state[c] === 1 ? Math.max(0, (votes[c] ?? 0) - quota) : 0), 0);
  const reaching = () => hopefuls().filter((c) => (votes[c] ?? 0) > quota);
  /** Adjusts the elected candidates' keep factors until someone passes the quota or the surplus settles. */
  const iterate = () => {
    let last = Infinity;
    for (let it = 0; it < MAX_ITERATIONS; it++) {
      const s = surplus();
      if (s < OMEGA || s >= last) return;
      last = s;
      for (let c = 0; c < n; c++) {
        const v = votes[c] ?? 0;
        if (state[c] === 1 && v > 0) keep[c] = roundUp6((keep[c] ?? 0) * (quota / v));
      }
      distribute();
      if (reaching().length > 0) return;
    }
  };
  const record = (transfer: RawRound['transfer']): RawRound => {
    const round: RawRound = {
      votes: [...votes],
      elected: [],
      excluded: [],
      nonTransferable: excess,
      transfer,
    };
    rounds.push(round);
    return round;
  };
  let electedCount = 0;
  const hopefuls = () => standing(e).filter((c) => state[c] === 0);
  const elect = (round: RawRound, cands: number[]) => {
    for (const c of tb.order(cands, votes)) {
      state[c] = 1;
      round.elected.push(c);
      electedCount++;
    }
  };

  distribute();
  let round = record({ kind: 'first' });
  const firstQuota = quota;
  let lastElected = -1;
  for (;;) {
    const newly = reaching();
    elect(round, newly);
    lastElected = round.elected.at(-1) ?? lastElected;
    const left = e.seats - electedCount;
    if (left === 0) break;
    const hopeful = hopefuls();
    if (hopeful.length <= left) {
      elect(round, hopeful);
      break;
    }
    let transfer: RawRound['transfer'] = { kind: 'surplus', from: lastElected };
    if (newly.length === 0) {
      const from = tb.lowest(hopeful, votes);
      state[from] = 2;
      keep[from] = 0;
      round.excluded.push(from);
      distribute();
      transfer = { kind: 'exclusion', from };
    }
    iterate();
    round = record(transfer);
  }
  return { rounds, quota: firstQuota, tb };
}
