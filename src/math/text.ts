/**
 * Statements as vectors for topic finding: words lower-cased and stripped of accents, English stop words
 * (the `stopword` list and the words every statement of a conversation uses — "should", "need") dropped,
 * the rest stemmed (Porter), so "homes", "home" and "homeless" meet in one term while "housing" keeps its
 * own; then TF-IDF (sublinear term frequency, smoothed inverse document frequency), each statement's
 * vector of unit length. Terms used by a single statement, or by more than half of them, are not terms
 * of a topic and are left out.
 */
import { stemmer } from 'stemmer';
import { eng } from 'stopword';

const EXTRA_STOP_WORDS =
  'also can could would should must shall will may might need needs needed want wants make makes made ' +
  'get gets got give given keep kept put take taken use used way ways much many lot lots thing things ' +
  'think believe feel agree important ensure allow able like just really well even still yet every ' +
  'back not yes one two new good better best bad worse dont doesnt isnt cant wont im ive youre theyre thats there';

const STOP = new Set<string>([...eng, ...EXTRA_STOP_WORDS.split(' ')]);

/** A statement's words, as the topic model counts them: stemmed, with stop words and numbers gone. */
export function words(text: string): { stem: string; word: string }[] {
  const out: { stem: string; word: string }[] = [];
  const normal = text.toLowerCase().normalize('NFKD').replace(/\p{M}/gu, '').replace(/['’]/g, '');
  for (const word of normal.split(/[^\p{L}\p{N}]+/u)) {
    if (word.length < 3 || STOP.has(word) || /^\p{N}+$/u.test(word)) continue;
    out.push({ stem: stemmer(word), word });
  }
  return out;
}

/** Sparse rows (CSR) of unit-length TF-IDF vectors, one per statement, over `terms`. */
export interface TermMatrix {
  rows: number;
  /** The stems of the columns. */
  terms: string[];
  /** For each term, the word it most often stands for ("hous" → "housing"), for labels. */
  display: string[];
  /** How many statements use each term. */
  df: Int32Array;
  ptr: Int32Array;
  col: Int32Array;
  val: Float64Array;
}

/** TF-IDF of `texts` over the terms that at least `minDf` and at most `maxShare` of them use. */
export function termMatrix(texts: readonly string[], minDf = 2, maxShare = 0.5): TermMatrix {
  return termMatrixOf(
    texts.map((t) => words(t)),
    minDf,
    maxShare,
  );
}

/** The same, from statements already read into words. */
export function termMatrixOf(
  docs: readonly { stem: string; word: string }[][],
  minDf = 2,
  maxShare = 0.5,
): TermMatrix {
  const df = new Map<string, number>();
  const surface = new Map<string, Map<string, number>>();
  for (const doc of docs) {
    for (const stem of new Set(doc.map((w) => w.stem))) df.set(stem, (df.get(stem) ?? 0) + 1);
    for (const { stem, word } of doc) {
      const forms = surface.get(stem) ?? new Map<string, number>();
      forms.set(word, (forms.get(word) ?? 0) + 1);
      surface.set(stem, forms);
    }
  }
  const n = docs.length;
  const terms = [...df.entries()]
    .filter(([, d]) => d >= minDf && d <= maxShare * n)
    .map(([t]) => t)
    .sort();
  const index = new Map(terms.map((t, i) => [t, i]));
  const display = terms.map((t) => {
    let best = t;
    let count = -1;
    for (const [word, c] of surface.get(t) ?? []) {
      if (c > count || (c === count && word < best)) [best, count] = [word, c];
    }
    return best;
  });
  const dfs = Int32Array.from(terms, (t) => df.get(t)!);
  const ptr = new Int32Array(n + 1);
  const cols: number[] = [];
  const vals: number[] = [];
  docs.forEach((doc, i) => {
    const counts = new Map<number, number>();
    for (const { stem } of doc) {
      const j = index.get(stem);
      if (j !== undefined) counts.set(j, (counts.get(j) ?? 0) + 1);
    }
    const entries = [...counts.entries()].sort((a, b) => a[0] - b[0]);
    let norm = 0;
    const weights = entries.map(([j, c]) => {
      const w = (1 + Math.log(c)) * (Math.log((1 + n) / (1 + dfs[j]!)) + 1);
      norm += w * w;
      return w;
    });
    norm = Math.sqrt(norm) || 1;
    entries.forEach(([j], e) => {
      cols.push(j);
      vals.push(weights[e]! / norm);
    });
    ptr[i + 1] = cols.length;
  });
  return {
    rows: n,
    terms,
    display,
    df: dfs,
    ptr,
    col: Int32Array.from(cols),
    val: Float64Array.from(vals),
  };
}

/** The matrix's rows `keep`, in that order (their vectors unchanged: a resample of the statements). */
export function subsetRows(x: TermMatrix, keep: readonly number[]): TermMatrix {
  const ptr = new Int32Array(keep.length + 1);
  const cols: number[] = [];
  const vals: number[] = [];
  keep.forEach((r, i) => {
    for (let p = x.ptr[r]!; p < x.ptr[r + 1]!; p++) {
      cols.push(x.col[p]!);
      vals.push(x.val[p]!);
    }
    ptr[i + 1] = cols.length;
  });
  return { ...x, rows: keep.length, ptr, col: Int32Array.from(cols), val: Float64Array.from(vals) };
}
