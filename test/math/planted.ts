/** Scores a report's groups against a planted conversation's truth, beside the Bayes oracle's. */
import { analyze, type AnalysisReport } from '../../src/math/analyze.ts';
import { adjustedRand } from '../../src/math/ari.ts';
import { buildMatrix } from '../../src/math/matrix.ts';
import type { FamilySetting } from '../../src/math/family-grid.ts';
import { oracleGroups, plantedConversation, type Planted } from '../../src/math/synthetic.ts';

/**
 * ARI against the planted truth, over the participants our report puts in a group: of our groups, of the
 * Bayes oracle's and (when given) of another report's.
 */
export function againstTruth(planted: Planted, report: AnalysisReport, other?: AnalysisReport) {
  const m = buildMatrix(planted.votes, planted.statements);
  const oracle = oracleGroups(planted, m.participants, m, (j) => Number(m.statements[j]!.slice(1)));
  const truth: number[] = [];
  const ours: number[] = [];
  const best: number[] = [];
  const theirs: number[] = [];
  report.participants.forEach((p, i) => {
    if (p.group === null) return;
    truth.push(planted.truth[Number(p.id.slice(1))]!);
    ours.push(p.group);
    best.push(oracle[i]!);
    theirs.push(other?.participants[i]!.group ?? -1);
  });
  return {
    oracleAri: adjustedRand(best, truth),
    ourAri: adjustedRand(ours, truth),
    otherAri: adjustedRand(theirs, truth),
  };
}

export const FAMILY_SIZES = {
  party: { participants: 20_000, statements: 2000, meanVotes: 50 },
  branch: { participants: 3000, statements: 300, meanVotes: 30 },
};

/** Plants `k` factions in a conversation of the family, analyses it and prints the figures. */
export function tryFamily(
  size: keyof typeof FAMILY_SIZES,
  setting: FamilySetting,
  k: number,
  seed: number,
): { found: number; ofOracle: number } {
  const planted = plantedConversation({ groups: k, seed, ...FAMILY_SIZES[size], ...setting });
  const report = analyze(planted);
  const { oracleAri, ourAri } = againstTruth(planted, report);
  const figures = { size, k, found: report.k, ofOracle: ourAri / oracleAri, oracleAri, ...setting };
  console.log(JSON.stringify(figures));
  return figures;
}
