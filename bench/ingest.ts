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

const CLIENTS = 200;
const STATEMENTS = 200;
const DURATION_S = Number(process.env.BENCH_DURATION ?? 10);
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

async function load(base: string, prepared: Prepared, cookies: string[], seconds: number) {
  let n = 0;
  const result = await autocannon({
    url: base,
    connections: CLIENTS,
    duration: seconds,
    requests: [
      {
        method: 'POST',
        path: `/api/conversations/${prepared.conversationId}/votes`,
        setupRequest: (req) => {
          n++;
          const client = n % cookies.length;
          // Each client works through the statements in its own order, changing its votes as it goes round.
          const round = Math.floor(n / cookies.length);
          const statementId = prepared.statementIds[(round * 7 + client * 13) % prepared.statementIds.length];
          return {
            ...req,
            headers: { 'content-type': 'application/json', cookie: cookies[client] ?? '', origin: base },
            body: JSON.stringify({ statementId, value: (n % 3) - 1 }),
          };
        },
      },
    ],
  });
  return result;
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
    await load(base, prepared, cookies, 2); // warm-up
    const r = await load(base, prepared, cookies, DURATION_S);
    const ok = r.requests.total - r.non2xx - r.errors;
    const votesPerSecond = Math.round(ok / DURATION_S);
    process.stdout.write(
      `${JSON.stringify({
        name: 'ingest',
        db: kind,
        clients: CLIENTS,
        seconds: DURATION_S,
        votesPerSecond,
        p50Ms: r.latency.p50,
        p99Ms: r.latency.p99,
        non2xx: r.non2xx,
        errors: r.errors,
        rawUpsertsPerSecond,
        shareOfRaw: Math.round((votesPerSecond / rawUpsertsPerSecond) * 100) / 100,
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
