/** Property tests (fast-check) of the engine's invariants. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyze } from './analyze.ts';
import { adjustedRand } from './ari.ts';
import { buildMatrix, type VoteEvent } from './matrix.ts';
import { groupCounts } from './stats.ts';
import { plantedConversation } from './synthetic.ts';

const planted = fc.record({
  groups: fc.integer({ min: 2, max: 4 }),
  seed: fc.integer({ min: 1, max: 1_000_000 }),
});

const labels = (report: ReturnType<typeof analyze>, ids: string[]) => {
  const byId = new Map(report.participants.map((p) => [p.id, p.group ?? -1]));
  return ids.map((id) => byId.get(id) ?? -1);
};

describe('engine properties', () => {
  it('relabelling participants and statements changes nothing but the labels', () => {
    fc.assert(
      fc.property(planted, ({ groups, seed }) => {
        const p = plantedConversation({ groups, participants: 400, statements: 40, seed });
        const rename = (s: string) => `x-${s}-${seed % 97}`;
        const renamed = {
          votes: p.votes.map((v) => ({
            ...v,
            participant: rename(v.participant),
            statement: rename(v.statement),
          })),
          statements: p.statements.map((s) => ({ ...s, id: rename(s.id) })),
        };
        const a = analyze(p);
        const b = analyze(renamed);
        expect(b.k).toBe(a.k);
        const ids = a.participants.map((x) => x.id);
        expect(adjustedRand(labels(a, ids), labels(b, ids.map(rename)))).toBeCloseTo(1, 9);
        const ga = new Map(a.statements.map((s) => [s.id, s.groupInformedConsensus]));
        for (const s of b.statements)
          expect(s.groupInformedConsensus).toBeCloseTo(ga.get(s.id.replace(/^x-(.*)-\d+$/, '$1')) ?? NaN, 12);
      }),
      { numRuns: 6 },
    );
  });

  it('duplicating every participant leaves the groups unchanged', () => {
    fc.assert(
      fc.property(planted, ({ groups, seed }) => {
        const p = plantedConversation({ groups, participants: 300, statements: 40, seed });
        const doubled = {
          votes: [...p.votes, ...p.votes.map((v) => ({ ...v, participant: `${v.participant}-copy` }))],
          statements: p.statements,
        };
        const a = analyze(p);
        const b = analyze(doubled);
        expect(b.k).toBe(a.k);
        const ids = a.participants.map((x) => x.id);
        expect(adjustedRand(labels(a, ids), labels(b, ids))).toBeCloseTo(1, 9);
        expect(labels(b, ids)).toEqual(
          labels(
            b,
            ids.map((id) => `${id}-copy`),
          ),
        );
      }),
      { numRuns: 5 },
    );
  });

  it('applying votes one at a time gives the same counts as one batch, and the latest vote wins', () => {
    const vote = fc.record({
      participant: fc.constantFrom('a', 'b', 'c', 'd'),
      statement: fc.constantFrom('s1', 's2', 's3'),
      vote: fc.constantFrom(-1 as const, 0 as const, 1 as const),
    });
    fc.assert(
      fc.property(fc.array(vote, { minLength: 1, maxLength: 60 }), (raw) => {
        const events: VoteEvent[] = raw.map((v, t) => ({ ...v, time: t }));
        // One at a time: the running state after each vote is the latest vote per pair.
        const state = new Map<string, number>();
        for (const e of events) state.set(`${e.participant}|${e.statement}`, e.vote);
        const m = buildMatrix(events);
        const c = groupCounts(m, new Int32Array(m.participants.length), 1);
        for (const [j, s] of m.statements.entries()) {
          const latest = [...state.entries()].filter(([k]) => k.endsWith(`|${s}`)).map(([, v]) => v);
          expect(c.agree[j]).toBe(latest.filter((v) => v === 1).length);
          expect(c.disagree[j]).toBe(latest.filter((v) => v === -1).length);
          expect(c.seen[j]).toBe(latest.length);
        }
        // Shuffling the event order (times unchanged) changes nothing.
        const shuffled = buildMatrix([...events].reverse());
        expect(
          groupCounts(shuffled, new Int32Array(shuffled.participants.length), 1).seen.reduce(
            (a, b) => a + b,
            0,
          ),
        ).toBe(state.size);
      }),
      { numRuns: 200 },
    );
  });

  it('is deterministic for a given input and seed', () => {
    const p = plantedConversation({ groups: 3, participants: 300, statements: 30, seed: 11 });
    expect(JSON.stringify(analyze(p, { seed: 5 }))).toBe(JSON.stringify(analyze(p, { seed: 5 })));
  });

  it('every group-informed consensus lies in (0, 1) and common ground is ordered by its score', () => {
    fc.assert(
      fc.property(planted, ({ groups, seed }) => {
        const r = analyze(plantedConversation({ groups, participants: 300, statements: 30, seed }));
        const score = new Map(r.statements.map((s) => [s.id, s.commonGround ?? -1]));
        for (const s of r.statements)
          expect(s.groupInformedConsensus > 0 && s.groupInformedConsensus < 1).toBe(true);
        const ordered = r.commonGround.map((id) => score.get(id) ?? -1);
        expect(ordered).toEqual([...ordered].sort((a, b) => b - a));
        expect(ordered.every((x) => x > 0.5)).toBe(true);
      }),
      { numRuns: 5 },
    );
  });

  it('a meta statement is counted but never consensus, common ground or what sets a group apart', () => {
    const p = plantedConversation({ groups: 3, participants: 600, statements: 40, seed: 21 });
    const before = analyze(p, { seed: 3 });
    const shown = (r: ReturnType<typeof analyze>) =>
      new Set([
        ...r.consensus.agree,
        ...r.consensus.disagree,
        ...r.commonGround,
        ...r.groups.flatMap((g) => g.representative.map((x) => x.statement)),
      ]);
    // The statements the analysis puts forward, now marked as being about the conversation itself.
    const marked = new Set([...shown(before)].slice(0, 6));
    expect(marked.size).toBeGreaterThan(2);
    const after = analyze(
      { votes: p.votes, statements: p.statements.map((s) => ({ ...s, meta: marked.has(s.id) })) },
      { seed: 3 },
    );
    expect([...shown(after)].filter((id) => marked.has(id))).toEqual([]);
    expect(shown(after).size).toBeGreaterThan(0);
    const metaIn = after.statements.filter((s) => s.meta).map((s) => s.id);
    expect(new Set(metaIn)).toEqual(marked);
    // Their votes are still counted.
    for (const s of after.statements.filter((x) => x.meta))
      expect(s.agree + s.disagree + s.pass).toBeGreaterThan(0);
  });
});
