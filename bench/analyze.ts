/**
 * `npm run bench -- analyze`: `analyze` on the folder a user downloads from Polis (comments.csv, votes.csv and
 * participants-votes.csv, written from a synthetic conversation of size M unless BENCH_SIZES says
 * otherwise), end to end from the CSV files to the groups, beside scikit-learn's dense pipeline
 * (bench/sklearn-pipeline.py: pandas, a dense matrix, PCA and k-means) on the same folder, when python3
 * has scikit-learn (Debian: python3-sklearn). Wall time and peak memory of each, and the ratio.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { writePolisFolder } from './polis-folder.ts';
import { SIZES, syntheticMatrix } from './synthetic-matrix.ts';

const root = path.resolve(import.meta.dirname, '..');
const TIME = '/usr/bin/time';

/** Runs a command, timed: its wall time and (with GNU time: its largest child, Node) its peak resident memory. */
export function timed(command: string[]): { seconds: number; peakRssMB: number | null; stdout: string } {
  const argv = fs.existsSync(TIME) ? [TIME, '-f', 'peak-kib %M', ...command] : command;
  const t0 = performance.now();
  const r = spawnSync(argv[0]!, argv.slice(1), { stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 1 << 26 });
  const seconds = (performance.now() - t0) / 1000;
  const stderr = r.stderr.toString();
  if (r.status !== 0) throw new Error(`${command.join(' ')} failed: ${stderr.slice(-2000)}`);
  const peak = /peak-kib (\d+)/.exec(stderr)?.[1];
  return {
    seconds: Number(seconds.toFixed(2)),
    peakRssMB: peak ? Math.round(Number(peak) / 1024) : null,
    stdout: r.stdout.toString(),
  };
}

/** A Python with scikit-learn and pandas: Debian's own (python3-sklearn), or the first on the PATH. */
const pythonWithSklearn = () =>
  ['/usr/bin/python3', 'python3'].find(
    (python) => spawnSync(python, ['-c', 'import sklearn, pandas'], { stdio: 'ignore' }).status === 0,
  );

export async function run(): Promise<void> {
  for (const name of process.env.BENCH_SIZES?.split(',') ?? ['M']) {
    const size = SIZES[name];
    if (!size) continue;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), `bc-bench-folder-${name}-`));
    try {
      const m = syntheticMatrix(size);
      writePolisFolder(dir, m, { participantsVotes: true });
      const mb = (f: string) => Math.round(fs.statSync(path.join(dir, f)).size / 2 ** 20);
      const ours = timed([
        path.join(root, 'bin/broadchurch'),
        'analyze',
        dir,
        '--out',
        path.join(dir, 'report.json'),
      ]);
      const report = JSON.parse(fs.readFileSync(path.join(dir, 'report.json'), 'utf8')) as { k: number };
      const python = pythonWithSklearn();
      const sk = python ? timed([python, path.join(root, 'bench/sklearn-pipeline.py'), dir]) : null;
      process.stdout.write(
        `${JSON.stringify({
          name: 'analyze',
          size: name,
          votes: m.rowCol.length,
          folderMB: { 'votes.csv': mb('votes.csv'), 'participants-votes.csv': mb('participants-votes.csv') },
          seconds: ours.seconds,
          peakRssMB: ours.peakRssMB,
          k: report.k,
          sklearn: sk
            ? { seconds: sk.seconds, peakRssMB: sk.peakRssMB, ...(JSON.parse(sk.stdout) as object) }
            : 'not run: python3 lacks scikit-learn or pandas (Debian: python3-sklearn python3-pandas)',
          timesFasterThanSklearn: sk ? Number((sk.seconds / ours.seconds).toFixed(1)) : null,
          target: { seconds: 1.5, peakRssMB: 300, timesFasterThanSklearn: 15 },
        })}\n`,
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
  await Promise.resolve();
}
