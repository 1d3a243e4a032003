/**
 * Parity with Polis (../shared/data/polis-golden): with the groups fixed to Polis's own memberships, the
 * statistics equal Polis's math-pca2.json.
 */
import { describe, expect, it } from 'vitest';
import { loadGolden } from '../../test/math/golden.ts';
import { analyze } from './analyze.ts';

const REL = 1e-6;
const close = (got: number, want: number) => Math.abs(got - want) <= REL * Math.max(Math.abs(want), 1e-12);

describe.each(['below-100-ptpts', 'above-100-ptpts', '150ptpt-3gp-no-strict-no-meta'])('%s', (name) => {
  const golden = loadGolden(name);
  const report = analyze(golden, { groups: golden.groups });
  const byId = new Map(report.statements.map((s) => [s.id, s]));

  it('group-informed consensus equals Polis’s for every statement', () => {
    const want = Object.entries(golden.math['group-aware-consensus']);
    expect(want.length).toBeGreaterThan(0);
    for (const [tid, value] of want)
      expect(close(byId.get(tid)?.groupInformedConsensus ?? NaN, value), `statement ${tid}`).toBe(true);
  });

  it('comment priorities equal Polis’s for every statement', () => {
    const want = Object.entries(golden.math['comment-priorities']);
    expect(want.length).toBeGreaterThan(0);
    for (const [tid, value] of want)
      expect(
        close(byId.get(tid)?.priority ?? NaN, value),
        `statement ${tid}: ${byId.get(tid)?.priority} vs ${value}`,
      ).toBe(true);
  });

  it('representative statements and their statistics equal Polis’s, in order', () => {
    for (const group of report.groups) {
      const want = golden.math.repness[String(group.id)] ?? [];
      expect(group.representative.map((r) => r.statement)).toEqual(want.map((w) => String(w.tid)));
      group.representative.forEach((r, i) => {
        const w = want[i]!;
        expect(r.direction).toBe(w['repful-for']);
        expect(r.nSuccess).toBe(w['n-success']);
        expect(r.nTrials).toBe(w['n-trials']);
        for (const [ours, theirs] of [
          [r.repness, w.repness],
          [r.repnessTest, w['repness-test']],
          [r.pSuccess, w['p-success']],
          [r.pTest, w['p-test']],
        ] as const) {
          expect(
            close(ours, theirs as number),
            `group ${group.id} statement ${r.statement}: ${ours} vs ${String(theirs)}`,
          ).toBe(true);
        }
        expect(r.bestAgree === true).toBe(w['best-agree'] === true);
      });
    }
  });

  it('consensus statements equal Polis’s', () => {
    expect(report.consensus.agree).toEqual(golden.math.consensus.agree.map((c) => String(c.tid)));
    expect(report.consensus.disagree).toEqual(golden.math.consensus.disagree.map((c) => String(c.tid)));
  });

  it('PCA components agree with Polis’s up to sign (cosine ≥ 0.99)', () => {
    const tids = golden.math.tids.map(String);
    const index = new Map(report.statements.map((s, j) => [s.id, j]));
    golden.math.pca.comps.forEach((theirs, t) => {
      const ours = report.pca.comps[t]!;
      let dot = 0;
      let a = 0;
      let b = 0;
      tids.forEach((tid, c) => {
        const x = ours[index.get(tid) ?? -1] ?? 0;
        const y = theirs[c] ?? 0;
        dot += x * y;
        a += x * x;
        b += y * y;
      });
      expect(Math.abs(dot) / Math.sqrt(a * b)).toBeGreaterThanOrEqual(0.99);
    });
  });
});
