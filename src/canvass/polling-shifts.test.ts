import { describe, expect, it } from 'vitest';
import { ukTime } from './polling-shifts.service.ts';

describe('polling hours on the UK clock', () => {
  it('reads 07:00 as GMT in winter and BST in summer, on either side of the clocks changing', () => {
    expect(ukTime('2026-12-10', '07:00').toISOString()).toBe('2026-12-10T07:00:00.000Z');
    expect(ukTime('2026-05-07', '07:00').toISOString()).toBe('2026-05-07T06:00:00.000Z');
    expect(ukTime('2026-05-07', '22:00').toISOString()).toBe('2026-05-07T21:00:00.000Z');
    expect(ukTime('2026-03-28', '22:00').toISOString()).toBe('2026-03-28T22:00:00.000Z');
    expect(ukTime('2026-03-29', '22:00').toISOString()).toBe('2026-03-29T21:00:00.000Z');
  });
});
