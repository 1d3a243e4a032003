/**
 * Crash test: kill -9 the server while 50 clients are voting; after a restart every vote that was
 * acknowledged is there. Runs on the tier's database: PGlite in a data folder, or server PostgreSQL.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/client.ts';
import {
  freshDatabase,
  missingVotes,
  prepareVoting,
  signIn,
  startServer,
  stopServer,
  voteUnderLoad,
} from '../helpers/voting.ts';

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
    const load = voteUnderLoad(first.base, prepared, cookies);
    const { acknowledged } = load;
    // Kill the server mid-flight, once a good share of votes has been acknowledged.
    while (acknowledged.size < 400) await new Promise((r) => setTimeout(r, 20));
    first.child.kill('SIGKILL');
    load.stop();
    await load.done;
    await new Promise((r) =>
      first.child.exitCode !== null || first.child.signalCode ? r(null) : first.child.once('exit', r),
    );
    expect(acknowledged.size).toBeLessThan(CLIENTS * STATEMENTS); // it really was mid-flight

    const second = await startServer(env);
    try {
      expect(await missingVotes(second.base, prepared, cookies, acknowledged)).toEqual([]);
    } finally {
      await stopServer(second.child);
    }
  });
});
