/**
 * A figure worth a moment's staleness (a count shown on a busy page): loaded at most once per `ttlMs` for
 * each key in this process, concurrent askers sharing the one load. A failed load is not kept. The owner
 * forgets a key when this process changes what it counts, so its own writes show at once; another
 * process's show within `ttlMs`. Never for a decision: only for what a page displays.
 */
export class Memo<V> {
  private readonly held = new Map<string, { at: number; value: Promise<V> }>();
  private readonly ttlMs: number;
  private readonly maxKeys: number;

  constructor(ttlMs: number, maxKeys = 10_000) {
    this.ttlMs = ttlMs;
    this.maxKeys = maxKeys;
  }

  get(key: string, load: () => Promise<V>): Promise<V> {
    const now = Date.now();
    const kept = this.held.get(key);
    if (kept && now - kept.at < this.ttlMs) return kept.value;
    if (this.held.size >= this.maxKeys) this.held.clear();
    const value = load();
    this.held.set(key, { at: now, value });
    value.catch(() => {
      if (this.held.get(key)?.value === value) this.held.delete(key);
    });
    return value;
  }

  forget(key: string): void {
    this.held.delete(key);
  }
}
