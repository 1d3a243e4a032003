/**
 * A conversation's current votes as columns in shared memory, so the engine thread reads them where they
 * are: a refit of ten million votes costs the main thread nothing but a message.
 *
 * Each (participant, statement) cell has one slot, given the first time it is voted on; a changed vote
 * overwrites its slot, an undone vote marks it empty. Slots therefore stay in the order the votes first
 * arrived, which makes the engine's input deterministic for a given history. The main thread writes while
 * an engine thread may be reading: a refit then sees, for some cells, a vote newer than the mark it was
 * started at; the votes that arrive during a refit are applied to its model again afterwards, and the
 * latest vote wins, so the result is the same.
 */
import type { VoteColumns } from '../math/matrix.ts';

/** An undone vote's slot. */
export const EMPTY = -128;

/** The cells as sent to an engine thread: views of shared memory, valid up to `length`. */
export interface SharedCells {
  p: Int32Array;
  s: Int32Array;
  v: Int8Array;
  length: number;
}

const KEY_STRIDE = 2_097_152; // 2^21 statements per conversation at most

function sharedInt32(n: number): Int32Array {
  return new Int32Array(new SharedArrayBuffer(n * 4));
}

export class VoteCells {
  private readonly slot = new Map<number, number>();
  private p = sharedInt32(1024);
  private s = sharedInt32(1024);
  private v = new Int8Array(new SharedArrayBuffer(1024));
  private used = 0;
  private votes = 0;

  /** Cells holding a vote (slots minus empty ones). */
  get size(): number {
    return this.votes;
  }

  private grow(): void {
    const n = this.p.length * 2;
    const p = sharedInt32(n);
    const s = sharedInt32(n);
    const v = new Int8Array(new SharedArrayBuffer(n));
    p.set(this.p);
    s.set(this.s);
    v.set(this.v);
    // A refit still reading the old buffers keeps them; nothing writes to them any more.
    this.p = p;
    this.s = s;
    this.v = v;
  }

  /** Sets a participant's vote on a statement (by their numbers). */
  set(participant: number, statement: number, value: number): void {
    const key = participant * KEY_STRIDE + statement;
    const at = this.slot.get(key);
    if (at !== undefined) {
      if (this.v[at] === EMPTY) this.votes++;
      this.v[at] = value;
      return;
    }
    if (this.used === this.p.length) this.grow();
    this.slot.set(key, this.used);
    this.p[this.used] = participant;
    this.s[this.used] = statement;
    this.v[this.used] = value;
    this.used++;
    this.votes++;
  }

  /** Removes a vote (undo). */
  delete(participant: number, statement: number): void {
    const at = this.slot.get(participant * KEY_STRIDE + statement);
    if (at === undefined || this.v[at] === EMPTY) return;
    this.v[at] = EMPTY;
    this.votes--;
  }

  shared(): SharedCells {
    return { p: this.p, s: this.s, v: this.v, length: this.used };
  }
}

/**
 * The engine's columns from shared cells (in the engine thread): participants and statements by number as
 * ids, in order of first appearance; empty slots left out.
 */
export function columnsFromCells(cells: SharedCells): VoteColumns {
  const pIndex = new Map<number, number>();
  const sIndex = new Map<number, number>();
  const participants: string[] = [];
  const statements: string[] = [];
  const n = cells.length;
  const p = new Int32Array(n);
  const s = new Int32Array(n);
  const v = new Int8Array(n);
  const t = new Float64Array(n);
  let k = 0;
  for (let e = 0; e < n; e++) {
    const value = cells.v[e] ?? EMPTY;
    if (value === EMPTY) continue;
    const pn = cells.p[e] ?? 0;
    const sn = cells.s[e] ?? 0;
    let pi = pIndex.get(pn);
    if (pi === undefined) {
      pi = participants.length;
      pIndex.set(pn, pi);
      participants.push(String(pn));
    }
    let si = sIndex.get(sn);
    if (si === undefined) {
      si = statements.length;
      sIndex.set(sn, si);
      statements.push(String(sn));
    }
    p[k] = pi;
    s[k] = si;
    v[k] = value;
    t[k] = k;
    k++;
  }
  return { participants, statements, p, s, v, t, length: k };
}
