/**
 * Three API processes on three hosts (network namespaces of this machine, each reaching PostgreSQL only
 * through its gateway), one worker, one PostgreSQL: a session made anywhere works on every host, votes
 * spread over them, a map open on the third follows a vote on the first through LISTEN/NOTIFY, and the
 * sign-in guess limit holds across hosts that each see the client from another address. PostgreSQL tier,
 * where the machine allows namespaces (root and iproute2, as CI has); three-processes.test.ts covers the
 * rest (a process killed under load) on one host.
 */
import crypto from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/client.ts';
import { forward, hostsAvailable, makeHosts } from '../helpers/hosts.ts';
import { factionsVote, mapLags, wrongCodes } from '../helpers/across-processes.ts';
import {
  freshDatabase,
  prepareVoting,
  signIn,
  startServer,
  startWorkerProcess,
  stopServer,
  type Served,
} from '../helpers/voting.ts';

const onPostgres = process.env.TEST_DB === 'postgres';
const VOTERS = 12;
const STATEMENTS = 10;
const cleanups: (() => Promise<void> | void)[] = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
});

describe.runIf(onPostgres && hostsAvailable())('API processes on separate hosts', () => {
  it(
    'share sessions, votes, the live map and the guess limit across hosts',
    { timeout: 300_000 },
    async () => {
      const { target, env, drop } = await freshDatabase('postgres', `bc_hosts_${process.pid}`);
      cleanups.push(drop);
      const setup = await openDatabase(target);
      cleanups.push(() => setup.close());
      const prepared = await prepareVoting(setup, { members: VOTERS + 2, statements: STATEMENTS });

      const { hosts, remove } = makeHosts(3);
      cleanups.push(remove);
      const database = new URL(env.DATABASE_URL ?? '');
      const secret = crypto.randomBytes(32).toString('base64url');
      const apis: Served[] = [];
      for (const h of hosts) {
        const proxy = await forward(h.gateway, 5432, {
          host: database.hostname,
          port: Number(database.port || 5432),
        });
        cleanups.push(() => proxy.close());
        const url = new URL(database);
        url.hostname = h.gateway;
        url.port = '5432';
        // Off this machine's loopback the development shortcuts are off: the configuration is complete.
        const s = await startServer(
          {
            DATABASE_URL: url.toString(),
            AUTH_SECRET: secret,
            MAIL_TRANSPORT: 'smtp',
            SMTP_URL: `smtp://${h.gateway}:2525`,
          },
          { role: 'api', wrap: h.wrap, host: h.address, address: h.address },
        );
        cleanups.push(() => stopServer(s.child));
        apis.push(s);
      }
      // Each listens on its own host only: not on this machine's loopback.
      const port = new URL(apis[0]?.base ?? '').port;
      await expect(fetch(`http://127.0.0.1:${port}/api/health`)).rejects.toThrow();

      // Sign-in codes are read from the outbox of a process on this machine, with the same secret.
      const home = await startServer({ ...env, AUTH_SECRET: secret }, { role: 'api' });
      cleanups.push(() => stopServer(home.child));
      const worker = await startWorkerProcess({ ...env, AUTH_SECRET: secret });
      cleanups.push(() => stopServer(worker.child));
      const [a, b, c] = apis as [Served, Served, Served];

      const cookies: string[] = [];
      for (const email of prepared.emails) cookies.push(await signIn(home.base, email));
      for (const s of apis) {
        const me = await fetch(`${s.base}/api/me`, { headers: { cookie: cookies[0] ?? '' } });
        expect(me.status, `a session made elsewhere, on ${s.base}`).toBe(200);
      }

      await factionsVote([a.base, b.base, c.base], prepared, cookies, VOTERS, STATEMENTS);

      // A newcomer placed through the second host watches the map on the third and votes on the first.
      const lags = await mapLags({
        prepared,
        newcomer: cookies[VOTERS] ?? '',
        placeOn: b.base,
        watchOn: c.base,
        voteOn: a.base,
        others: VOTERS,
        statements: STATEMENTS,
      });
      console.log(`vote on the first host → map on the third: ${lags.join(', ')} ms`);

      // Wrong codes spread over the three hosts (each sees the client at another address): ten checked.
      const statuses = await wrongCodes(
        home.base,
        [a.base, b.base, c.base],
        prepared.emails[VOTERS + 1] ?? '',
        18,
      );
      expect(statuses.filter((s) => s === 200)).toEqual([]);
      expect(statuses.filter((s) => s !== 429)).toHaveLength(10);
    },
  );
});
