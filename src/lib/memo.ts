/**
 * What is worth a moment's staleness: a count shown on a busy page, or a conversation's settings read by
 * every vote. Loaded at most once per `ttlMs` for each key in this process, concurrent askers sharing the one
 * load; a failed load is not kept. The owner forgets a key when this process changes it, so its own writes
 * show at once; another process's show within `ttlMs`, never later.
 *
 * With `refreshAfterMs`, a value that has lived that long is loaded again beside the askers, who keep being
 * answered from the held value (still within `ttlMs`) until the new one arrives: a busy key is then never
 * waited on as it expires (hundreds of requests held up behind one read every few seconds).
 */
interface Held<V> {
  at: number;
  value: Promise<V>;
  /** A reload in flight, started at `at` of its own. */
  next: { at: number; value: Promise<V> } | null;
}

export class Memo<V> {
  private readonly held = new Map<string, Held<V>>();
  private readonly ttlMs: number;
  private readonly maxKeys: number;
  private readonly refreshAfterMs: number;

  constructor(ttlMs: number, maxKeys = 10_000, opts: { refreshAfterMs?: number } = {}) {
    this.ttlMs = ttlMs;
    this.maxKeys = maxKeys;
    this.refreshAfterMs = opts.refreshAfterMs ?? Infinity;
  }

  get(key: string, load: () => Promise<V>): Promise<V> {
    const now = Date.now();
    const kept = this.held.get(key);
    if (kept && now - kept.at < this.ttlMs) {
      if (now - kept.at >= this.refreshAfterMs && !kept.next) this.reload(key, kept, load, now);
      return kept.value;
    }
    // Expired while a reload was in flight: wait for that one rather than start another.
    if (kept?.next && now - kept.next.at < this.ttlMs) return kept.next.value;
    return this.start(key, load, now).value;
  }

  private start(key: string, load: () => Promise<V>, now: number): Held<V> {
    if (this.held.size >= this.maxKeys) this.held.clear();
    const value = load();
    const made: Held<V> = { at: now, value, next: null };
    this.held.set(key, made);
    value.catch(() => {
      if (this.held.get(key) === made) this.held.delete(key);
    });
    return made;
  }

  private reload(key: string, kept: Held<V>, load: () => Promise<V>, now: number): void {
    const next = { at: now, value: load() };
    kept.next = next;
    next.value.then(
      () => {
        // Not if the key was forgotten (or replaced) meanwhile: that change must show.
        if (this.held.get(key) === kept) this.held.set(key, { at: next.at, value: next.value, next: null });
      },
      () => {
        if (kept.next === next) kept.next = null;
      },
    );
  }

  forget(key: string): void {
    this.held.delete(key);
  }
}
