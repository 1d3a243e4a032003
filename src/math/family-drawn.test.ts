/**
 * The engine on the planted family (./family-grid.ts) at settings drawn between the ends of its ranges
 * (every property at once), at a party's size: the planted number of groups, within 95% of the Bayes
 * oracle's ARI.
 */
import { describe, expect, it } from 'vitest';
import { tryFamily } from '../../test/math/planted.ts';
import { drawSetting } from './family-grid.ts';

describe.each([101, 202])('the family at a party’s size, a setting drawn with seed %i', (seed) => {
  it.each([2, 3, 4, 5])('%i factions: found, within 95% of the oracle', (k) => {
    const r = tryFamily('party', drawSetting(seed), k, 1000 + k);
    expect(r.found).toBe(k);
    expect(r.ofOracle).toBeGreaterThanOrEqual(0.95);
  });
});
