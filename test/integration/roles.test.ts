/**
 * `serve --role api` and `serve --role worker` on one PostgreSQL: the API process serves HTTP and runs no
 * analysis; the worker runs it (and holds the conversation's live model), so votes sent to the API reach its
 * maps. With the embedded database a split is refused: PGlite belongs to one process.
 */
import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase, queryRows } from '../../src/db/client.ts';
import {
  freshDatabase,
  prepareVoting,
  serveRefused,
  signIn,
  startServer,
  startWorkerProcess,
  stopServer,
} from '../helpers/voting.ts';

const kind = process.env.TEST_DB === 'postgres' ? 'postgres' : 'pglite';
const VOTERS = 12;
const STATEMENTS = 8;
const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
});

describe('server roles', () => {
  it.runIf(kind === 'pglite')('a split is refused on the embedded database, saying why', async () => {
    const fresh = await freshDatabase('pglite', `bc_roles_${process.pid}`);
    cleanups.push(fresh.drop);
    for (const role of ['api', 'worker']) {
      const r = await serveRefused({ ...fresh.env, NODE_ENV: 'development', HOST: '127.0.0.1' }, [
        '--role',
        role,
      ]);
      expect(r.code).not.toBe(0);
      expect(r.output).toContain(`--role ${role} needs DATABASE_URL`);
    }
    const bad = await serveRefused({ ...fresh.env, NODE_ENV: 'development', HOST: '127.0.0.1' }, [
      '--role',
      'both',
    ]);
    expect(bad.output).toContain('--role must be all, api or worker, not "both"');
  });

  it.runIf(kind === 'postgres')(
    'votes sent to an API process reach its map through a worker, which alone holds the model',
    { timeout: 180_000 },
    async () => {
      const { target, env, drop } = await freshDatabase('postgres', `bc_roles_${process.pid}`);
      cleanups.push(drop);
      const setup = await openDatabase(target);
      cleanups.push(() => setup.close());
      const prepared = await prepareVoting(setup, { members: VOTERS, statements: STATEMENTS });
      const api = await startServer(env, { role: 'api' });
      cleanups.push(() => stopServer(api.child));
      const worker = await startWorkerProcess(env);
      cleanups.push(() => stopServer(worker.child));

      const url = `${api.base}/api/conversations/${prepared.conversationId}`;
      const cookies: string[] = [];
      for (const email of prepared.emails) cookies.push(await signIn(api.base, email));
      for (let i = 0; i < VOTERS; i++)
        for (let k = 0; k < STATEMENTS; k++) {
          const r = await fetch(`${url}/votes`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', cookie: cookies[i] ?? '', origin: api.base },
            body: JSON.stringify({
              statementId: prepared.statementIds[k],
              value: (k % 2 === 0) === i < 6 ? 1 : -1,
            }),
          });
          expect(r.status).toBe(200);
        }
      // The map the API serves fills as the worker fits (a generous bound: CI machines are shared).
      const until = Date.now() + 120_000;
      for (;;) {
        const map = (await (await fetch(`${url}/map`, { headers: { cookie: cookies[0] ?? '' } })).json()) as {
          participants: number;
        };
        if (map.participants >= VOTERS) break;
        expect(Date.now(), 'the map filled').toBeLessThan(until);
        await new Promise((r) => setTimeout(r, 200));
      }
      const leases = await queryRows<{ holder: string }>(
        setup.db,
        sql`select holder from analysis_leases where conversation_id = ${prepared.conversationId}`,
      );
      expect(leases.map((l) => l.holder.split(':')[1])).toEqual([String(worker.child.pid)]);
      // Stopped, the worker hands the conversation on at once.
      await stopServer(worker.child);
      expect(await queryRows(setup.db, sql`select 1 from analysis_leases`)).toEqual([]);
    },
  );
});
