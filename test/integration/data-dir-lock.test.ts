/**
 * One process per embedded database folder: a second server on the same DATA_DIR refuses to start with a
 * clear message (two PGlite processes on one folder corrupt it), and a server killed outright does not keep
 * its folder: the next one takes the stale lock over.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DataDirLockedError, openDatabase } from '../../src/db/client.ts';
import { onPostgres } from '../helpers/db.ts';
import { serveRefused, startServer, stopServer } from '../helpers/voting.ts';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  for (const d of dirs) fs.rmSync(`${d}.lock`, { recursive: true, force: true });
});
const dataDir = () => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'bc-lock-'));
  dirs.push(d);
  return d;
};

describe.skipIf(onPostgres())('the embedded database folder', () => {
  it('is opened by one process at a time', { timeout: 120_000 }, async () => {
    const dir = dataDir();
    const first = await openDatabase({ kind: 'pglite', dataDir: dir });
    try {
      await expect(openDatabase({ kind: 'pglite', dataDir: dir })).rejects.toThrow(DataDirLockedError);
    } finally {
      await first.close();
    }
    // Closed, it can be opened again at once.
    const again = await openDatabase({ kind: 'pglite', dataDir: dir });
    await again.close();
  });

  it(
    'a second server on the same DATA_DIR refuses to start and says why; one killed outright hands it on',
    { timeout: 300_000 },
    async () => {
      const dir = dataDir();
      const env = { DATA_DIR: dir, DATABASE_URL: '' };
      const running = await startServer(env);
      try {
        const refused = await serveRefused({ ...env, NODE_ENV: 'development', HOST: '127.0.0.1' });
        expect(refused.code).toBe(1);
        expect(refused.output).toContain(`The data folder ${dir} is in use by another Broadchurch process`);
        expect((await fetch(`${running.base}/api/ready`)).status).toBe(200);
      } finally {
        running.child.kill('SIGKILL');
        await new Promise((r) => running.child.once('exit', r));
      }
      // The killed server's lock goes stale and the next server takes it over.
      const next = await startServer(env);
      expect((await fetch(`${next.base}/api/ready`)).status).toBe(200);
      await stopServer(next.child);
    },
  );
});
