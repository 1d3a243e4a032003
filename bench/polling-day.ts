/**
 * `npm run bench -- polling-day`: polling day over HTTP against the real server process, on PGlite and (when
 * TEST_DATABASE_URL or the local server answers) on PostgreSQL. A ward of 40,000 electors with 10,000
 * pledges in 40 walks and eight polling stations:
 * - 50 tellers send 20,000 numbers in batches of 25 as phones do, spread over 20 s, a fifth of the
 *   batches sent twice (an answer lost on the way back): every number stored once; p99 per batch; then
 *   every phone resends its whole queue at once (a burst, for the record);
 * - the committee room refreshed (10,000 pledges, 20,000 numbers);
 * - the knock-up lists of all 40 walks, one after another.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { openDatabase, queryRows, type Database } from '../src/db/client.ts';
import { canvassRecords } from '../src/db/schema/index.ts';
import {
  cutWalks,
  syntheticElectorValues,
  insertElectors,
  storeWalks,
  syntheticRegister,
  walkablesOf,
} from '../src/canvass/index.ts';
import { addAssignment } from '../src/members/member.repo.ts';
import { refreshElectorStatistics } from '../src/canvass/register.repo.ts';
import { newId } from '../src/lib/ids.ts';
import { freshDatabase, prepareVoting, signIn, startServer, stopServer } from '../test/helpers/voting.ts';
import { apiAt, PG_ADMIN, postgresAnswers, quantile } from './server-bench.ts';
import { unaudited } from '../src/core/audited.ts';

const ELECTORS = 40_000;
const PLEDGES = 10_000;
const TELLERS = 50;
const NUMBERS = 20_000;
const BATCH = 25;
const NUMBERS_PER_SECOND = 1000;
const DISTRICTS = ['BW1', 'BW2', 'BW3', 'BW4', 'BW5', 'BW6', 'BW7', 'BW8'];

const round = (x: number, places = 3) => Number(x.toFixed(places));

/** The ward: its register, a doorstep record for every other elector (a quarter of all are pledges), walks. */
async function seedWard(database: Database, wardId: string, wardPath: string) {
  const people = syntheticRegister({ electors: ELECTORS, districts: DISTRICTS, seed: 16 });
  const rows = syntheticElectorValues(people, wardId);
  await insertElectors(database.db, rows);
  const records = rows
    .filter((_, i) => i % 2 === 0)
    .map((e, i) => ({
      id: randomUUID(),
      electorId: e.id,
      branchId: wardId,
      madeAt: new Date(Date.now() - 86_400_000 * (1 + (i % 20))),
      outcome: 'spoke' as const,
      intention: i % 2 === 0 ? 'US' : 'LAB',
      strength: 3,
    }));
  for (let i = 0; i < records.length; i += 5000)
    await database.db.insert(canvassRecords).values(records.slice(i, i + 5000));
  const pledged = await walkablesOf(database.db, wardPath, { intention: ['US'] });
  if (pledged.length !== PLEDGES) throw new Error(`${pledged.length} pledges, not ${PLEDGES}`);
  // About 40 walks of the pledges' doors.
  const doors = new Set(pledged.map((p) => p.door)).size;
  const walks = await storeWalks(database.db, wardId, null, cutWalks(pledged, Math.ceil(doors / 40)));
  return { people: rows, pledgeIds: new Set(pledged.map((p) => p.id)), walks: walks.map((w) => w.id) };
}

async function bench(kind: 'pglite' | 'postgres'): Promise<void> {
  process.env.TEST_DATABASE_URL ??= PG_ADMIN;
  const fresh = await freshDatabase(kind, 'bc_bench_polling');
  const database = await openDatabase(fresh.target);
  const prepared = await prepareVoting(database, { members: TELLERS + 1, statements: 1, code: 'POLL' });
  const [ward] = await queryRows<{ id: string; path: string }>(
    database.db,
    sql`select id, path from branches where code = 'POLL-W'`,
  );
  if (!ward) throw new Error('no ward');
  const members = await queryRows<{ id: string; email: string }>(
    database.db,
    sql`select id, email from members order by email`,
  );
  const organiser = members.find((m) => m.email === prepared.emails[0]);
  if (!organiser) throw new Error('no organiser');
  await addAssignment(unaudited(database.db), {
    id: newId(),
    memberId: organiser.id,
    role: 'organiser',
    branchId: ward.id,
    grantedBy: null,
  });
  const seeded = await seedWard(database, ward.id, ward.path);
  // As a register import does after its bulk write.
  await refreshElectorStatistics(database.db);
  await database.db.execute(sql`analyze canvass_records`);
  await database.close();

  const { child, base } = await startServer(fresh.env);
  try {
    const api = apiAt(base);
    const org = await signIn(base, organiser.email);
    const day = await api(org, 'POST', `/api/canvass/branches/${ward.id}/polling-days`, {
      name: 'Bench election',
      heldOn: new Date().toISOString().slice(0, 10),
      rule: { codes: ['US'], minStrength: 2 },
      target: 6000,
      stations: DISTRICTS.map((d) => ({ name: `Station ${d}`, address: `${d} Hall`, districts: [d] })),
    });
    const electionId = String(day.id);
    const stations = day.stations as { id: string; districts: string[] }[];
    // Tellers on duty round the stations.
    const tellers = members.filter((m) => m.id !== organiser.id).slice(0, TELLERS);
    for (const [i, m] of tellers.entries())
      await api(
        org,
        'PUT',
        `/api/polling/${electionId}/stations/${stations[i % stations.length]?.id}/tellers`,
        {
          memberId: m.id,
        },
      );
    const cookies = await Promise.all(tellers.map((m) => signIn(base, m.email)));

    // 20,000 numbers: most pledges, and others; each taken by a teller at its district's station, typed in
    // the forms tellers use.
    const stationOf = new Map(stations.map((s) => [s.districts[0], s.id]));
    // Three in five pledges vote (electors 0, 4, 8… are the pledges), and others make up the rest.
    const pledgesVoting = seeded.people.filter((_, i) => i % 4 === 0 && (i / 4) % 5 < 3);
    const others = seeded.people.filter((_, i) => i % 4 !== 0).slice(0, NUMBERS - pledgesVoting.length);
    const voters = [...pledgesVoting, ...others];
    const queues: { id: string; stationId: string; entered: string; takenAt: string }[][] = tellers.map(
      () => [],
    );
    voters.forEach((e, i) => {
      const stationId = stationOf.get(e.district) ?? '';
      const mine = tellers.map((_, t) => t).filter((t) => stations[t % stations.length]?.id === stationId);
      const teller = mine[i % mine.length] ?? 0;
      const forms = [`${e.number}`, `${e.district}-${e.number}`, `${e.number}/0`];
      queues[teller]?.push({
        id: randomUUID(),
        stationId,
        entered: forms[i % 3] ?? '',
        takenAt: new Date(Date.now() - (NUMBERS - i) * 50).toISOString(),
      });
    });
    // As phones do on the day: each sends a batch when 25 numbers wait, the fifty phones' batches spread
    // over time (1,000 numbers a second in all: the day's 20,000 in 20 s), a fifth sent twice (an answer
    // lost on the way back). Then a burst: every phone back online at once resending its whole queue.
    const send = async (paced: boolean) => {
      const latencies: number[] = [];
      let accepted = 0;
      const gapMs = (BATCH * TELLERS * 1000) / NUMBERS_PER_SECOND;
      const t0 = performance.now();
      await Promise.all(
        queues.map(async (queue, t) => {
          for (let i = 0; i < queue.length; i += BATCH) {
            if (paced) {
              const due = t0 + (t * gapMs) / TELLERS + (i / BATCH) * gapMs;
              await new Promise((r) => setTimeout(r, Math.max(0, due - performance.now())));
            }
            const batch = queue.slice(i, i + BATCH);
            for (let again = 0; again < (paced && (i / BATCH) % 5 === 0 ? 2 : 1); again++) {
              const s = performance.now();
              const res = await api(cookies[t] ?? '', 'POST', '/api/polling/telling', { entries: batch });
              latencies.push(performance.now() - s);
              if (again === 0) accepted += (res.accepted as string[]).length;
            }
          }
        }),
      );
      return { latencies, accepted, seconds: (performance.now() - t0) / 1000 };
    };
    const { latencies, accepted, seconds } = await send(true);
    const burst = await send(false);
    // What the server holds: numbers stored (not undone) and those that matched an elector, as the
    // committee room counts them.
    const held = (await api(org, 'GET', `/api/polling/${electionId}/committee-room`)).totals as {
      numbers: number;
      unmatched: number;
    };
    console.log(
      JSON.stringify({
        name: 'polling-day-telling',
        db: kind,
        tellers: TELLERS,
        numbers: NUMBERS,
        batch: BATCH,
        batchesSent: latencies.length,
        accepted,
        stored: held.numbers,
        unmatched: held.unmatched,
        seconds: round(seconds, 2),
        batchMedianMs: round(quantile(latencies, 0.5), 1),
        batchP99Ms: round(quantile(latencies, 0.99), 1),
        target: { stored: NUMBERS, batchP99Ms: 200 },
      }),
    );
    console.log(
      JSON.stringify({
        name: 'polling-day-telling-burst',
        db: kind,
        tellers: TELLERS,
        batchesSent: burst.latencies.length,
        acceptedAgain: burst.accepted,
        seconds: round(burst.seconds, 2),
        batchesPerSecond: Math.round(burst.latencies.length / burst.seconds),
        batchMedianMs: round(quantile(burst.latencies, 0.5), 1),
        batchP99Ms: round(quantile(burst.latencies, 0.99), 1),
      }),
    );

    const refreshes: number[] = [];
    let room: Record<string, unknown> = {};
    for (let i = 0; i < 6; i++) {
      const s = performance.now();
      room = await api(org, 'GET', `/api/polling/${electionId}/committee-room`);
      refreshes.push(performance.now() - s);
    }
    const totals = room.totals as { pledges: number; voted: number; numbers: number };
    console.log(
      JSON.stringify({
        name: 'polling-day-committee-room',
        db: kind,
        pledges: totals.pledges,
        pledgesVoted: totals.voted,
        numbers: totals.numbers,
        walks: (room.walks as unknown[]).length,
        firstMs: round(refreshes[0] ?? 0, 1),
        medianMs: round(quantile(refreshes.slice(1), 0.5), 1),
        target: { pledges: PLEDGES, numbers: NUMBERS, medianMs: 300 },
      }),
    );

    const k0 = performance.now();
    let listed = 0;
    for (const walkId of seeded.walks)
      listed += (
        (await api(org, 'GET', `/api/polling/${electionId}/knockup/${walkId}`)).electors as unknown[]
      ).length;
    console.log(
      JSON.stringify({
        name: 'polling-day-knockup-lists',
        db: kind,
        walks: seeded.walks.length,
        electorsListed: listed,
        seconds: round((performance.now() - k0) / 1000),
        target: { walks: 40, seconds: 1 },
      }),
    );
  } finally {
    await stopServer(child);
    // BENCH_KEEP=1 keeps the database for a look at its plans.
    if (!process.env.BENCH_KEEP) await fresh.drop();
  }
}

export async function run(): Promise<void> {
  const dbs = process.env.BENCH_DBS?.split(',') ?? ['pglite', 'postgres'];
  if (dbs.includes('pglite')) await bench('pglite');
  if (dbs.includes('postgres') && (await postgresAnswers())) await bench('postgres');
}
