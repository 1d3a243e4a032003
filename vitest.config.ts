import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { defineConfig } from 'vitest/config';

/**
 * Tiers (scripts/test.ts runs them and reports which ran). A test file's tier follows from what it uses,
 * read from its imports, so a new file lands in the right one by itself:
 * - `unit`:   no database: the opinion engine (src/math), rules, the contract, the checks in scripts/, the
 *             web app's logic.
 * - `medium`: a real database, no HTTP: services and repositories called directly (as immich's "medium"
 *             tests), and the platform's database code. PGlite, or server PostgreSQL when TEST_DB=postgres.
 * - `db`:     through HTTP (`app.inject()`) or whole processes (test/integration): status codes,
 *             validation, permissions, outages, crashes. PGlite, or server PostgreSQL.
 * - `e2e`:    browser tests in Debian's Chromium against the built web app.
 */
const root = import.meta.dirname;

function testsIn(dir: string): string[] {
  const abs = path.join(root, dir);
  if (!fs.existsSync(abs)) return [];
  return fs.readdirSync(abs, { withFileTypes: true }).flatMap((e) => {
    const rel = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' || e.name === 'dist' ? [] : testsIn(rel);
    return /\.test\.ts$/.test(e.name) ? [rel.split(path.sep).join('/')] : [];
  });
}

const DATABASE =
  /helpers\/(db|app|service|factories|voting|big-branch|fill-tables|personal-data|streams|doorstep|polling-ward)\.ts/;
const HTTP = /helpers\/app\.ts|server\/app\.ts|helpers\/streams\.ts/;
const read = (f: string) => fs.readFileSync(path.join(root, f), 'utf8');

const candidates = [...testsIn('src'), ...testsIn('test/integration')].filter(
  (f) => !f.startsWith('src/math/'),
);
// Every integration test needs a database (the restore drill makes its own PostgreSQL cluster).
const withDb = candidates.filter((f) => f.startsWith('test/integration/') || DATABASE.test(read(f)));
const noDb = candidates.filter((f) => !withDb.includes(f));
/** The integration tests run whole servers (through HTTP or as processes), whatever they import. */
const throughHttp = withDb.filter((f) => f.startsWith('test/integration/') || HTTP.test(read(f)));
const medium = withDb.filter((f) => !throughHttp.includes(f));

export default defineConfig({
  test: {
    // One worker per core (Vitest would leave one idle): the tiers are CPU-bound, PGlite included.
    maxWorkers: os.availableParallelism(),
    projects: [
      {
        test: {
          name: 'unit',
          include: ['src/math/**/*.test.ts', 'scripts/**/*.test.ts', 'web/src/**/*.test.ts', ...noDb],
          testTimeout: 120_000,
          pool: 'forks',
        },
      },
      {
        test: {
          name: 'medium',
          include: medium,
          isolate: false,
          globalSetup: ['test/helpers/global-setup.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
          pool: 'forks',
        },
      },
      {
        test: {
          name: 'db',
          include: throughHttp,
          // Modules are loaded once per worker, not once per file: no module keeps state of its own
          // (ARCHITECTURE.md), and loading the app's modules was a quarter of this tier's time.
          isolate: false,
          globalSetup: ['test/helpers/global-setup.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
          pool: 'forks',
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.e2e.ts'],
          globalSetup: ['test/e2e/global-setup.ts'],
          // Two files at a time (one per core) against the one server: a journey that takes 50 s on a
          // loaded 2-core machine must not fail for the machine's sake. Each step waits for readiness.
          testTimeout: 180_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
