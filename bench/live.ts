/**
 * `npm run bench -- live`: how long a vote takes to reach the map of someone watching, end to end.
 *
 * A conversation on server PostgreSQL with LIVE_PARTICIPANTS participants in four factions voting on
 * LIVE_STATEMENTS statements (LIVE_VOTES votes in all, written by SQL), the real server, a first full fit;
 * then a member watches the map over SSE and votes, ROUNDS times: the time from sending the vote to the
 * SSE `map` event that shows it (the member's own position moved or appeared). A statement is posted just
 * before the rounds so that a full refit runs during them.
 */
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { openDatabase, queryRows } from '../src/db/client.ts';
import { prepareVoting, signIn, startServer } from '../test/helpers/voting.ts';

const PARTICIPANTS = Number(process.env.LIVE_PARTICIPANTS ?? 100_000);
const STATEMENTS = Number(process.env.LIVE_STATEMENTS ?? 1_000);
const VOTES = Number(process.env.LIVE_VOTES ?? 10_000_000);
const ROUNDS = 10;
const PG_ADMIN = process.env.TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';

interface MapEvent {
  version: number;
  participants: number;
  me: { x: number; y: number; votes: number } | null;
}

/** Reads an SSE stream and hands each `map` event to `onMap`. */
async function watch(url: string, cookie: string, onMap: (m: MapEvent) => void, signal: AbortSignal) {
  const res = await fetch(url, { headers: { cookie, accept: 'text/event-stream' }, signal });
  if (!res.body) throw new Error('no stream');
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  void (async () => {
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        buffer += value;
        let end;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const data = block
            .split('\n')
            .filter((l) => l.startsWith('data: '))
            .map((l) => l.slice(6))
            .join('\n');
          if (block.includes('event: map') && data) onMap(JSON.parse(data) as MapEvent);
        }
      }
    } catch {
      // aborted
    }
  })();
}

export async function run(): Promise<void> {
  const admin = new pg.Client({ connectionString: PG_ADMIN });
  await admin.connect();
  await admin.query('drop database if exists bc_bench_live with (force)');
  await admin.query('create database bc_bench_live');
  await admin.end();
  const url = new URL(PG_ADMIN);
  url.pathname = '/bc_bench_live';
  const db = await openDatabase({ kind: 'postgres', url: url.toString() });
  const prepared = await prepareVoting(db, { members: 1, statements: STATEMENTS, code: 'LIVE' });
  const t0 = Date.now();
  const perParticipant = Math.max(1, Math.round(VOTES / PARTICIPANTS));
  // Synthetic participants in four factions: agree with their faction's statements, disagree with the
  // others', 15% passes; each votes on `perParticipant` statements.
  await db.db.execute(
    sql.raw(`
    insert into participants (id, conversation_id, number)
    select gen_random_uuid(), '${prepared.conversationId}', g from generate_series(1, ${PARTICIPANTS}) g;
    update conversations set next_participant = ${PARTICIPANTS + 1} where id = '${prepared.conversationId}';
    create temp table bench_v as
      select p.id as participant_id, s.id as statement_id,
        (case when (hashint4(p.number * 7919 + s.number) & 127) < 19 then 0
              when p.number % 4 = s.number % 4 then 1 else -1 end)::smallint as value
      from participants p
      cross join lateral generate_series(0, ${perParticipant - 1}) j
      join statements s on s.conversation_id = p.conversation_id
        and s.number = (p.number * 31 + j * 17) % ${STATEMENTS}
      where p.conversation_id = '${prepared.conversationId}';
    insert into votes (participant_id, statement_id, conversation_id, value)
      select participant_id, statement_id, '${prepared.conversationId}', value from bench_v
      on conflict do nothing;
    insert into vote_events (conversation_id, participant_id, statement_id, value)
      select conversation_id, participant_id, statement_id, value from votes
      where conversation_id = '${prepared.conversationId}';
    insert into analysis_jobs (conversation_id) values ('${prepared.conversationId}');
  `),
  );
  // Statistics as a conversation that grew over time would have them (autovacuum's analyze).
  await db.db.execute(sql`analyze participants, statements, votes, vote_events`);
  const counted = await queryRows<{ n: number }>(
    db.db,
    sql`select count(*)::int as n from votes where conversation_id = ${prepared.conversationId}`,
  );
  const count = counted[0];
  const loadSeconds = (Date.now() - t0) / 1000;
  await db.close();

  const server = await startServer({ DATABASE_URL: url.toString() });
  try {
    const cookie = await signIn(server.base, prepared.emails[0] ?? '');
    const maps: MapEvent[] = [];
    let waiting: ((m: MapEvent) => void) | null = null;
    const abort = new AbortController();
    await watch(
      `${server.base}/api/conversations/${prepared.conversationId}/stream`,
      cookie,
      (m) => {
        maps.push(m);
        waiting?.(m);
      },
      abort.signal,
    );
    // The first full fit of the whole conversation.
    const fitStarted = Date.now();
    while (!maps.some((m) => m.version > 0)) await new Promise((r) => setTimeout(r, 100));
    const firstFitSeconds = (Date.now() - fitStarted) / 1000;

    // A new statement makes the next update a full refit; the rounds below run while it does, so they
    // show that live updates do not wait for it.
    const posted = await fetch(`${server.base}/api/conversations/${prepared.conversationId}/statements`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie, origin: server.base },
      body: JSON.stringify({ text: 'A statement posted just before the rounds, to start a refit.' }),
    });
    if (posted.status !== 201) throw new Error(`post failed: ${posted.status}`);
    await new Promise((r) => setTimeout(r, 1000));
    const latencies: number[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      const statementId = prepared.statementIds[(r * 37) % prepared.statementIds.length] ?? '';
      const before = maps.at(-1)?.me ?? null;
      const seen = new Promise<number>((resolve) => {
        waiting = (m) => {
          if (m.me && (!before || m.me.x !== before.x || m.me.y !== before.y || m.me.votes !== before.votes))
            resolve(Date.now());
        };
      });
      const sent = Date.now();
      const res = await fetch(`${server.base}/api/conversations/${prepared.conversationId}/votes`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie, origin: server.base },
        body: JSON.stringify({ statementId, value: r % 2 === 0 ? 1 : -1 }),
      });
      if (res.status !== 200) throw new Error(`vote failed: ${res.status} ${await res.text()}`);
      const timeout = new Promise<number>((resolve) => setTimeout(() => resolve(Number.NaN), 30_000));
      latencies.push((await Promise.race([seen, timeout])) - sent);
      waiting = null;
    }
    abort.abort();
    const sorted = latencies.filter(Number.isFinite).sort((a, b) => a - b);
    process.stdout.write(
      `${JSON.stringify({
        name: 'live',
        db: 'postgres',
        participants: PARTICIPANTS,
        statements: STATEMENTS,
        votes: count?.n ?? 0,
        loadSeconds: Number(loadSeconds.toFixed(1)),
        firstFitSeconds: Number(firstFitSeconds.toFixed(1)),
        rounds: ROUNDS,
        duringRefit: true,
        missed: latencies.length - sorted.length,
        voteToMapMedianMs: sorted[Math.floor(sorted.length / 2)] ?? null,
        voteToMapMaxMs: sorted.at(-1) ?? null,
        target: { voteToMapMs: 2000 },
      })}\n`,
    );
  } finally {
    server.child.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 500));
    if (server.child.exitCode === null) server.child.kill('SIGKILL');
  }
}
