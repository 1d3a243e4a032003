/**
 * Crash test: kill -9 the server while 50 clients are voting; after a restart every vote that was
 * acknowledged is there. Runs on the tier's database: PGlite in a data folder, or server PostgreSQL.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/client.ts';
import { freshDatabase, prepareVoting, signIn, startServer, stopServer } from '../helpers/voting.ts';

const CLIENTS = 50;
const STATEMENTS = 60;
const kind = process.env.TEST_DB === 'postgres' ? 'postgres' : 'pglite';
const cleanups: (() => Promise<void>)[] = [];

afterAll(async () => {
  for (const c of cleanups) await c();
});

describe(`crash test on ${kind}`, () => {
  it('every acknowledged vote survives kill -9 and a restart', { timeout: 180_000 }, async () => {
    const { target, env, drop } = await freshDatabase(kind, `bc_crash_${process.pid}`);
    cleanups.push(drop);
    const db = await openDatabase(target);
    const prepared = await prepareVoting(db, { members: CLIENTS, statements: STATEMENTS });
    await db.close();

    const first = await startServer(env);
    const cookies: string[] = [];
    for (const email of prepared.emails) cookies.push(await signIn(first.base, email));
    const acknowledged = new Map<string, number>(); // `${client}:${statement}` → value
    let stop = false;
    const client = async (i: number) => {
      for (let k = 0; k < STATEMENTS && !stop; k++) {
        const statementId = prepared.statementIds[(k + i) % STATEMENTS] ?? '';
        const value = ((i + k) % 3) - 1;
        try {
          const res = await fetch(`${first.base}/api/conversations/${prepared.conversationId}/votes`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', cookie: cookies[i] ?? '', origin: first.base },
            body: JSON.stringify({ statementId, value }),
          });
          if (res.status === 200) acknowledged.set(`${i}:${statementId}`, value);
          else await res.text();
        } catch {
          return; // the server is gone
        }
      }
    };
    const voting = Promise.all(Array.from({ length: CLIENTS }, (_, i) => client(i)));
    // Kill the server mid-flight, once a good share of votes has been acknowledged.
    while (acknowledged.size < 400) await new Promise((r) => setTimeout(r, 20));
    first.child.kill('SIGKILL');
    stop = true;
    await voting;
    await new Promise((r) =>
      first.child.exitCode !== null || first.child.signalCode ? r(null) : first.child.once('exit', r),
    );
    expect(acknowledged.size).toBeLessThan(CLIENTS * STATEMENTS); // it really was mid-flight

    const second = await startServer(env);
    try {
      let found = 0;
      for (let i = 0; i < CLIENTS; i++) {
        const res = await fetch(`${second.base}/api/conversations/${prepared.conversationId}/my-votes`, {
          headers: { cookie: cookies[i] ?? '' },
        });
        expect(res.status).toBe(200);
        const mine = (await res.json()) as { votes: { statementId: string; value: number }[] };
        const stored = new Map(mine.votes.map((v) => [v.statementId, v.value]));
        for (const [key, value] of acknowledged) {
          const [c, statementId] = key.split(':');
          if (Number(c) !== i) continue;
          expect(stored.get(statementId ?? ''), `client ${i}, statement ${statementId}`).toBe(value);
          found++;
        }
      }
      expect(found).toBe(acknowledged.size);
    } finally {
      await stopServer(second.child);
    }
  });
});
