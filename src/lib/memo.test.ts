import { describe, expect, it, vi } from 'vitest';
import { Memo } from './memo.ts';

describe('Memo', () => {
  it('loads once for concurrent askers and again after its time', async () => {
    vi.useFakeTimers();
    try {
      const memo = new Memo<number>(1000);
      let loads = 0;
      const load = () => Promise.resolve(++loads);
      expect(await Promise.all([memo.get('k', load), memo.get('k', load)])).toEqual([1, 1]);
      vi.advanceTimersByTime(999);
      expect(await memo.get('k', load)).toBe(1);
      vi.advanceTimersByTime(1);
      expect(await memo.get('k', load)).toBe(2);
      expect(await memo.get('other', load)).toBe(3);
    } finally {
      vi.useRealTimers();
    }
  });

  it('shows a forgotten key afresh, and does not keep a failure', async () => {
    const memo = new Memo<number>(60_000);
    expect(await memo.get('k', () => Promise.resolve(1))).toBe(1);
    memo.forget('k');
    expect(await memo.get('k', () => Promise.resolve(2))).toBe(2);
    memo.forget('k');
    await expect(memo.get('k', () => Promise.reject(new Error('down')))).rejects.toThrow('down');
    expect(await memo.get('k', () => Promise.resolve(3))).toBe(3);
  });

  it('holds no more than its keys', async () => {
    const memo = new Memo<number>(60_000, 2);
    await memo.get('a', () => Promise.resolve(1));
    await memo.get('b', () => Promise.resolve(2));
    await memo.get('c', () => Promise.resolve(3));
    expect(await memo.get('a', () => Promise.resolve(4))).toBe(4);
  });
});
