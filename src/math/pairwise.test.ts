import { describe, expect, it } from 'vitest';
import { bradleyTerry, kendallTau, nextPair, type Comparison } from './pairwise.ts';
import { rng } from './random.ts';

/** Voters who prefer by a planted strict order: item i has strength e^(-0.25 i) (item 0 the strongest). */
function simulate(n: number, votes: number, seed: number) {
  const random = rng(seed);
  const truth = Array.from({ length: n }, (_, i) => Math.exp(-0.25 * i));
  const seen = new Int32Array(n);
  const comparisons: Comparison[] = [];
  for (let v = 0; v < votes; v++) {
    const pair = nextPair(seen, () => false, random);
    if (!pair) break;
    const [a, b] = pair;
    const pA = truth[a]! / (truth[a]! + truth[b]!);
    comparisons.push(random() < pA ? { winner: a, loser: b } : { winner: b, loser: a });
    seen[a]!++;
    seen[b]!++;
  }
  return { truth, comparisons, seen };
}

describe('pairwise priorities', () => {
  it('recovers a planted strict order (Kendall tau ≥ 0.9) given enough comparisons', () => {
    for (const seed of [1, 2, 3]) {
      const { truth, comparisons } = simulate(20, 4000, seed);
      const r = bradleyTerry(20, comparisons);
      expect(kendallTau(r.score, truth)).toBeGreaterThanOrEqual(0.9);
      expect(kendallTau(r.strength, truth)).toBeGreaterThanOrEqual(0.9);
    }
  });

  it('with few comparisons the order is not yet recovered (the test above can fail)', () => {
    const { truth, comparisons } = simulate(20, 40, 7);
    expect(kendallTau(bradleyTerry(20, comparisons).score, truth)).toBeLessThan(0.9);
  });

  it('score is the chance of beating a random other item', () => {
    // a beats b 3 times of 4; b beats c 3 times of 4.
    const c: Comparison[] = [
      ...Array.from({ length: 3 }, () => ({ winner: 0, loser: 1 })),
      { winner: 1, loser: 0 },
      ...Array.from({ length: 3 }, () => ({ winner: 1, loser: 2 })),
      { winner: 2, loser: 1 },
    ];
    const r = bradleyTerry(3, c);
    const p = (i: number, j: number) => r.strength[i]! / (r.strength[i]! + r.strength[j]!);
    expect(r.score[0]).toBeCloseTo((100 * (p(0, 1) + p(0, 2))) / 2, 9);
    expect(r.score[0]).toBeGreaterThan(r.score[1]!);
    expect(r.score[1]).toBeGreaterThan(r.score[2]!);
    expect([...r.wins]).toEqual([3, 4, 1]);
    expect([...r.losses]).toEqual([1, 4, 3]);
    // Scores of all items average 50.
    expect((r.score[0]! + r.score[1]! + r.score[2]!) / 3).toBeCloseTo(50, 9);
  });

  it('an item that never lost still has a finite strength', () => {
    const r = bradleyTerry(2, [{ winner: 0, loser: 1 }]);
    expect(Number.isFinite(r.strength[0])).toBe(true);
    expect(r.score[0]).toBeGreaterThan(50);
  });

  it('new items catch up: a clause added late is in the next pairs until it has been seen as often', () => {
    const random = rng(11);
    const { seen } = simulate(10, 500, 5);
    const grown = Int32Array.from([...seen, 0]); // an eleventh clause, never compared
    let appearances = 0;
    for (let k = 0; k < 20; k++) {
      const pair = nextPair(grown, () => false, random);
      expect(pair).not.toBeNull();
      const [a, b] = pair ?? [0, 0];
      if (a === 10 || b === 10) appearances++;
      grown[a]!++;
      grown[b]!++;
    }
    expect(appearances).toBe(20);
  });

  it('prefers pairs this voter has not been shown, and needs two items', () => {
    const random = rng(3);
    const shown = new Set(['0-1', '1-0', '0-2', '2-0']);
    for (let k = 0; k < 20; k++) {
      const pair = nextPair([0, 5, 5, 5], (i, j) => shown.has(`${i}-${j}`), random);
      expect(pair?.includes(0)).toBe(true);
      expect(pair?.includes(3)).toBe(true);
    }
    expect(nextPair([3], () => false, random)).toBeNull();
  });
});
