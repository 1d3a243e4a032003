/**
 * `npm run bench -- analyze-cli`: the `analyze` command end to end, CSV parsing included, on a Polis export
 * written from a synthetic conversation (size L unless BENCH_SIZES says otherwise).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { writePolisFolder } from './polis-folder.ts';
import { SIZES, syntheticMatrix } from './synthetic-matrix.ts';

const root = path.resolve(import.meta.dirname, '..');
const TIME = '/usr/bin/time';

export async function run(): Promise<void> {
  for (const name of process.env.BENCH_SIZES?.split(',') ?? ['L']) {
    const size = SIZES[name];
    if (!size) continue;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), `bc-bench-${name}-`));
    try {
      const m = syntheticMatrix(size);
      writePolisFolder(dir, m, { participantsVotes: false });
      const bytes = fs.statSync(path.join(dir, 'votes.csv')).size;
      const command = [
        path.join(root, 'bin/broadchurch'),
        'analyze',
        dir,
        '--out',
        path.join(dir, 'report.json'),
      ];
      // GNU time reports the command's peak resident memory (its largest child: Node) in KiB.
      const timed = fs.existsSync(TIME) ? [TIME, '-f', 'peak-kib %M', ...command] : command;
      const t0 = performance.now();
      const r = spawnSync(timed[0]!, timed.slice(1), { stdio: ['ignore', 'ignore', 'pipe'] });
      const seconds = (performance.now() - t0) / 1000;
      const stderr = r.stderr.toString();
      if (r.status !== 0) throw new Error(`analyze failed: ${stderr}`);
      const peak = /peak-kib (\d+)/.exec(stderr)?.[1];
      process.stdout.write(
        `${JSON.stringify({
          name: 'analyze-cli',
          size: name,
          votes: m.rowCol.length,
          votesCsvMB: Math.round(bytes / 2 ** 20),
          seconds: Number(seconds.toFixed(2)),
          peakRssMB: peak ? Math.round(Number(peak) / 1024) : null,
        })}\n`,
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
  await Promise.resolve();
}
