/**
 * Topics: a conversation's statements grouped into themes (health, housing, party democracy…) offline,
 * from their words alone. TF-IDF over stemmed words (text.ts), factorised by NMF (nmf.ts) into k topics;
 * k is the count whose topics survive resampling best (after Greene, O'Callaghan & Cunningham 2014, "How
 * many topics? Stability analysis for topic models"): for each candidate k the statements are refitted on
 * several random 90% subsets, each from a random start (so that an arbitrary choice of the fit, such as
 * which two of three themes to merge, shows as instability), each topic of the whole fit is matched to its
 * closest topic of each subset's fit by the statements they share (Jaccard index), and k is judged by its
 * least reproducible topic. So a split of one real theme in two (each half found again only about half the
 * time) or a merge of two loses to the k that finds each theme whole; the fewest topics within 0.05 of
 * the most stable count is taken. The mean adjusted Rand index is kept beside it. A statement belongs to every
 * topic holding at least half its largest weight; its main topic is the largest. A topic is labelled by
 * its most distinctive words: heavy in the topic and light in the others.
 */
import { adjustedRand } from './ari.ts';
import { nmf, type Factors } from './nmf.ts';
import { rng } from './random.ts';
import { subsetRows, termMatrix, type TermMatrix } from './text.ts';

export interface Topic {
  /** The most distinctive words, most distinctive first. */
  label: string[];
  /** Statements whose main topic this is. */
  size: number;
}

export interface TopicModel {
  topics: Topic[];
  /** Per statement (in input order): its topics, main topic first; empty when no topic has its words. */
  membership: number[][];
  /** Per candidate k: the mean resample ARI that chose it. */
  stability: { k: number; ari: number; weakest: number }[];
}

export interface TopicOptions {
  /** Fewest and most topics tried (the most also held to one per five statements). */
  minK?: number;
  maxK?: number;
  /** Resamples per candidate k. */
  resamples?: number;
  /** Share of statements in each resample. */
  share?: number;
  seed?: number;
  /** NMF starts per fit (NNDSVD, then random). */
  starts?: number;
  /** Label length. */
  labelWords?: number;
}

/**
 * Counts of topics whose stability is this close to the best are as good as the best; the fewest of them is
 * taken (estimates from a few resamples are noisy, and a near-tie should not swing the count).
 */
const PARSIMONY = 0.05;

/** Fewer statements than this are not grouped into topics. */
export const MIN_STATEMENTS_FOR_TOPICS = 40;

/** A topic's weight in a statement must be at least this share of the statement's largest to count. */
const SECONDARY_SHARE = 0.5;

/** Below this weight a statement holds no topic (its words are in no topic). */
const MIN_WEIGHT = 1e-3;

function membershipOf(f: Factors, rows: number): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < rows; i++) {
    let best = -1;
    let max = MIN_WEIGHT;
    for (let c = 0; c < f.k; c++) {
      const v = f.w[i * f.k + c]!;
      if (v > max) [best, max] = [c, v];
    }
    if (best < 0) {
      out.push([]);
      continue;
    }
    const others: number[] = [];
    for (let c = 0; c < f.k; c++) {
      if (c !== best && f.w[i * f.k + c]! >= SECONDARY_SHARE * max) others.push(c);
    }
    others.sort((a, b) => f.w[i * f.k + b]! - f.w[i * f.k + a]!);
    out.push([best, ...others]);
  }
  return out;
}

/** Main topic of each statement; statements with none share one label of their own (k). */
function mainTopics(membership: number[][], k: number): Int32Array {
  return Int32Array.from(membership, (m) => m[0] ?? k);
}

function labels(x: TermMatrix, f: Factors, count: number): string[][] {
  const m = x.terms.length;
  const out: string[][] = [];
  for (let c = 0; c < f.k; c++) {
    const scored: { j: number; score: number }[] = [];
    for (let j = 0; j < m; j++) {
      const v = f.h[j * f.k + c]!;
      if (v <= 0) continue;
      let total = 0;
      for (let d = 0; d < f.k; d++) total += f.h[j * f.k + d]!;
      scored.push({ j, score: v * (v / total) });
    }
    scored.sort((a, b) => b.score - a.score || a.j - b.j);
    out.push(scored.slice(0, count).map((s) => x.display[s.j]!));
  }
  return out;
}

function sample(n: number, share: number, random: () => number): number[] {
  const idx = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [idx[i], idx[j]] = [idx[j]!, idx[i]!];
  }
  return idx.slice(0, Math.max(1, Math.round(n * share))).sort((a, b) => a - b);
}

/**
 * The stability of k. Each resample is fitted again and compared with the whole fit on the statements it
 * holds: `ari`, the mean adjusted Rand index of their main topics; `weakest`, the least reproducible
 * topic's mean Jaccard index with its closest match in the resample (a topic found again statement for
 * statement scores 1; one split in two, about a half).
 */
function stabilityOf(
  x: TermMatrix,
  k: number,
  whole: Int32Array,
  opts: Required<TopicOptions>,
): { ari: number; weakest: number } {
  const random = rng(opts.seed * 7919 + k);
  let ari = 0;
  const jaccard = new Float64Array(k);
  for (let r = 0; r < opts.resamples; r++) {
    const keep = sample(x.rows, opts.share, random);
    const part = nmf(subsetRows(x, keep), k, opts.seed * 1009 + r, 1, false);
    const ours = mainTopics(membershipOf(part, keep.length), k);
    const theirs = Int32Array.from(keep, (i) => whole[i]!);
    ari += adjustedRand(theirs, ours);
    // Sizes and overlaps of the whole fit's topics (plus "none", k) and the resample's.
    const both = new Float64Array((k + 1) * (k + 1));
    const a = new Float64Array(k + 1);
    const b = new Float64Array(k + 1);
    for (let i = 0; i < keep.length; i++) {
      both[theirs[i]! * (k + 1) + ours[i]!]! += 1;
      a[theirs[i]!]! += 1;
      b[ours[i]!]! += 1;
    }
    for (let c = 0; c < k; c++) {
      let best = 0;
      for (let d = 0; d < k; d++) {
        const inter = both[c * (k + 1) + d]!;
        const union = a[c]! + b[d]! - inter;
        if (union > 0) best = Math.max(best, inter / union);
      }
      jaccard[c]! += best / opts.resamples;
    }
  }
  return { ari: ari / opts.resamples, weakest: Math.min(...jaccard) };
}

/** The topics of `texts` (a conversation's statements), or none when there are too few to group. */
export function findTopics(texts: readonly string[], options: TopicOptions = {}): TopicModel {
  const opts: Required<TopicOptions> = {
    minK: 2,
    maxK: 12,
    resamples: 5,
    share: 0.9,
    seed: 1,
    starts: 4,
    labelWords: 3,
    ...options,
  };
  const empty: TopicModel = { topics: [], membership: texts.map(() => []), stability: [] };
  if (texts.length < MIN_STATEMENTS_FOR_TOPICS) return empty;
  const x = termMatrix(texts);
  const maxK = Math.min(opts.maxK, Math.floor(texts.length / 5), x.terms.length);
  if (maxK < opts.minK) return empty;
  const fits: { k: number; weakest: number; fit: Factors; membership: number[][] }[] = [];
  const stability: { k: number; ari: number; weakest: number }[] = [];
  for (let k = opts.minK; k <= maxK; k++) {
    const fit = nmf(x, k, opts.seed, opts.starts);
    const membership = membershipOf(fit, x.rows);
    const { ari, weakest } = stabilityOf(x, k, mainTopics(membership, k), opts);
    stability.push({ k, ari, weakest });
    fits.push({ k, weakest, fit, membership });
  }
  // The fewest topics as stable as the most stable count, to within PARSIMONY.
  const top = Math.max(...fits.map((f) => f.weakest));
  const best = fits.find((f) => f.weakest >= top - PARSIMONY);
  if (!best) return empty;
  const label = labels(x, best.fit, opts.labelWords);
  const sizes = new Array<number>(best.k).fill(0);
  for (const m of best.membership) if (m.length > 0) sizes[m[0]!]!++;
  // Topics ordered by size, largest first; their statements' memberships renumbered to match.
  const order = sizes.map((_, c) => c).sort((a, b) => sizes[b]! - sizes[a]! || a - b);
  const rank = new Int32Array(best.k);
  order.forEach((c, r) => (rank[c] = r));
  return {
    topics: order.map((c) => ({ label: label[c]!, size: sizes[c]! })),
    membership: best.membership.map((m) => m.map((c) => rank[c]!)),
    stability,
  };
}
