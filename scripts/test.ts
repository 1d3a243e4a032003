/**
 * `npm test`: runs every test tier this machine can run and says which ran.
 *
 *   static      format check, type-aware lint, tsc --noEmit, the architecture check
 *   unit        no database: the opinion engine's unit, parity, quality and property tests, the rules, the
 *               contract and its client, the scripts
 *   medium      each domain's services and repositories against a real database, without HTTP (PGlite)
 *   pglite      through HTTP and whole processes: status codes, validation, permissions, outages (PGlite)
 *   postgres    the medium and pglite tiers' files again on server PostgreSQL (TEST_DATABASE_URL, or the
 *               local default): only the tests that touch a database
 *   browser     Chromium journeys against the built app (/usr/bin/chromium)
 *
 * Which tier a test file is in follows from what it imports (vitest.config.ts).
 *
 * `npm test -- --require-all` (what .ci/run uses) fails when any tier could not run.
 * `npm test -- --tier pglite` runs one tier.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';

const root = path.resolve(import.meta.dirname, '..');
const bin = (name: string) => path.join(root, 'node_modules/.bin', name);
const DEFAULT_PG = 'postgres://postgres@127.0.0.1:5432/test';

const { values } = parseArgs({
  args: process.argv.slice(2),
  options: { 'require-all': { type: 'boolean' }, tier: { type: 'string', multiple: true } },
});

interface Outcome {
  tier: string;
  ran: boolean;
  ok: boolean;
  passed: number;
  failed: number;
  note: string;
}

function run(cmd: string, args: string[], env: Record<string, string> = {}): boolean {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  return r.status === 0;
}

/**
 * Runs `cmd` with its output kept, and prints it whole when it ends (so that steps run side by side do not
 * interleave their lines). Resolves to whether it succeeded.
 */
function runQuietly(cmd: string, args: string[]): Promise<boolean> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: root, env: process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => out.push(b));
    child.on('error', (err) => {
      process.stdout.write(`${path.basename(cmd)}: ${err.message}\n`);
      resolve(false);
    });
    child.on('close', (code) => {
      process.stdout.write(Buffer.concat(out));
      resolve(code === 0);
    });
  });
}

/** Runs the steps, as many at once as the machine has cores; resolves to how many succeeded. */
async function runSideBySide(steps: [string, string[]][]): Promise<number> {
  const queue = [...steps];
  let passed = 0;
  const lane = async () => {
    for (let step = queue.shift(); step; step = queue.shift()) if (await runQuietly(...step)) passed += 1;
  };
  await Promise.all(Array.from({ length: Math.min(os.availableParallelism(), steps.length) }, lane));
  return passed;
}

function vitest(tier: string, projects: string[], env: Record<string, string>): Outcome {
  const report = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'bc-vitest-')), 'report.json');
  const started = Date.now();
  const ok = run(
    bin('vitest'),
    [
      'run',
      ...projects.flatMap((p) => ['--project', p]),
      '--reporter=default',
      '--reporter=json',
      `--outputFile.json=${report}`,
    ],
    env,
  );
  const seconds = Math.round((Date.now() - started) / 1000);
  let passed = 0;
  let failed = 0;
  try {
    const r = JSON.parse(fs.readFileSync(report, 'utf8')) as {
      numPassedTests: number;
      numFailedTests: number;
    };
    passed = r.numPassedTests;
    failed = r.numFailedTests;
  } catch {
    // No report: the run died before writing it; `ok` is false then.
  }
  return { tier, ran: true, ok: ok && passed > 0, passed, failed, note: `${seconds} s` };
}

async function postgresUrl(): Promise<string | null> {
  const url = process.env.TEST_DATABASE_URL || DEFAULT_PG;
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('select 1');
    return url;
  } catch {
    return null;
  } finally {
    await client.end().catch(() => undefined);
  }
}

const wanted = (tier: string) => !values.tier || values.tier.includes(tier);
const outcomes: Outcome[] = [];

if (wanted('static')) {
  // The slowest first: the others fill the remaining cores around it.
  const steps: [string, string[]][] = [
    [bin('eslint'), ['.']],
    [bin('prettier'), ['--check', '--log-level', 'warn', '.']],
    // The server (Node's globals only), the web app (the browser's), the browser tests (both).
    [bin('tsc'), ['--noEmit', '-p', 'tsconfig.json']],
    [bin('tsc'), ['--noEmit', '-p', 'web/tsconfig.json']],
    [bin('tsc'), ['--noEmit', '-p', 'test/e2e/tsconfig.json']],
    [process.execPath, [path.join(root, 'scripts/check-architecture.ts')]],
  ];
  const started = Date.now();
  const passed = await runSideBySide(steps);
  outcomes.push({
    tier: 'static',
    ran: true,
    ok: passed === steps.length,
    passed,
    failed: steps.length - passed,
    note: `format, lint, typecheck, architecture; ${Math.round((Date.now() - started) / 1000)} s`,
  });
}

if (wanted('unit')) outcomes.push(vitest('unit', ['unit'], {}));
if (wanted('medium')) outcomes.push(vitest('medium', ['medium'], { TEST_DB: 'pglite' }));
if (wanted('pglite')) outcomes.push(vitest('pglite', ['db'], { TEST_DB: 'pglite' }));

if (wanted('postgres')) {
  const url = await postgresUrl();
  if (url)
    outcomes.push(vitest('postgres', ['medium', 'db'], { TEST_DB: 'postgres', TEST_DATABASE_URL: url }));
  else
    outcomes.push({
      tier: 'postgres',
      ran: false,
      ok: false,
      passed: 0,
      failed: 0,
      note: `no PostgreSQL at ${process.env.TEST_DATABASE_URL || DEFAULT_PG}`,
    });
}

if (wanted('browser')) {
  if (fs.existsSync('/usr/bin/chromium')) outcomes.push(vitest('browser', ['e2e'], {}));
  else
    outcomes.push({
      tier: 'browser',
      ran: false,
      ok: false,
      passed: 0,
      failed: 0,
      note: 'no /usr/bin/chromium (apt-get install chromium)',
    });
}

process.stdout.write('\nTest tiers:\n');
for (const o of outcomes) {
  const state = !o.ran ? 'SKIPPED' : o.ok ? 'passed ' : 'FAILED ';
  process.stdout.write(
    `  ${o.tier.padEnd(9)} ${state} ${o.ran ? `${o.passed} passed, ${o.failed} failed` : ''}${o.note ? `  (${o.note})` : ''}\n`,
  );
}
const skipped = outcomes.filter((o) => !o.ran);
const failed = outcomes.filter((o) => o.ran && !o.ok);
const total = outcomes.reduce((a, o) => ({ passed: a.passed + o.passed, failed: a.failed + o.failed }), {
  passed: 0,
  failed: 0,
});
if (values['require-all'] && skipped.length > 0) {
  process.stdout.write(
    `\n--require-all: these tiers did not run: ${skipped.map((o) => o.tier).join(', ')}\n`,
  );
}
process.stdout.write(
  `\n${total.passed} passed, ${total.failed + (values['require-all'] ? skipped.length : 0)} failed\n`,
);
process.exitCode = failed.length > 0 || (values['require-all'] && skipped.length > 0) ? 1 : 0;
