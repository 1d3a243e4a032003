import { describe, expect, it } from 'vitest';
import { wordDiff } from './word-diff.ts';

describe('a word diff of a clause before and after', () => {
  it('keeps the common words and marks what was removed and added, in reading order', () => {
    expect(
      wordDiff('Build 100,000 council homes a year.', 'Build 150,000 council and social homes a year.'),
    ).toEqual([
      { kind: 'same', text: 'Build' },
      { kind: 'added', text: '150,000' },
      { kind: 'removed', text: '100,000' },
      { kind: 'same', text: 'council' },
      { kind: 'added', text: 'and social' },
      { kind: 'same', text: 'homes a year.' },
    ]);
  });
  it('gives back each text whole when nothing is shared, and nothing for two empty texts', () => {
    const parts = wordDiff('Abolish tuition fees.', 'Free school meals for all.');
    expect(
      parts
        .filter((p) => p.kind !== 'added')
        .map((p) => p.text)
        .join(' '),
    ).toBe('Abolish tuition fees.');
    expect(
      parts
        .filter((p) => p.kind !== 'removed')
        .map((p) => p.text)
        .join(' '),
    ).toBe('Free school meals for all.');
    expect(wordDiff('', '')).toEqual([]);
  });
});
