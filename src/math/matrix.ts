/**
 * The sparse vote matrix: participants × statements, latest vote wins, stored as CSR (by participant)
 * and CSC (by statement). Nothing is ever densified.
 */

export type Vote = -1 | 0 | 1;
export type StatementStatus = 'accepted' | 'rejected' | 'unmoderated';

/** A statement as the engine sees it. Rejected statements are treated as Polis treats them (zeroed); meta
 * statements are kept out of clustering and routed with Polis's meta priority. A statement can be both. */
export interface StatementInput {
  id: string;
  status?: StatementStatus;
  meta?: boolean;
}

export interface VoteEvent {
  participant: string;
  statement: string;
  vote: Vote;
  /** Any monotone clock (ms); the latest event per participant and statement wins; ties keep the later one. */
  time: number;
}

export interface VoteMatrix {
  participants: string[];
  statements: string[];
  /** Per statement, bit flags: STATE_REJECTED (Polis "mod-out"), STATE_META. */
  state: Uint8Array;
  /** CSR by participant. */
  rowPtr: Int32Array;
  rowCol: Int32Array;
  rowVal: Int8Array;
  /** CSC by statement. */
  colPtr: Int32Array;
  colRow: Int32Array;
  colVal: Int8Array;
}

export const STATE_REJECTED = 1;
export const STATE_META = 2;

export const isRejected = (m: VoteMatrix, j: number): boolean => (m.state[j]! & STATE_REJECTED) !== 0;
export const isMeta = (m: VoteMatrix, j: number): boolean => (m.state[j]! & STATE_META) !== 0;

/** Builds the matrix. Statements with no votes still get a column when listed in `statements`. */
export function buildMatrix(
  votes: readonly VoteEvent[],
  statements: readonly StatementInput[] = [],
): VoteMatrix {
  const pIndex = new Map<string, number>();
  const sIndex = new Map<string, number>();
  const sIds: string[] = [];
  const states: number[] = [];
  for (const s of statements) {
    if (!sIndex.has(s.id)) {
      sIndex.set(s.id, sIds.length);
      sIds.push(s.id);
      states.push((s.status === 'rejected' ? STATE_REJECTED : 0) | (s.meta ? STATE_META : 0));
    }
  }
  const pIds: string[] = [];
  const count = votes.length;
  const evP = new Int32Array(count);
  const evS = new Int32Array(count);
  for (let e = 0; e < count; e++) {
    const ev = votes[e]!;
    let p = pIndex.get(ev.participant);
    if (p === undefined) {
      p = pIds.length;
      pIndex.set(ev.participant, p);
      pIds.push(ev.participant);
    }
    let s = sIndex.get(ev.statement);
    if (s === undefined) {
      s = sIds.length;
      sIndex.set(ev.statement, s);
      sIds.push(ev.statement);
      states.push(0);
    }
    evP[e] = p;
    evS[e] = s;
  }
  const n = pIds.length;
  const m = sIds.length;
  // Bucket events by participant (counting sort, stable), then order each short row by statement and time.
  const start = new Int32Array(n + 1);
  for (let e = 0; e < count; e++) start[evP[e]! + 1]!++;
  for (let i = 0; i < n; i++) start[i + 1]! += start[i]!;
  const fill = start.slice(0, n);
  const order = new Int32Array(count);
  for (let e = 0; e < count; e++) order[fill[evP[e]!]!++] = e;
  const rowPtr = new Int32Array(n + 1);
  const rowColTmp = new Int32Array(count);
  const rowValTmp = new Int8Array(count);
  let nnz = 0;
  const byStatementThenTime = (a: number, b: number) =>
    evS[a]! - evS[b]! || votes[a]!.time - votes[b]!.time || a - b;
  for (let i = 0; i < n; i++) {
    const row = Array.from(order.subarray(start[i], start[i + 1])).sort(byStatementThenTime);
    for (let k = 0; k < row.length; k++) {
      const e = row[k]!;
      const next = row[k + 1];
      // Latest vote wins: keep only the last event of each run of equal statements.
      if (next !== undefined && evS[next] === evS[e]) continue;
      rowColTmp[nnz] = evS[e]!;
      rowValTmp[nnz] = votes[e]!.vote;
      nnz++;
    }
    rowPtr[i + 1] = nnz;
  }
  return fromCsr(
    pIds,
    sIds,
    Uint8Array.from(states),
    rowPtr,
    rowColTmp.slice(0, nnz),
    rowValTmp.slice(0, nnz),
    m,
  );
}

/** Completes a matrix from its CSR part by building the CSC part. */
export function fromCsr(
  participants: string[],
  statements: string[],
  state: Uint8Array,
  rowPtr: Int32Array,
  rowCol: Int32Array,
  rowVal: Int8Array,
  m = statements.length,
): VoteMatrix {
  const n = participants.length;
  const nnz = rowCol.length;
  const colPtr = new Int32Array(m + 1);
  for (let k = 0; k < nnz; k++) colPtr[rowCol[k]! + 1]!++;
  for (let j = 0; j < m; j++) colPtr[j + 1]! += colPtr[j]!;
  const cFill = colPtr.slice(0, m);
  const colRow = new Int32Array(nnz);
  const colVal = new Int8Array(nnz);
  for (let p = 0; p < n; p++) {
    for (let k = rowPtr[p]!; k < rowPtr[p + 1]!; k++) {
      const c = cFill[rowCol[k]!]!++;
      colRow[c] = p;
      colVal[c] = rowVal[k]!;
    }
  }
  return { participants, statements, state, rowPtr, rowCol, rowVal, colPtr, colRow, colVal };
}

/** Number of votes (including passes) each participant has cast. */
export function voteCounts(m: VoteMatrix): Int32Array {
  const n = m.participants.length;
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) out[i] = m.rowPtr[i + 1]! - m.rowPtr[i]!;
  return out;
}
