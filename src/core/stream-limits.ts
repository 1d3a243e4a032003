/**
 * Caps on long-lived streams (Server-Sent Events) in this process: a few per person (several tabs and a
 * phone), more per address (a hall of members on one network), so one client cannot hold thousands open.
 */
export class StreamLimits {
  readonly #perUser: number;
  readonly #perAddress: number;
  readonly #byUser = new Map<string, number>();
  readonly #byAddress = new Map<string, number>();

  constructor(perUser: number, perAddress: number) {
    this.#perUser = perUser;
    this.#perAddress = perAddress;
  }

  /** Counts a new stream; returns its release, or null when the user or address already has their share. */
  acquire(user: string | null, address: string): (() => void) | null {
    const u = user ? (this.#byUser.get(user) ?? 0) : 0;
    const a = this.#byAddress.get(address) ?? 0;
    if (u >= this.#perUser || a >= this.#perAddress) return null;
    if (user) this.#byUser.set(user, u + 1);
    this.#byAddress.set(address, a + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      if (user) StreamLimits.#drop(this.#byUser, user);
      StreamLimits.#drop(this.#byAddress, address);
    };
  }

  /** Streams open now. */
  get open(): number {
    let n = 0;
    for (const v of this.#byAddress.values()) n += v;
    return n;
  }

  static #drop(map: Map<string, number>, key: string): void {
    const n = (map.get(key) ?? 1) - 1;
    if (n <= 0) map.delete(key);
    else map.set(key, n);
  }
}
