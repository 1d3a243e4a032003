import { describe, expect, it } from 'vitest';
import { analyzeWithModel } from '../analyze.ts';
import { bridgingScores } from '../bridging.ts';
import { buildMatrix } from '../matrix.ts';
import { plantedConversation } from '../synthetic.ts';
import { analyzeWithModelOnTwoThreads, bridgingOnThread, stopBridgingThread } from './threads.ts';

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

  it('a thread that stops before it answers rejects what it owed (the analysis then computes it), and the next request starts another', async () => {
    // Large enough that the thread is still working when it is stopped.
    const a = plantedConversation({ groups: 3, seed: 6, participants: 20_000, statements: 300 });
    const m = buildMatrix(a.votes, a.statements);
    const owed = bridgingOnThread(m, 2);
    await stopBridgingThread();
    await expect(owed).rejects.toThrow(/the bridging thread stopped/);
    const small = plantedConversation({ groups: 2, seed: 7, participants: 300, statements: 20 });
    const ms = buildMatrix(small.votes, small.statements);
    expect((await bridgingOnThread(ms, 2)).intercept).toEqual(bridgingScores(ms, { seed: 2 }).intercept);
  });
});
