import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { erasureRequests, members } from '../db/schema/index.ts';
import { callAs, jobContext, startTestApp, type TestApp } from '../../test/helpers/app.ts';
import { deliverMail } from '../notifications/notification.service.ts';
import { makeMember, makeTree, type TestMember, type Tree } from '../../test/helpers/factories.ts';

let t: TestApp;
let tree: Tree;
const cookies: Record<string, string> = {};
const people: Record<string, TestMember> = {};
const call = callAs(() => t, cookies);
const who = (name: string): TestMember => {
  const p = people[name];
  if (!p) throw new Error(`no member ${name}`);
  return p;
};

/** Every mail sent, and whether its addressee was still a member with that address when it went. */
const sent: { to: string; subject: string; memberStillThere: boolean }[] = [];

beforeAll(async () => {
  t = await startTestApp(
    {},
    {
      mailer: (outbox, db) => ({
        async send(mail) {
          const [still] = await db.select({ id: members.id }).from(members).where(eq(members.email, mail.to));
          sent.push({ to: mail.to, subject: mail.subject, memberStillThere: still !== undefined });
          await outbox.send(mail);
        },
      }),
    },
  );
  tree = await makeTree(t.database.db);
  const db = t.database.db;
  people.officer = await makeMember(db, tree.wardB, { roles: [['data_officer', tree.constituencyA]] });
  people.otherOfficer = await makeMember(db, tree.wardB, { roles: [['data_officer', tree.constituencyB]] });
  people.leaver = await makeMember(db, tree.wardA, { name: 'Lee Leaver' });
  people.stayer = await makeMember(db, tree.wardA2, { name: 'Sam Stayer' });
  for (const [k, m] of Object.entries(people)) cookies[k] = await t.signIn(m.email);
});
afterAll(() => t.close());

interface Queue {
  requests: { id: string; member: { name: string }; ward: string; status: string }[];
}

describe('a member asks to be erased', () => {
  it('the request waits in the data officer’s queue (theirs only), once; a decline says why', async () => {
    expect((await call('stayer', 'GET', '/api/me/erasure-request')).body).toEqual({ request: null });
    const asked = await call('stayer', 'POST', '/api/me/erasure-request');
    expect(asked.status).toBe(201);
    expect(asked.body.request).toMatchObject({ status: 'pending', reason: null });
    await deliverMail(jobContext(t));
    expect((await t.lastMail(who('stayer').email))?.subject).toBe('We have your request to be erased');
    const again = await call('stayer', 'POST', '/api/me/erasure-request');
    expect([again.status, again.body.error?.code]).toEqual([409, 'ERASURE_REQUESTED']);

    const queue = (await call('officer', 'GET', '/api/erasure-requests')).body as unknown as Queue;
    const mine = queue.requests.find((r) => r.member.name === 'Sam Stayer');
    expect(mine).toMatchObject({ status: 'pending' });
    // Another branch's data officer neither sees it nor can decide it; a member cannot read the queue.
    const other = (await call('otherOfficer', 'GET', '/api/erasure-requests')).body as unknown as Queue;
    expect(other.requests.some((r) => r.member.name === 'Sam Stayer')).toBe(false);
    expect((await call('stayer', 'GET', '/api/erasure-requests')).status).toBe(403);
    const id = mine?.id ?? '';
    expect((await call('otherOfficer', 'POST', `/api/erasure-requests/${id}/confirm`)).status).toBe(404);

    const noReason = await call('officer', 'POST', `/api/erasure-requests/${id}/decline`, { reason: '' });
    expect(noReason.body.error?.issues?.[0]).toMatchObject({ field: 'body.reason' });
    const declined = await call('officer', 'POST', `/api/erasure-requests/${id}/decline`, {
      reason: 'You are standing as a candidate; the law requires us to keep your nomination.',
    });
    expect(declined.body).toEqual({ decided: 'declined' });
    await deliverMail(jobContext(t));
    const told = await t.lastMail(who('stayer').email);
    expect(told?.subject).toBe('About your request to be erased');
    expect(told?.text).toContain('the law requires us to keep your nomination');
    expect((await call('stayer', 'GET', '/api/me/erasure-request')).body.request).toMatchObject({
      status: 'declined',
    });
    expect((await call('officer', 'POST', `/api/erasure-requests/${id}/confirm`)).body.error?.code).toBe(
      'ALREADY_DECIDED',
    );
  });

  it('a confirmation tells the member while they still have an address, then erases them', async () => {
    await call('leaver', 'POST', '/api/me/erasure-request');
    const queue = (await call('officer', 'GET', '/api/erasure-requests')).body as unknown as Queue;
    const id = queue.requests.find((r) => r.member.name === 'Lee Leaver')?.id ?? '';
    const confirmed = await call('officer', 'POST', `/api/erasure-requests/${id}/confirm`);
    expect(confirmed.body).toEqual({ decided: 'erased' });
    const last = sent.find((m) => m.subject === 'Your data has been erased');
    expect(last).toMatchObject({ to: who('leaver').email, memberStillThere: true });
    const [m] = await t.database.db
      .select()
      .from(members)
      .where(eq(members.id, who('leaver').id));
    expect(m?.status).toBe('erased');
    expect(m?.email).toBeNull();
    const [r] = await t.database.db.select().from(erasureRequests).where(eq(erasureRequests.id, id));
    expect(r?.status).toBe('erased');
    // The erased member is signed out, and the queue no longer holds the request.
    expect((await call('leaver', 'GET', '/api/me')).status).toBe(401);
    const after = (await call('officer', 'GET', '/api/erasure-requests')).body as unknown as Queue;
    expect(after.requests.some((q) => q.id === id)).toBe(false);
  });
});
