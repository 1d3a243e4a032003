/**
 * Scottish STV, by the rules of the Scottish Local Government Elections Order 2007 (SSI 2007/42, schedule 1,
 * rules 45–52):
 * - the quota is the Droop quota: valid papers ÷ (seats + 1), fractions ignored, plus one;
 * - a candidate whose votes reach the quota is elected; every paper of theirs is then transferred to its
 *   next continuing preference at (surplus × the paper's value ÷ the candidate's total), to five decimal
 *   places with any remainder ignored, and the candidate keeps the quota;
 * - the largest surplus is transferred first, one surplus a stage, before any exclusion;
 * - with no surplus to transfer, the candidate with the fewest votes is excluded and each of their papers
 *   moves at the value it came with, in one stage;
 * - when the continuing candidates are as few as the seats left, they are elected.
 * Ties follow count.ts (the most recent earlier stage where they differed; else by lot).
 *
 * Votes are kept as whole numbers of 0.00001 of a vote, so every stage is exact to five decimals.
 */
import { CountError, standing, TieBreaker, type Election, type RawRound } from './count.ts';

const SCALE = 100_000;

/** ⌊a × b ÷ c⌋ for whole numbers, exact beyond 2^53 too. */
function mulDiv(a: number, b: number, c: number): number {
  const p = a * b;
  if (p <= Number.MAX_SAFE_INTEGER) return Math.floor(p / c);
  return Number((BigInt(a) * BigInt(b)) / BigInt(c));
}

export function countScottish(
  e: Election,
  seed: string,
): { rounds: RawRound[]; quota: number; tb: TieBreaker; scale: number } {
  const n = e.candidates.length;
  const rounds: RawRound[] = [];
  const tb = new TieBreaker(rounds, seed);
  // Candidate states: 0 continuing, 1 elected, 2 excluded (or withdrawn).
  const state = new Uint8Array(n);
  for (const c of e.withdrawn) state[c] = 2;
  const votes = new Array<number>(n).fill(0);
  // Each ballot line is a bundle of identical papers: where it is in its preferences, and its value.
  const m = e.ballots.length;
  const pos = new Int32Array(m);
  const value = new Float64Array(m);
  const piles: number[][] = Array.from({ length: n }, () => []);
  let valid = 0;
  let nonTransferable = 0;

  /** The bundle's next preference for a continuing candidate after its current one, or -1. */
  const next = (b: number): number => {
    const prefs = e.ballots[b]?.prefs ?? [];
    for (let i = pos[b] ?? 0; i < prefs.length; i++) {
      const c = prefs[i] ?? -1;
      if (state[c] === 0) {
        pos[b] = i;
        return c;
      }
    }
    return -1;
  };
  const weight = (b: number) => e.ballots[b]?.weight ?? 0;

  for (let b = 0; b < m; b++) {
    const c = next(b);
    if (c < 0) continue;
    value[b] = SCALE;
    piles[c]?.push(b);
    votes[c] = (votes[c] ?? 0) + weight(b) * SCALE;
    valid += weight(b);
  }
  if (valid === 0) throw new CountError('no ballot gives a preference for a standing candidate');
  const quota = (Math.floor(valid / (e.seats + 1)) + 1) * SCALE;
  let electedCount = 0;
  const pending: number[] = [];

  const record = (transfer: RawRound['transfer']): RawRound => {
    const round: RawRound = { votes: [...votes], elected: [], excluded: [], nonTransferable, transfer };
    rounds.push(round);
    return round;
  };
  const continuing = () => standing(e).filter((c) => state[c] === 0);
  const elect = (round: RawRound, cands: number[]) => {
    for (const c of tb.order(cands, votes)) {
      state[c] = 1;
      round.elected.push(c);
      electedCount++;
      if ((votes[c] ?? 0) > quota) pending.push(c);
    }
  };
  /** Moves a candidate's papers to their next continuing preferences, each at `valueOf` its value. */
  const move = (from: number, valueOf: (v: number) => number) => {
    const pile = piles[from] ?? [];
    piles[from] = [];
    for (const b of pile) {
      const v = valueOf(value[b] ?? 0);
      value[b] = v;
      const to = next(b);
      if (to < 0) nonTransferable += weight(b) * v;
      else {
        piles[to]?.push(b);
        votes[to] = (votes[to] ?? 0) + weight(b) * v;
      }
    }
  };

  let round = record({ kind: 'first' });
  elect(
    round,
    continuing().filter((c) => (votes[c] ?? 0) >= quota),
  );
  for (;;) {
    const left = e.seats - electedCount;
    if (left === 0) break;
    const hopeful = continuing();
    if (hopeful.length <= left) {
      elect(round, hopeful);
      break;
    }
    if (pending.length > 0) {
      const most = Math.max(...pending.map((c) => votes[c] ?? 0));
      const from = tb.pick(
        pending.filter((c) => votes[c] === most),
        'highest',
        'surplus',
      );
      pending.splice(pending.indexOf(from), 1);
      const total = votes[from] ?? 0;
      const surplus = total - quota;
      move(from, (v) => mulDiv(surplus, v, total));
      votes[from] = quota;
      round = record({ kind: 'surplus', from });
    } else {
      const from = tb.lowest(hopeful, votes);
      state[from] = 2;
      round.excluded.push(from);
      move(from, (v) => v);
      votes[from] = 0;
      round = record({ kind: 'exclusion', from });
    }
    elect(
      round,
      continuing().filter((c) => (votes[c] ?? 0) >= quota),
    );
  }
  return { rounds, quota, tb, scale: SCALE };
}
