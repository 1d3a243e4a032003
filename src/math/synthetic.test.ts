import { describe, expect, it } from 'vitest';
import { adjustedRand } from './ari.ts';
import { buildMatrix } from './matrix.ts';
import { oracleGroups, plantedConversation } from './synthetic.ts';

const votesOf = (p: ReturnType<typeof plantedConversation>) => {
  const per = new Map<string, number>();
  for (const v of p.votes) per.set(v.participant, (per.get(v.participant) ?? 0) + 1);
  return [...per.values()].sort((a, b) => a - b);
};

describe('the planted family', () => {
  const base = { groups: 4, participants: 3000, statements: 200, seed: 7 };

  it('makes the largest group the given multiple of the smallest', () => {
    const p = plantedConversation({ ...base, sizeRatio: 8 });
    expect(p.weights[0]! / p.weights[3]!).toBeCloseTo(8, 6);
    // By default, steps of 1.6.
    const d = plantedConversation(base);
    expect(d.weights[0]! / d.weights[1]!).toBeCloseTo(1.6, 6);
  });

  it('spreads participation and exposure as asked', () => {
    const narrow = votesOf(plantedConversation({ ...base, participationSigma: 0.3 }));
    const wide = votesOf(plantedConversation({ ...base, participationSigma: 1.6 }));
    const spread = (xs: number[]) => xs[Math.floor(xs.length * 0.95)]! / xs[Math.floor(xs.length * 0.5)]!;
    expect(spread(wide)).toBeGreaterThan(2 * spread(narrow));
    const firstTenth = (scale: number) => {
      const p = plantedConversation({ ...base, exposureScale: scale });
      return p.votes.filter((v) => Number(v.statement.slice(1)) < 20).length / p.votes.length;
    };
    expect(firstTenth(2)).toBeGreaterThan(firstTenth(50) + 0.1);
  });

  it('draws loyalty in its range, and the oracle, knowing it, does better than one that does not', () => {
    const p = plantedConversation({ ...base, loyalty: [0.2, 1] });
    expect(Math.min(...p.loyalty)).toBeGreaterThanOrEqual(0.2);
    expect(Math.max(...p.loyalty)).toBeLessThanOrEqual(1);
    expect(new Set(p.loyalty).size).toBeGreaterThan(100);
    const m = buildMatrix(p.votes, p.statements);
    const index = (j: number) => Number(m.statements[j]!.slice(1));
    const truth = m.participants.map((id) => p.truth[Number(id.slice(1))]!);
    const knowing = adjustedRand(Array.from(oracleGroups(p, m.participants, m, index)), truth);
    const blind = adjustedRand(
      Array.from(
        oracleGroups({ ...p, loyalty: new Float64Array(p.loyalty.length).fill(1) }, m.participants, m, index),
      ),
      truth,
    );
    expect(knowing).toBeGreaterThanOrEqual(blind);
    // Loyal members are easier to place than the barely loyal.
    const disloyal = plantedConversation({ ...base, loyalty: [0.05, 0.3] });
    const dm = buildMatrix(disloyal.votes, disloyal.statements);
    const dTruth = dm.participants.map((id) => disloyal.truth[Number(id.slice(1))]!);
    const dAri = adjustedRand(
      Array.from(oracleGroups(disloyal, dm.participants, dm, (j) => Number(dm.statements[j]!.slice(1)))),
      dTruth,
    );
    expect(dAri).toBeLessThan(knowing);
  });

  it('keeps the default conversation as it was (every range at its old value)', () => {
    const a = plantedConversation(base);
    const b = plantedConversation({
      ...base,
      sizeRatio: 1.6 ** 3,
      participationSigma: 0.8,
      exposureScale: 15,
      loyalty: [1, 1],
    });
    expect(b.votes).toEqual(a.votes);
    expect([...a.loyalty].every((x) => x === 1)).toBe(true);
  });
});
