/**
 * `npm run bench -- day`: the load of a national party's busiest day, on server PostgreSQL.
 *
 * The demo party (its branches, officers, Common Ground conversation, manifesto and polling day) grown to a
 * national party's size: BENCH_DAY_MEMBERS members (500,000) spread over the wards, BENCH_DAY_ELECTORS
 * electors (1,000,000) on the registers of the wards, and BENCH_DAY_VOTES votes (10,000,000) in the
 * conversation — 1,000 more statements, a tenth of the members taking part, 100 votes each, in three
 * factions. A leader's election is opened for the whole party through the API (its roll frozen over every
 * member). Then three API processes (`serve --role api`) and a worker, as DEPLOYING.md runs them; for
 * each page in turn, autocannon against all three at once (BENCH_DAY_CONNECTIONS connections in all, for
 * BENCH_DAY_SECONDS): the home page's requests, votes, the map, the committee room and the ballot page.
 * For each: requests a second, p50/p95/p99, non-2xx, and the CPU of PostgreSQL's processes and of the
 * three API processes meanwhile (in cores). Last, with the load stopped: vote → map event on another
 * process, at the conversation's full size (as `cross-live` measures it on a small one).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import autocannon from 'autocannon';
import { sql } from 'drizzle-orm';
import { openDatabase, queryRows } from '../src/db/client.ts';
import { migrate } from '../src/db/migrate.ts';
import { insertElectors, syntheticElectorValues, syntheticRegister } from '../src/canvass/index.ts';
import { refreshElectorStatistics } from '../src/canvass/register.repo.ts';
import { demoMemberEmail, seedDemo } from '../src/demo/index.ts';
import {
  follow,
  freshDatabase,
  signIn,
  startServer,
  startWorkerProcess,
  stopServer,
  type MapEvent,
  type Served,
} from '../test/helpers/voting.ts';
import { apiAt, PG_ADMIN } from './server-bench.ts';

const MEMBERS = Number(process.env.BENCH_DAY_MEMBERS ?? 500_000);
const ELECTORS = Number(process.env.BENCH_DAY_ELECTORS ?? 1_000_000);
const VOTES = Number(process.env.BENCH_DAY_VOTES ?? 10_000_000);
const STATEMENTS = 1000;
const VOTES_EACH = 100;
const CONNECTIONS = Number(process.env.BENCH_DAY_CONNECTIONS ?? 60);
const SECONDS = Number(process.env.BENCH_DAY_SECONDS ?? 20);
const SIGNED_IN = 90;
const ROUNDS = 20;

const log = (what: string) =>
  process.stderr.write(`[day] ${new Date().toISOString().slice(11, 19)} ${what}\n`);
const quantile = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;

/** A process's name and CPU time so far (user + system, in ticks of 1/100 s), from /proc; null once gone. */
function processCpu(pid: string | number): { name: string; ticks: number } | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const close = stat.lastIndexOf(')');
    const fields = stat.slice(close + 2).split(' ');
    return { name: stat.slice(stat.indexOf('(') + 1, close), ticks: Number(fields[11]) + Number(fields[12]) };
  } catch {
    return null;
  }
}

/**
 * CPU time so far of each of PostgreSQL's processes on this machine: a phase's use is the growth of each,
 * counting a process started meanwhile from zero (one that ended meanwhile is missed: its time is gone).
 */
function postgresCpu(): Map<number, number> {
  const ticks = new Map<number, number>();
  for (const pid of fs.readdirSync('/proc')) {
    const p = /^\d+$/.test(pid) ? processCpu(pid) : null;
    if (p?.name.startsWith('postgres')) ticks.set(Number(pid), p.ticks);
  }
  return ticks;
}

/** CPU seconds PostgreSQL's processes used since `before`. */
function postgresCpuSince(before: Map<number, number>): number {
  let ticks = 0;
  for (const [pid, now] of postgresCpu()) ticks += now - (before.get(pid) ?? 0);
  return ticks / 100;
}

/** CPU time so far (in seconds) of the given processes. */
const cpuSecondsOf = (pids: number[]): number =>
  pids.reduce((sum, pid) => sum + (processCpu(pid)?.ticks ?? 0), 0) / 100;

interface Page {
  name: string;
  /** The requests the page makes, each built afresh for a connection's next request. */
  requests: (
    base: string,
    n: number,
  ) => { method: 'GET' | 'POST'; path: string; cookie: string; body?: string }[];
}

/** One page under load from all three processes at once: its latencies and what it cost. */
async function load(page: Page, apis: Served[], apiPids: number[]) {
  const times: number[] = [];
  const statuses: Record<string, number> = {};
  const byPath = new Map<string, number[]>();
  const pg0 = postgresCpu();
  const api0 = cpuSecondsOf(apiPids);
  const started = performance.now();
  const template = page.requests('', 0);
  const results = await Promise.all(
    apis.map((api, a) => {
      let n = a * 1_000_003;
      const options: autocannon.Options = {
        url: api.base,
        connections: Math.max(1, Math.round(CONNECTIONS / apis.length)),
        duration: SECONDS,
        requests: page.requests(api.base, 0).map((_, i) => ({
          setupRequest: (req: autocannon.Request) => {
            n++;
            const r = page.requests(api.base, n)[i];
            if (!r) return req;
            return {
              ...req,
              method: r.method,
              path: r.path,
              headers: {
                cookie: r.cookie,
                origin: api.base,
                ...(r.body ? { 'content-type': 'application/json' } : {}),
              },
              ...(r.body ? { body: r.body } : {}),
            };
          },
        })),
      };
      return new Promise<autocannon.Result>((resolve, reject) => {
        const instance = autocannon(options, (err, result) =>
          err ? reject(err instanceof Error ? err : new Error(String(err))) : resolve(result),
        );
        instance.on('response', (client, status, _bytes, ms) => {
          times.push(ms);
          statuses[status] = (statuses[status] ?? 0) + 1;
          const index = (client as unknown as { requestIterator: { currentRequestIndex: number } })
            .requestIterator.currentRequestIndex;
          const key = (template[index]?.path ?? '?').replace(/[0-9a-f-]{36}/g, ':id');
          byPath.set(key, [...(byPath.get(key) ?? []), ms]);
        });
      });
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const dbCpu = postgresCpuSince(pg0);
  const apiCpu = cpuSecondsOf(apiPids) - api0;
  times.sort((x, y) => x - y);
  const total = results.reduce((s, r) => s + r.requests.total, 0);
  return {
    name: `day-${page.name}`,
    requests: total,
    requestsPerSecond: Math.round(total / seconds),
    p50Ms: Math.round(quantile(times, 0.5)),
    p95Ms: Math.round(quantile(times, 0.95)),
    p99Ms: Math.round(quantile(times, 0.99)),
    non2xx: results.reduce((s, r) => s + r.non2xx, 0),
    statuses,
    medianMsByPath: Object.fromEntries(
      [...byPath].map(([p, xs]) => [
        p,
        Math.round(
          quantile(
            [...xs].sort((x, y) => x - y),
            0.5,
          ),
        ),
      ]),
    ),
    errors: results.reduce((s, r) => s + r.errors, 0),
    dbCpuCores: Math.round((dbCpu / seconds) * 100) / 100,
    apiCpuCores: Math.round((apiCpu / seconds) * 100) / 100,
  };
}

/** A database an earlier run kept. */
function keptDatabase(name: string) {
  const url = new URL(PG_ADMIN);
  url.pathname = `/${name}`;
  return {
    target: { kind: 'postgres' as const, url: url.toString() },
    env: { DATABASE_URL: url.toString() },
    drop: () => Promise.resolve(),
  };
}

export async function run(): Promise<void> {
  process.env.TEST_DATABASE_URL ??= PG_ADMIN;
  // The home page is the web app's too: built once, as `npm start` builds it.
  if (!fs.existsSync('web/dist/index.html')) execFileSync('npm', ['run', 'build:web'], { stdio: 'ignore' });
  // BENCH_DAY_REUSE=1 runs the load again on the database a run with BENCH_KEEP=1 left.
  const reuse = process.env.BENCH_DAY_REUSE === '1';
  const fresh = reuse
    ? keptDatabase('bc_bench_day')
    : await freshDatabase('postgres', 'bc_bench_day', { empty: true });
  const database = await openDatabase(fresh.target);
  const db = database.db;
  const t0 = Date.now();
  if (!reuse) {
    await migrate(db);
    await seedDemo(db);
  }
  const [party] = await queryRows<{ id: string }>(db, sql`select id from branches where kind = 'party'`);
  const wards = await queryRows<{ id: string; code: string }>(
    db,
    sql`select id, code from branches where kind = 'ward' order by code`,
  );
  const [conversation] = await queryRows<{ id: string }>(
    db,
    sql`select id from conversations where title = 'What should our manifesto put first?'`,
  );
  const [day] = await queryRows<{ id: string; branch_id: string }>(
    db,
    sql`select election_id as id, branch_id from polling_days limit 1`,
  );
  if (!party || !conversation || !day || wards.length === 0) throw new Error('the demo is not as expected');
  const c = conversation.id;
  const voters = Math.round(VOTES / VOTES_EACH);
  if (!reuse) {
    // Members, all on the roll of an election frozen on 1 June (joined and recorded here before it).
    // As insertMembers writes them: the sign-in user, the member, and the member's role in their ward.
    await db.execute(sql`create temporary table day_members as
    select gen_random_uuid() as id, n,
      (array[${sql.raw(wards.map((w) => `'${w.id}'::uuid`).join(','))}])[1 + n % ${wards.length}] as ward
    from generate_series(1, ${MEMBERS - 50}) n`);
    await db.execute(sql`insert into auth_user (id, name, email, email_verified)
    select id::text, 'Member ' || n, 'day' || n || '@day.example.org', false from day_members`);
    await db.execute(sql`insert into members (id, user_id, name, email, home_ward_id, joined_on, created_at)
    select id, id::text, 'Member ' || n, 'day' || n || '@day.example.org', ward, date '2025-01-01' + (n % 500),
      timestamptz '2026-01-01'
    from day_members`);
    await db.execute(sql`insert into role_assignments (id, member_id, role, branch_id)
    select id, id, 'member', ward from day_members`);
    log(`members ${MEMBERS} in ${Date.now() - t0} ms`);

    // Electors: the registers of every ward but the demo's own (Abbey's is the polling day's, already there).
    const registerWards = wards.filter((w) => w.id !== day.branch_id);
    let placed = 0;
    for (const [i, w] of registerWards.entries()) {
      const n = Math.round(((i + 1) * ELECTORS) / registerWards.length) - placed;
      const districts = Array.from({ length: 20 }, (_, d) => `${w.code.replace(/-/g, '')}${d + 1}`);
      const people = syntheticRegister({ electors: n, districts, seed: 100 + i, outward: `X${i}` });
      for (let k = 0; k < people.length; k += 50_000)
        await insertElectors(db, syntheticElectorValues(people.slice(k, k + 50_000), w.id));
      placed += n;
    }
    await refreshElectorStatistics(db);
    log(`electors ${placed} in ${Date.now() - t0} ms`);

    // The conversation: 1,000 more statements; VOTES / 100 members taking part, 100 votes each, in three
    // factions (a participant agrees with its faction's statements and disagrees with the rest, a fifth of
    // the time passing), recorded as the vote path records them: the event and the current vote.
    await db.execute(sql`insert into statements (id, conversation_id, number, text, status, created_at)
    select gen_random_uuid(), ${c}, base.n + s, 'Statement ' || s || ' of the day, for the factions to weigh', 'accepted',
      now() - interval '2 days'
    from generate_series(1, ${STATEMENTS}) s, (select max(number) as n from statements where conversation_id = ${c}) base`);
    await db.execute(sql`insert into participants (id, conversation_id, number, member_id, created_at)
    select gen_random_uuid(), ${c}, base.n + m.n, m.id, now() - interval '1 day'
    from day_members m, (select max(number) as n from participants where conversation_id = ${c}) base
    where m.n <= ${voters}`);
    // The conversation's counters past the numbers taken, as takeNumber leaves them.
    await db.execute(sql`update conversations set
      next_participant = (select max(number) + 1 from participants where conversation_id = ${c}),
      next_statement = (select max(number) + 1 from statements where conversation_id = ${c})
    where id = ${c}`);
    await db.execute(sql`create temporary table day_votes as
    select p.id as participant_id, s.id as statement_id,
      case when random() < 0.2 then 0 when p.number % 3 = s.number % 3 then 1 else -1 end::smallint as value
    from (select id, number from participants where conversation_id = ${c} and member_id in
            (select id from members where email like 'day%')) p
      cross join generate_series(0, ${VOTES_EACH - 1}) k
      join (select id, number, row_number() over (order by number) - 1 as j from statements
            where conversation_id = ${c} and text like 'Statement % of the day%') s
        on s.j = (p.number * 37 + k * 101) % ${STATEMENTS}`);
    await db.execute(sql`insert into vote_events (conversation_id, participant_id, statement_id, value, at)
    select ${c}, participant_id, statement_id, value, now() - interval '1 hour' from day_votes`);
    await db.execute(sql`insert into votes (participant_id, statement_id, conversation_id, value, voted_at)
    select participant_id, statement_id, ${c}, value, now() - interval '1 hour' from day_votes`);
    await db.execute(sql`drop table day_votes`);
    await db.execute(sql`drop table day_members`);
  }
  await db.execute(sql`analyze`);
  const [counted] = await queryRows<{ votes: number; members: number; electors: number }>(
    db,
    sql`select (select count(*)::int from votes where conversation_id = ${c}) as votes,
      (select count(*)::int from members) as members, (select count(*)::int from electors) as electors`,
  );
  log(`votes ${counted?.votes} in ${Date.now() - t0} ms`);
  const built = { ...counted, seconds: Math.round((Date.now() - t0) / 1000) };

  const processes: Served[] = [];
  try {
    for (let i = 0; i < 3; i++) processes.push(await startServer(fresh.env, { role: 'api' }));
    processes.push(await startWorkerProcess(fresh.env));
    const [a, b, cc] = processes as [Served, Served, Served];
    const apis = [a, b, cc];
    const apiPids = apis.map((p) => p.child.pid ?? 0);
    const api = apiAt(a.base);

    // The leader's election, opened for the whole party.
    const ro = await signIn(a.base, demoMemberEmail(22));
    const closeAt = Date.now() + 4000;
    const election = await api(ro, 'POST', '/api/elections', {
      branchId: party.id,
      post: 'Party leader',
      seats: 1,
      method: 'av',
      nominationsCloseAt: new Date(closeAt).toISOString(),
      votingClosesAt: new Date(Date.now() + 86_400_000).toISOString(),
      nominatingBody: 'members',
      nominationPercent: 0,
      freezeOn: '2026-06-01',
    });
    const electionId = String(election.id);
    for (const i of [30, 31, 32])
      await api(await signIn(a.base, demoMemberEmail(i)), 'POST', `/api/elections/${electionId}/candidates`, {
        statement: `Candidate ${i}: unity first`,
        woman: i % 2 === 0,
      });
    await new Promise((r) => setTimeout(r, Math.max(0, closeAt - Date.now() + 500)));
    const opening = performance.now();
    const opened = await api(ro, 'POST', `/api/elections/${electionId}/open`, {});
    const openMs = Math.round(performance.now() - opening);
    const onRoll = (opened.roll as { total: number } | null)?.total ?? 0;
    log(`election opened for ${onRoll} in ${openMs} ms`);

    // The election's news to every member on its roll (in the app and by mail), expanded by the worker
    // before the pages are loaded; the mails go on being sent meanwhile, as on the day.
    const told = await (async () => {
      for (const until = Date.now() + 600_000; Date.now() < until;) {
        const [f] = await queryRows<{ seconds: number | null; recipients: number | null }>(
          db,
          sql`select extract(epoch from expanded_at - created_at)::float8 as seconds, recipients
              from notification_fanouts where kind = 'election_opened' order by created_at desc limit 1`,
        );
        if (f?.seconds != null) return { seconds: Math.round(f.seconds * 10) / 10, recipients: f.recipients };
        await new Promise((r) => setTimeout(r, 500));
      }
      throw new Error('the election was never announced');
    })();
    log(`election announced to ${told.recipients} in ${told.seconds} s`);

    // Members signed in: participants of the conversation (on the election's roll too), and the organiser.
    const cookies: string[] = [];
    for (let i = 1; i <= SIGNED_IN; i++)
      cookies.push(await signIn(apis[i % 3]?.base ?? a.base, `day${i}@day.example.org`));
    const organiser = await signIn(a.base, demoMemberEmail(2));
    const statementIds = (
      await queryRows<{ id: string }>(
        db,
        sql`select id from statements where conversation_id = ${c} and text like 'Statement % of the day%' order by number`,
      )
    ).map((s) => s.id);

    {
      const probe = await fetch(`${a.base}/api/conversations/${c}/votes`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie: cookies[0] ?? '', origin: a.base },
        body: JSON.stringify({ statementId: statementIds[0], value: 1 }),
      });
      if (!probe.ok)
        throw new Error(
          `a vote was refused: ${probe.status} ${await probe.text()}\n${a.output().slice(-3000)}`,
        );
    }
    // The analysis of the whole conversation in place before the load (the worker's first fit).
    const fitStarted = Date.now();
    for (;;) {
      const map = await api(cookies[0] ?? '', 'GET', `/api/conversations/${c}/map`);
      if (Number(map.participants ?? 0) >= voters) break;
      if (Date.now() - fitStarted > 1_200_000) throw new Error('the conversation was never analysed');
      await new Promise((r) => setTimeout(r, 1000));
    }
    log(`first analysis in ${Date.now() - fitStarted} ms`);

    const who = (n: number) => cookies[n % cookies.length] ?? '';
    const pages: Page[] = [
      {
        name: 'home',
        requests: (_b, n) => [
          { method: 'GET', path: '/', cookie: who(n) },
          { method: 'GET', path: '/api/me', cookie: who(n) },
          { method: 'GET', path: '/api/canvass/my-sessions', cookie: who(n) },
          { method: 'GET', path: '/api/notifications', cookie: who(n) },
        ],
      },
      {
        name: 'voting',
        requests: (_b, n) => [
          {
            method: 'POST',
            path: `/api/conversations/${c}/votes`,
            cookie: who(n),
            body: JSON.stringify({
              statementId: statementIds[(n * 7919) % statementIds.length],
              value: (n % 3) - 1,
            }),
          },
        ],
      },
      {
        name: 'map',
        requests: (_b, n) => [
          { method: 'GET', path: `/api/conversations/${c}`, cookie: who(n) },
          { method: 'GET', path: `/api/conversations/${c}/map`, cookie: who(n) },
        ],
      },
      {
        name: 'committee-room',
        requests: () => [{ method: 'GET', path: `/api/polling/${day.id}/committee-room`, cookie: organiser }],
      },
      {
        name: 'ballot',
        requests: (_b, n) => [{ method: 'GET', path: `/api/elections/${electionId}`, cookie: who(n) }],
      },
    ];
    const figures = [];
    // BENCH_DAY_PAGES=home,map runs only those pages ('none': only the vote → map rounds).
    const only = process.env.BENCH_DAY_PAGES?.split(',');
    for (const page of pages.filter((p) => !only || only.includes(p.name))) {
      const f = await load(page, apis, apiPids);
      log(JSON.stringify(f));
      figures.push(f);
    }

    // Vote → map on another process, at full size, with the load stopped.
    // One who has not taken part (another each run, when the database is used again).
    const newcomer = await signIn(
      b.base,
      `day${voters + 1 + Math.floor(Math.random() * 10_000)}@day.example.org`,
    );
    const vote = (base: string, k: number, value: number) =>
      fetch(`${base}/api/conversations/${c}/votes`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie: newcomer, origin: base },
        body: JSON.stringify({ statementId: statementIds[k], value }),
      }).then((r) => r.status);
    for (let k = 0; k < 7; k++) await vote(b.base, k, 1);
    const seen: { at: number; m: MapEvent }[] = [];
    const abort = new AbortController();
    void follow(
      `${cc.base}/api/conversations/${c}/stream`,
      newcomer,
      (m) => seen.push({ at: Date.now(), m }),
      abort.signal,
    );
    const until = Date.now() + 300_000;
    while (!seen.some((e) => e.m.me)) {
      if (Date.now() > until) throw new Error('the newcomer was never placed');
      await new Promise((r) => setTimeout(r, 50));
    }
    await new Promise((r) => setTimeout(r, 2000));
    const lags: number[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      const before = Math.max(...seen.map((e) => e.m.version));
      const sent = Date.now();
      if ((await vote(a.base, 7 + r, r % 2 === 0 ? -1 : 1)) !== 200) throw new Error('vote refused');
      for (;;) {
        const e = seen.find((x) => x.m.version > before);
        if (e) {
          lags.push(e.at - sent);
          break;
        }
        if (Date.now() - sent > 60_000) throw new Error('no map event on the other process');
        await new Promise((res) => setTimeout(res, 2));
      }
      await new Promise((res) => setTimeout(res, 600));
    }
    abort.abort();
    lags.sort((x, y) => x - y);
    process.stdout.write(
      `${JSON.stringify({
        name: 'day',
        processes: '3 api + 1 worker, PostgreSQL',
        built,
        electionRoll: onRoll,
        electionOpenMs: openMs,
        electionAnnounced: told,
        connections: CONNECTIONS,
        secondsPerPage: SECONDS,
        pages: figures,
        voteToMapOtherProcessMedianMs: quantile(lags, 0.5),
        voteToMapOtherProcessP90Ms: quantile(lags, 0.9),
        target: { voteToMapMedianMs: 250 },
      })}\n`,
    );
  } finally {
    for (const p of processes) await stopServer(p.child);
    await database.close();
    if (!process.env.BENCH_KEEP) await fresh.drop();
  }
}
