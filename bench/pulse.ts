/**
 * `npm run bench -- pulse`: Pulse's model on 2,000 polls from 20 pollsters over five years (1,826 days),
 * fitted by maximum likelihood (s), then with drifting house effects (s and the drift). Each fit is timed
 * whole: the likelihood search, the smoother and the report. The best of three runs is reported beside the
 * first, with the recovered values against the planted ones.
 */
import { pulseReport, type PulseReport } from '../src/math/pulse-report.ts';
import { plantPolls } from '../src/math/pulse-synthetic.ts';

const HOUSES = Array.from({ length: 20 }, (_, j) => Math.round((j - 9.5) * 40) / 100);

function timed(f: () => PulseReport): { seconds: number[]; report: PulseReport } {
  const seconds: number[] = [];
  let report: PulseReport | undefined;
  for (let i = 0; i < 3; i++) {
    const t = performance.now();
    report = f();
    seconds.push(Number(((performance.now() - t) / 1000).toFixed(3)));
  }
  return { seconds, report: report! };
}

export function run(): Promise<void> {
  for (const drift of [false, true]) {
    const planted = plantPolls({
      seed: 11,
      days: 1826,
      polls: 2000,
      houseEffects: HOUSES,
      sigma: 0.25,
      ...(drift ? { drift: 0.03 } : {}),
    });
    const { seconds, report } = timed(() =>
      pulseReport({ polls: planted.polls, party: 'Party', elections: planted.elections, drift }),
    );
    let worst = 0;
    for (const [house, d] of Object.entries(planted.houseEffects))
      worst = Math.max(worst, Math.abs(report.houseEffects[house]! - d) / report.houseEffectSE[house]!);
    process.stdout.write(
      `${JSON.stringify({
        name: drift ? 'pulse-drift' : 'pulse',
        polls: planted.polls.length,
        pollsters: HOUSES.length,
        days: report.series.length,
        firstSeconds: seconds[0],
        bestSeconds: Math.min(...seconds),
        sigmaPointsPerDay: report.sigmaPointsPerDay,
        plantedSigma: 0.25,
        ...(drift ? { driftPointsPerDay: report.driftPointsPerDay, plantedDrift: 0.03 } : {}),
        worstHouseEffectZ: Number(worst.toFixed(2)),
        target: { seconds: drift ? 5 : 1 },
      })}\n`,
    );
  }
  return Promise.resolve();
}
