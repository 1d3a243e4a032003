/**
 * votes.csv read from its bytes. Nearly every line of a Polis export is plain — no quotes, no spaces, the
 * timestamp in digits, the ids of the id characters, the statement a known one, the vote -1, 0 or 1 — and
 * such a line is taken apart in place: each id is made a string once, the first time it is met, and
 * found again by a hash of its bytes. A million votes in a fraction of a second. Any other line (the header, quotes, text
 * ids, a bad value) is handed over as text, to be read, or refused with its line number, the careful way.
 */
import fs from 'node:fs';

export interface VoteColumnsAt {
  t: number;
  s: number;
  p: number;
  v: number;
}

export interface PlainVote {
  /** The statement's index in the ids given to `scanVotes`. */
  statement: number;
  voter: string;
  /** The voter's number in this scan (0, 1, 2… in order of first appearance). */
  voterIndex: number;
  time: number;
  vote: -1 | 0 | 1;
}

/** Whether byte c may be in an id ([A-Za-z0-9_.:-], as the text reader's rule). */
function idByte(c: number): boolean {
  return (
    (c >= 48 && c <= 58) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 46 || c === 45
  );
}

/** Ids longer than this are never plain (the text reader takes them, or refuses them). */
const MAX_ID_BYTES = 64;

/**
 * Ids met as bytes, each made a string once: an open-addressing table of the ids' FNV-1a hashes, the ids'
 * bytes kept end to end in one array, so a lookup allocates nothing.
 */
export class ByteIds {
  readonly ids: string[] = [];
  private arena = new Uint8Array(1 << 16);
  /** Id i's bytes are arena[ends[i − 1] ?? 0 .. ends[i]). */
  private ends = new Int32Array(1024);
  private hashes = new Int32Array(1024);
  /** index + 1 of the id in each slot; 0 when empty. */
  private slots = new Int32Array(2048);

  constructor(ids: readonly string[] = []) {
    for (const id of ids) {
      const bytes = Buffer.from(id, 'utf8');
      let h = 2166136261;
      for (const c of bytes) h = Math.imul(h ^ c, 16777619);
      if (this.lookup(bytes, 0, bytes.length, h) < 0) this.insert(bytes, 0, bytes.length, h, id);
    }
  }

  /** The index of the id written in bytes [a, b), or -1 when it is not an id or not known (and !add). */
  find(buf: Buffer, a: number, b: number, add: boolean): number {
    if (b - a < 1 || b - a > MAX_ID_BYTES) return -1;
    let h = 2166136261;
    for (let i = a; i < b; i++) {
      const c = buf[i]!;
      if (!idByte(c)) return -1;
      h = Math.imul(h ^ c, 16777619);
    }
    const found = this.lookup(buf, a, b, h);
    if (found >= 0 || !add) return found;
    return this.insert(buf, a, b, h, buf.toString('latin1', a, b));
  }

  private lookup(buf: Uint8Array, a: number, b: number, h: number): number {
    const mask = this.slots.length - 1;
    for (let at = h & mask; ; at = (at + 1) & mask) {
      const slot = this.slots[at]!;
      if (slot === 0) return -1;
      const index = slot - 1;
      if (this.hashes[index] !== h) continue;
      const from = index === 0 ? 0 : this.ends[index - 1]!;
      if (this.ends[index]! - from !== b - a) continue;
      let same = true;
      for (let i = 0; i < b - a && same; i++) same = this.arena[from + i] === buf[a + i];
      if (same) return index;
    }
  }

  private insert(buf: Uint8Array, a: number, b: number, h: number, id: string): number {
    const index = this.ids.length;
    const from = index === 0 ? 0 : this.ends[index - 1]!;
    if (from + (b - a) > this.arena.length) {
      const bigger = new Uint8Array(Math.max(this.arena.length * 2, from + (b - a)));
      bigger.set(this.arena);
      this.arena = bigger;
    }
    this.arena.set(buf.subarray(a, b), from);
    if (index === this.ends.length) {
      const ends = new Int32Array(index * 2);
      ends.set(this.ends);
      this.ends = ends;
      const hashes = new Int32Array(index * 2);
      hashes.set(this.hashes);
      this.hashes = hashes;
    }
    this.ends[index] = from + (b - a);
    this.hashes[index] = h;
    this.ids.push(id);
    if ((index + 1) * 2 > this.slots.length) this.rehash(this.slots.length * 2);
    else this.place(index);
    return index;
  }

  private place(index: number): void {
    const mask = this.slots.length - 1;
    let at = this.hashes[index]! & mask;
    while (this.slots[at] !== 0) at = (at + 1) & mask;
    this.slots[at] = index + 1;
  }

  private rehash(size: number): void {
    this.slots = new Int32Array(size);
    for (let i = 0; i < this.ids.length; i++) this.place(i);
  }
}

const COMMA = 44;
const QUOTE = 34;
const NEWLINE = 10;
const RETURN = 13;
const MINUS = 45;
const ZERO = 48;

/** The whole number written in bytes [a, b) without sign or leading zeros (up to 15 digits), else -1. */
function digitsAt(buf: Uint8Array, a: number, b: number): number {
  const n = b - a;
  if (n < 1 || n > 15 || (n > 1 && buf[a] === ZERO)) return -1;
  let v = 0;
  for (let i = a; i < b; i++) {
    const d = buf[i]! - ZERO;
    if (d < 0 || d > 9) return -1;
    v = v * 10 + d;
  }
  return v;
}

/** -1, 0 or 1 written in bytes [a, b), else null. */
function voteAt(buf: Uint8Array, a: number, b: number): -1 | 0 | 1 | null {
  if (b - a === 1) return buf[a] === ZERO ? 0 : buf[a] === ZERO + 1 ? 1 : null;
  return b - a === 2 && buf[a] === MINUS && buf[a + 1] === ZERO + 1 ? -1 : null;
}

/** Commas recorded per line; a line with more is not plain. */
const MAX_COMMAS = 64;

/** Where field f of the line [a, b) starts and ends, given its commas. */
const fieldStart = (commas: Int32Array, a: number, f: number): number => (f === 0 ? a : commas[f - 1]! + 1);
const fieldEnd = (commas: Int32Array, count: number, b: number, f: number): number =>
  f < count ? commas[f]! : b;

/** The per-scan state a plain line is read with. */
interface Scan {
  commas: Int32Array;
  cols: VoteColumnsAt;
  statementIds: ByteIds;
  voterIds: ByteIds;
  vote: PlainVote;
}

/** Reads the plain line [a, b) with `count` commas into s.vote; false when the line is not plain. */
function plainLine(buf: Buffer, a: number, b: number, count: number, s: Scan): boolean {
  const { commas, cols } = s;
  if (Math.min(cols.t, cols.s, cols.p, cols.v) < 0) return false;
  if (cols.t > count || cols.s > count || cols.p > count || cols.v > count) return false;
  const statement = s.statementIds.find(
    buf,
    fieldStart(commas, a, cols.s),
    fieldEnd(commas, count, b, cols.s),
    false,
  );
  if (statement < 0) return false;
  const time = digitsAt(buf, fieldStart(commas, a, cols.t), fieldEnd(commas, count, b, cols.t));
  const v = voteAt(buf, fieldStart(commas, a, cols.v), fieldEnd(commas, count, b, cols.v));
  if (time < 0 || v === null) return false;
  const voter = s.voterIds.find(buf, fieldStart(commas, a, cols.p), fieldEnd(commas, count, b, cols.p), true);
  if (voter < 0) return false;
  s.vote.statement = statement;
  s.vote.voter = s.voterIds.ids[voter]!;
  s.vote.voterIndex = voter;
  s.vote.time = time;
  s.vote.vote = v;
  return true;
}

/**
 * Calls `plain` for each plain line of the file and `text` for every other non-empty line (the first, the
 * header, always as text: it says where the columns are, which `columns` then gives). The file is read in
 * large blocks and scanned once, byte by byte, for line ends, commas and quotes together.
 */
export function scanVotes(
  file: string,
  statements: readonly string[],
  columns: () => VoteColumnsAt,
  plain: (vote: PlainVote, lineNo: number) => void,
  text: (line: string, lineNo: number) => void,
): void {
  const fd = fs.openSync(file, 'r');
  let buf = Buffer.alloc(1 << 22);
  let have = 0;
  let lineNo = 0;
  const scan: Scan = {
    commas: new Int32Array(MAX_COMMAS),
    cols: { t: -1, s: -1, p: -1, v: -1 },
    statementIds: new ByteIds(statements),
    voterIds: new ByteIds(),
    vote: { statement: 0, voter: '', voterIndex: 0, time: 0, vote: 0 },
  };
  const commas = scan.commas;
  try {
    for (;;) {
      if (have === buf.length) {
        const bigger = Buffer.alloc(buf.length * 2);
        buf.copy(bigger, 0, 0, have);
        buf = bigger;
      }
      const got = fs.readSync(fd, buf, have, buf.length - have, null);
      have += got;
      const block = buf;
      // The unfinished line at the end of the last block was moved to the front; it is scanned again.
      let start = 0;
      let count = 0;
      let quoted = false;
      // The last line of the file may have no newline: it ends the block.
      const last = got === 0 ? have + 1 : have;
      for (let i = 0; i < last; i++) {
        const c = i < have ? block[i]! : NEWLINE;
        // Most bytes are digits or letters, above every byte looked for.
        if (c > COMMA) continue;
        if (c === COMMA) {
          if (count < MAX_COMMAS) commas[count] = i;
          if (count <= MAX_COMMAS) count++;
        } else if (c === QUOTE) quoted = true;
        else if (c === NEWLINE) {
          lineNo++;
          const end = i > start && block[i - 1] === RETURN ? i - 1 : i;
          if (end > start) {
            if (lineNo > 1 && !quoted && count <= MAX_COMMAS && plainLine(block, start, end, count, scan))
              plain(scan.vote, lineNo);
            else {
              const line = block.toString('utf8', start, end);
              text(lineNo === 1 ? line.replace(/^\uFEFF/, '') : line, lineNo);
              if (lineNo === 1) scan.cols = columns();
            }
          }
          start = i + 1;
          count = 0;
          quoted = false;
        }
      }
      if (got === 0) break;
      buf.copy(buf, 0, start, have);
      have -= start;
    }
  } finally {
    fs.closeSync(fd);
  }
}
