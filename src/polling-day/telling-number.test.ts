import { describe, expect, it } from 'vitest';
import { candidateKeys, parseTyped } from './telling-number.ts';

describe('numbers as tellers type them', () => {
  it.each([
    ['888', null, 888, 0],
    [' 888 ', null, 888, 0],
    ['AB1-888', 'AB1', 888, 0],
    ['ab1-888', 'AB1', 888, 0],
    ['AB1 888', 'AB1', 888, 0],
    ['888/2', null, 888, 2],
    ['888 / 2', null, 888, 2],
    ['888.2', null, 888, 2],
    ['AB1-888/2', 'AB1', 888, 2],
    ['AB1 - 888', 'AB1', 888, 0],
  ])('%s', (entered, district, number, suffix) => {
    expect(parseTyped(entered)).toEqual({ district, number, suffix });
  });

  it.each([
    '',
    'abc',
    'AB1888',
    'XY888',
    '888/',
    '/2',
    '12345678',
    'AB1--',
    '1-2-3',
    '888/12345',
    'A B1-888',
  ])('refuses %j', (entered) => {
    expect(parseTyped(entered)).toBeNull();
  });

  it('a bare number stands for it in each of the station’s districts; a prefixed one only in its own', () => {
    const keys = (entered: string, districts: string[]) => {
      const typed = parseTyped(entered);
      return typed ? candidateKeys(typed, districts) : null;
    };
    expect(keys('888/2', ['ab1', 'AB2'])).toEqual(['AB1|888|2', 'AB2|888|2']);
    expect(keys('AB3-5', ['AB1', 'AB2'])).toEqual(['AB3|5|0']);
  });
});
