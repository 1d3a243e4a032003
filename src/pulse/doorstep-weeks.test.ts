/**
 * The doorstep weeks' protection as a mechanism: the noise has the scale the privacy argument assumes, and
 * an attacker who knows every other contact of a week still cannot tell one contact's answer from the
 * published counts better than the bound (62 %), where without the noise they would always be right.
 */
import { describe, expect, it } from 'vitest';
import {
  EPSILON_PER_COUNT,
  geometricNoise,
  lastPublishableWeek,
  MIN_CONTACTS_SHOWN,
  NOISE_VARIANCE,
  noisyWeek,
  publicWeeks,
} from './doorstep-weeks.ts';

describe('the noise', () => {
  it('is centred on zero with the variance the privacy argument assumes', () => {
    const draws = Array.from({ length: 40_000 }, () => geometricNoise(EPSILON_PER_COUNT));
    const mean = draws.reduce((s, x) => s + x, 0) / draws.length;
    const variance = draws.reduce((s, x) => s + (x - mean) ** 2, 0) / (draws.length - 1);
    expect(Math.abs(mean)).toBeLessThan(0.15);
    expect(variance / NOISE_VARIANCE).toBeGreaterThan(0.9);
    expect(variance / NOISE_VARIANCE).toBeLessThan(1.1);
    // Integers only: a published count never carries the fractional traces of a continuous draw.
    expect(draws.every((x) => Number.isInteger(x))).toBe(true);
  });

  it('one door’s answer cannot be told from its week, even knowing every other door in it', () => {
    // Two worlds that differ in one contact's answer: ours in the first, another party's in the second.
    const trials = 30_000;
    const ours = { ours: 41, others: 19 };
    const theirs = { ours: 40, others: 20 };
    // The best test: the difference ours − others is 22 in the first world and 20 in the second (before
    // noise); guess "ours" above 21, toss a coin at 21.
    const guess = (w: { ours: number; others: number }) => {
      const d = w.ours - w.others;
      return d > 21 ? true : d < 21 ? false : Math.random() < 0.5;
    };
    let right = 0;
    for (let i = 0; i < trials; i++) {
      if (guess(noisyWeek(ours))) right += 1;
      if (!guess(noisyWeek(theirs))) right += 1;
    }
    const accuracy = right / (2 * trials);
    const bound = Math.exp(2 * EPSILON_PER_COUNT) / (1 + Math.exp(2 * EPSILON_PER_COUNT));
    expect(bound).toBeCloseTo(0.622, 3);
    expect(accuracy).toBeLessThanOrEqual(bound + 0.01);
    // Without the noise the same test is always right.
    expect(guess(ours) && !guess(theirs)).toBe(true);
  });
});

describe('the weeks', () => {
  it('publishes a week from the Wednesday after it ends, in UK dates', () => {
    // Week of Monday 2026-11-23 ends Sunday 29th; published from Wednesday 2 December (UK).
    expect(lastPublishableWeek(new Date('2026-12-01T23:59:00Z'))).toBe('2026-11-16');
    expect(lastPublishableWeek(new Date('2026-12-02T00:01:00Z'))).toBe('2026-11-23');
    expect(lastPublishableWeek(new Date('2026-12-08T23:00:00Z'))).toBe('2026-11-23');
    expect(lastPublishableWeek(new Date('2026-12-09T00:00:00Z'))).toBe('2026-11-30');
    // Summer time: 23:30 UTC on Tuesday is already Wednesday in London.
    expect(lastPublishableWeek(new Date('2026-07-07T23:30:00Z'))).toBe('2026-06-29');
    expect(lastPublishableWeek(new Date('2026-07-07T22:30:00Z'))).toBe('2026-06-22');
  });

  it('shows a week of enough contacts as whole percent and contacts to five; leaves the rest out', () => {
    const out = publicWeeks([
      { week: '2026-11-02', ours: 61, others: 42, stored: 1 },
      { week: '2026-11-09', ours: 10, others: MIN_CONTACTS_SHOWN - 11, stored: 1 },
      // Noise may push a count below zero: the share stays within 0–100 %.
      { week: '2026-11-16', ours: -3, others: 50, stored: 2 },
    ]);
    expect(out.shown).toEqual([
      { week: '2026-11-02', share: 59, contacts: 105 },
      { week: '2026-11-16', share: 0, contacts: 45 },
    ]);
    expect(out.hidden).toBe(1);
    expect(out.contacts).toBe(150);
    // The model sees the same weeks at mid-week, each weighted below its contacts for its noise.
    expect(out.model.map((d) => d.date)).toEqual(['2026-11-05', '2026-11-19']);
    const first = out.model[0];
    expect(first?.n).toBeLessThan(103);
    expect(first?.n).toBeGreaterThan(50);
  });
});
