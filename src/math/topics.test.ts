import { describe, expect, it } from 'vitest';
import { POLIS_DIR } from '../../test/math/golden.ts';
import { adjustedRand } from './ari.ts';
import { readPolisData } from './io/polis-csv.ts';
import { rng, type Rng } from './random.ts';
import { termMatrix, words } from './text.ts';
import { findTopics, type TopicModel } from './topics.ts';

const SYLLABLES = 'ba ko ri mu te zan vel dor pim sul gar fen tok lis mab rud'.split(' ');

/** A made-up word no stemmer or stop list knows, distinct per (topic, index). */
function pseudoWord(random: Rng): string {
  let w = '';
  for (let s = 0; s < 3; s++) w += SYLLABLES[Math.floor(random() * SYLLABLES.length)]!;
  return w;
}

/** Zipf-weighted choice of one of `n` items (the first most common). */
function zipf(n: number, random: Rng): number {
  const total = Array.from({ length: n }, (_, i) => 1 / (i + 1)).reduce((a, b) => a + b, 0);
  let r = random() * total;
  for (let i = 0; i < n; i++) {
    r -= 1 / (i + 1);
    if (r <= 0) return i;
  }
  return n - 1;
}

interface PlantedTopics {
  texts: string[];
  /** Planted topics of each statement, its main one first. */
  planted: number[][];
  vocabularies: string[][];
}

/**
 * Statements written from planted vocabularies: each topic has 30 words of its own (used with Zipf
 * frequencies); every statement also draws from 80 words all topics share and from English's little
 * words. A share of statements mixes two topics: 5 words of its main topic, 3 of a second.
 */
function plantedTopics(topics: number, statements: number, seed: number, mixed = 0): PlantedTopics {
  const random = rng(seed);
  const used = new Set<string>();
  const fresh = () => {
    let w = pseudoWord(random);
    while (used.has(w)) w = pseudoWord(random);
    used.add(w);
    return w;
  };
  const vocabularies = Array.from({ length: topics }, () => Array.from({ length: 30 }, fresh));
  const shared = Array.from({ length: 80 }, fresh);
  const little = 'we should the a to of and for in our more all is be'.split(' ');
  const texts: string[] = [];
  const planted: number[][] = [];
  for (let i = 0; i < statements; i++) {
    const main = i % topics;
    const second = random() < mixed ? (main + 1 + Math.floor(random() * (topics - 1))) % topics : -1;
    const parts: string[] = [];
    const own = second >= 0 ? 5 : 4 + Math.floor(random() * 4);
    for (let w = 0; w < own; w++) parts.push(vocabularies[main]![zipf(30, random)]!);
    if (second >= 0) for (let w = 0; w < 3; w++) parts.push(vocabularies[second]![zipf(30, random)]!);
    for (let w = 2 + Math.floor(random() * 4); w > 0; w--) parts.push(shared[zipf(80, random)]!);
    for (let w = 2 + Math.floor(random() * 4); w > 0; w--)
      parts.push(little[Math.floor(random() * little.length)]!);
    for (let j = parts.length - 1; j > 0; j--) {
      const k = Math.floor(random() * (j + 1));
      [parts[j], parts[k]] = [parts[k]!, parts[j]!];
    }
    texts.push(parts.join(' '));
    planted.push(second >= 0 ? [main, second] : [main]);
  }
  return { texts, planted, vocabularies };
}

/** Each found topic stands for the planted topic most of its statements have; the share put right. */
function shareInPlantedTopic(model: TopicModel, planted: number[][]): number {
  const votes = model.topics.map(() => new Map<number, number>());
  model.membership.forEach((m, i) => {
    if (m[0] === undefined) return;
    const v = votes[m[0]]!;
    v.set(planted[i]![0]!, (v.get(planted[i]![0]!) ?? 0) + 1);
  });
  const standsFor = votes.map((v) => [...v.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? -1);
  let right = 0;
  model.membership.forEach((m, i) => {
    if (m[0] !== undefined && standsFor[m[0]] === planted[i]![0]) right++;
  });
  return right / planted.length;
}

describe('topics', () => {
  it('reads words as the topic model counts them: stemmed, without stop words or numbers', () => {
    expect(words('We should build 300,000 new Homes; homes for ALL!').map((w) => w.stem)).toEqual([
      'build',
      'home',
      'home',
    ]);
    const x = termMatrix(['council homes now', 'homes for nurses', 'nurses and doctors', 'doctors']);
    expect(x.terms).toEqual(['doctor', 'home', 'nurs']);
    expect(x.display).toEqual(['doctors', 'homes', 'nurses']);
  });

  it.each([
    [3, 300],
    [5, 500],
    [8, 800],
  ])('puts nine in ten statements or more in their planted topic (%i topics, %i statements)', (k, n) => {
    const { texts, planted, vocabularies } = plantedTopics(k, n, 100 + k);
    const model = findTopics(texts);
    expect(model.topics).toHaveLength(k);
    const share = shareInPlantedTopic(model, planted);
    console.info(
      `planted topics k=${k} n=${n}: found ${model.topics.length}, ${(share * 100).toFixed(1)}% placed`,
    );
    expect(share).toBeGreaterThanOrEqual(0.9);
    // Each topic's label is words of one planted vocabulary.
    for (const topic of model.topics) {
      expect(topic.label).toHaveLength(3);
      expect(vocabularies.some((v) => topic.label.every((w) => v.includes(w)))).toBe(true);
    }
  });

  it('gives a statement that mixes two topics both of them', () => {
    const { texts, planted } = plantedTopics(4, 400, 7, 0.25);
    const model = findTopics(texts);
    expect(model.topics).toHaveLength(4);
    expect(shareInPlantedTopic(model, planted)).toBeGreaterThanOrEqual(0.9);
    const mixed = planted.map((p, i) => ({ p, m: model.membership[i]! })).filter(({ p }) => p.length === 2);
    const both = mixed.filter(({ m }) => m.length >= 2).length / mixed.length;
    const single = planted.map((p, i) => ({ p, m: model.membership[i]! })).filter(({ p }) => p.length === 1);
    const extra = single.filter(({ m }) => m.length >= 2).length / single.length;
    console.info(
      `mixed statements with two topics: ${(both * 100).toFixed(1)}%; single with two: ${(extra * 100).toFixed(1)}%`,
    );
    expect(both).toBeGreaterThanOrEqual(0.7);
    expect(extra).toBeLessThan(0.2);
  });

  it('finds no topics among too few statements', () => {
    const model = findTopics(['housing now', 'housing later', 'health care']);
    expect(model.topics).toEqual([]);
    expect(model.membership).toEqual([[], [], []]);
  });

  it('finds topics in a real conversation that stand when a tenth of its statements are left out', () => {
    const texts = readPolisData(`${POLIS_DIR}/american-assembly.bowling-green`).statements.map((s) => s.text);
    const whole = findTopics(texts);
    expect(whole.topics.length).toBeGreaterThanOrEqual(2);
    const random = rng(2026);
    const aris: number[] = [];
    for (let r = 0; r < 3; r++) {
      const keep = texts.map((_, i) => i).filter(() => random() < 0.9);
      const part = findTopics(keep.map((i) => texts[i]!));
      const none = 1000;
      aris.push(
        adjustedRand(
          Int32Array.from(keep, (i) => whole.membership[i]![0] ?? none),
          Int32Array.from(part.membership, (m) => m[0] ?? none),
        ),
      );
    }
    console.info(
      `Bowling Green: ${texts.length} statements, ${whole.topics.length} topics ` +
        `(${whole.topics.map((t) => t.label.join(' · ')).join(' | ')}); 90% resample ARI ${aris.map((a) => a.toFixed(3)).join(', ')}`,
    );
    for (const ari of aris) expect(ari).toBeGreaterThanOrEqual(0.7);
  });
});
