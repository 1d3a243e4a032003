/**
 * A voting fixture shared by the crash test and the ingest benchmark: a fresh database with signed-up
 * members and an open conversation, the real server in its own process, and sign-in over HTTP.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import fs from 'node:fs';
import os from 'node:os';
import pg from 'pg';
import { openDatabase, type Database, type DatabaseTarget } from '../../src/db/client.ts';
import { migrate } from '../../src/db/migrate.ts';
import { conversations, statements } from '../../src/db/schema/index.ts';
import { newId } from '../../src/lib/ids.ts';
import { insertBranch } from '../../src/members/branch.repo.ts';
import { insertMembers } from '../../src/members/member.repo.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');

export interface Prepared {
  conversationId: string;
  statementIds: string[];
  emails: string[];
}

/** Migrates the database and adds a branch, members and an open conversation of accepted statements. */
export async function prepareVoting(
  db: Database,
  size: { members: number; statements: number; code?: string },
): Promise<Prepared> {
  await migrate(db.db);
  const party = await insertBranch(db.db, {
    id: newId(),
    parent: null,
    kind: 'party',
    name: 'Bench',
    code: size.code ?? 'BENCH',
  });
  const ward = await insertBranch(db.db, {
    id: newId(),
    parent: party,
    kind: 'ward',
    name: 'Ward',
    code: `${size.code ?? 'BENCH'}-W`,
  });
  const emails = Array.from({ length: size.members }, (_, i) => `voter${i}@bench.broadchurch.org`);
  await insertMembers(
    db.db,
    emails.map((email, i) => ({
      id: newId(),
      name: `Voter ${i}`,
      email,
      phone: null,
      homeWardId: ward.id,
      joinedOn: '2026-01-01',
      // On the platform since they joined, as members of a party that has used it for a while.
      createdAt: new Date('2026-01-01T09:00:00Z'),
      status: 'active' as const,
      invitedBy: null,
    })),
  );
  const conversationId = newId();
  await db.db.insert(conversations).values({
    id: conversationId,
    branchId: party.id,
    title: 'Bench',
    question: 'Bench?',
    opensAt: new Date(Date.now() - 1000),
    access: 'branch',
    moderation: 'post',
    linkToken: newId().replace(/-/g, ''),
    nextStatement: size.statements,
  });
  const statementIds = Array.from({ length: size.statements }, () => newId());
  await db.db.insert(statements).values(
    statementIds.map((id, number) => ({
      id,
      conversationId,
      number,
      text: `Statement ${number}`,
      status: 'accepted' as const,
    })),
  );
  return { conversationId, statementIds, emails };
}

/**
 * An empty database for server processes: a PGlite data folder, or a new database on the test server
 * (TEST_DATABASE_URL). `drop` removes it.
 */
export async function freshDatabase(
  kind: 'pglite' | 'postgres',
  name: string,
  opts: { empty?: boolean } = {},
): Promise<{ target: DatabaseTarget; env: Record<string, string>; drop: () => Promise<void> }> {
  // In a test run the database starts migrated, from the run's snapshot or template (much quicker than
  // initdb and every migration); `empty` asks for a database with nothing in it at all.
  const migrated = opts.empty ? null : await testRunMigrated(kind);
  if (kind === 'pglite') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), `${name}-`));
    if (migrated) {
      const db = await openDatabase({
        kind: 'pglite',
        dataDir: dir,
        loadFrom: new Blob([fs.readFileSync(migrated)]),
      });
      await db.close();
    }
    return {
      target: { kind: 'pglite', dataDir: dir },
      env: { DATA_DIR: dir, DATABASE_URL: '' },
      drop: () => {
        fs.rmSync(dir, { recursive: true, force: true });
        fs.rmSync(`${dir}.lock`, { recursive: true, force: true });
        fs.rmSync(`${dir}.sock`, { force: true });
        return Promise.resolve();
      },
    };
  }
  const admin = async (query: string) => {
    const a = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
    await a.connect();
    await a.query(query);
    await a.end();
  };
  await admin(`drop database if exists ${name} with (force)`);
  await admin(`create database ${name}${migrated ? ` template ${migrated}` : ''}`);
  const url = new URL(process.env.TEST_DATABASE_URL ?? '');
  url.pathname = `/${name}`;
  return {
    target: { kind: 'postgres', url: url.toString() },
    env: { DATABASE_URL: url.toString() },
    drop: () => admin(`drop database if exists ${name} with (force)`),
  };
}

/** Inside a test run: the migrated PGlite snapshot's file, or the PostgreSQL template's name. */
async function testRunMigrated(kind: 'pglite' | 'postgres'): Promise<string | null> {
  if (!process.env.VITEST) return null;
  const { inject } = await import('vitest');
  const value = kind === 'pglite' ? inject('pgliteSnapshot') : inject('postgresTemplate');
  return value || null;
}

/** Stops a server started by `startServer`: SIGTERM, and SIGKILL if it has not exited within a minute. */
export async function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
  await exited;
  clearTimeout(timer);
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (addr && typeof addr === 'object' ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}

/** How long a server may take to answer once started, on a loaded CI machine: generous, never a guess at the time. */
const START_LIMIT_MS = 300_000;

export interface Served {
  child: ChildProcess;
  base: string;
  /** What the process has printed so far (standard output and error). */
  output: () => string;
}

/**
 * Starts `bin/broadchurch serve` on a free port with the given environment (and `--no-seed` unless `seed`);
 * resolves once it answers /api/health, and fails at once if the process exits first. `wrap` runs it
 * through another command (`ip netns exec NAME`: on another host), reached at `address`.
 */
export async function startServer(
  env: Record<string, string>,
  opts: { seed?: boolean; host?: string; role?: 'api'; wrap?: string[]; address?: string } = {},
): Promise<Served> {
  const port = await freePort();
  const base = `http://${opts.address ?? '127.0.0.1'}:${port}`;
  const args = ['serve', ...(opts.seed ? [] : ['--no-seed']), ...(opts.role ? ['--role', opts.role] : [])];
  const { child, output } = spawnBroadchurch(
    args,
    {
      HOST: opts.host ?? '127.0.0.1',
      PORT: String(port),
      PUBLIC_URL: base,
      SIGN_IN_RATE_LIMIT: '10000',
      SIGN_IN_CODES_PER_EMAIL: '10000',
      SIGN_IN_CODES_PER_ADDRESS: '1000000',
      SIGN_IN_GUESSES_PER_ADDRESS: '100000',
      ...env,
    },
    opts.wrap,
  );
  const until = Date.now() + START_LIMIT_MS;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}:\n${output()}`);
    try {
      if ((await fetch(`${base}/api/health`)).ok) break;
    } catch {
      // not up yet
    }
    if (Date.now() > until) throw new Error('server did not start');
    await new Promise((r) => setTimeout(r, 200));
  }
  return { child, base, output };
}

/**
 * Starts `bin/broadchurch serve --role worker` (the analysis and the jobs, no HTTP) and waits until it says
 * it is running.
 */
export async function startWorkerProcess(env: Record<string, string>): Promise<Served> {
  const { child, output } = spawnBroadchurch(['serve', '--role', 'worker'], env);
  const until = Date.now() + START_LIMIT_MS;
  while (!output().includes('worker is running')) {
    if (child.exitCode !== null) throw new Error(`worker exited with ${child.exitCode}:\n${output()}`);
    if (Date.now() > until) throw new Error('worker did not start');
    await new Promise((r) => setTimeout(r, 100));
  }
  return { child, base: '', output };
}

/**
 * Runs `bin/broadchurch` in development with warnings logged and no demo (`env` adds to or overrides that),
 * collecting what it prints and passing its standard error through.
 */
function spawnBroadchurch(args: string[], env: Record<string, string>, wrap: string[] = []) {
  const bin = path.join(ROOT, 'bin/broadchurch');
  const [command, ...rest] = wrap.length > 0 ? [...wrap, bin, ...args] : [bin, ...args];
  const child = spawn(command ?? bin, rest, {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: 'development', LOG_LEVEL: 'warn', SEED_DEMO: 'false', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let printed = '';
  child.stdout?.on('data', (d: Buffer) => (printed += d.toString()));
  child.stderr?.on('data', (d: Buffer) => {
    printed += d.toString();
    process.stderr.write(d);
  });
  return { child, output: () => printed };
}

/** Runs `bin/broadchurch serve` expecting it to refuse to start: resolves with its exit code and output. */
export async function serveRefused(
  env: Record<string, string>,
  args: string[] = [],
): Promise<{ code: number | null; output: string }> {
  const child = spawn(path.join(ROOT, 'bin/broadchurch'), ['serve', ...args], {
    cwd: ROOT,
    env: { ...process.env, PORT: String(await freePort()), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let printed = '';
  child.stdout?.on('data', (d: Buffer) => (printed += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (printed += d.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
  return { code, output: printed };
}

/** Signs a member in through the email-code flow (reading the outbox) and returns the cookie header. */
export async function signIn(base: string, email: string): Promise<string> {
  const post = (url: string, body: unknown) =>
    fetch(`${base}${url}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: base },
      body: JSON.stringify(body),
    });
  await post('/api/auth/email-otp/send-verification-otp', { email, type: 'sign-in' });
  const box = (await (await fetch(`${base}/api/dev/outbox?to=${encodeURIComponent(email)}`)).json()) as {
    messages: { subject: string }[];
  };
  // The newest sign-in code: other mail (a notification sent by the worker meanwhile) may be newer.
  const code =
    box.messages.map((m) => /sign-in code: (\d{6})/.exec(m.subject)?.[1]).find((c) => c !== undefined) ?? '';
  const res = await post('/api/auth/sign-in/email-otp', { email, otp: code });
  if (!res.ok) throw new Error(`sign-in failed: ${res.status}`);
  return res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
}

/**
 * Members voting as fast as they can, one client each, every statement once: the votes acknowledged
 * (answered 200), as `${client}:${statement}` → value. `stop()` ends the clients early; they also end when
 * the server is gone.
 */
export function voteUnderLoad(base: string, prepared: Prepared, cookies: readonly string[]) {
  const acknowledged = new Map<string, number>();
  let stopped = false;
  const statements = prepared.statementIds.length;
  const client = async (i: number) => {
    for (let k = 0; k < statements && !stopped; k++) {
      const statementId = prepared.statementIds[(k + i) % statements] ?? '';
      const value = ((i + k) % 3) - 1;
      try {
        const res = await fetch(`${base}/api/conversations/${prepared.conversationId}/votes`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', cookie: cookies[i] ?? '', origin: base },
          body: JSON.stringify({ statementId, value }),
        });
        if (res.status === 200) acknowledged.set(`${i}:${statementId}`, value);
        else await res.text(); // refused (a 503 while stopping): not acknowledged
      } catch {
        return; // the server is gone
      }
    }
  };
  const done = Promise.all(cookies.map((_, i) => client(i)));
  return {
    acknowledged,
    done,
    stop: () => {
      stopped = true;
    },
  };
}

/** Asks a (restarted) server for each client's votes; returns the acknowledged votes it lacks or has wrong. */
export async function missingVotes(
  base: string,
  prepared: Prepared,
  cookies: readonly string[],
  acknowledged: ReadonlyMap<string, number>,
): Promise<string[]> {
  const missing: string[] = [];
  for (let i = 0; i < cookies.length; i++) {
    const res = await fetch(`${base}/api/conversations/${prepared.conversationId}/my-votes`, {
      headers: { cookie: cookies[i] ?? '' },
    });
    if (res.status !== 200) throw new Error(`my-votes of client ${i}: ${res.status}`);
    const mine = (await res.json()) as { votes: { statementId: string; value: number }[] };
    const stored = new Map(mine.votes.map((v) => [v.statementId, v.value]));
    for (const [key, value] of acknowledged) {
      const [c, statementId = ''] = key.split(':');
      if (Number(c) === i && stored.get(statementId) !== value) missing.push(key);
    }
  }
  return missing;
}

/** A live map event, as much of it as the tests and benches read. */
export interface MapEvent {
  version: number;
  participants: number;
  me: { x: number; y: number; votes: number } | null;
}

/** Reads a live map's stream, calling `onMap` with each map event, until `signal` aborts. */
export async function follow(url: string, cookie: string, onMap: (m: MapEvent) => void, signal: AbortSignal) {
  const res = await fetch(url, { headers: { cookie, accept: 'text/event-stream' }, signal });
  if (!res.body) throw new Error('no stream');
  const decoder = new TextDecoder();
  let buffered = '';
  try {
    for await (const chunk of res.body) {
      buffered += decoder.decode(chunk as Uint8Array, { stream: true });
      for (let end = buffered.indexOf('\n\n'); end >= 0; end = buffered.indexOf('\n\n')) {
        const event = buffered.slice(0, end);
        buffered = buffered.slice(end + 2);
        const data = /^data: (.*)$/m.exec(event)?.[1];
        if (/^event: map$/m.test(event) && data) onMap(JSON.parse(data) as MapEvent);
      }
    }
  } catch {
    // aborted
  }
}
