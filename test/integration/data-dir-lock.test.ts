/**
 * One process per embedded database folder: a second server on the same DATA_DIR refuses to start with a
 * clear message (two PGlite processes on one folder corrupt it), and a server killed outright does not keep
 * its folder: the next one takes the stale lock over.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { onPostgres } from '../helpers/db.ts';
import { freshDatabase, serveRefused, startServer, stopServer } from '../helpers/voting.ts';

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const c of cleanups) await c();
});

describe.skipIf(onPostgres())('the embedded database folder', () => {
  it(
    'a second server on the same DATA_DIR refuses to start and says why; one killed outright hands it on',
    { timeout: 300_000 },
    async () => {
      const fresh = await freshDatabase('pglite', 'bc-lock');
      cleanups.push(fresh.drop);
      const env = fresh.env;
      const dir = env.DATA_DIR ?? '';
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
