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
import {
  follow,
  freshDatabase,
  prepareVoting,
  signIn,
  startServer,
  startWorkerProcess,
  stopServer,
  type MapEvent,
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

      const url = (base: string, rest: string) =>
        `${base}/api/conversations/${prepared.conversationId}${rest}`;
      const vote = (base: string, cookie: string, k: number, value: number) =>
        fetch(url(base, '/votes'), {
          method: 'POST',
          headers: { 'content-type': 'application/json', cookie, origin: base },
          body: JSON.stringify({ statementId: prepared.statementIds[k], value }),
        }).then((r) => r.status);
      for (let i = 0; i < VOTERS; i++)
        for (let k = 0; k < STATEMENTS; k++)
          expect(
            await vote(
              apis[(i + k) % 3]?.base ?? a.base,
              cookies[i] ?? '',
              k,
              (k % 2 === 0) === i < VOTERS / 2 ? 1 : -1,
            ),
          ).toBe(200);

      // A newcomer placed through the second host watches the map on the third and votes on the first.
      const newcomer = cookies[VOTERS] ?? '';
      for (let k = 0; k < 7; k++) expect(await vote(b.base, newcomer, k, k % 2 === 0 ? 1 : -1)).toBe(200);
      const events: { at: number; m: MapEvent }[] = [];
      const abort = new AbortController();
      void follow(url(c.base, '/stream'), newcomer, (m) => events.push({ at: Date.now(), m }), abort.signal);
      const until = Date.now() + 120_000;
      while (!events.some((e) => e.m.participants > VOTERS && e.m.me)) {
        expect(Date.now(), 'the newcomer placed on the third host').toBeLessThan(until);
        await new Promise((r) => setTimeout(r, 50));
      }
      const lags: number[] = [];
      for (let k = 7; k < STATEMENTS; k++) {
        const before = Math.max(...events.map((e) => e.m.version));
        const sent = Date.now();
        expect(await vote(a.base, newcomer, k, k % 2 === 0 ? 1 : -1)).toBe(200);
        for (;;) {
          const e = events.find((x) => x.m.version > before);
          if (e) {
            lags.push(e.at - sent);
            break;
          }
          expect(Date.now() - sent, `vote ${k} on the third host's map`).toBeLessThan(15_000);
          await new Promise((r) => setTimeout(r, 5));
        }
      }
      abort.abort();
      console.log(`vote on the first host → map on the third: ${lags.join(', ')} ms`);

      // Wrong codes spread over the three hosts (each sees the client at another address): ten checked.
      const email = prepared.emails[VOTERS + 1] ?? '';
      const send = await fetch(`${home.base}/api/auth/email-otp/send-verification-otp`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: home.base },
        body: JSON.stringify({ email, type: 'sign-in' }),
      });
      expect(send.status).toBe(200);
      const statuses: number[] = [];
      for (let i = 0; i < 18; i++) {
        const base = apis[i % 3]?.base ?? a.base;
        const r = await fetch(`${base}/api/auth/sign-in/email-otp`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', origin: base },
          body: JSON.stringify({ email, otp: String(100000 + i) }),
        });
        statuses.push(r.status);
      }
      expect(statuses.filter((s) => s === 200)).toEqual([]);
      expect(statuses.filter((s) => s !== 429)).toHaveLength(10);
    },
  );
});
