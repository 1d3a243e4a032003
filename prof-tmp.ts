import { SIZES, syntheticMatrix } from './bench/synthetic-matrix.ts';
import { pca, projectParticipants, statementExtremity } from './src/math/pca.ts';
import { bridgingScores } from './src/math/bridging.ts';
import { inConversation } from './src/math/polis.ts';
import { analyzeMatrix } from './src/math/analyze.ts';
import {
  groupCounts,
  representative,
  consensus,
  priorities,
  groupInformedConsensus,
} from './src/math/stats.ts';
const m = syntheticMatrix(SIZES[process.argv[2] ?? 'M']!);
let t = performance.now();
const lap = (s: string) => {
  const n = performance.now();
  console.log(s, (n - t).toFixed(0));
  t = n;
};
const p = pca(m, 6);
lap('pca6');
const b = bridgingScores(m);
lap('bridging');
const proj = projectParticipants(m, p, 6);
lap('proj');
const g = new Int32Array(m.participants.length);
const c = groupCounts(m, g, 1);
lap('counts');
representative(m, c);
lap('rep');
consensus(m);
lap('cons');
priorities(m, c, statementExtremity(m, p));
groupInformedConsensus(m, c);
lap('prio');
for (let r = 0; r < 3; r++) {
  analyzeMatrix(m);
  lap('analyze total');
}
