/**
 * A ballot opens in a branch of 5,000 members: the request only writes the fan-out (no mail, no per-member
 * row while it runs); the job then tells every member by their choice — one mail to each who chose mail,
 * none to those who chose in-app only or off.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db/client.ts';
import { deliverMail, expandFanouts, pendingFanouts } from '../../src/notifications/index.ts';
import { jobContext, startTestApp, type TestApp } from '../helpers/app.ts';
import { bigBranch, type BigBranch } from '../helpers/big-branch.ts';

const SIZE = 5000;
let t: TestApp;
let branch: BigBranch;

beforeAll(async () => {
  t = await startTestApp();
  branch = await bigBranch(t, SIZE);
}, 120_000);
afterAll(() => t.close());

describe('a ballot opens to a branch of 5,000', () => {
  it('mails each member who chose mail once, and nobody else', async () => {
    const opened = await branch.open();
    expect(opened.status).toBe(201);
    // The request wrote the fan-out and nothing per member.
    expect(await pendingFanouts(t.database.db)).toBe(1);
    const [before] = await queryRows<{ told: number; queued: number }>(
      t.database.db,
      sql`select (select count(*) from notifications)::int as told, (select count(*) from mail_queue)::int as queued`,
    );
    expect(before).toEqual({ told: 0, queued: 0 });

    const ctx = jobContext(t);
    const expanded = await expandFanouts(ctx);
    expect(expanded).toEqual({
      told: branch.byChoice.mail.length + branch.byChoice.app.length,
      mailed: branch.byChoice.mail.length,
    });
    let sent = 0;
    for (;;) {
      const r = await deliverMail(ctx, { budgetMs: 60_000 });
      expect(r.failed).toBe(0);
      if (r.sent === 0) break;
      sent += r.sent;
    }
    expect(sent).toBe(branch.byChoice.mail.length);
    const mails = await queryRows<{ to: string; n: number }>(
      t.database.db,
      sql`select "to", count(*)::int as n from mail_outbox where subject = 'Ballot open: The big ballot' group by "to"`,
    );
    const got = new Map(mails.map((m) => [m.to, m.n]));
    expect(branch.byChoice.mail.every((e) => got.get(e) === 1)).toBe(true);
    expect(branch.byChoice.app.some((e) => got.has(e))).toBe(false);
    expect(branch.byChoice.off.some((e) => got.has(e))).toBe(false);
    expect(got.size).toBe(branch.byChoice.mail.length);
  }, 300_000);
});
