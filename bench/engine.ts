/**
 * `npm run bench -- engine`: full analysis at S, M and L (loading excluded), against a naive dense
 * pipeline at S and M, and one incremental vote at L. One JSON object per line.
 */
import { analyzeMatrix, analyzeWithModel } from '../src/math/analyze.ts';
import { analyzeWithModelOnTwoThreads } from '../src/math/io/threads.ts';
import { naivePipeline } from './naive.ts';
import { SIZES, syntheticMatrix } from './synthetic-matrix.ts';

const print = (o: Record<string, unknown>) => process.stdout.write(`${JSON.stringify(o)}\n`);
const only = process.env.BENCH_SIZES?.split(',') ?? ['S', 'M', 'L'];

export async function run(): Promise<void> {
  for (const name of only) {
    const size = SIZES[name];
    if (!size) continue;
    const m = syntheticMatrix(size);
    global.gc?.();
    const rss0 = process.memoryUsage().rss;
    let peak = rss0;
    const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
    // The first run includes compiling the hot loops; a long-running server sees the later ones.
    const runs: number[] = [];
    for (let r = 0; r < (name === 'L' ? 2 : 3); r++) {
      const t0 = performance.now();
      analyzeMatrix(m);
      runs.push((performance.now() - t0) / 1000);
    }
    // The live model (for one-vote updates) is built once after a refit; it is not part of the analysis.
    const { report, live } = analyzeWithModel(m);
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)]!;
    const seconds = median(runs);
    // A refit as the server's engine threads make it: the analysis and the live model, the bridging scores
    // on a second thread meanwhile (its first run starts that thread).
    const twoThreads: number[] = [];
    for (let r = 0; r < (name === 'L' ? 2 : 4); r++) {
      const t0 = performance.now();
      await analyzeWithModelOnTwoThreads(m);
      twoThreads.push((performance.now() - t0) / 1000);
    }
    clearInterval(timer);
    peak = Math.max(peak, process.memoryUsage().rss);
    const line: Record<string, unknown> = {
      name: 'engine',
      size: name,
      participants: m.participants.length,
      statements: m.statements.length,
      votes: m.rowCol.length,
      analysisSeconds: Number(seconds.toFixed(3)),
      firstRunSeconds: Number(runs[0]!.toFixed(3)),
      refitTwoThreadsSeconds: Number(median(twoThreads.slice(1)).toFixed(3)),
      peakRssMB: Math.round(peak / 2 ** 20),
      k: report.k,
    };
    if (name !== 'L') {
      const n0 = performance.now();
      naivePipeline(m);
      const naive = (performance.now() - n0) / 1000;
      line.naiveSeconds = Number(naive.toFixed(3));
      line.speedup = Number((naive / seconds).toFixed(1));
    }
    // One incremental vote: median over 10,000 votes by existing participants.
    const times: number[] = [];
    for (let v = 0; v < 10_000; v++) {
      const p = `p${(v * 7919) % m.participants.length}`;
      const s = `s${(v * 104_729) % m.statements.length}`;
      const t = process.hrtime.bigint();
      live.vote(p, s, v % 3 === 0 ? -1 : 1);
      times.push(Number(process.hrtime.bigint() - t) / 1000);
    }
    times.sort((a, b) => a - b);
    line.incrementalVoteMedianMicros = Number(times[5000]!.toFixed(2));
    print(line);
    await new Promise((r) => setTimeout(r, 0));
  }
}
