/** Dates as members read them: British English whatever the browser's default (US English puts the month first). */
import { describe, expect, it } from 'vitest';
import { dateOnly, dateTime, timeOnly } from './format.ts';

describe('dates in English', () => {
  it('put the day before the month, and use a 24-hour clock', () => {
    expect(dateOnly('2026-12-06T12:00:00Z')).toBe('6 Dec 2026');
    expect(timeOnly('2026-12-06T15:30:00Z')).toMatch(/^\d\d:\d\d$/);
    expect(dateTime('2026-03-04T12:00:00Z')).toMatch(/^4 Mar 2026, \d\d:\d\d$/);
  });
});
