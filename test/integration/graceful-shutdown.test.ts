/**
 * SIGTERM while 50 clients vote and a live map is open: the server stops accepting, ends the stream with
 * a retry hint, finishes what is in flight and exits 0; after a restart every acknowledged vote is there,
 * and (on PostgreSQL, where other processes would want them) no analysis lease is left held.
 */
import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase, queryRows } from '../../src/db/client.ts';
import {
  freshDatabase,
  missingVotes,
  prepareVoting,
  signIn,
  startServer,
  stopServer,
  voteUnderLoad,
} from '../helpers/voting.ts';

const CLIENTS = 50;
const STATEMENTS = 60;
const kind = process.env.TEST_DB === 'postgres' ? 'postgres' : 'pglite';
const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const c of cleanups) await c();
});

describe(`graceful shutdown on ${kind}`, () => {
  it(
    'SIGTERM under load: streams told to retry, every acknowledged vote stored, exit 0',
    { timeout: 300_000 },
    async () => {
      const { target, env, drop } = await freshDatabase(kind, `bc_term_${process.pid}`);
      cleanups.push(drop);
      const db = await openDatabase(target);
      const prepared = await prepareVoting(db, { members: CLIENTS, statements: STATEMENTS, code: 'TERM' });
      await db.close();

      const first = await startServer(env);
      const cookies: string[] = [];
      for (const email of prepared.emails) cookies.push(await signIn(first.base, email));
      // A live map, open through the shutdown.
      const stream = await fetch(`${first.base}/api/conversations/${prepared.conversationId}/stream`, {
        headers: { cookie: cookies[0] ?? '' },
      });
      expect(stream.status).toBe(200);
      const streamText = (async () => {
        let text = '';
        const reader = stream.body?.getReader();
        for (;;) {
          const chunk = await reader?.read().catch(() => undefined);
          if (!chunk || chunk.done) return text;
          text += new TextDecoder().decode(chunk.value as Uint8Array);
        }
      })();

      const load = voteUnderLoad(first.base, prepared, cookies);
      const { acknowledged } = load;
      while (acknowledged.size < 400) await new Promise((r) => setTimeout(r, 20));
      const exited = new Promise<number | null>((r) => first.child.once('exit', (code) => r(code)));
      first.child.kill('SIGTERM');
      await load.done;
      expect(await exited).toBe(0);
      expect(acknowledged.size).toBeLessThan(CLIENTS * STATEMENTS); // it really was mid-flight
      expect(await streamText).toMatch(/retry: 5000\n\n$/);

      if (kind === 'postgres') {
        const after = await openDatabase(target);
        const leases = await queryRows<{ n: number }>(
          after.db,
          sql`select count(*)::int as n from analysis_leases`,
        );
        await after.close();
        expect(leases[0]?.n).toBe(0);
      }

      const second = await startServer(env);
      try {
        expect(await missingVotes(second.base, prepared, cookies, acknowledged)).toEqual([]);
      } finally {
        await stopServer(second.child);
      }
    },
  );
});
