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
  time: number;
  vote: -1 | 0 | 1;
}

/** Whether byte c may be in an id ([A-Za-z0-9_.:-], as the text reader's rule). */
function idByte(c: number): boolean {
  return (
    (c >= 48 && c <= 58) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 46 || c === 45
  );
}

/** Ids met as bytes, each made a string once: a hash of the bytes, then the bytes compared. */
export class ByteIds {
  readonly ids: string[] = [];
  private readonly bytes: Uint8Array[] = [];
  private readonly table = new Map<number, number[]>();

  constructor(ids: readonly string[] = []) {
    for (const id of ids) this.insert(Buffer.from(id, 'utf8'), id);
  }

  private static hash(buf: Uint8Array, a: number, b: number): number {
    let h = 2166136261;
    for (let i = a; i < b; i++) h = Math.imul(h ^ buf[i]!, 16777619);
    return h >>> 0;
  }

  private insert(bytes: Uint8Array, id: string): number {
    const h = ByteIds.hash(bytes, 0, bytes.length);
    const index = this.ids.length;
    this.ids.push(id);
    this.bytes.push(bytes);
    const list = this.table.get(h);
    if (list) list.push(index);
    else this.table.set(h, [index]);
    return index;
  }

  /** The index of the id written in bytes [a, b), or -1 when it is not an id or not known (and !add). */
  find(buf: Buffer, a: number, b: number, add: boolean): number {
    if (b - a < 1 || b - a > 64) return -1;
    for (let i = a; i < b; i++) if (!idByte(buf[i]!)) return -1;
    for (const index of this.table.get(ByteIds.hash(buf, a, b)) ?? []) {
      const known = this.bytes[index]!;
      if (known.length !== b - a) continue;
      let same = true;
      for (let i = 0; i < known.length && same; i++) same = known[i] === buf[a + i];
      if (same) return index;
    }
    return add ? this.insert(Uint8Array.prototype.slice.call(buf, a, b), buf.toString('latin1', a, b)) : -1;
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

/**
 * Calls `plain` for each plain line of the file and `text` for every other non-empty line (the first, the
 * header, always as text: it says where the columns are, which `columns` then gives).
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
  const commas = new Int32Array(64);
  const vote: PlainVote = { statement: 0, voter: '', time: 0, vote: 0 };
  const statementIds = new ByteIds(statements);
  const voterIds = new ByteIds();
  const line = (a: number, b: number) => {
    lineNo++;
    const end = b > a && buf[b - 1] === RETURN ? b - 1 : b;
    if (end === a) return;
    if (lineNo > 1 && plainLine(a, end)) plain(vote, lineNo);
    else {
      const s = buf.toString('utf8', a, end);
      text(lineNo === 1 ? s.replace(/^\uFEFF/, '') : s, lineNo);
    }
  };
  const plainLine = (a: number, b: number): boolean => {
    let count = 0;
    for (let i = a; i < b; i++) {
      const c = buf[i]!;
      if (c === QUOTE) return false;
      if (c === COMMA) {
        if (count === commas.length) return false;
        commas[count++] = i;
      }
    }
    const cols = columns();
    const from = (f: number) => (f === 0 ? a : commas[f - 1]! + 1);
    const to = (f: number) => (f < count ? commas[f]! : b);
    if (Math.max(cols.t, cols.s, cols.p, cols.v) > count) return false;
    const statement = statementIds.find(buf, from(cols.s), to(cols.s), false);
    const time = digitsAt(buf, from(cols.t), to(cols.t));
    const v = voteAt(buf, from(cols.v), to(cols.v));
    if (statement < 0 || time < 0 || v === null) return false;
    const voter = voterIds.find(buf, from(cols.p), to(cols.p), true);
    if (voter < 0) return false;
    vote.statement = statement;
    vote.voter = voterIds.ids[voter]!;
    vote.time = time;
    vote.vote = v;
    return true;
  };
  try {
    for (;;) {
      if (have === buf.length) {
        const bigger = Buffer.alloc(buf.length * 2);
        buf.copy(bigger, 0, 0, have);
        buf = bigger;
      }
      const got = fs.readSync(fd, buf, have, buf.length - have, null);
      have += got;
      let start = 0;
      for (let i = buf.indexOf(NEWLINE, 0); i >= 0 && i < have; i = buf.indexOf(NEWLINE, start)) {
        line(start, i);
        start = i + 1;
      }
      if (got === 0) {
        if (start < have) line(start, have);
        break;
      }
      buf.copy(buf, 0, start, have);
      have -= start;
    }
  } finally {
    fs.closeSync(fd);
  }
}
