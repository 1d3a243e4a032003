/**
 * Live updates between full refits. One new vote updates, at once: the statement's counts (overall and in
 * the voter's group), the voter's position on the map (their projection on the current components) and the
 * voter's group (their most probable group under the current group model). Cost: O(the voter's votes × k).
 * The full model refits in the background (analyze) and a new LiveModel replaces this one.
 */
import { isRejected, outcome, type Vote, type VoteMatrix } from './matrix.ts';
import type { Pca } from './pca.ts';

export interface GroupModel {
  k: number;
  /** [statement][outcome][group] log-probabilities (see groups.ts). */
  logTheta: Float64Array;
  logPi: Float64Array;
}

export interface LiveUpdate {
  participant: string;
  x: number;
  y: number;
  /** Index of the voter's group, or -1. */
  group: number;
  /** The probability of that group under the group model (NaN: no group, or no model). */
  certainty: number;
  previousGroup: number;
}

export class LiveModel {
  readonly statements: string[];
  readonly k: number;
  /** Per group × statement counts, and overall counts in row k. */
  readonly agree: Int32Array;
  readonly disagree: Int32Array;
  readonly seen: Int32Array;
  private readonly pIndex = new Map<string, number>();
  private readonly sIndex = new Map<string, number>();
  /** Each participant's votes, made from the matrix the first time they vote live (most never do). */
  private readonly votes: (Map<number, Vote> | undefined)[] = [];
  private readonly base: VoteMatrix;
  private readonly group: number[] = [];
  private readonly inConv: boolean[] = [];
  private readonly center: Float64Array;
  private readonly comps: [Float64Array, Float64Array];
  private readonly rejected: Uint8Array;
  private readonly model: GroupModel | null;

  /** Starts from a fitted matrix: its PCA, each participant's group (-1 for none), the group model if any. */
  constructor(m: VoteMatrix, p: Pca, group: Int32Array, k: number, model: GroupModel | null) {
    this.statements = [...m.statements];
    this.k = k;
    const ns = m.statements.length;
    this.agree = new Int32Array((k + 1) * ns);
    this.disagree = new Int32Array((k + 1) * ns);
    this.seen = new Int32Array((k + 1) * ns);
    m.statements.forEach((s, j) => this.sIndex.set(s, j));
    this.center = p.center;
    this.comps = [p.comps[0] ?? new Float64Array(ns), p.comps[1] ?? new Float64Array(ns)];
    this.rejected = Uint8Array.from({ length: ns }, (_, j) => (isRejected(m, j) ? 1 : 0));
    this.model = model;
    this.base = m;
    this.votes.length = m.participants.length;
    m.participants.forEach((id, i) => {
      this.pIndex.set(id, i);
      this.group.push(group[i]!);
      this.inConv.push(group[i]! >= 0);
      for (let q = m.rowPtr[i]!; q < m.rowPtr[i + 1]!; q++)
        this.count(group[i]!, m.rowCol[q]!, m.rowVal[q]!, 1);
    });
  }

  private row(i: number): Map<number, Vote> {
    let row = this.votes[i];
    if (!row) {
      row = new Map();
      if (i < this.base.participants.length) {
        for (let q = this.base.rowPtr[i]!; q < this.base.rowPtr[i + 1]!; q++)
          row.set(this.base.rowCol[q]!, this.base.rowVal[q]! as Vote);
      }
      this.votes[i] = row;
    }
    return row;
  }

  private count(g: number, j: number, v: number, d: number): void {
    const ns = this.statements.length;
    for (const row of g >= 0 ? [g, this.k] : [this.k]) {
      this.seen[row * ns + j]! += d;
      if (v > 0) this.agree[row * ns + j]! += d;
      else if (v < 0) this.disagree[row * ns + j]! += d;
    }
  }

  /** Applies one vote (the latest vote of a participant on a statement wins). */
  vote(participant: string, statement: string, value: Vote): LiveUpdate {
    const j = this.sIndex.get(statement);
    if (j === undefined) throw new RangeError(`unknown statement ${statement}`);
    let i = this.pIndex.get(participant);
    if (i === undefined) {
      i = this.votes.length;
      this.pIndex.set(participant, i);
      this.votes.push(new Map());
      this.group.push(-1);
      this.inConv.push(false);
    }
    const row = this.row(i);
    const previousGroup = this.group[i]!;
    const old = row.get(j);
    if (old !== undefined) this.count(previousGroup, j, old, -1);
    row.set(j, value);
    this.count(previousGroup, j, value, 1);
    // Position: the Polis projection on the current components.
    let x = 0;
    let y = 0;
    let answered = 0;
    for (const [s, v] of row) {
      if (this.rejected[s]) continue;
      answered++;
      const c = v - this.center[s]!;
      x += c * this.comps[0][s]!;
      y += c * this.comps[1][s]!;
    }
    const scale = Math.sqrt(this.statements.length / Math.max(answered, 1));
    // Group: the most probable under the current model, once the voter has enough votes to be placed.
    if (row.size >= Math.min(7, this.statements.length)) this.inConv[i] = true;
    let g = previousGroup;
    let certainty = Number.NaN;
    if (this.model && this.inConv[i]) [g, certainty] = this.mostProbable(row);
    if (g !== previousGroup) {
      for (const [s, v] of row) {
        this.count(previousGroup, s, v, -1);
        this.count(g, s, v, 1);
      }
      this.group[i] = g;
    }
    return { participant, x: x * scale, y: y * scale, group: g, certainty, previousGroup };
  }

  /** The most probable group and its probability. */
  private mostProbable(row: Map<number, Vote>): [number, number] {
    const model = this.model!;
    const k = model.k;
    const l = Float64Array.from(model.logPi);
    for (const [s, v] of row) {
      const b = (s * 3 + outcome(v)) * k;
      for (let c = 0; c < k; c++) l[c]! += model.logTheta[b + c]!;
    }
    let best = 0;
    for (let c = 1; c < k; c++) if (l[c]! > l[best]!) best = c;
    let sum = 0;
    for (let c = 0; c < k; c++) sum += Math.exp(l[c]! - l[best]!);
    return [best, 1 / sum];
  }

  /** Counts of one statement: overall and per group. */
  counts(statement: string): {
    agree: number;
    disagree: number;
    seen: number;
    byGroup: { agree: number; disagree: number; seen: number }[];
  } {
    const j = this.sIndex.get(statement);
    if (j === undefined) throw new RangeError(`unknown statement ${statement}`);
    const ns = this.statements.length;
    const at = (g: number) => ({
      agree: this.agree[g * ns + j]!,
      disagree: this.disagree[g * ns + j]!,
      seen: this.seen[g * ns + j]!,
    });
    return { ...at(this.k), byGroup: Array.from({ length: this.k }, (_, g) => at(g)) };
  }

  groupOf(participant: string): number {
    const i = this.pIndex.get(participant);
    return i === undefined ? -1 : this.group[i]!;
  }
}
