import { describe, expect, it } from 'vitest';
import { currentRound, ukTime } from './uk-clock.ts';

describe('polling hours on the UK clock', () => {
  it('reads 07:00 as GMT in winter and BST in summer, on either side of the clocks changing', () => {
    expect(ukTime('2026-12-10', '07:00').toISOString()).toBe('2026-12-10T07:00:00.000Z');
    expect(ukTime('2026-05-07', '07:00').toISOString()).toBe('2026-05-07T06:00:00.000Z');
    expect(ukTime('2026-05-07', '22:00').toISOString()).toBe('2026-05-07T21:00:00.000Z');
    expect(ukTime('2026-03-28', '22:00').toISOString()).toBe('2026-03-28T22:00:00.000Z');
    expect(ukTime('2026-03-29', '22:00').toISOString()).toBe('2026-03-29T21:00:00.000Z');
  });

  it('knows the knock-up round under way on the day, and none before the first or on another day', () => {
    const rounds = ['17:00', '10:00', '14:00', '19:30'];
    expect(currentRound('2026-05-07', rounds, new Date('2026-05-07T08:59:00Z'))).toBeNull();
    expect(currentRound('2026-05-07', rounds, new Date('2026-05-07T09:00:00Z'))).toBe('10:00');
    expect(currentRound('2026-05-07', rounds, new Date('2026-05-07T16:30:00Z'))).toBe('17:00');
    expect(currentRound('2026-12-10', rounds, new Date('2026-12-10T19:45:00Z'))).toBe('19:30');
    expect(currentRound('2026-12-10', rounds, new Date('2026-12-11T00:30:00Z'))).toBeNull();
  });
});
