import { describe, expect, it } from 'vitest';
import { countWithQuota } from './count-quota.ts';
import type { Election } from './count.ts';

// Candidates: 0 Adam, 1 Bella, 2 Carl, 3 Dora (Bella and Dora are women).
const names = ['Adam', 'Bella', 'Carl', 'Dora'];
const papers = (rows: [number, number[]][]): Election['ballots'] =>
  rows.map(([weight, prefs]) => ({ weight, prefs }));

describe('countWithQuota', () => {
  const women = new Set([1, 3]);
  it('leaves a count that meets the quota as it is', () => {
    const e: Election = {
      title: 't',
      candidates: names,
      seats: 2,
      withdrawn: [],
      ballots: papers([
        [40, [0]],
        [35, [1]],
        [15, [2]],
        [10, [3]],
      ]),
    };
    const q = countWithQuota(e, 'scottish-stv', women, 1);
    expect(q.result.elected).toEqual(['Adam', 'Bella']);
    expect(q.withdrawn).toEqual([]);
    expect(q.met).toBe(true);
  });

  it('withdraws the man elected last and counts again until enough women are elected', () => {
    // Two men lead on first preferences; Carl's voters prefer Dora next.
    const e: Election = {
      title: 't',
      candidates: names,
      seats: 2,
      withdrawn: [],
      ballots: papers([
        [40, [0, 2]],
        [30, [2, 3]],
        [20, [3, 1]],
        [10, [1, 3]],
      ]),
    };
    const plain = countWithQuota(e, 'scottish-stv', women, 0);
    expect(plain.result.elected).toEqual(['Adam', 'Carl']);
    const q = countWithQuota(e, 'scottish-stv', women, 1);
    expect(q.withdrawn).toEqual(['Carl']);
    expect(q.earlier).toHaveLength(1);
    // Without Carl, Dora has his voters' second preferences (30 + 20) and passes the quota first.
    expect(q.result.elected).toEqual(['Dora', 'Adam']);
    expect(q.inGroup).toEqual(['Dora']);
    expect(q.met).toBe(true);
  });

  it('says the quota was not met when no woman is left to elect', () => {
    const e: Election = {
      title: 't',
      candidates: ['Adam', 'Bella', 'Carl'],
      seats: 2,
      withdrawn: [],
      ballots: papers([
        [50, [0]],
        [50, [2]],
      ]),
    };
    const q = countWithQuota(e, 'meek', new Set([1]), 2);
    // Bella is withdrawn-proof (in the group); Carl then Adam make way until only Bella stands.
    expect(q.result.elected).toContain('Bella');
    expect(q.met).toBe(false);
  });

  it('refuses candidates with the same name', () => {
    const e: Election = { title: 't', candidates: ['A', 'A'], seats: 1, withdrawn: [], ballots: [] };
    expect(() => countWithQuota(e, 'fptp', new Set([0]), 1)).toThrow(/same name/);
  });
});
