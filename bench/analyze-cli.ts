/**
 * `npm run bench -- analyze-cli`: the `analyze` command end to end, CSV parsing included, on a Polis export
 * written from a synthetic conversation (size L unless BENCH_SIZES says otherwise).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SIZES, syntheticMatrix } from './synthetic-matrix.ts';

const root = path.resolve(import.meta.dirname, '..');

export async function run(): Promise<void> {
  for (const name of process.env.BENCH_SIZES?.split(',') ?? ['L']) {
    const size = SIZES[name];
    if (!size) continue;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), `bc-bench-${name}-`));
    try {
      const m = syntheticMatrix(size);
      let comments = 'timestamp,datetime,comment-id,author-id,agrees,disagrees,moderated,comment-body\n';
      for (const s of m.statements) comments += `0,x,${s},0,0,0,1,Statement ${s}\n`;
      fs.writeFileSync(path.join(dir, 'comments.csv'), comments);
      const fd = fs.openSync(path.join(dir, 'votes.csv'), 'w');
      let chunk = 'timestamp,datetime,comment-id,voter-id,vote\n';
      let time = 1_700_000_000_000;
      for (let i = 0; i < m.participants.length; i++) {
        for (let q = m.rowPtr[i]!; q < m.rowPtr[i + 1]!; q++) {
          chunk += `${time++},Mon Jan 01 2024,${m.statements[m.rowCol[q]!]!},${i},${m.rowVal[q]!}\n`;
          if (chunk.length > 1 << 20) {
            fs.writeSync(fd, chunk);
            chunk = '';
          }
        }
      }
      fs.writeSync(fd, chunk);
      fs.closeSync(fd);
      const bytes = fs.statSync(path.join(dir, 'votes.csv')).size;
      const t0 = performance.now();
      const r = spawnSync(
        path.join(root, 'bin/broadchurch'),
        ['analyze', dir, '--out', path.join(dir, 'report.json')],
        { stdio: ['ignore', 'ignore', 'pipe'] },
      );
      const seconds = (performance.now() - t0) / 1000;
      if (r.status !== 0) throw new Error(`analyze failed: ${r.stderr.toString()}`);
      process.stdout.write(
        `${JSON.stringify({ name: 'analyze-cli', size: name, votes: m.rowCol.length, votesCsvMB: Math.round(bytes / 2 ** 20), seconds: Number(seconds.toFixed(2)) })}\n`,
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
  await Promise.resolve();
}
