/**
 * `npm run bench -- analyze-cli`: the `analyze` command end to end, CSV parsing included, on a Polis export
 * written from a synthetic conversation (size L unless BENCH_SIZES says otherwise).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { timed } from './analyze.ts';
import { writePolisFolder } from './polis-folder.ts';
import { SIZES, syntheticMatrix } from './synthetic-matrix.ts';

const root = path.resolve(import.meta.dirname, '..');

export async function run(): Promise<void> {
  for (const name of process.env.BENCH_SIZES?.split(',') ?? ['L']) {
    const size = SIZES[name];
    if (!size) continue;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), `bc-bench-${name}-`));
    try {
      const m = syntheticMatrix(size);
      writePolisFolder(dir, m, { participantsVotes: false });
      const bytes = fs.statSync(path.join(dir, 'votes.csv')).size;
      const { seconds, peakRssMB } = timed([
        path.join(root, 'bin/broadchurch'),
        'analyze',
        dir,
        '--out',
        path.join(dir, 'report.json'),
      ]);
      process.stdout.write(
        `${JSON.stringify({
          name: 'analyze-cli',
          size: name,
          votes: m.rowCol.length,
          votesCsvMB: Math.round(bytes / 2 ** 20),
          seconds,
          peakRssMB,
        })}\n`,
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
  await Promise.resolve();
}
