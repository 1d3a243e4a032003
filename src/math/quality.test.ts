/**
 * Quality on planted factions (synthetic, known truth) and on real conversations (../shared/data/polis).
 * Figures are printed so a run shows them, not only whether they pass.
 */
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { POLIS_DIR } from '../../test/math/golden.ts';
import { againstTruth } from '../../test/math/planted.ts';
import { analyze } from './analyze.ts';
import { adjustedRand } from './ari.ts';
import { readPolisExport } from './io/polis-csv.ts';
import { rng } from './random.ts';
import { plantedConversation } from './synthetic.ts';

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const h = Math.floor(s.length / 2);
  return s.length % 2 ? s[h]! : (s[h - 1]! + s[h]!) / 2;
};

describe('planted factions', () => {
  it.each([2, 3, 4, 5])(
    '%i groups: within 95 per cent of the Bayes oracle’s ARI; bridging statements lead common ground',
    (k) => {
      const planted = plantedConversation({ groups: k, participants: 3000, statements: 100, seed: k });
      const report = analyze(planted);
      const polis = analyze(planted, { method: 'polis' });
      const { oracleAri, ourAri, otherAri: polisAri } = againstTruth(planted, report, polis);
      const top = report.commonGround.slice(0, 10).map((id) => planted.kinds[Number(id.slice(1))]);
      console.log(
        JSON.stringify({
          planted: k,
          found: report.k,
          oracleAri,
          ourAri,
          ofOracle: ourAri / oracleAri,
          polisOfOracle: polisAri / oracleAri,
          top10: top,
        }),
      );
      expect(report.k).toBe(k);
      expect(ourAri).toBeGreaterThanOrEqual(0.95 * oracleAri);
      expect(top.filter((x) => x === 'bridging').length).toBeGreaterThanOrEqual(8);
      expect(top).not.toContain('divisive');
    },
  );
});

/**
 * A party's scale: tens of thousands of members, each voting on a few dozen of hundreds or thousands of
 * statements (heavy-tailed). More participants must never make the map less true.
 */
describe.each([
  { participants: 20_000, statements: 300, meanVotes: 40 },
  { participants: 20_000, statements: 2000, meanVotes: 50 },
])('planted factions at $participants × $statements, ~$meanVotes votes each', (size) => {
  it.each([2, 3, 4, 5])('%i groups: the right number, within 95 per cent of the Bayes oracle’s ARI', (k) => {
    const planted = plantedConversation({ groups: k, seed: k, ...size });
    const report = analyze(planted);
    const { oracleAri, ourAri } = againstTruth(planted, report);
    console.log(
      JSON.stringify({
        ...size,
        planted: k,
        found: report.k,
        oracleAri,
        ourAri,
        ofOracle: ourAri / oracleAri,
      }),
    );
    expect(report.k).toBe(k);
    expect(ourAri).toBeGreaterThanOrEqual(0.95 * oracleAri);
  });
});

describe('real conversations', () => {
  const datasets = fs.readdirSync(POLIS_DIR).filter((d) => fs.statSync(`${POLIS_DIR}/${d}`).isDirectory());

  it('groups are stable: a random 90% of participants gives groups with median ARI ≥ 0.85 against the full run', () => {
    const figures: Record<string, number[]> = {};
    for (const d of datasets) {
      const data = readPolisExport(`${POLIS_DIR}/${d}`);
      const full = analyze(data);
      const fullGroup = new Map(full.participants.map((p) => [p.id, p.group]));
      const people = [...new Set(data.votes.map((v) => v.participant))];
      figures[d] = [1, 2, 3].map((seed) => {
        const random = rng(seed);
        const keep = new Set(people.filter(() => random() < 0.9));
        const part = analyze(
          { votes: data.votes.filter((v) => keep.has(v.participant)), statements: data.statements },
          { seed },
        );
        const a: number[] = [];
        const b: number[] = [];
        for (const p of part.participants) {
          const f = fullGroup.get(p.id);
          if (f !== null && f !== undefined && p.group !== null) {
            a.push(f);
            b.push(p.group);
          }
        }
        return adjustedRand(a, b);
      });
    }
    const all = Object.values(figures).flat();
    console.log(JSON.stringify({ stability: figures, median: median(all) }));
    expect(all).toHaveLength(datasets.length * 3);
    expect(median(all)).toBeGreaterThanOrEqual(0.85);
  });
});
