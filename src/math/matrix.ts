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
  /** About the conversation rather than the topic ("I live in the area"): kept out of the statistics. */
  meta?: boolean;
  /** Written by the organiser to start the conversation (Polis's "is-seed"). */
  seed?: boolean;
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

/** Outcome indices by vote + 1: disagree (−1) → 1, pass (0) → 2, agree (1) → 0. */
const OUTCOME = Int32Array.of(1, 2, 0);
/**
 * A vote's outcome index in per-statement tables: 0 agree, 1 disagree, 2 pass. A lookup, not a branch:
 * over millions of votes the branch predictor would guess wrong half the time.
 */
export const outcome = (v: number): number => OUTCOME[v + 1]!;

export const isRejected = (m: Pick<VoteMatrix, 'state'>, j: number): boolean =>
  (m.state[j]! & STATE_REJECTED) !== 0;
export const isMeta = (m: Pick<VoteMatrix, 'state'>, j: number): boolean => (m.state[j]! & STATE_META) !== 0;

/**
 * Votes in columns (participant index, statement index, value, time): what large inputs are read into,
 * since ten million vote objects would not fit the memory budget.
 */
export interface VoteColumns {
  participants: string[];
  statements: string[];
  p: Int32Array;
  s: Int32Array;
  v: Int8Array;
  t: Float64Array;
  length: number;
}

/** Builds the matrix. Statements with no votes still get a column when listed in `statements`. */
export function buildMatrix(
  votes: readonly VoteEvent[],
  statements: readonly StatementInput[] = [],
): VoteMatrix {
  const pIndex = new Map<string, number>();
  const sIndex = new Map<string, number>();
  const cols: VoteColumns = {
    participants: [],
    statements: [],
    p: new Int32Array(votes.length),
    s: new Int32Array(votes.length),
    v: new Int8Array(votes.length),
    t: new Float64Array(votes.length),
    length: votes.length,
  };
  votes.forEach((e, k) => {
    let p = pIndex.get(e.participant);
    if (p === undefined) {
      p = cols.participants.length;
      pIndex.set(e.participant, p);
      cols.participants.push(e.participant);
    }
    let s = sIndex.get(e.statement);
    if (s === undefined) {
      s = cols.statements.length;
      sIndex.set(e.statement, s);
      cols.statements.push(e.statement);
    }
    cols.p[k] = p;
    cols.s[k] = s;
    cols.v[k] = e.vote;
    cols.t[k] = e.time;
  });
  return buildMatrixFromColumns(cols, statements);
}

/** Builds the matrix from columns: latest vote wins (ties keep the later row). */
export function buildMatrixFromColumns(
  cols: VoteColumns,
  statements: readonly StatementInput[] = [],
): VoteMatrix {
  const sIndex = new Map<string, number>();
  const sIds: string[] = [];
  const states: number[] = [];
  for (const st of statements) {
    if (sIndex.has(st.id)) continue;
    sIndex.set(st.id, sIds.length);
    sIds.push(st.id);
    states.push((st.status === 'rejected' ? STATE_REJECTED : 0) | (st.meta ? STATE_META : 0));
  }
  // Map the columns' statement dictionary onto the matrix's statement order.
  const remap = new Int32Array(cols.statements.length);
  cols.statements.forEach((id, k) => {
    let j = sIndex.get(id);
    if (j === undefined) {
      j = sIds.length;
      sIndex.set(id, j);
      sIds.push(id);
      states.push(0);
    }
    remap[k] = j;
  });
  const count = cols.length;
  const n = cols.participants.length;
  const m = sIds.length;
  // Bucket rows by participant (counting sort, stable), then order each short row by statement and time.
  const start = new Int32Array(n + 1);
  for (let e = 0; e < count; e++) start[cols.p[e]! + 1]!++;
  for (let i = 0; i < n; i++) start[i + 1]! += start[i]!;
  const fill = start.slice(0, n);
  const order = new Int32Array(count);
  for (let e = 0; e < count; e++) order[fill[cols.p[e]!]!++] = e;
  const rowPtr = new Int32Array(n + 1);
  const rowColTmp = new Int32Array(count);
  const rowValTmp = new Int8Array(count);
  let nnz = 0;
  const stmt = (e: number) => remap[cols.s[e]!]!;
  const byStatementThenTime = (a: number, b: number) => stmt(a) - stmt(b) || cols.t[a]! - cols.t[b]! || a - b;
  const before = (a: number, b: number) => {
    const d = stmt(a) - stmt(b);
    return d < 0 || (d === 0 && (cols.t[a]! < cols.t[b]! || (cols.t[a] === cols.t[b] && a < b)));
  };
  for (let i = 0; i < n; i++) {
    const row = order.subarray(start[i], start[i + 1]);
    // Most rows are short: sorted in place by insertion, no array made; a long one by the library sort.
    if (row.length <= 64) {
      for (let k = 1; k < row.length; k++) {
        const e = row[k]!;
        let at = k;
        for (; at > 0 && before(e, row[at - 1]!); at--) row[at] = row[at - 1]!;
        row[at] = e;
      }
    } else row.set(Array.from(row).sort(byStatementThenTime));
    for (let k = 0; k < row.length; k++) {
      const e = row[k]!;
      const next = row[k + 1];
      // Latest vote wins: keep only the last event of each run of equal statements.
      if (next !== undefined && stmt(next) === stmt(e)) continue;
      rowColTmp[nnz] = stmt(e);
      rowValTmp[nnz] = cols.v[e]!;
      nnz++;
    }
    rowPtr[i + 1] = nnz;
  }
  return fromCsr(
    [...cols.participants],
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
