import { describe, expect, it } from 'vitest';
import { analyze, analyzeWithModel } from './analyze.ts';
import { adjustedRand } from './ari.ts';
import { buildMatrix, type VoteEvent } from './matrix.ts';
import { plantedConversation } from './synthetic.ts';

const planted = plantedConversation({ groups: 3, participants: 900, statements: 60, seed: 4 });

describe('live updates', () => {
  it('one vote updates the counts, the voter’s position and the voter’s group at once', () => {
    const m = buildMatrix(planted.votes, planted.statements);
    const { report, live } = analyzeWithModel(m);
    const groupOf = new Map(report.participants.map((p) => [p.id, p.group]));
    // A newcomer who votes exactly like an existing member of group 0 on that member's statements.
    const model = report.participants.find((p) => p.group === 0 && p.votes >= 20)!;
    const theirVotes = planted.votes.filter((v) => v.participant === model.id);
    const latest = new Map<string, VoteEvent>();
    for (const v of theirVotes) latest.set(v.statement, v);
    let last = null;
    const before = live.counts([...latest.keys()][0]!);
    for (const v of latest.values()) last = live.vote('newcomer', v.statement, v.vote);
    expect(last?.group).toBe(groupOf.get(model.id));
    expect(last?.x).toBeCloseTo(model.x, 9);
    expect(last?.y).toBeCloseTo(model.y, 9);
    const after = live.counts([...latest.keys()][0]!);
    expect(after.seen).toBe(before.seen + 1);
    expect(after.byGroup[0]!.seen).toBe(before.byGroup[0]!.seen + 1);
  });

  it('changing a vote moves the count; the latest vote wins', () => {
    const m = buildMatrix(planted.votes, planted.statements);
    const { live } = analyzeWithModel(m);
    const before = live.counts('s0');
    live.vote('fresh', 's0', 1);
    live.vote('fresh', 's0', -1);
    const after = live.counts('s0');
    expect(after.agree).toBe(before.agree);
    expect(after.disagree).toBe(before.disagree + 1);
    expect(after.seen).toBe(before.seen + 1);
    expect(() => live.vote('fresh', 'no-such-statement', 1)).toThrow(RangeError);
  });

  it('live counts equal a full recount of the same votes', () => {
    const first = planted.votes.slice(0, 15_000);
    const rest = planted.votes.slice(15_000, 16_000);
    const { live, report } = analyzeWithModel(buildMatrix(first, planted.statements));
    for (const v of rest) live.vote(v.participant, v.statement, v.vote);
    const all = buildMatrix([...first, ...rest], planted.statements);
    for (const [j, s] of all.statements.entries()) {
      let agree = 0;
      for (let q = all.colPtr[j]!; q < all.colPtr[j + 1]!; q++) if (all.colVal[q]! > 0) agree++;
      expect(live.counts(s).agree).toBe(agree);
      expect(live.counts(s).seen).toBe(all.colPtr[j + 1]! - all.colPtr[j]!);
    }
    expect(report.k).toBeGreaterThan(0);
  });

  it('group ids stay stable from one refit to the next', () => {
    const early = analyze({ votes: planted.votes.slice(0, 20_000), statements: planted.statements });
    // Previous ids that a fresh numbering (0, 1, 2 by size) would never produce.
    const previous = new Map(
      early.participants.filter((p) => p.group !== null).map((p) => [p.id, 10 + ((p.group! + 1) % early.k)]),
    );
    const later = analyze(planted, { previous, seed: 9 });
    const ids = early.participants.filter((p) => p.group !== null).map((p) => p.id);
    const laterGroup = new Map(later.participants.map((p) => [p.id, p.group ?? -1]));
    const a = ids.map((id) => previous.get(id)!);
    const b = ids.map((id) => laterGroup.get(id)!);
    // Same labels, not merely the same partition: most participants keep their group id.
    const kept = a.filter((g, i) => g === b[i]).length / a.length;
    expect(adjustedRand(a, b)).toBeGreaterThan(0.8);
    expect(kept).toBeGreaterThan(0.9);
    expect(later.groups.map((g) => g.id).sort()).toEqual([...new Set(previous.values())].sort());
  });
});
