/**
 * PostgreSQL goes away five times while members vote: the server process stays up, answers 503 with a
 * retry hint while the database is gone (liveness stays 200, readiness turns 503), and comes back by
 * itself. A TCP proxy stands between the server and PostgreSQL, so the outage resets connections that
 * are idle and connections in the middle of a query. PostgreSQL tier only (PGlite cannot go away).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { isDatabaseUnavailable, openDatabase } from '../../src/db/client.ts';
import { onPostgres } from '../helpers/db.ts';
import { startTcpProxy, type TcpProxy } from '../helpers/tcp-proxy.ts';
import {
  freshDatabase,
  prepareVoting,
  signIn,
  startServer,
  stopServer,
  type Served,
} from '../helpers/voting.ts';

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
});

const OUTAGES = 5;

async function until(check: () => Promise<boolean>, what: string, ms = 120_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`gave up waiting: ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe.runIf(onPostgres())('PostgreSQL going away', () => {
  it('a connection lost between the queries of a transaction fails that transaction, and nothing else', async () => {
    const { target, drop } = await freshDatabase('postgres', `bc_outage_tx_${process.pid}`);
    cleanups.push(drop);
    if (target.kind !== 'postgres') throw new Error('postgres only');
    const url = new URL(target.url);
    const proxy = await startTcpProxy(url.hostname, Number(url.port || 5432));
    cleanups.push(() => proxy.close());
    url.hostname = '127.0.0.1';
    url.port = String(proxy.port);
    const db = await openDatabase({ kind: 'postgres', url: url.toString(), poolSize: 2 });
    cleanups.push(() => db.close());
    // The client is checked out, idle between two queries, when the server goes: without a listener on
    // it, its 'error' event would take the whole process down.
    const tx = db.db.transaction(async (t) => {
      await t.execute(sql`select 1`);
      await proxy.cut();
      await new Promise((r) => setTimeout(r, 300));
      await t.execute(sql`select 2`);
    });
    await expect(tx).rejects.toThrow();
    expect(isDatabaseUnavailable(await tx.catch((e: unknown) => e))).toBe(true);
    await proxy.restore();
    await until(async () => {
      try {
        await db.db.execute(sql`select 1`);
        return true;
      } catch {
        return false;
      }
    }, 'the pool connects again');
  });

  it(
    `the server survives ${OUTAGES} outages, answers 503 while they last and recovers by itself`,
    { timeout: 300_000 },
    async () => {
      const { target, drop } = await freshDatabase('postgres', `bc_outage_${process.pid}`);
      cleanups.push(drop);
      if (target.kind !== 'postgres') throw new Error('postgres only');
      const db = await openDatabase(target);
      const prepared = await prepareVoting(db, { members: 4, statements: 40, code: 'OUT' });
      await db.close();
      const url = new URL(target.url);
      const proxy: TcpProxy = await startTcpProxy(url.hostname, Number(url.port || 5432));
      cleanups.push(() => proxy.close());
      url.hostname = '127.0.0.1';
      url.port = String(proxy.port);
      const served: Served = await startServer({ DATABASE_URL: url.toString() });
      cleanups.push(() => stopServer(served.child));
      const { base } = served;
      const cookie = await signIn(base, prepared.emails[0] ?? '');
      // A second member signed in but not yet seen by this process: its session must be read from the
      // database, as a member's first request after the process started would.
      const fresh = await signIn(base, prepared.emails[1] ?? '');
      const json = { 'content-type': 'application/json', origin: base };
      const signInCalls = () => [
        fetch(`${base}/api/me`, { headers: { cookie: fresh } }),
        fetch(`${base}/api/auth/email-otp/send-verification-otp`, {
          method: 'POST',
          headers: json,
          body: JSON.stringify({ email: prepared.emails[2], type: 'sign-in' }),
        }),
        fetch(`${base}/api/auth/sign-in/email-otp`, {
          method: 'POST',
          headers: json,
          body: JSON.stringify({ email: prepared.emails[3], otp: '123456' }),
        }),
      ];
      let k = 0;
      const vote = () =>
        fetch(`${base}/api/conversations/${prepared.conversationId}/votes`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', cookie, origin: base },
          body: JSON.stringify({
            statementId: prepared.statementIds[k++ % prepared.statementIds.length],
            value: 1,
          }),
        });
      expect((await vote()).status).toBe(200);

      for (let outage = 0; outage < OUTAGES; outage++) {
        // Votes in flight when the database goes.
        const inFlight = Array.from({ length: 10 }, () => vote().catch(() => null));
        await proxy.cut();
        const during = await Promise.all([
          vote(),
          vote(),
          fetch(`${base}/api/ready`),
          fetch(`${base}/api/health`),
          ...signInCalls(),
        ]);
        expect(during[0].status).toBe(503);
        expect(during[0].headers.get('retry-after')).toBeTruthy();
        expect(((await during[0].json()) as { error: { code: string } }).error.code).toBe('UNAVAILABLE');
        expect(during[1].status).toBe(503);
        expect(during[2].status).toBe(503);
        expect(during[3].status).toBe(200);
        // Reading a session, asking for a code and trying one: an outage, said as one (never a 500).
        for (const r of during.slice(4)) {
          expect(r.status).toBe(503);
          expect(r.headers.get('retry-after')).toBeTruthy();
          expect(((await r.json()) as { error: { code: string } }).error.code).toBe('UNAVAILABLE');
        }
        for (const r of await Promise.all(inFlight)) if (r) expect([200, 503]).toContain(r.status);
        expect(served.child.exitCode).toBeNull();
        await proxy.restore();
        await until(async () => (await fetch(`${base}/api/ready`)).status === 200, 'ready again');
        await until(async () => (await vote()).status === 200, 'votes again');
      }
      expect(served.child.exitCode).toBeNull();
      const log = served.output();
      expect(log).not.toMatch(/Unhandled|uncaught|ERR_UNHANDLED/i);
      // Nothing in the log that would let its reader in, or says who tried: no session token (nor its
      // signature), no device cookie, no sign-in code, no email.
      const cookieValues = [cookie, fresh]
        .flatMap((c) => c.split('; '))
        .map((kv) => decodeURIComponent(kv.slice(kv.indexOf('=') + 1)))
        .flatMap((v) => [v, ...v.split('.')])
        .filter((v) => v.length >= 16);
      expect(cookieValues.length).toBeGreaterThanOrEqual(4);
      for (const secret of cookieValues) expect(log).not.toContain(secret);
      const codes: string[] = [];
      for (const email of prepared.emails.slice(0, 4)) {
        expect(log).not.toContain(email);
        const box = (await (
          await fetch(`${base}/api/dev/outbox?to=${encodeURIComponent(email)}`)
        ).json()) as { messages: { subject: string }[] };
        for (const m of box.messages) codes.push(/(\d{6})/.exec(m.subject)?.[1] ?? '');
      }
      expect(codes.filter(Boolean).length).toBeGreaterThanOrEqual(2);
      for (const code of codes.filter(Boolean)) expect(log).not.toMatch(new RegExp(`(?<!\\d)${code}(?!\\d)`));
    },
  );
});
