import { analyze } from '../src/math/analyze.ts';
import { adjustedRand } from '../src/math/ari.ts';
import { buildMatrix } from '../src/math/matrix.ts';
import { oracleGroups, plantedConversation, type PlantedSpec } from '../src/math/synthetic.ts';

const fam = JSON.parse(process.env.FAM ?? '{}') as Partial<PlantedSpec>;
const n = Number(process.env.N ?? 20000), m = Number(process.env.M ?? 2000);
for (const k of (process.env.KS ?? '2,3,4,5').split(',').map(Number)) {
  const planted = plantedConversation({ groups: k, participants: n, statements: m, meanVotes: 50, seed: k + Number(process.env.SEED ?? 0), ...fam });
  const t0 = performance.now();
  const report = analyze(planted);
  const ms = performance.now() - t0;
  const mat = buildMatrix(planted.votes, planted.statements);
  const oracle = oracleGroups(planted, mat.participants, mat, (j) => Number(mat.statements[j]!.slice(1)));
  const truth: number[] = [], ours: number[] = [], best: number[] = [];
  report.participants.forEach((p, i) => {
    if (p.group === null) return;
    truth.push(planted.truth[Number(p.id.slice(1))]!);
    ours.push(p.group);
    best.push(oracle[i]!);
  });
  const oa = adjustedRand(best, truth), oa2 = adjustedRand(ours, truth);
  console.log(JSON.stringify({ k, found: report.k, oracleAri: +oa.toFixed(3), ourAri: +oa2.toFixed(3), ofOracle: +(oa2 / oa).toFixed(3), ms: Math.round(ms), weights: Array.from(planted.weights, (w) => +w.toFixed(3)) }));
}
