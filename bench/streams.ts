/**
 * `npm run bench -- streams`: what 2,000 open live maps cost everyone else. A real server on PGlite; 2,000
 * Server-Sent Event streams on one conversation (caps raised for the bench); members voting, so new map
 * versions reach every stream; meanwhile another member's requests are timed. Each version's shared map is
 * serialised once for all the streams, so the other member's latency should stay near its idle value.
 * `BENCH_STREAMS` and `BENCH_DURATION` (seconds) change the size.
 */
import http from 'node:http';
import { openDatabase } from '../src/db/client.ts';
import { freshDatabase, prepareVoting, signIn, startServer, stopServer } from '../test/helpers/voting.ts';
import { quantile } from './server-bench.ts';

const STREAMS = Number(process.env.BENCH_STREAMS ?? 2000);
const DURATION_S = Number(process.env.BENCH_DURATION ?? 20);
const VOTERS = 20;
const STATEMENTS = 40;

const percentile = (xs: number[], p: number) => Math.round(quantile(xs, p) * 10) / 10;

async function timedGet(base: string, path: string, cookie: string): Promise<number> {
  const t0 = performance.now();
  const res = await fetch(`${base}${path}`, { headers: { cookie } });
  await res.arrayBuffer();
  if (!res.ok) throw new Error(`${path}: ${res.status}`);
  return performance.now() - t0;
}

export async function run(): Promise<void> {
  const fresh = await freshDatabase('pglite', 'bc_bench_streams');
  const database = await openDatabase(fresh.target);
  const prepared = await prepareVoting(database, {
    members: VOTERS + 2,
    statements: STATEMENTS,
    code: 'SSE',
  });
  await database.close();
  const served = await startServer({
    ...fresh.env,
    SSE_STREAMS_PER_USER: String(STREAMS + 10),
    SSE_STREAMS_PER_ADDRESS: String(STREAMS + 10),
    LOG_LEVEL: 'error',
  });
  const { base } = served;
  const sockets: http.ClientRequest[] = [];
  try {
    const viewer = await signIn(base, prepared.emails[0] ?? '');
    const other = await signIn(base, prepared.emails[1] ?? '');
    const voters: string[] = [];
    for (let i = 0; i < VOTERS; i++) voters.push(await signIn(base, prepared.emails[i + 2] ?? ''));
    const idle: number[] = [];
    for (let i = 0; i < 50; i++) idle.push(await timedGet(base, '/api/me', other));

    // Open the streams; count the map events they receive.
    let events = 0;
    const url = new URL(`${base}/api/conversations/${prepared.conversationId}/stream`);
    await Promise.all(
      Array.from(
        { length: STREAMS },
        () =>
          new Promise<void>((resolve, reject) => {
            const req = http.get(
              {
                host: url.hostname,
                port: url.port,
                path: url.pathname,
                headers: { cookie: viewer },
                agent: false,
              },
              (res) => {
                if (res.statusCode !== 200) reject(new Error(`stream: ${res.statusCode}`));
                res.on('data', (d: Buffer) => {
                  if (d.includes('event: map')) events++;
                });
                resolve();
              },
            );
            req.on('error', () => undefined);
            sockets.push(req);
          }),
      ),
    );
    const eventsAtStart = events;

    // Votes arrive (new map versions), while the other member's requests are timed.
    let stop = false;
    const vote = async (i: number) => {
      for (let k = 0; !stop; k++) {
        await fetch(`${base}/api/conversations/${prepared.conversationId}/votes`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', cookie: voters[i] ?? '', origin: base },
          body: JSON.stringify({
            statementId: prepared.statementIds[k % STATEMENTS],
            value: ((i + k) % 3) - 1,
          }),
        });
        await new Promise((r) => setTimeout(r, 200));
      }
    };
    const voting = Promise.all(voters.map((_, i) => vote(i)));
    const busy: number[] = [];
    const until = Date.now() + DURATION_S * 1000;
    while (Date.now() < until) {
      busy.push(await timedGet(base, '/api/me', other));
      await new Promise((r) => setTimeout(r, 100));
    }
    stop = true;
    await voting;
    console.log(
      JSON.stringify({
        name: 'streams',
        db: 'pglite',
        streams: STREAMS,
        seconds: DURATION_S,
        mapEventsDelivered: events - eventsAtStart,
        otherMemberIdleP50Ms: percentile(idle, 0.5),
        otherMemberP50Ms: percentile(busy, 0.5),
        otherMemberP99Ms: percentile(busy, 0.99),
        otherMemberMaxMs: percentile(busy, 1),
        requests: busy.length,
      }),
    );
  } finally {
    for (const s of sockets) s.destroy();
    await stopServer(served.child);
    await fresh.drop();
  }
}
