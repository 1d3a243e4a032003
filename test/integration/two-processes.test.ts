/**
 * Two server processes on one PostgreSQL database (server mode): the analysis of a conversation is run
 * by one of them (it holds the lease on its live model), and a vote's effect reaches the map served by
 * either, live, without waiting for a refit. PGlite is one process's database, so this runs on the
 * postgres tier only.
 */
import { eq, sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase, queryRows, type Database } from '../../src/db/client.ts';
import { analyses, analysisLeases } from '../../src/db/schema/index.ts';
import { freshDatabase, prepareVoting, signIn, startServer, stopServer } from '../helpers/voting.ts';

const kind = process.env.TEST_DB === 'postgres' ? 'postgres' : 'pglite';
const VOTERS = 24;
const STATEMENTS = 12;
const cleanups: (() => Promise<void>)[] = [];

afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
});

interface MapBody {
  version: number;
  participants: number;
  me: { x: number; y: number; votes: number } | null;
}

describe.runIf(kind === 'postgres')('two server processes share a conversation', () => {
  it(
    'a vote reaches the map on both processes live, while one process holds the model',
    {
      timeout: 120_000,
    },
    async () => {
      const { target, env, drop } = await freshDatabase('postgres', `bc_two_${process.pid}`);
      cleanups.push(drop);
      const setup = await openDatabase(target);
      const prepared = await prepareVoting(setup, { members: VOTERS + 1, statements: STATEMENTS });
      const db: Database = setup;
      cleanups.push(() => db.close());
      const a = await startServer(env);
      cleanups.push(() => stopServer(a.child));
      const b = await startServer(env);
      cleanups.push(() => stopServer(b.child));
      const servers = [a.base, b.base];
      const url = (base: string, rest: string) =>
        `${base}/api/conversations/${prepared.conversationId}${rest}`;
      const vote = (base: string, cookie: string, statementId: string, value: number) =>
        fetch(url(base, '/votes'), {
          method: 'POST',
          headers: { 'content-type': 'application/json', cookie, origin: base },
          body: JSON.stringify({ statementId, value }),
        }).then((r) => r.status);
      const map = async (base: string, cookie: string) =>
        (await (await fetch(url(base, '/map'), { headers: { cookie } })).json()) as MapBody;

      // Two factions vote through both processes, half through each.
      const cookies: string[] = [];
      for (const email of prepared.emails) cookies.push(await signIn(a.base, email));
      for (let i = 0; i < VOTERS; i++) {
        const base = servers[i % 2] ?? a.base;
        for (let k = 0; k < STATEMENTS; k++) {
          const value = (k % 2 === 0) === i < VOTERS / 2 ? 1 : -1;
          expect(await vote(base, cookies[i] ?? '', prepared.statementIds[k] ?? '', value)).toBe(200);
        }
      }
      // The first fit, seen from both processes.
      const until = Date.now() + 60_000;
      for (const base of servers) {
        while ((await map(base, cookies[0] ?? '')).participants < VOTERS) {
          expect(Date.now(), `the first fit on ${base}'s map`).toBeLessThan(until);
          await new Promise((r) => setTimeout(r, 200));
        }
      }
      const leases = await db.db.select().from(analysisLeases);
      expect(leases.map((l) => l.conversationId)).toEqual([prepared.conversationId]);

      // A newcomer votes on every statement through each process in turn (a few votes: no refit).
      const newcomer = cookies[VOTERS] ?? '';
      for (let k = 0; k < STATEMENTS; k++) {
        const base = servers[k % 2] ?? a.base;
        expect(await vote(base, newcomer, prepared.statementIds[k] ?? '', k % 2 === 0 ? 1 : -1)).toBe(200);
      }
      // Within 2 s the newcomer is placed on the map served by either process.
      const sent = Date.now();
      for (const base of servers) {
        let m = await map(base, newcomer);
        while (!m.me || m.me.votes === 0) {
          expect(Date.now() - sent, `the newcomer on ${base}'s map`).toBeLessThan(2_000);
          await new Promise((r) => setTimeout(r, 50));
          m = await map(base, newcomer);
        }
        expect(m.participants).toBe(VOTERS + 1);
      }
      // It came by the live model: the stored fit does not hold the newcomer, its live updates do.
      const [row] = await db.db
        .select({ report: analyses.report, live: analyses.live })
        .from(analyses)
        .where(eq(analyses.conversationId, prepared.conversationId));
      const [me] = await queryRows<{ number: number }>(
        db.db,
        sql`select p.number from participants p join members m on m.id = p.member_id
          where p.conversation_id = ${prepared.conversationId} and m.email = ${prepared.emails[VOTERS] ?? ''}`,
      );
      const stored = (row?.report as { participants: { id: string }[] } | undefined)?.participants ?? [];
      expect(stored.map((p) => p.id)).not.toContain(String(me?.number));
      expect(Object.keys(row?.live ?? {})).toContain(String(me?.number));
    },
  );
});
