/**
 * `npm run bench -- cross-live`: how long a vote takes to reach a live map open on another process.
 *
 * Server PostgreSQL, three API processes (`serve --role api`) and a worker, as a national party runs them;
 * CROSS_VOTERS members in two factions vote on CROSS_STATEMENTS statements through all three; a newcomer,
 * placed on the map, watches it on the third process and on the first, and votes ROUNDS times through the
 * first: the time from sending each vote to the map event that carries it, on the other process and on
 * the one that took the vote. Nothing else votes during the rounds, so the next version is the vote's.
 */
import pg from 'pg';
import { openDatabase } from '../src/db/client.ts';
import { migrate } from '../src/db/migrate.ts';
import {
  follow,
  prepareVoting,
  signIn,
  startServer,
  startWorkerProcess,
  stopServer,
  type MapEvent,
  type Served,
} from '../test/helpers/voting.ts';

const VOTERS = Number(process.env.CROSS_VOTERS ?? 60);
const STATEMENTS = Number(process.env.CROSS_STATEMENTS ?? 30);
const ROUNDS = 20;
const PLACED = 7;
const PG_ADMIN = process.env.TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';

const quantile = (xs: number[], q: number) =>
  [...xs].sort((a, b) => a - b)[Math.floor(q * (xs.length - 1))] ?? NaN;

export async function run(): Promise<void> {
  const admin = new pg.Client({ connectionString: PG_ADMIN });
  await admin.connect();
  await admin.query('drop database if exists bc_bench_cross');
  await admin.query('create database bc_bench_cross');
  const url = new URL(PG_ADMIN);
  url.pathname = '/bc_bench_cross';
  const env = { DATABASE_URL: url.toString() };
  const setup = await openDatabase({ kind: 'postgres', url: url.toString() });
  await migrate(setup.db);
  const prepared = await prepareVoting(setup, { members: VOTERS + 1, statements: STATEMENTS });
  await setup.close();
  const processes: Served[] = [];
  try {
    for (let i = 0; i < 3; i++) processes.push(await startServer(env, { role: 'api' }));
    processes.push(await startWorkerProcess(env));
    const [a, b, c] = processes as [Served, Served, Served];
    const apis = [a, b, c];
    const to = (base: string, rest: string) => `${base}/api/conversations/${prepared.conversationId}${rest}`;
    const vote = (base: string, cookie: string, k: number, value: number) =>
      fetch(to(base, '/votes'), {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie, origin: base },
        body: JSON.stringify({ statementId: prepared.statementIds[k], value }),
      }).then((r) => r.status);
    const cookies: string[] = [];
    for (const email of prepared.emails) cookies.push(await signIn(a.base, email));
    await Promise.all(
      Array.from({ length: VOTERS }, async (_, i) => {
        for (let k = 0; k < STATEMENTS; k++)
          await vote(
            apis[(i + k) % 3]?.base ?? a.base,
            cookies[i] ?? '',
            k,
            (k % 2 === 0) === i < VOTERS / 2 ? 1 : -1,
          );
      }),
    );
    const newcomer = cookies[VOTERS] ?? '';
    for (let k = 0; k < PLACED; k++) await vote(b.base, newcomer, k, 1);
    const seen = { other: [] as { at: number; m: MapEvent }[], same: [] as { at: number; m: MapEvent }[] };
    const abort = new AbortController();
    void follow(to(c.base, '/stream'), newcomer, (m) => seen.other.push({ at: Date.now(), m }), abort.signal);
    void follow(to(a.base, '/stream'), newcomer, (m) => seen.same.push({ at: Date.now(), m }), abort.signal);
    const until = Date.now() + 300_000;
    while (![seen.other, seen.same].every((s) => s.some((e) => e.m.participants > VOTERS && e.m.me))) {
      if (Date.now() > until) throw new Error('the newcomer was never placed');
      await new Promise((r) => setTimeout(r, 50));
    }
    await new Promise((r) => setTimeout(r, 2000));
    const lags = { other: [] as number[], same: [] as number[] };
    for (let r = 0; r < ROUNDS; r++) {
      const k = PLACED + (r % (STATEMENTS - PLACED));
      const before = Math.max(...seen.other.map((e) => e.m.version), ...seen.same.map((e) => e.m.version));
      const sent = Date.now();
      if ((await vote(a.base, newcomer, k, r % 2 === 0 ? -1 : 1)) !== 200) throw new Error('vote refused');
      for (const side of ['other', 'same'] as const)
        for (;;) {
          const e = seen[side].find((x) => x.m.version > before);
          if (e) {
            lags[side].push(e.at - sent);
            break;
          }
          if (Date.now() - sent > 30_000) throw new Error(`no map event on the ${side} process`);
          await new Promise((res) => setTimeout(res, 2));
        }
      // Let the debounce of this vote pass before the next, as a member's next vote would.
      await new Promise((res) => setTimeout(res, 600));
    }
    abort.abort();
    process.stdout.write(
      `${JSON.stringify({
        name: 'cross-live',
        processes: '3 api + 1 worker, PostgreSQL',
        voters: VOTERS,
        statements: STATEMENTS,
        rounds: ROUNDS,
        otherProcessMedianMs: quantile(lags.other, 0.5),
        otherProcessP90Ms: quantile(lags.other, 0.9),
        sameProcessMedianMs: quantile(lags.same, 0.5),
        target: { otherProcessMedianMs: 300 },
      })}\n`,
    );
  } finally {
    for (const p of processes) await stopServer(p.child);
    await admin.query('drop database if exists bc_bench_cross');
    await admin.end();
  }
}
