/**
 * Per-group statistics with Polis's formulas (polismath repness.clj and conversation.clj): vote counts,
 * pa/pd, representativeness and the choice of representative statements, consensus, group-informed
 * consensus and routing priority.
 */
import { isMeta, isRejected, type VoteMatrix } from './matrix.ts';

export const Z_90 = 1.2816;

/** Counts per group g and statement j, flattened g * m + j. */
export interface GroupCounts {
  k: number;
  agree: Int32Array;
  disagree: Int32Array;
  seen: Int32Array;
}

/** Counts votes of the members of each group (group[i] = -1 for no group). */
export function groupCounts(m: VoteMatrix, group: Int32Array, k: number): GroupCounts {
  const ns = m.statements.length;
  const agree = new Int32Array(k * ns);
  const disagree = new Int32Array(k * ns);
  const seen = new Int32Array(k * ns);
  for (let i = 0; i < m.participants.length; i++) {
    const g = group[i]!;
    if (g < 0) continue;
    // Votes are −1, 0 or 1: (v + 1) >> 1 is 1 for agree only, (1 − v) >> 1 for disagree only. Counting
    // without a branch per vote matters: the votes are a coin toss to the branch predictor.
    for (let p = m.rowPtr[i]!; p < m.rowPtr[i + 1]!; p++) {
      const idx = g * ns + m.rowCol[p]!;
      const v = m.rowVal[p]!;
      seen[idx]!++;
      agree[idx]! += (v + 1) >> 1;
      disagree[idx]! += (1 - v) >> 1;
    }
  }
  return { k, agree, disagree, seen };
}

export const propTest = (succ: number, n: number): number =>
  2 * Math.sqrt(n + 1) * ((succ + 1) / (n + 1) - 0.5);

export function twoPropTest(succIn: number, succOut: number, popIn: number, popOut: number): number {
  const [s1, s2, n1, n2] = [succIn + 1, succOut + 1, popIn + 1, popOut + 1];
  const pi1 = s1 / n1;
  const pi2 = s2 / n2;
  const piHat = (s1 + s2) / (n1 + n2);
  if (piHat === 1) return 0;
  return (pi1 - pi2) / Math.sqrt(piHat * (1 - piHat) * (1 / n1 + 1 / n2));
}

export interface RepStat {
  statement: number;
  direction: 'agree' | 'disagree';
  nSuccess: number;
  nTrials: number;
  pSuccess: number;
  pTest: number;
  repness: number;
  repnessTest: number;
  bestAgree?: true;
  nAgree?: number;
}

interface Cmp {
  na: number;
  nd: number;
  ns: number;
  pa: number;
  pd: number;
  pat: number;
  pdt: number;
  ra: number;
  rd: number;
  rat: number;
  rdt: number;
}

function finalize(j: number, s: Cmp): RepStat {
  const agree = s.rat > s.rdt;
  return {
    statement: j,
    direction: agree ? 'agree' : 'disagree',
    nSuccess: agree ? s.na : s.nd,
    nTrials: s.ns,
    pSuccess: agree ? s.pa : s.pd,
    pTest: agree ? s.pat : s.pdt,
    repness: agree ? s.ra : s.rd,
    // Polis rounds the test statistic to single precision.
    repnessTest: Math.fround(agree ? s.rat : s.rdt),
  };
}

const metric = (r: RepStat): number => r.repness * r.repnessTest * r.pSuccess * r.pTest;

/** Representative statements of each group, chosen exactly as Polis's select-rep-comments does. */
export function representative(m: VoteMatrix, c: GroupCounts): RepStat[][] {
  const ns = m.statements.length;
  const { k } = c;
  const totA = new Int32Array(ns);
  const totD = new Int32Array(ns);
  const totS = new Int32Array(ns);
  for (let g = 0; g < k; g++) {
    for (let j = 0; j < ns; j++) {
      totA[j]! += c.agree[g * ns + j]!;
      totD[j]! += c.disagree[g * ns + j]!;
      totS[j]! += c.seen[g * ns + j]!;
    }
  }
  const state = Array.from({ length: k }, () => ({
    sufficient: [] as RepStat[],
    best: null as RepStat | null,
    bestAgree: null as (Cmp & { j: number }) | null,
  }));
  for (let j = 0; j < ns; j++) {
    // Moderated out, or about the conversation rather than its topic: never what sets a group apart.
    if (isRejected(m, j) || isMeta(m, j)) continue;
    for (let g = 0; g < k; g++) {
      const na = c.agree[g * ns + j]!;
      const nd = c.disagree[g * ns + j]!;
      const n = c.seen[g * ns + j]!;
      const ra_ = totA[j]! - na;
      const rd_ = totD[j]! - nd;
      const rs_ = totS[j]! - n;
      const pa = (1 + na) / (2 + n);
      const pd = (1 + nd) / (2 + n);
      const s: Cmp = {
        na,
        nd,
        ns: n,
        pa,
        pd,
        pat: propTest(na, n),
        pdt: propTest(nd, n),
        ra: pa / ((1 + ra_) / (2 + rs_)),
        rd: pd / ((1 + rd_) / (2 + rs_)),
        rat: twoPropTest(na, ra_, n, rs_),
        rdt: twoPropTest(nd, rd_, n, rs_),
      };
      const st = state[g]!;
      if ((s.rat > Z_90 && s.pat > Z_90) || (s.rdt > Z_90 && s.pdt > Z_90))
        st.sufficient.push(finalize(j, s));
      if (st.sufficient.length === 0 && (st.best === null || Math.max(s.rat, s.rdt) > st.best.repnessTest)) {
        st.best = finalize(j, s);
      }
      if (beatsBestAgree(s, st.bestAgree)) st.bestAgree = { ...s, j };
    }
  }
  return state.map(({ sufficient, best, bestAgree }) => {
    const ba: RepStat | null = bestAgree
      ? { ...finalize(bestAgree.j, bestAgree), nAgree: bestAgree.na, bestAgree: true }
      : null;
    if (sufficient.length === 0) return ba ? [ba] : best ? [best] : [];
    const rest = sufficient
      .filter((r) => r.statement !== ba?.statement)
      .sort((a, b) => metric(b) - metric(a));
    const top = [...(ba ? [ba] : []), ...rest].slice(0, 5);
    return [...top.filter((r) => r.direction === 'agree'), ...top.filter((r) => r.direction === 'disagree')];
  });
}

function beatsBestAgree(s: Cmp, best: Cmp | null): boolean {
  if (s.na === 0 && s.nd === 0) return false;
  if (best && best.ra > 1.0) return s.ra * s.rat * s.pa * s.pat > best.ra * best.rat * best.pa * best.pat;
  if (best) return s.pa * s.pat > best.pa * best.pat;
  return s.pat > Z_90 || (s.ra > 1.0 && s.pa > 0.5);
}

export interface ConsensusStat {
  statement: number;
  nSuccess: number;
  nTrials: number;
  pSuccess: number;
  pTest: number;
}

/** Each statement's agree, disagree and pass votes over every participant. */
export interface StatementTotals {
  agree: Int32Array;
  disagree: Int32Array;
  pass: Int32Array;
}

export function statementTotals(m: VoteMatrix): StatementTotals {
  const ns = m.statements.length;
  const agree = new Int32Array(ns);
  const disagree = new Int32Array(ns);
  const pass = new Int32Array(ns);
  for (let j = 0; j < ns; j++) {
    let na = 0;
    let nd = 0;
    // Without a branch per vote, as in groupCounts.
    for (let p = m.colPtr[j]!; p < m.colPtr[j + 1]!; p++) {
      const v = m.colVal[p]!;
      na += (v + 1) >> 1;
      nd += (1 - v) >> 1;
    }
    agree[j] = na;
    disagree[j] = nd;
    pass[j] = m.colPtr[j + 1]! - m.colPtr[j]! - na - nd;
  }
  return { agree, disagree, pass };
}

/** Polis's consensus statements over every participant: pa > 0.5 and pat significant, top 5 by pa·pat. */
export function consensus(
  m: VoteMatrix,
  totals: StatementTotals = statementTotals(m),
): { agree: ConsensusStat[]; disagree: ConsensusStat[] } {
  const ns = m.statements.length;
  const rows: { j: number; na: number; nd: number; n: number }[] = [];
  for (let j = 0; j < ns; j++) {
    if (isRejected(m, j) || isMeta(m, j)) continue;
    rows.push({ j, na: totals.agree[j]!, nd: totals.disagree[j]!, n: m.colPtr[j + 1]! - m.colPtr[j]! });
  }
  const pick = (dir: 'agree' | 'disagree'): ConsensusStat[] =>
    rows
      .map((r) => {
        const succ = dir === 'agree' ? r.na : r.nd;
        const p = (1 + succ) / (2 + r.n);
        return { statement: r.j, nSuccess: succ, nTrials: r.n, pSuccess: p, pTest: propTest(succ, r.n) };
      })
      .filter((s) => s.pSuccess > 0.5 && s.pTest > Z_90)
      .sort((a, b) => b.pSuccess * b.pTest - a.pSuccess * a.pTest)
      .slice(0, 5);
  return { agree: pick('agree'), disagree: pick('disagree') };
}

/** Group-informed consensus: Π_g (A_g + 1) / (S_g + 2). */
export function groupInformedConsensus(m: VoteMatrix, c: GroupCounts): Float64Array {
  const ns = m.statements.length;
  const out = new Float64Array(ns).fill(1);
  for (let g = 0; g < c.k; g++)
    for (let j = 0; j < ns; j++) out[j]! *= (c.agree[g * ns + j]! + 1) / (c.seen[g * ns + j]! + 2);
  return out;
}

export const META_PRIORITY = 7;

/** Polis's routing priority from the groups' totals and the statement's extremity. */
export function priorities(m: VoteMatrix, c: GroupCounts, extremity: Float64Array): Float64Array {
  const ns = m.statements.length;
  const out = new Float64Array(ns);
  for (let j = 0; j < ns; j++) {
    if (isMeta(m, j)) {
      out[j] = META_PRIORITY ** 2;
      continue;
    }
    let A = 0;
    let D = 0;
    let S = 0;
    for (let g = 0; g < c.k; g++) {
      A += c.agree[g * ns + j]!;
      D += c.disagree[g * ns + j]!;
      S += c.seen[g * ns + j]!;
    }
    const P = S - (A + D);
    const p = (P + 1) / (S + 2);
    const a = (A + 1) / (S + 2);
    const importance = (1 - p) * (extremity[j]! + 1) * a;
    out[j] = (importance * (1 + 8 * 2 ** (-S / 5))) ** 2;
  }
  return out;
}
