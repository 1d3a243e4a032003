import { describe, expect, it } from 'vitest';
import { cutWalks, matchKey, parseAddress, type Walkable } from './walk-order.ts';

let n = 0;
function elector(lines: string[], postcode = 'BW1 4AB', district = 'BW1'): Walkable & { label: string } {
  const a = parseAddress(lines, postcode);
  n++;
  return { id: `e${n}`, district, number: n, label: lines.join(', '), ...a };
}

describe('parseAddress', () => {
  it('finds the flat, the house number and the street', () => {
    expect(parseAddress(['Flat 3', '12 Mill Lane', 'Hadley'], 'BW1 4AB')).toMatchObject({
      flat: '3',
      houseNumber: 12,
      streetLabel: 'Mill Lane',
      street: 'MILL LANE|BW14',
    });
    expect(parseAddress(['Flat 2B, Jubilee Court', 'Mill Lane'], 'BW1 4AB')).toMatchObject({
      flat: '2B',
      houseNumber: null,
      streetLabel: 'Mill Lane',
    });
    expect(parseAddress(['Rose Cottage', 'Mill Lane', 'Hadley'], 'BW1 4AB')).toMatchObject({
      flat: '',
      houseNumber: null,
      streetLabel: 'Mill Lane',
    });
    expect(parseAddress(['14a High Street', 'Hadley'], 'BW1 4AB')).toMatchObject({
      houseNumber: 14,
      streetLabel: 'High Street',
    });
  });

  it('keeps two flats of a building as two doors of one building', () => {
    const a = parseAddress(['Flat 1', '5 Mill Lane'], 'BW1 4AB');
    const b = parseAddress(['Flat 2', '5 Mill Lane'], 'BW1 4AB');
    expect(a.building).toBe(b.building);
    expect(a.door).not.toBe(b.door);
  });

  it('keeps same-named streets in different postcode sectors apart', () => {
    expect(parseAddress(['1 High Street'], 'BW1 4AB').street).not.toBe(
      parseAddress(['1 High Street'], 'BW2 9ZZ').street,
    );
  });

  it('matches an elector by address and name, whatever the spacing and case', () => {
    expect(matchKey(['12  Mill Lane', 'Hadley'], 'bw1 4ab', 'Smith', 'Ann')).toBe(
      matchKey(['12 MILL LANE', 'HADLEY'], 'BW1 4AB', 'smith', 'ann'),
    );
  });
});

describe('cutWalks', () => {
  it('walks up the odd side, down the even side, then the named houses; flats in order', () => {
    const street = [
      elector(['4 Mill Lane']),
      elector(['Rose Cottage', 'Mill Lane']),
      elector(['1 Mill Lane']),
      elector(['Flat 2', '3 Mill Lane']),
      elector(['2 Mill Lane']),
      elector(['Flat 10', '3 Mill Lane']),
      elector(['Flat 1', '3 Mill Lane']),
      elector(['5 Mill Lane']),
      elector(['6 Mill Lane']),
    ];
    const shuffled = [...street].reverse();
    const [walk, ...others] = cutWalks(shuffled, 60);
    expect(others).toHaveLength(0);
    expect(walk?.electors.map((e) => e.elector.label)).toEqual([
      '1 Mill Lane',
      'Flat 1, 3 Mill Lane',
      'Flat 2, 3 Mill Lane',
      'Flat 10, 3 Mill Lane',
      '5 Mill Lane',
      '6 Mill Lane',
      '4 Mill Lane',
      '2 Mill Lane',
      'Rose Cottage, Mill Lane',
    ]);
    expect(walk?.doors).toBe(9);
    expect(walk?.electors.map((e) => e.door)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('gives a household one door and keeps it in one walk', () => {
    const a = elector(['7 Oak Road'], 'BW1 5CD');
    const b = elector(['7 Oak Road'], 'BW1 5CD');
    const c = elector(['9 Oak Road'], 'BW1 5CD');
    const [walk] = cutWalks([c, b, a], 2);
    expect(walk?.electors.map((e) => [e.elector.id, e.door])).toEqual([
      [a.id, 1],
      [b.id, 1],
      [c.id, 2],
    ]);
  });

  it('cuts about N doors a walk, keeping short streets whole and splitting long ones', () => {
    const electors: Walkable[] = [];
    for (let i = 1; i <= 130; i++) electors.push(elector([`${i} Long Road`], 'BW1 6EF'));
    for (let i = 1; i <= 10; i++) electors.push(elector([`${i} Short Close`], 'BW1 6EF'));
    const walks = cutWalks(electors, 60);
    expect(walks.map((w) => w.doors)).toEqual([60, 60, 20]);
    // Every elector is in exactly one walk.
    const ids = walks.flatMap((w) => w.electors.map((e) => e.elector.id));
    expect(new Set(ids).size).toBe(electors.length);
    // Short Close is not split.
    const shortIn = walks.filter((w) => w.electors.some((e) => e.elector.streetLabel === 'Short Close'));
    expect(shortIn).toHaveLength(1);
  });

  it('never mixes polling districts in one walk', () => {
    const walks = cutWalks(
      [elector(['1 A Road'], 'BW1 1AA', 'BW1'), elector(['1 B Road'], 'BW2 1AA', 'BW2')],
      60,
    );
    expect(walks.map((w) => w.district)).toEqual(['BW1', 'BW2']);
  });
});
