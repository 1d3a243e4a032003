import { describe, expect, it } from 'vitest';
import { analyzeWithModel } from '../analyze.ts';
import { bridgingScores } from '../bridging.ts';
import { buildMatrix } from '../matrix.ts';
import { plantedConversation } from '../synthetic.ts';
import { analyzeWithModelOnTwoThreads, bridgingOnThread } from './threads.ts';

describe('the analysis on two threads', () => {
  it('gives the same report and live model as on one, and each request its own answer', async () => {
    const a = plantedConversation({ groups: 3, seed: 4, participants: 600, statements: 40 });
    const b = plantedConversation({ groups: 2, seed: 9, participants: 300, statements: 25 });
    const ma = buildMatrix(a.votes, a.statements);
    const mb = buildMatrix(b.votes, b.statements);
    // Both at once, so answers could be crossed if the thread's replies were not matched to their requests.
    const [twoA, twoB] = await Promise.all([
      analyzeWithModelOnTwoThreads(ma, { seed: 3 }),
      analyzeWithModelOnTwoThreads(mb, { seed: 5 }),
    ]);
    const oneA = analyzeWithModel(ma, { seed: 3 });
    const oneB = analyzeWithModel(mb, { seed: 5 });
    expect(JSON.stringify(twoA.report)).toBe(JSON.stringify(oneA.report));
    expect(JSON.stringify(twoB.report)).toBe(JSON.stringify(oneB.report));
    const voter = ma.participants[0]!;
    expect(twoA.live.vote(voter, ma.statements[1]!, -1)).toEqual(
      oneA.live.vote(voter, ma.statements[1]!, -1),
    );
    expect(Array.from((await bridgingOnThread(mb, 8)).intercept)).toEqual(
      Array.from(bridgingScores(mb, { seed: 8 }).intercept),
    );
  });
});
