/**
 * The deployment recipe's restore, tried: a PostgreSQL cluster set up as deploy/postgresql/broadchurch.conf
 * says (WAL archived as it fills), a base backup taken when the schema is all it holds, then a party's
 * worth of data written (the demo: members, a conversation and its votes), then
 * deploy/postgresql/restore-drill.sh run on the base backup and the archive: everything written after the
 * base backup comes back from the WAL. Needs PostgreSQL's server programs and a `postgres` user to run them
 * as (root here, as on CI); skipped where they are missing.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase, queryRows } from '../../src/db/client.ts';
import { migrate } from '../../src/db/migrate.ts';
import { seedDemo } from '../../src/demo/index.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const versions = fs.existsSync('/usr/lib/postgresql') ? fs.readdirSync('/usr/lib/postgresql').sort() : [];
const BIN = versions.length ? `/usr/lib/postgresql/${versions.at(-1) ?? ''}/bin` : '';
const asPostgres = process.getuid?.() === 0 && BIN !== '' && fs.existsSync(`${BIN}/initdb`);
const kind = process.env.TEST_DB === 'postgres' ? 'postgres' : 'pglite';
const PORT = 20_000 + (process.pid % 10_000);

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bc-drill-'));
const run = (cmd: string, args: string[]) =>
  execFileSync('runuser', ['-u', 'postgres', '--', cmd, ...args], { encoding: 'utf8', stdio: 'pipe' });

afterAll(() => {
  try {
    run(`${BIN}/pg_ctl`, ['-D', `${dir}/primary`, '-m', 'immediate', 'stop']);
  } catch {
    // not running
  }
  fs.rmSync(dir, { recursive: true, force: true });
});

describe.runIf(kind === 'postgres' && asPostgres)('restoring from a base backup and the WAL archive', () => {
  it('brings back everything written after the base backup', { timeout: 300_000 }, async () => {
    fs.mkdirSync(`${dir}/archive`);
    fs.chmodSync(dir, 0o755);
    execFileSync('chown', ['-R', 'postgres', dir]);
    run(`${BIN}/initdb`, ['-D', `${dir}/primary`, '-A', 'trust']);
    // The recipe's settings, with this test's paths and port.
    const recipe = fs
      .readFileSync(path.join(ROOT, 'deploy/postgresql/broadchurch.conf'), 'utf8')
      .replaceAll('/var/lib/postgresql/wal-archive', `${dir}/archive`);
    fs.appendFileSync(
      `${dir}/primary/postgresql.conf`,
      `${recipe}\nport = ${PORT}\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = '${dir}'\n`,
    );
    run(`${BIN}/pg_ctl`, ['-D', `${dir}/primary`, '-l', `${dir}/primary.log`, '-w', '-t', '120', 'start']);
    run(`${BIN}/psql`, [
      '-h',
      dir,
      '-p',
      String(PORT),
      '-d',
      'postgres',
      '-qc',
      'create database broadchurch',
    ]);
    const database = await openDatabase({
      kind: 'postgres',
      url: `postgres://postgres@127.0.0.1:${PORT}/broadchurch`,
    });
    const seeded = await (async () => {
      try {
        await migrate(database.db);
        run(`${BIN}/pg_basebackup`, [
          '-h',
          dir,
          '-p',
          String(PORT),
          '-D',
          `${dir}/base`,
          '-Fp',
          '-X',
          'none',
        ]);
        // After the base backup: a party's members, a conversation and its votes.
        const seeded = await seedDemo(database.db);
        const [votes] = await queryRows<{ n: number }>(
          database.db,
          sql`select count(*)::int as n from votes`,
        );
        expect(votes?.n).toBe(seeded.conversation.votes);
        // The segment holding them is archived when the archiver gets to it.
        const [switched] = await queryRows<{ f: string }>(
          database.db,
          sql`select pg_walfile_name(pg_switch_wal()) as f`,
        );
        const until = Date.now() + 60_000;
        for (;;) {
          const [a] = await queryRows<{ last: string | null }>(
            database.db,
            sql`select last_archived_wal as last from pg_stat_archiver`,
          );
          if (a?.last && switched && a.last >= switched.f) break;
          expect(Date.now(), 'the WAL segment archived').toBeLessThan(until);
          await new Promise((r) => setTimeout(r, 200));
        }
        return seeded;
      } finally {
        await database.close();
      }
    })();
    run(`${BIN}/pg_ctl`, ['-D', `${dir}/primary`, '-m', 'fast', 'stop']);

    const out = run(path.join(ROOT, 'deploy/postgresql/restore-drill.sh'), [
      `${dir}/base`,
      `${dir}/archive`,
      String(PORT + 1),
    ]);
    expect(out).toContain(`members ${seeded.members}`);
    expect(out).toContain(`votes ${seeded.conversation.votes}`);
    expect(out).toContain('recovery complete');
  });
});
