import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../db/client.ts';
import { jobContext, startTestApp, type TestApp } from '../../test/helpers/app.ts';
import { onPostgres } from '../../test/helpers/db.ts';
import { makeMember, makeTree } from '../../test/helpers/factories.ts';
import type { ServiceContext } from '../lib/context.ts';
import { startEmbeddedQueue, startGraphileQueue, type JobQueue } from './queue.ts';
import type { Task } from './tasks.ts';
import { failingJobs, retryJob } from './jobs.service.ts';
import { AppError } from '../core/errors.ts';
import type { Actor } from '../core/permissions.ts';

let t: TestApp;

beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t.close();
});

/** The test database's own URL (server PostgreSQL): the queue's worker connects to it as a process would. */
async function databaseUrl(): Promise<string> {
  const [row] = await queryRows<{ name: string }>(t.database.db, sql`select current_database() as name`);
  const url = new URL(process.env.TEST_DATABASE_URL ?? '');
  url.pathname = `/${row?.name ?? ''}`;
  return url.toString();
}

async function start(ctx: ServiceContext, tasks: Task[]): Promise<JobQueue> {
  const log = () => undefined;
  if (onPostgres()) return startGraphileQueue(ctx, await databaseUrl(), log, tasks);
  const queue = startEmbeddedQueue(ctx, log, tasks);
  // The app's own process state holds the embedded queue it runs; here the test's does, given to the app.
  ctx.state.jobs.embedded = queue;
  return queue;
}

const until = async (what: () => boolean | Promise<boolean>, ms = 20_000) => {
  const end = Date.now() + ms;
  while (!(await what())) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 50));
  }
};

/**
 * Who asks: on server PostgreSQL through the API (any process reads the queue's tables); on PGlite the
 * queue is the process's own, so the test asks its service with the same member as the API would find.
 */
interface Caller {
  cookie: string;
  actor: Actor;
}
type Listed = { id: string; task: string; attempts: number; lastError: string; nextTry: string | null }[];

const statusOf = async (p: Promise<unknown>): Promise<number> => {
  try {
    await p;
    return 200;
  } catch (err) {
    return err instanceof AppError ? err.status : 500;
  }
};

async function failingList(ctx: ServiceContext, who: Caller): Promise<Listed> {
  if (!onPostgres()) return (await failingJobs(ctx, who.actor)).jobs;
  const res = await t.call(who.cookie, 'GET', '/api/jobs/failing');
  expect(res.status).toBe(200);
  return (res.body as { jobs: Listed }).jobs;
}

async function listStatus(ctx: ServiceContext, who: Caller): Promise<number> {
  if (!onPostgres()) return statusOf(failingJobs(ctx, who.actor));
  return (await t.call(who.cookie, 'GET', '/api/jobs/failing')).status;
}

async function retry(ctx: ServiceContext, who: Caller, id: string): Promise<number> {
  if (!onPostgres()) return statusOf(retryJob(ctx, who.actor, id));
  return (await t.call(who.cookie, 'POST', `/api/jobs/${id}/retry`)).status;
}

describe('the job queue', () => {
  it('runs each task again after its period; a failing run is listed for a national admin, without what it held, and tried again on request', async () => {
    const tree = await makeTree(t.database.db);
    const admin = await makeMember(t.database.db, tree.wardA, { roles: [['admin', tree.party]] });
    const organiser = await makeMember(t.database.db, tree.wardA, { roles: [['organiser', tree.party]] });
    const adminCookie = await t.signIn(admin.email);
    const organiserCookie = await t.signIn(organiser.email);
    const ctx = jobContext(t);
    const as = (memberId: string, cookie: string, role: 'admin' | 'organiser'): Caller => ({
      cookie,
      actor: {
        memberId,
        userId: '',
        homeWardId: tree.wardA.id,
        homeWardPath: tree.wardA.path,
        assignments: [{ role, branchId: tree.party.id, branchPath: tree.party.path }],
      },
    });
    let ticks = 0;
    let flaky = 0;
    let failing = true;
    const tasks: Task[] = [
      {
        name: 'test.tick',
        everyMs: 100,
        run: () => {
          ticks++;
          return Promise.resolve();
        },
      },
      {
        name: 'test.flaky',
        everyMs: 60_000,
        run: () => {
          flaky++;
          if (failing) return Promise.reject(new Error('mail to someone@example.org refused'));
          return Promise.resolve();
        },
      },
    ];
    const queue = await start(ctx, tasks);
    try {
      await until(() => ticks >= 5);
      await until(() => flaky >= 1);
      // The failed run is listed: its task, its tries, its error's kind — not the address it was about.
      let listed: Listed = [];
      await until(async () => {
        const res = await failingList(ctx, as(admin.id, adminCookie, 'admin'));
        listed = res;
        return listed.some((j) => j.task === 'test.flaky' && j.attempts >= 1);
      });
      const job = listed.find((j) => j.task === 'test.flaky');
      expect(job?.lastError).not.toContain('someone@example.org');
      expect(job?.nextTry).not.toBeNull();
      // An organiser may neither see the queue nor retry.
      expect(await listStatus(ctx, as(organiser.id, organiserCookie, 'organiser'))).toBe(403);
      expect(await retry(ctx, as(organiser.id, organiserCookie, 'organiser'), job?.id ?? '')).toBe(403);
      // Fixed, and tried again now (not after its pause): it runs, and leaves the list.
      failing = false;
      const before = flaky;
      const retried = await retry(ctx, as(admin.id, adminCookie, 'admin'), job?.id ?? '');
      expect(retried).toBe(200);
      await until(() => flaky > before, 10_000);
      await until(async () =>
        (await failingList(ctx, as(admin.id, adminCookie, 'admin'))).every((j) => j.task !== 'test.flaky'),
      );
      expect(await retry(ctx, as(admin.id, adminCookie, 'admin'), job?.id ?? '')).toBe(404);
      // Hostile ids are nobody's job: refused as such, never reaching SQL as text, never a server error.
      for (const hostile of ['1;drop table members', '9'.repeat(30), '-1', '1e3', '0x10', "1' or '1'='1"])
        expect([400, 404]).toContain(
          await retry(ctx, as(admin.id, adminCookie, 'admin'), encodeURIComponent(hostile)),
        );
      const [left] = await queryRows<{ n: number }>(
        t.database.db,
        sql`select count(*)::int as n from members`,
      );
      expect(left?.n).toBeGreaterThan(0);
    } finally {
      await queue.stop();
    }
    // Stopped: no more runs.
    const stoppedAt = ticks;
    await new Promise((r) => setTimeout(r, 400));
    expect(ticks).toBe(stoppedAt);
  });
});
