/**
 * Builds benchmark-sized vote matrices directly in CSR form (10M votes as objects would not fit the memory
 * budget): k planted groups, partisan and divisive statements, heavy-tailed votes per participant, early
 * statements seen more.
 */
import { fromCsr, type VoteMatrix } from '../src/math/matrix.ts';
import { rng } from '../src/math/random.ts';

export interface Size {
  name: string;
  participants: number;
  statements: number;
  votes: number;
}

export const SIZES: Record<string, Size> = {
  S: { name: 'S', participants: 2_000, statements: 200, votes: 70_000 },
  M: { name: 'M', participants: 20_000, statements: 2_000, votes: 1_000_000 },
  L: { name: 'L', participants: 200_000, statements: 5_000, votes: 10_000_000 },
};

export function syntheticMatrix(size: Size, groups = 4, seed = 1): VoteMatrix {
  const random = rng(seed);
  const { participants: n, statements: m } = size;
  const mean = size.votes / n;
  // Per statement and group: chance of agreeing (passes are 15%).
  const agree = new Float32Array(groups * m);
  for (let j = 0; j < m; j++) {
    const kind = random();
    const own = Math.floor(random() * groups);
    for (let g = 0; g < groups; g++) {
      agree[g * m + j] =
        kind < 0.15
          ? 0.85
          : kind < 0.5
            ? g === own
              ? 0.85
              : 0.2
            : kind < 0.85
              ? (g + j) % 2
                ? 0.8
                : 0.15
              : 0.5;
    }
  }
  // Cumulative weights for "early statements are seen more".
  const cdf = new Float64Array(m);
  let acc = 0;
  for (let j = 0; j < m; j++) cdf[j] = acc += 1 / (1 + j / 20);
  const rowPtr = new Int32Array(n + 1);
  const counts = new Int32Array(n);
  let total = 0;
  for (let i = 0; i < n; i++) {
    const z = Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
    counts[i] = Math.max(1, Math.min(m, Math.round(mean * Math.exp(0.8 * z - 0.32))));
    total += counts[i]!;
  }
  const rowCol = new Int32Array(total);
  const rowVal = new Int8Array(total);
  const chosen = new Set<number>();
  let at = 0;
  for (let i = 0; i < n; i++) {
    const g = Math.floor(random() * groups);
    chosen.clear();
    const want = counts[i]!;
    let tries = 0;
    while (chosen.size < want && tries < want * 20) {
      tries++;
      const x = random() * acc;
      let lo = 0;
      let hi = m - 1;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (cdf[mid]! < x) lo = mid + 1;
        else hi = mid;
      }
      chosen.add(lo);
    }
    for (const j of [...chosen].sort((a, b) => a - b)) {
      const r = random();
      rowCol[at] = j;
      rowVal[at] = r < 0.15 ? 0 : (r - 0.15) / 0.85 < agree[g * m + j]! ? 1 : -1;
      at++;
    }
    rowPtr[i + 1] = at;
  }
  const participants = Array.from({ length: n }, (_, i) => `p${i}`);
  const statements = Array.from({ length: m }, (_, j) => `s${j}`);
  return fromCsr(
    participants,
    statements,
    new Uint8Array(m),
    rowPtr,
    rowCol.slice(0, at),
    rowVal.slice(0, at),
    m,
  );
}
