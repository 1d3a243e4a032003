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

describe('Memo that loads again ahead of time', () => {
  it('answers from the held value while the next load runs, and never past its time', async () => {
    vi.useFakeTimers();
    try {
      const memo = new Memo<number>(1000, 10, { refreshAfterMs: 500 });
      let loads = 0;
      let finish: (n: number) => void = () => undefined;
      const slow = () => {
        loads++;
        return new Promise<number>((r) => (finish = r));
      };
      const first = memo.get('k', slow);
      finish(1);
      expect(await first).toBe(1);
      vi.advanceTimersByTime(600);
      // Past refreshAfterMs: answered at once from the held value, one reload started for all askers.
      expect(await Promise.all([memo.get('k', slow), memo.get('k', slow)])).toEqual([1, 1]);
      expect(loads).toBe(2);
      // Past ttlMs with the reload still out: the askers wait for it rather than get a value too old.
      vi.advanceTimersByTime(500);
      let got: number | null = null;
      const waiting = memo.get('k', slow).then((n) => (got = n));
      await Promise.resolve();
      expect(got).toBeNull();
      expect(loads).toBe(2);
      finish(2);
      await waiting;
      expect(got).toBe(2);
      // The reloaded value counts its time from when its load began (t = 600): at t = 1500 it is still
      // answered, and being past refreshAfterMs it is loaded again.
      vi.advanceTimersByTime(400);
      expect(await memo.get('k', slow)).toBe(2);
      expect(loads).toBe(3);
      // At t = 1600 its time is over: the askers wait for the reload begun at 1500.
      vi.advanceTimersByTime(100);
      const later = memo.get('k', slow);
      finish(3);
      expect(await later).toBe(3);
      expect(loads).toBe(3);
    } finally {
      vi.useRealTimers();
    }
  });

  it('keeps nothing a reload brings back for a key forgotten meanwhile, and tries again after a failed one', async () => {
    vi.useFakeTimers();
    try {
      const memo = new Memo<string>(1000, 10, { refreshAfterMs: 100 });
      expect(await memo.get('k', () => Promise.resolve('old'))).toBe('old');
      vi.advanceTimersByTime(200);
      let finish: (s: string) => void = () => undefined;
      expect(await memo.get('k', () => new Promise<string>((r) => (finish = r)))).toBe('old');
      memo.forget('k');
      expect(await memo.get('k', () => Promise.resolve('changed'))).toBe('changed');
      finish('stale read');
      await Promise.resolve();
      await Promise.resolve();
      expect(await memo.get('k', () => Promise.resolve('unused'))).toBe('changed');
      vi.advanceTimersByTime(200);
      expect(await memo.get('k', () => Promise.reject(new Error('down')))).toBe('changed');
      await Promise.resolve();
      await Promise.resolve();
      expect(await memo.get('k', () => Promise.resolve('again'))).toBe('changed');
      await Promise.resolve();
      expect(await memo.get('k', () => Promise.resolve('unused'))).toBe('again');
    } finally {
      vi.useRealTimers();
    }
  });
});
