import { describe, expect, it } from 'vitest';
import { isFlagged } from './abuse.ts';
import { nearDuplicates } from './similarity.ts';

const candidates = [
  { id: 'a', text: 'We should renationalise the railways.' },
  { id: 'b', text: 'Schools need more funding for teaching assistants.' },
  { id: 'c', text: 'Bus fares should be capped at £2 everywhere.' },
];

describe('near duplicates', () => {
  it('finds a reworded statement and ranks it first', () => {
    const found = nearDuplicates('the railways should be renationalised', candidates);
    expect(found.map((f) => f.id)).toEqual(['a']);
    expect(found[0]?.similarity).toBeGreaterThan(0.55);
  });
  it('ignores case, accents and punctuation', () => {
    expect(nearDuplicates('BUS FARES should be capped at £2, everywhere!!', candidates)[0]?.id).toBe('c');
  });
  it('does not match unrelated statements', () => {
    expect(nearDuplicates('Potholes on the high street must be fixed', candidates)).toEqual([]);
  });
});

describe('abuse screen', () => {
  it('flags obscenity, also disguised', () => {
    expect(isFlagged('what a load of shit')).toBe(true);
    expect(isFlagged('you are a fuuucking 1diot, sh1t')).toBe(true);
  });
  it('passes ordinary political statements', () => {
    expect(isFlagged('Scunthorpe needs a new hospital')).toBe(false);
    expect(isFlagged('Tax the rich and fund public services')).toBe(false);
  });
});
