/** The votes a latent-class fit reads, flattened once for its inner loops. */
import { isMeta, isRejected, outcome, type VoteMatrix } from './matrix.ts';

/** Which statements take part in clustering: not rejected, not meta. */
export function clusteringStatements(m: VoteMatrix): Uint8Array {
  const use = new Uint8Array(m.statements.length);
  for (let j = 0; j < use.length; j++) use[j] = isRejected(m, j) || isMeta(m, j) ? 0 : 1;
  return use;
}

/**
 * The fitted rows' votes, flattened once: for row r, cells[start[r]..start[r+1]) hold j·3 + outcome for
 * each vote on a clustering statement. EM then runs without lookups or branches in its inner loops.
 * `distinct` counts the distinct vote vectors among the rows: each row's cells hashed twice (FNV-1a and a
 * multiplicative hash) into one 53-bit number, so no string is built per row.
 */
export interface Cells {
  start: Int32Array;
  cell: Int32Array;
  ns: number;
  distinct: number;
}

export function prepare(m: VoteMatrix, rows: Int32Array, use: Uint8Array): Cells {
  const { rowPtr, rowCol, rowVal } = m;
  let most = 0;
  for (const i of rows) most += rowPtr[i + 1]! - rowPtr[i]!;
  const start = new Int32Array(rows.length + 1);
  const cell = new Int32Array(most);
  const seen = new Set<number>();
  let at = 0;
  for (let r = 0; r < rows.length; r++) {
    const i = rows[r]!;
    let h1 = 2166136261;
    let h2 = 0x9e3779b9;
    for (let p = rowPtr[i]!; p < rowPtr[i + 1]!; p++) {
      const j = rowCol[p]!;
      if (use[j] === 0) continue;
      const v = j * 3 + outcome(rowVal[p]!);
      cell[at++] = v;
      h1 = Math.imul(h1 ^ v, 16777619);
      h2 = Math.imul(h2 + v + 1, 0x85ebca6b) ^ (h2 >>> 13);
    }
    start[r + 1] = at;
    seen.add((h1 >>> 11) * 4294967296 + (h2 >>> 0));
  }
  return { start, cell: cell.subarray(0, at), ns: m.statements.length, distinct: Math.max(1, seen.size) };
}
