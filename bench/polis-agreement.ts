/**
 * `npm run bench -- polis-agreement`: how closely `--method polis` reproduces Polis's own groups on the
 * real conversations in ../shared/data/polis (adjusted Rand index over participants both cluster).
 * A measurement, not a pass/fail test: the target is a median of at least 0.8.
 */
import fs from 'node:fs';
import path from 'node:path';
import { analyzeMatrix } from '../src/math/analyze.ts';
import { adjustedRand } from '../src/math/ari.ts';
import { readPolisData } from '../src/math/io/polis-csv.ts';
import { buildMatrixFromColumns } from '../src/math/matrix.ts';

const DIR = path.resolve(import.meta.dirname, '../../shared/data/polis');

export async function run(): Promise<void> {
  const figures: number[] = [];
  for (const name of fs.readdirSync(DIR).filter((d) => fs.statSync(path.join(DIR, d)).isDirectory())) {
    const data = readPolisData(path.join(DIR, name));
    const report = analyzeMatrix(buildMatrixFromColumns(data.columns, data.statements), { method: 'polis' });
    const ours: number[] = [];
    const theirs: number[] = [];
    for (const p of report.participants) {
      const t = data.polisGroups.get(p.id);
      if (p.group !== null && t !== undefined) {
        ours.push(p.group);
        theirs.push(t);
      }
    }
    const ari = adjustedRand(ours, theirs);
    figures.push(ari);
    process.stdout.write(
      `${JSON.stringify({ name: 'polis-agreement', dataset: name, k: report.k, participants: ours.length, ari: Number(ari.toFixed(3)) })}\n`,
    );
  }
  figures.sort((a, b) => a - b);
  const h = figures.length / 2;
  const median = figures.length % 2 ? figures[Math.floor(h)]! : (figures[h - 1]! + figures[h]!) / 2;
  process.stdout.write(
    `${JSON.stringify({ name: 'polis-agreement', median: Number(median.toFixed(3)), target: 0.8 })}\n`,
  );
  await Promise.resolve();
}
