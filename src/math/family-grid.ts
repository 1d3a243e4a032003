/**
 * The planted family the engine is held to (issue 33): factions of unequal sizes, heavy-tailed
 * participation, skewed exposure and loyalty that varies between members, each over a range.
 *
 * - `sizeRatio` 2–6: the largest faction two to six times the smallest (a leadership fight's winning side
 *   against a fringe; with five factions at 6 the smallest holds 6.7% of members).
 * - `participationSigma` 0.8–1.2: σ of the log-normal number of votes; at 1.2 the median member casts half
 *   the mean and one in twenty casts over three times it.
 * - `exposureScale` 15–5: statement j shown with weight 1 / (1 + j / scale); at 5 the first 50 statements of
 *   2,000 take about half of all votes.
 * - loyalty from [0.6, 1] to [1, 1]: at the harsh end a member follows their faction on 60–100% of votes
 *   (uniformly), and otherwise votes as the whole conversation does.
 *
 * Outside these ranges — five factions with loyalty down to 0.4 — the engine falls short: see the issue's
 * closing note for the figures.
 */
import { rng } from './random.ts';
import type { PlantedSpec } from './synthetic.ts';

export type FamilySetting = Pick<
  PlantedSpec,
  'sizeRatio' | 'participationSigma' | 'exposureScale' | 'loyalty'
>;

export const MILD: FamilySetting = {
  sizeRatio: 2,
  participationSigma: 0.8,
  exposureScale: 15,
  loyalty: [1, 1],
};
export const HARSH: FamilySetting = {
  sizeRatio: 6,
  participationSigma: 1.2,
  exposureScale: 5,
  loyalty: [0.6, 1],
};

/** A setting drawn from the ranges (each property uniformly between its mild and harsh ends). */
export function drawSetting(seed: number): FamilySetting {
  const random = rng(seed);
  const between = (a: number, b: number) => a + (b - a) * random();
  return {
    sizeRatio: between(2, 6),
    participationSigma: between(0.8, 1.2),
    exposureScale: between(15, 5),
    loyalty: [between(1, 0.6), 1],
  };
}
