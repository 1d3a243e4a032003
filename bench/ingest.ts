/**
 * `npm run bench -- ingest`: vote ingestion over HTTP, on PGlite and on server PostgreSQL.
 *
 * For each database: a fresh database with 200 signed-in members and a conversation of 200 statements;
 * the real server (`bin/broadchurch serve`) in its own process; autocannon with 200 concurrent clients
 * posting votes (each acknowledged only after its commit) for DURATION_S seconds. Beside it, the raw
 * database rate for single-row upserts into the same table, measured in the same run, as the ceiling.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { openDatabase, type Database, type DatabaseTarget } from '../src/db/client.ts';
import { participants } from '../src/db/schema/index.ts';
import { newId } from '../src/lib/ids.ts';
import { prepareVoting, signIn, startServer, type Prepared } from '../test/helpers/voting.ts';
import { quantile } from './server-bench.ts';

const CLIENTS = 200;
const STATEMENTS = 200;
const DURATION_S = Number(process.env.BENCH_DURATION ?? 10);
/**
 * The warm-up before the measured window, long enough to pass the start-up: every member's first vote
 * (their participant and voted set read, the session looked up), the engine threads starting, the JIT.
 * After a 2 s warm-up, the first batch alone had taken 1.8 s on a PGlite server, so the measured run began
 * inside the start-up; the warm-up's own figures are printed beside the window's.
 */
const WARM_UP_S = 6;
const PG_ADMIN = process.env.TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';

/** Single-row upserts straight into `votes`, CLIENTS at a time, for `seconds`: the database's ceiling. */
async function rawUpserts(db: Database, conversationId: string, statementIds: string[], seconds: number) {
  const people = Array.from({ length: CLIENTS }, (_, number) => ({
    id: newId(),
    conversationId,
    number: 10_000 + number,
  }));
  await db.db.insert(participants).values(people);
  let done = 0;
  const until = Date.now() + seconds * 1000;
  const worker = async (i: number) => {
    const p = people[i % people.length]?.id ?? '';
    for (let k = 0; Date.now() < until; k++) {
      const s = statementIds[(k * 7 + i) % statementIds.length] ?? '';
      await db.db
        .execute(sql`insert into votes (participant_id, statement_id, conversation_id, value, voted_at)
        values (${p}, ${s}, ${conversationId}, ${(k % 3) - 1}, now())
        on conflict (participant_id, statement_id) do update set value = excluded.value, voted_at = excluded.voted_at`);
      done++;
    }
  };
  const started = Date.now();
  await Promise.all(Array.from({ length: CLIENTS }, (_, i) => worker(i)));
  return Math.round(done / ((Date.now() - started) / 1000));
}

/** What the clients saw in one window of the load: answers, refusals, errors and the latency of each answer. */
interface Seen {
  ok: number;
  non2xx: number;
  errors: number;
  latencies: number[];
}

function summary(w: Seen, seconds: number) {
  const at = (q: number) => Math.round(quantile(w.latencies, q));
  return {
    seconds,
    votesPerSecond: Math.round(w.ok / seconds),
    p50Ms: at(0.5),
    p99Ms: at(0.99),
    non2xx: w.non2xx,
    errors: w.errors,
  };
}

/**
 * One run of autocannon on the same connections (as browsers keep theirs): WARM_UP_S of warm-up, then
 * `seconds` measured. Each answer counts in the window in which it arrived. (Two separate runs would open
 * 200 new connections at the start of the measured one: its first second then measured the hand-over.)
 */
async function load(base: string, prepared: Prepared, cookies: string[], seconds: number) {
  let n = 0;
  const warm: Seen = { ok: 0, non2xx: 0, errors: 0, latencies: [] };
  const measured: Seen = { ok: 0, non2xx: 0, errors: 0, latencies: [] };
  let started = performance.now();
  const window = () => ((performance.now() - started) / 1000 < WARM_UP_S ? warm : measured);
  await new Promise<void>((resolve, reject) => {
    const instance = autocannon(
      {
        url: base,
        connections: CLIENTS,
        duration: WARM_UP_S + seconds,
        requests: [
          {
            method: 'POST',
            path: `/api/conversations/${prepared.conversationId}/votes`,
            setupRequest: (req) => {
              n++;
              const client = n % cookies.length;
              // Each client works through the statements in its own order, changing its votes as it goes round.
              const round = Math.floor(n / cookies.length);
              const statementId =
                prepared.statementIds[(round * 7 + client * 13) % prepared.statementIds.length];
              return {
                ...req,
                headers: { 'content-type': 'application/json', cookie: cookies[client] ?? '', origin: base },
                body: JSON.stringify({ statementId, value: (n % 3) - 1 }),
              };
            },
          },
        ],
      },
      (err) => (err ? reject(err instanceof Error ? err : new Error(String(err))) : resolve()),
    );
    instance.on('start', () => (started = performance.now()));
    instance.on('response', (_client, status, _bytes, ms) => {
      const w = window();
      if (status >= 200 && status < 300) {
        w.ok++;
        w.latencies.push(ms);
      } else w.non2xx++;
    });
    instance.on('reqError', () => window().errors++);
  });
  return { warm: summary(warm, WARM_UP_S), measured: summary(measured, seconds) };
}

async function benchOne(kind: 'pglite' | 'postgres'): Promise<void> {
  let target: DatabaseTarget;
  let env: Record<string, string>;
  let cleanup = (): Promise<void> => Promise.resolve();
  if (kind === 'pglite') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bc-ingest-'));
    target = { kind: 'pglite', dataDir: dir };
    env = { DATA_DIR: dir, DATABASE_URL: '' };
    cleanup = () => {
      fs.rmSync(dir, { recursive: true, force: true });
      return Promise.resolve();
    };
  } else {
    const admin = new pg.Client({ connectionString: PG_ADMIN });
    await admin.connect();
    await admin.query('drop database if exists bc_bench_ingest');
    await admin.query('create database bc_bench_ingest');
    await admin.end();
    const url = new URL(PG_ADMIN);
    url.pathname = '/bc_bench_ingest';
    target = { kind: 'postgres', url: url.toString(), poolSize: 20 };
    env = { DATABASE_URL: url.toString() };
  }
  const db = await openDatabase(target);
  const prepared = await prepareVoting(db, { members: CLIENTS, statements: STATEMENTS });
  const rawUpsertsPerSecond = await rawUpserts(db, prepared.conversationId, prepared.statementIds, 5);
  await db.close();

  const { child, base } = await startServer(env);
  try {
    const cookies: string[] = [];
    for (const email of prepared.emails) cookies.push(await signIn(base, email));
    const { warm, measured } = await load(base, prepared, cookies, DURATION_S);
    process.stdout.write(
      `${JSON.stringify({
        name: 'ingest',
        db: kind,
        clients: CLIENTS,
        ...measured,
        warmUp: warm,
        rawUpsertsPerSecond,
        shareOfRaw: Math.round((measured.votesPerSecond / rawUpsertsPerSecond) * 100) / 100,
        target: { shareOfRaw: kind === 'postgres' ? 1 : 0.8, p99Ms: 100, errors: 0 },
      })}\n`,
    );
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 500));
    if (child.exitCode === null) child.kill('SIGKILL');
    await cleanup();
  }
}

export async function run(): Promise<void> {
  const only = process.env.BENCH_DB;
  for (const kind of ['pglite', 'postgres'] as const) if (!only || only === kind) await benchOne(kind);
}
