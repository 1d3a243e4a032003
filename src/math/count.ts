/**
 * Counting an election: first past the post, the alternative vote, Scottish STV and Meek STV, as pure
 * functions of the ballots (no I/O). Every method reports the count round by round in one shape: the first
 * round holds the first preferences, each later round the totals after one transfer (a surplus or an
 * exclusion); a round names who was elected in it and who was excluded at its end (their papers move in
 * the next round), as returning officers declare a count.
 *
 * Ties are broken by a documented rule: among the tied, the candidate with fewer (or, for surpluses and
 * elections, more) votes at the most recent earlier round where their totals differed; only if they were
 * equal at every round, by lot, drawn from a seeded generator whose seed the result publishes, so anyone can
 * draw the same lot again.
 */
import { hashString, rng, type Rng } from './random.ts';
import { countScottish } from './count-scottish.ts';
import { countMeek } from './count-meek.ts';

/** An election: candidates (0-based in `prefs`), seats, withdrawn candidates and the weighted ballots. */
export interface Election {
  title: string;
  candidates: string[];
  seats: number;
  withdrawn: number[];
  ballots: { weight: number; prefs: number[] }[];
}

export const METHODS = ['fptp', 'av', 'scottish-stv', 'meek'] as const;
export type Method = (typeof METHODS)[number];

/** One round of a count, by candidate index; `votes` in the method's own unit (see `scale`). */
export interface RawRound {
  votes: number[];
  elected: number[];
  excluded: number[];
  nonTransferable: number;
  /** What this round did: the first count, a surplus transferred, or an excluded candidate's papers moved. */
  transfer: { kind: 'first' } | { kind: 'surplus' | 'exclusion'; from: number };
}

export interface Tie {
  round: number;
  /** What the tie decided. */
  decides: 'exclusion' | 'surplus' | 'election';
  between: string[];
  chosen: string;
  by: 'earlier-round' | 'lot';
}

export interface RoundResult {
  votes: Record<string, number>;
  elected: string[];
  excluded: string[];
  nonTransferable: number;
  transfer: { kind: 'first' } | { kind: 'surplus' | 'exclusion'; from: string };
}

export interface CountResult {
  method: Method;
  title: string;
  seats: number;
  quota: number | null;
  elected: string[];
  rounds: RoundResult[];
  ties: Tie[];
  /** The seed of the lot (used only if `ties` holds one decided by lot). */
  seed: string;
}

export class CountError extends Error {
  readonly code = 'CANNOT_COUNT';
}

/** The tie-breaking rule, with the rounds so far as its memory and a seeded lot as its last resort. */
export class TieBreaker {
  readonly ties: {
    round: number;
    decides: Tie['decides'];
    between: number[];
    chosen: number;
    lot: boolean;
  }[] = [];
  private readonly lot: Rng;
  private readonly history: RawRound[];
  constructor(history: RawRound[], seed: string) {
    this.history = history;
    this.lot = rng(hashString(seed));
  }

  /**
   * The one of `tied` (equal now) with the fewest (`lowest`) or most votes at the most recent earlier round
   * where they differed; by lot if they never did.
   */
  pick(tied: number[], want: 'lowest' | 'highest', decides: Tie['decides']): number {
    const first = tied[0];
    if (first === undefined) throw new CountError('nothing to choose between');
    if (tied.length === 1) return first;
    let set = [...tied];
    for (let r = this.history.length - 2; r >= 0 && set.length > 1; r--) {
      const votes = this.history[r]?.votes ?? [];
      const vals = set.map((c) => votes[c] ?? 0);
      const best = want === 'lowest' ? Math.min(...vals) : Math.max(...vals);
      if (vals.every((v) => v === best)) continue;
      set = set.filter((c) => (votes[c] ?? 0) === best);
    }
    const round = this.history.length;
    if (set.length === 1) {
      const chosen = set[0] ?? first;
      this.ties.push({ round, decides, between: tied, chosen, lot: false });
      return chosen;
    }
    const chosen = set[Math.floor(this.lot() * set.length)] ?? first;
    this.ties.push({ round, decides, between: set, chosen, lot: true });
    return chosen;
  }

  /** The one of `cands` with the fewest votes now, to exclude (a tie broken by the rule). */
  lowest(cands: number[], votes: number[]): number {
    const low = Math.min(...cands.map((c) => votes[c] ?? 0));
    return this.pick(
      cands.filter((c) => (votes[c] ?? 0) === low),
      'lowest',
      'exclusion',
    );
  }

  /** `cands` in order of votes, most first, ties broken by the rule (for the order of election). */
  order(cands: number[], votes: number[]): number[] {
    const left = [...cands];
    const out: number[] = [];
    while (left.length) {
      const top = Math.max(...left.map((c) => votes[c] ?? 0));
      const pick = this.pick(
        left.filter((c) => votes[c] === top),
        'highest',
        'election',
      );
      out.push(pick);
      left.splice(left.indexOf(pick), 1);
    }
    return out;
  }
}

/** The candidates still standing. */
export const standing = (e: Election): number[] =>
  e.candidates.map((_, i) => i).filter((i) => !e.withdrawn.includes(i));

/** Each ballot's first choice among the continuing, and the tally (exhausted ballots in `exhausted`). */
function tally(e: Election, continuing: Set<number>): { votes: number[]; exhausted: number } {
  const votes = e.candidates.map(() => 0);
  let exhausted = 0;
  for (const b of e.ballots) {
    const c = b.prefs.find((p) => continuing.has(p));
    if (c === undefined) exhausted += b.weight;
    else votes[c] = (votes[c] ?? 0) + b.weight;
  }
  return { votes, exhausted };
}

/** First past the post: the `seats` candidates with the most first preferences. */
function countFptp(e: Election, seed: string): { rounds: RawRound[]; quota: null; tb: TieBreaker } {
  const rounds: RawRound[] = [];
  const tb = new TieBreaker(rounds, seed);
  const { votes, exhausted } = tally(e, new Set(standing(e)));
  const round: RawRound = {
    votes,
    elected: [],
    excluded: [],
    nonTransferable: exhausted,
    transfer: { kind: 'first' },
  };
  rounds.push(round);
  round.elected = tb.order(standing(e), votes).slice(0, e.seats);
  return { rounds, quota: null, tb };
}

/**
 * The alternative vote (one seat): a candidate with more than half the papers still in the count is
 * elected; else the lowest is excluded and their papers go to each paper's next choice.
 */
function countAv(e: Election, seed: string): { rounds: RawRound[]; quota: number; tb: TieBreaker } {
  if (e.seats !== 1)
    throw new CountError(`the alternative vote fills one seat, not ${e.seats}: use scottish-stv or meek`);
  const rounds: RawRound[] = [];
  const tb = new TieBreaker(rounds, seed);
  const continuing = new Set(standing(e));
  let from = -1;
  let quota = 0;
  for (;;) {
    const { votes, exhausted } = tally(e, continuing);
    const round: RawRound = {
      votes,
      elected: [],
      excluded: [],
      nonTransferable: exhausted,
      transfer: from < 0 ? { kind: 'first' } : { kind: 'exclusion', from },
    };
    rounds.push(round);
    const live = [...continuing];
    const total = live.reduce((s, c) => s + (votes[c] ?? 0), 0);
    if (rounds.length === 1) quota = Math.floor(total / 2) + 1;
    const top = Math.max(...live.map((c) => votes[c] ?? 0));
    if (top * 2 > total || live.length === 1) {
      round.elected = [
        tb.pick(
          live.filter((c) => votes[c] === top),
          'highest',
          'election',
        ),
      ];
      return { rounds, quota, tb };
    }
    from = tb.lowest(live, votes);
    round.excluded = [from];
    continuing.delete(from);
  }
}

const round5 = (x: number) => Math.round(x * 1e5) / 1e5;

/** Counts `election` by `method`; `seed` is the lot's (by default one drawn from the ballots themselves). */
export function countElection(election: Election, method: Method, seed?: string): CountResult {
  if (standing(election).length === 0) throw new CountError('every candidate has withdrawn');
  const lotSeed = seed ?? `ballots:${hashString(JSON.stringify(election.ballots)).toString(16)}`;
  const counted: { rounds: RawRound[]; quota: number | null; tb: TieBreaker; scale?: number } =
    method === 'fptp'
      ? countFptp(election, lotSeed)
      : method === 'av'
        ? countAv(election, lotSeed)
        : method === 'scottish-stv'
          ? countScottish(election, lotSeed)
          : countMeek(election, lotSeed);
  const scale = counted.scale ?? 1;
  const name = (c: number) => election.candidates[c] ?? `#${c + 1}`;
  const shown = standing(election);
  const rounds = counted.rounds.map((r): RoundResult => ({
    votes: Object.fromEntries(shown.map((c) => [name(c), round5((r.votes[c] ?? 0) / scale)])),
    elected: r.elected.map(name),
    excluded: r.excluded.map(name),
    nonTransferable: round5(r.nonTransferable / scale),
    transfer:
      r.transfer.kind === 'first' ? r.transfer : { kind: r.transfer.kind, from: name(r.transfer.from) },
  }));
  return {
    method,
    title: election.title,
    seats: election.seats,
    quota: counted.quota === null ? null : round5(counted.quota / scale),
    elected: rounds.flatMap((r) => r.elected),
    rounds,
    ties: counted.tb.ties.map((t) => ({
      round: t.round,
      decides: t.decides,
      between: t.between.map(name),
      chosen: name(t.chosen),
      by: t.lot ? 'lot' : 'earlier-round',
    })),
    seed: lotSeed,
  };
}
