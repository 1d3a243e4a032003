/**
 * How the party's doorstep returns reach Pulse without letting anyone read one door's answer from it.
 *
 * Pulse is read by every member of a branch; a doorstep answer is political opinion about a named elector.
 * Published figures that moved with each record (a day's share to two decimals, a lean fitted to hidden
 * days) let a canvasser who knew when one door was knocked read its answer off by differencing. So:
 *
 * 1. **Weeks, published once.** Returns are counted by week (Monday to Sunday, UK dates), per branch, for
 *    the records made in that branch itself. A week is published when it is first shown after
 *    `PUBLISH_AFTER_DAYS` (the Wednesday after it: phones that canvassed offline have synced), and that
 *    figure is stored and never made again (`pulse_doorstep_weeks`). A record that arrives later is kept in
 *    the canvass data but never moves Pulse; the week in progress moves nothing.
 * 2. **Noise, once.** The two counts of a published week (contacts giving our party, contacts giving
 *    another) each get two-sided geometric noise with parameter e^-ε, ε = `EPSILON_PER_COUNT`. One record is
 *    in exactly one count of exactly one stored week, so this is ε-differential privacy for whether a
 *    contact is there and 2ε for what they answered (moving a record from one count to the other changes
 *    both): even someone who knew every other record exactly would guess one door's answer right at most
 *    e^(2ε) / (1 + e^(2ε)) of the time: 62% with ε = 1/4, against 50% for a coin. Why 1/4: at that scale the
 *    noise on a week of 100 contacts is about 4 points of share, less than its sampling error (5 points),
 *    while a bound much weaker than 62% would let an attacker be right about most doors.
 * 3. **Everything else follows from the stored weeks.** A region's week is the sum of its branches' stored
 *    weeks; the weeks shown are those with at least `MIN_CONTACTS_SHOWN` (noisy) contacts; the model is fitted
 *    to exactly the weeks shown, weighting each by its sampling and noise variance together. The lean, the
 *    line, the seats: all are computed from published figures only, so none can tell more than they do.
 */
import crypto from 'node:crypto';
import type { DoorstepDay } from '../math/pulse-report.ts';

/** Privacy loss per count of a stored week (see above): an answer is protected at twice this. */
export const EPSILON_PER_COUNT = 0.25;
/** A week is published from this many days after its Monday: the Wednesday after it ends. */
export const PUBLISH_AFTER_DAYS = 9;
/** A week with fewer (noisy) contacts than this is not shown, nor used by the model. */
export const MIN_CONTACTS_SHOWN = 30;
/** The variance of one count's noise: 2q / (1 − q)² for two-sided geometric noise, q = e^−ε. */
export const NOISE_VARIANCE = (() => {
  const q = Math.exp(-EPSILON_PER_COUNT);
  return (2 * q) / (1 - q) ** 2;
})();

const DAY_MS = 86_400_000;

/** A uniform number in (0, 1], from the operating system's randomness. */
export function secureUniform(): number {
  return (crypto.randomBytes(6).readUIntBE(0, 6) + 1) / 2 ** 48;
}

/**
 * Two-sided geometric noise (the discrete Laplace distribution): P(k) ∝ e^(−ε|k|). The difference of two
 * geometric draws, each made by inversion from `uniform`.
 */
export function geometricNoise(epsilon: number, uniform: () => number = secureUniform): number {
  const logQ = -epsilon;
  const draw = () => Math.floor(Math.log(uniform()) / logQ);
  return draw() - draw();
}

/** A week's true counts made public: noise added to each count, once. */
export function noisyWeek(
  counts: { ours: number; others: number },
  uniform: () => number = secureUniform,
): { ours: number; others: number } {
  return {
    ours: counts.ours + geometricNoise(EPSILON_PER_COUNT, uniform),
    others: counts.others + geometricNoise(EPSILON_PER_COUNT, uniform),
  };
}

const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const dayMs = (iso: string) => Date.parse(`${iso}T00:00:00Z`);

/** Today's date in the UK, as YYYY-MM-DD. */
export function ukToday(now: Date): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Europe/London',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(now);
}

/** The Monday of the latest week that may be published on `now` (UK dates). */
export function lastPublishableWeek(now: Date): string {
  const latest = dayMs(ukToday(now)) - PUBLISH_AFTER_DAYS * DAY_MS;
  // 1970-01-01 was a Thursday: days since then, shifted so that Monday is 0.
  const days = Math.floor(latest / DAY_MS);
  const sinceMonday = (((days + 3) % 7) + 7) % 7;
  return isoDay((days - sinceMonday) * DAY_MS);
}

/** A week as the branch's members see it: whole percent, contacts to the nearest five. */
export interface PublicWeek {
  week: string;
  share: number;
  contacts: number;
}

/** A week summed over the branch's stored weeks, and how many stored weeks (each with its own noise). */
export interface SummedWeek {
  week: string;
  ours: number;
  others: number;
  stored: number;
}

/**
 * The weeks to show and to fit: those with enough contacts, their share (clamped to 0–100 % as noise may
 * push a count below zero) and, for the model, an effective sample size that counts the noise's variance
 * as well as the sampling's. The model is given the mid-week date (Thursday).
 */
export function publicWeeks(weeks: SummedWeek[]): {
  shown: PublicWeek[];
  hidden: number;
  contacts: number;
  model: DoorstepDay[];
} {
  const shown: PublicWeek[] = [];
  const model: DoorstepDay[] = [];
  let contacts = 0;
  for (const w of weeks) {
    const n = w.ours + w.others;
    if (n < MIN_CONTACTS_SHOWN) continue;
    const p = Math.min(1, Math.max(0, w.ours / n));
    const pp = Math.min(0.98, Math.max(0.02, p));
    const noise = (((1 - pp) ** 2 + pp ** 2) * w.stored * NOISE_VARIANCE) / n ** 2;
    const nEffective = (pp * (1 - pp)) / ((pp * (1 - pp)) / n + noise);
    shown.push({ week: w.week, share: Math.round(100 * p), contacts: 5 * Math.round(n / 5) });
    model.push({ date: isoDay(dayMs(w.week) + 3 * DAY_MS), share: 100 * p, n: nEffective });
    contacts += n;
  }
  return { shown, hidden: weeks.length - shown.length, contacts: 5 * Math.round(contacts / 5), model };
}
