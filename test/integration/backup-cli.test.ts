/**
 * `bin/broadchurch backup` while the server serves and members vote (on PGlite it goes through the running
 * server, which holds the folder; on PostgreSQL it reads a snapshot itself), then `restore` into an empty
 * database, on which a server starts and the admin signs in. The backup is one consistent snapshot: every
 * current vote matches the latest event of its pair.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase, queryRows, type DatabaseTarget } from '../../src/db/client.ts';
import { onPostgres } from '../helpers/db.ts';
import { freshDatabase, signIn, startServer, stopServer } from '../helpers/voting.ts';

const run = promisify(execFile);
const BIN = path.resolve(import.meta.dirname, '../../bin/broadchurch');
const kind = onPostgres() ? 'postgres' : 'pglite';
const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
});

async function consistentVotes(target: DatabaseTarget): Promise<{ votes: number; mismatched: number }> {
  const db = await openDatabase(target);
  try {
    const [r] = await queryRows<{ votes: number; mismatched: number }>(
      db.db,
      sql`with latest as (select distinct on (participant_id, statement_id) participant_id, statement_id, value
                          from vote_events order by participant_id, statement_id, id desc)
          select (select count(*)::int from votes) as votes,
                 (select count(*)::int from latest l full join votes v using (participant_id, statement_id)
                  where l.value is distinct from v.value) as mismatched`,
    );
    return r ?? { votes: 0, mismatched: -1 };
  } finally {
    await db.close();
  }
}

describe(`backup and restore from the command line (${kind})`, () => {
  it(
    'backs up while members vote, restores into an empty database, and a server runs on it',
    { timeout: 600_000 },
    async () => {
      const source = await freshDatabase(kind, `bc_bk_src_${process.pid}`);
      const target = await freshDatabase(kind, `bc_bk_dst_${process.pid}`);
      cleanups.push(source.drop, target.drop);
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bc-bk-'));
      cleanups.push(() => Promise.resolve(fs.rmSync(dir, { recursive: true, force: true })));
      const file = path.join(dir, 'party.backup.gz');

      const served = await startServer({ ...source.env, SEED_DEMO: 'true' }, { seed: true });
      const env = { ...process.env, NODE_ENV: 'development', HOST: '127.0.0.1', ...source.env };
      try {
        const cookie = await signIn(served.base, 'admin@demo.broadchurch.org');
        const [conv] = (
          (await (await fetch(`${served.base}/api/conversations`, { headers: { cookie } })).json()) as {
            conversations: { id: string }[];
          }
        ).conversations;
        // Votes keep arriving while the backup is taken.
        let voting = true;
        const voter = (async () => {
          while (voting) {
            const next = (await (
              await fetch(`${served.base}/api/conversations/${conv?.id}/next`, { headers: { cookie } })
            ).json()) as { statement: { id: string } | null };
            const statementId = next.statement?.id;
            if (!statementId) break;
            await fetch(`${served.base}/api/conversations/${conv?.id}/votes`, {
              method: 'POST',
              headers: { cookie, origin: served.base, 'content-type': 'application/json' },
              body: JSON.stringify({ statementId, value: 1 }),
            });
          }
        })();
        const backup = await run(BIN, ['backup', file], { env });
        voting = false;
        await voter;
        expect(backup.stderr).toMatch(/Wrote .*party\.backup\.gz/);
        expect(fs.statSync(file).mode & 0o077).toBe(0); // readable by its owner only
        expect((await fetch(`${served.base}/api/ready`)).status).toBe(200);
        // Refuses to overwrite.
        await expect(run(BIN, ['backup', file], { env })).rejects.toMatchObject({ code: 2 });
      } finally {
        await stopServer(served.child);
      }

      const targetEnv = { ...process.env, NODE_ENV: 'development', HOST: '127.0.0.1', ...target.env };
      const restored = await run(BIN, ['restore', file], { env: targetEnv });
      expect(restored.stderr).toMatch(/Restored \d+ tables, \d+ rows/);
      const snapshot = await consistentVotes(target.target);
      expect(snapshot.votes).toBeGreaterThan(0);
      expect(snapshot.mismatched).toBe(0);
      // A second restore into the same database is refused.
      await expect(run(BIN, ['restore', file], { env: targetEnv })).rejects.toMatchObject({ code: 1 });

      const again = await startServer(target.env);
      try {
        const cookie = await signIn(again.base, 'admin@demo.broadchurch.org');
        const me = await fetch(`${again.base}/api/me`, { headers: { cookie } });
        expect(me.status).toBe(200);
      } finally {
        await stopServer(again.child);
      }
    },
  );
});
