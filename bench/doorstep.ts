/**
 * `npm run bench -- doorstep`: the Doorstep paths over HTTP against the real server process, on PGlite and
 * (when TEST_DATABASE_URL or the local server answers) on PostgreSQL:
 * - importing a 75,000-elector register (the standard CSV layout, streamed up);
 * - cutting a segment of about 10,000 electors into walks of 60 doors;
 * - syncing 1,000 queued doorstep records the way the phone does (batches of 250, one after another);
 * - re-importing the register renumbered, every elector matched again (no target: for the record);
 * - eight bad 60 MB registers at once, each refused with its first 500 problems: the server's peak memory.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import { sql } from 'drizzle-orm';
import { openDatabase, queryRows } from '../src/db/client.ts';
import { registerCsv, syntheticRegister } from '../src/canvass/synthetic-register.ts';
import { addAssignment } from '../src/members/member.repo.ts';
import { newId } from '../src/lib/ids.ts';
import { freshDatabase, prepareVoting, signIn, startServer, stopServer } from '../test/helpers/voting.ts';
import { apiAt, PG_ADMIN, postgresAnswers } from './server-bench.ts';
import { unaudited } from '../src/core/audited.ts';

const ELECTORS = Number(process.env.BENCH_ELECTORS ?? 75_000);
const RECORDS = 1000;
const SYNC_BATCH = 250;

async function bench(kind: 'pglite' | 'postgres', csv: string, renumbered: string): Promise<void> {
  process.env.TEST_DATABASE_URL ??= PG_ADMIN;
  const fresh = await freshDatabase(kind, 'bc_bench_doorstep');
  const database = await openDatabase(fresh.target);
  const prepared = await prepareVoting(database, { members: 2, statements: 1, code: 'DOOR' });
  const [ward] = await queryRows<{ id: string }>(
    database.db,
    sql`select id from branches where code = 'DOOR-W'`,
  );
  if (!ward) throw new Error('no ward');
  const memberId = async (email = '') =>
    (await queryRows<{ id: string }>(database.db, sql`select id from members where email = ${email}`))[0];
  const organiser = await memberId(prepared.emails[0]);
  const canvasser = await memberId(prepared.emails[1]);
  if (!organiser || !canvasser) throw new Error('no members');
  await addAssignment(unaudited(database.db), {
    id: newId(),
    memberId: organiser.id,
    role: 'organiser',
    branchId: ward.id,
    grantedBy: null,
  });
  await database.close();

  const { child, base } = await startServer(fresh.env);
  try {
    const org = await signIn(base, prepared.emails[0] ?? '');
    const can = await signIn(base, prepared.emails[1] ?? '');
    const api = apiAt(base);

    let t0 = performance.now();
    const imported = await fetch(`${base}/api/canvass/branches/${ward.id}/register`, {
      method: 'POST',
      headers: { cookie: org, origin: base, 'content-type': 'text/csv' },
      body: csv,
    });
    const importSeconds = (performance.now() - t0) / 1000;
    const result = (await imported.json()) as { added?: number };
    if (!imported.ok || result.added !== ELECTORS)
      throw new Error(`import failed: ${JSON.stringify(result).slice(0, 300)}`);
    console.log(
      JSON.stringify({
        name: 'doorstep-import',
        db: kind,
        electors: ELECTORS,
        megabytes: Math.round(Buffer.byteLength(csv) / 1e5) / 10,
        seconds: Math.round(importSeconds * 100) / 100,
        electorsPerSecond: Math.round(ELECTORS / importSeconds),
        target: { seconds: 15 },
      }),
    );

    const segment = await api(org, 'POST', `/api/canvass/branches/${ward.id}/segments`, {
      name: 'Bench',
      filter: { districts: ['BW1'] },
    });
    t0 = performance.now();
    const cut = await api(org, 'POST', `/api/canvass/segments/${String(segment.id)}/walks`, {
      doorsPerWalk: 60,
    });
    const cutSeconds = (performance.now() - t0) / 1000;
    const walks = cut.walks as { id: string; doors: number }[];
    console.log(
      JSON.stringify({
        name: 'doorstep-cut-walks',
        db: kind,
        electors: cut.electors,
        walks: walks.length,
        meanDoors: Math.round(walks.reduce((s, w) => s + w.doors, 0) / walks.length),
        seconds: Math.round(cutSeconds * 1000) / 1000,
        target: { electors: 10_000, seconds: 2 },
      }),
    );

    const walk = walks[0];
    if (!walk) throw new Error('no walk');
    await api(org, 'POST', `/api/canvass/walks/${walk.id}/assignments`, { memberId: canvasser.id });
    const download = await api(can, 'GET', `/api/doorstep/walks/${walk.id}`);
    const electorIds = (download.electors as { id: string }[]).map((e) => e.id);
    const outcomes = ['not_in', 'spoke', 'spoke', 'refused'] as const;
    const queue = Array.from({ length: RECORDS }, (_, i) => ({
      id: randomUUID(),
      walkId: walk.id,
      electorId: electorIds[i % electorIds.length],
      madeAt: new Date(Date.now() - (RECORDS - i) * 100).toISOString(),
      outcome: outcomes[i % outcomes.length],
      intention: i % 4 === 1 ? 'US' : null,
      strength: i % 4 === 1 ? 2 : null,
      flags: i % 10 === 0 ? ['poster'] : [],
      issues: i % 7 === 0 ? ['housing'] : [],
      note: null,
    }));
    t0 = performance.now();
    let accepted = 0;
    for (let i = 0; i < queue.length; i += SYNC_BATCH) {
      const res = await api(can, 'POST', '/api/doorstep/records', {
        records: queue.slice(i, i + SYNC_BATCH),
      });
      accepted += (res.accepted as string[]).length;
    }
    const syncSeconds = (performance.now() - t0) / 1000;
    if (accepted !== RECORDS) throw new Error(`only ${accepted} of ${RECORDS} records were taken`);
    console.log(
      JSON.stringify({
        name: 'doorstep-sync',
        db: kind,
        records: RECORDS,
        accepted,
        batch: SYNC_BATCH,
        seconds: Math.round(syncSeconds * 1000) / 1000,
        target: { seconds: 3 },
      }),
    );

    // Next year's register: everyone renumbered; each elector found again by UPRN and name.
    t0 = performance.now();
    const again = await fetch(`${base}/api/canvass/branches/${ward.id}/register`, {
      method: 'POST',
      headers: { cookie: org, origin: base, 'content-type': 'text/csv' },
      body: renumbered,
    });
    const reimportSeconds = (performance.now() - t0) / 1000;
    const matched = (await again.json()) as { matched?: number; added?: number };
    if (!again.ok || matched.matched !== ELECTORS)
      throw new Error(`re-import failed: ${JSON.stringify(matched).slice(0, 300)}`);
    console.log(
      JSON.stringify({
        name: 'doorstep-reimport',
        db: kind,
        electors: ELECTORS,
        matched: matched.matched,
        added: matched.added,
        seconds: Math.round(reimportSeconds * 100) / 100,
      }),
    );

    // Eight bad 60 MB registers at once (every elector number wrong): each refused with its first 500
    // problems, while the server's memory stays bounded (it keeps neither the rows nor every problem).
    const bad = badRegister(csv, 60e6);
    const peakBefore = peakRssMb(child.pid);
    t0 = performance.now();
    const refused = await Promise.all(
      Array.from({ length: 8 }, async () => {
        const res = await fetch(`${base}/api/canvass/branches/${ward.id}/register`, {
          method: 'POST',
          headers: { cookie: org, origin: base, 'content-type': 'text/csv' },
          body: bad,
        });
        const body = (await res.json()) as { error?: { issues?: unknown[] } };
        return res.status === 422 && body.error?.issues?.length === 500;
      }),
    );
    console.log(
      JSON.stringify({
        name: 'doorstep-bad-imports',
        db: kind,
        files: 8,
        megabytesEach: Math.round(Buffer.byteLength(bad) / 1e6),
        refusedWith500Problems: refused.filter(Boolean).length,
        seconds: Math.round((performance.now() - t0) / 100) / 10,
        // The server's peak resident memory over its life: before these uploads (the good imports above
        // set it) and after them.
        serverPeakRssMbBefore: peakBefore,
        serverPeakRssMb: peakRssMb(child.pid),
      }),
    );
  } finally {
    await stopServer(child);
    await fresh.drop();
  }
}

/** A register of about `bytes` whose every elector number is wrong: the header, then the rows again and again. */
function badRegister(csv: string, bytes: number): string {
  const [header = '', ...rows] = csv.trimEnd().split('\n');
  const broken = rows.map((r) => r.replace(/^([^,]*),\d+,/, '$1,x,')).join('\n');
  const copies = Math.ceil(bytes / Buffer.byteLength(broken));
  return [header, ...Array.from({ length: copies }, () => broken)].join('\n');
}

/** The process's peak resident memory (Linux), in MB. */
function peakRssMb(pid: number | undefined): number | null {
  try {
    const kb = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb ? Math.round(Number(kb) / 1024) : null;
  } catch {
    return null;
  }
}

export async function run(): Promise<void> {
  const register = syntheticRegister({
    electors: ELECTORS,
    districts: ['BW1', 'BW2', 'BW3', 'BW4', 'BW5', 'BW6', 'BW7'],
    seed: 75,
    withUprn: true,
  });
  const csv = registerCsv(register);
  const renumbered = registerCsv(register.map((e) => ({ ...e, number: e.number + 50_000 })));
  await bench('pglite', csv, renumbered);
  if (await postgresAnswers()) await bench('postgres', csv, renumbered);
}
