/**
 * The whole, across processes: three API processes on their own ports and one worker on one PostgreSQL.
 * Votes spread over all three; a map open on the third is told of a vote on the first through
 * LISTEN/NOTIFY (the worker wakes when the job is queued, and the third process when the analysis is
 * stored: nothing waits for a timer); one API process killed with SIGKILL under load loses no acknowledged
 * vote; the sign-in guess limit holds across the processes. PostgreSQL tier only (PGlite is one process's).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/client.ts';
import {
  freshDatabase,
  missingVotes,
  prepareVoting,
  signIn,
  startServer,
  startWorkerProcess,
  stopServer,
  voteUnderLoad,
  type Served,
} from '../helpers/voting.ts';
import { factionsVote, mapLags, wrongCodes } from '../helpers/across-processes.ts';

const kind = process.env.TEST_DB === 'postgres' ? 'postgres' : 'pglite';
const VOTERS = 30;
const STATEMENTS = 12;
const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
});

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

describe.runIf(kind === 'postgres')('three API processes and a worker on one PostgreSQL', () => {
  it(
    'votes spread over all three, a map on the third follows a vote on the first, a killed process loses no acknowledged vote, the guess limit holds',
    { timeout: 300_000 },
    async () => {
      const { target, env, drop } = await freshDatabase('postgres', `bc_three_${process.pid}`);
      cleanups.push(drop);
      const setup = await openDatabase(target);
      cleanups.push(() => setup.close());
      const prepared = await prepareVoting(setup, { members: VOTERS + 2, statements: STATEMENTS });
      const apis: Served[] = [];
      for (let i = 0; i < 3; i++) {
        const s = await startServer(env, { role: 'api' });
        cleanups.push(() => stopServer(s.child));
        apis.push(s);
      }
      const worker = await startWorkerProcess(env);
      cleanups.push(() => stopServer(worker.child));
      const [a, b, c] = apis as [Served, Served, Served];
      // Sessions made on the first work on all three; two factions vote, spread over the three.
      const cookies: string[] = [];
      for (const email of prepared.emails) cookies.push(await signIn(a.base, email));
      await factionsVote([a.base, b.base, c.base], prepared, cookies, VOTERS, STATEMENTS);

      // A newcomer placed through the second process watches the map on the third and votes on the first.
      const lags = await mapLags({
        prepared,
        newcomer: cookies[VOTERS] ?? '',
        placeOn: b.base,
        watchOn: c.base,
        voteOn: a.base,
        others: VOTERS,
        statements: STATEMENTS,
      });
      console.log(
        `vote on the first process → map on the third: median ${median(lags)} ms (${lags.join(', ')})`,
      );

      // The second process killed outright under load: every vote it acknowledged is stored.
      const load = voteUnderLoad(b.base, prepared, cookies.slice(0, VOTERS));
      while (load.acknowledged.size < 150) await new Promise((r) => setTimeout(r, 10));
      b.child.kill('SIGKILL');
      load.stop();
      await load.done;
      expect(await missingVotes(a.base, prepared, cookies.slice(0, VOTERS), load.acknowledged)).toEqual([]);

      // Wrong codes spread over the two left: ten are checked in all, the rest refused.
      const statuses = await wrongCodes(a.base, [a.base, c.base], prepared.emails[VOTERS + 1] ?? '', 16);
      expect(statuses.filter((s) => s === 200)).toEqual([]);
      expect(statuses.filter((s) => s !== 429)).toHaveLength(10);
    },
  );
});
