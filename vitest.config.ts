import { defineConfig } from 'vitest/config';

/**
 * Tiers (scripts/test.ts runs them and reports which ran):
 * - `unit`: the opinion engine (src/math): pure, no database; parity, quality and property tests; and
 *             the checks in scripts/.
 * - `db`:   unit and integration tests; the database is PGlite, or server PostgreSQL when TEST_DB=postgres.
 * - `e2e`:  browser tests in Debian's Chromium against the built web app.
 */
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['src/math/**/*.test.ts', 'scripts/**/*.test.ts', 'web/src/**/*.test.ts'],
          testTimeout: 120_000,
          pool: 'forks',
        },
      },
      {
        test: {
          name: 'db',
          include: ['src/**/*.test.ts', 'test/integration/**/*.test.ts'],
          exclude: ['src/math/**'],
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
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
