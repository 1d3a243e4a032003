/** The round's map keeps the walking order: streets as first met, each door once, a lift asked for marked. */
import { describe, expect, it } from 'vitest';
import { streetsOf } from './round-map.tsx';

const e = (door: number, street: string, lastResult: 'lift' | null = null) => ({
  id: `${door}-${street}-${lastResult ?? ''}`,
  door,
  name: 'X',
  address: [`${door} ${street}`],
  street,
  number: 'AB1-1',
  proxy: false,
  lastResult,
});

describe('the round’s streets', () => {
  it('follows the door order, starts a new line when the street changes (even back to one walked before)', () => {
    const streets = streetsOf([
      e(3, 'Mill Lane'),
      e(1, 'Church St'),
      e(2, 'Church St', 'lift'),
      e(2, 'Church St'),
      e(4, 'Church St'),
    ]);
    expect(streets).toEqual([
      {
        street: 'Church St',
        doors: [
          { door: 1, lift: false },
          { door: 2, lift: true },
        ],
      },
      { street: 'Mill Lane', doors: [{ door: 3, lift: false }] },
      { street: 'Church St', doors: [{ door: 4, lift: false }] },
    ]);
  });

  it('an old list kept on the phone without streets falls back to the address', () => {
    expect(streetsOf([{ ...e(1, ''), address: ['Flat 2, 5 High St'] }])[0]?.street).toBe('Flat 2, 5 High St');
  });
});
