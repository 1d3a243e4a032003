/**
 * Telling members, called directly against a real database: one fan-out row for a ballot's electorate,
 * expanded by the job into each one's chosen channel; reminders before a ballot closes; changes to canvass
 * sessions reaching everyone signed up; the mail queue's retries and backoff. HTTP's part (choices,
 * unsubscribe links, the list over HTTP) is in notifications.routes.test.ts.
 */
import { randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as sessions from '../canvass/session.service.ts';
import { openBallotBody, addClauseBody, createManifestoBody } from '../contract/manifesto.ts';
import { sessionBody, sessionChangeBody } from '../contract/canvass.ts';
import type { Actor } from '../core/permissions.ts';
import { queryRows } from '../db/client.ts';
import { ballots, mailOutbox, mailQueue, members } from '../db/schema/index.ts';
import { serviceContext } from '../server/context.ts';
import * as ballot from '../manifesto/ratification.ts';
import { remindClosingBallots } from '../ballots/index.ts';
import * as counting from '../ballots/ratification-count.service.ts';
import { addClause, createManifesto } from '../manifesto/manifesto.service.ts';
import { makeTree, type Tree } from '../../test/helpers/factories.ts';
import { makeActor, openServiceWorld, type ServiceWorld } from '../../test/helpers/service.ts';
import type { Mailer } from '../lib/mailer.ts';
import * as service from './notification.service.ts';

let w: ServiceWorld;
let tree: Tree;
const people: Record<string, { member: { id: string; email: string }; actor: Actor }> = {};
const actor = (who: string) => people[who]?.actor as Actor;
const email = (who: string) => people[who]?.member.email ?? '';

/** What the background job does each second, now. */
const runJobs = async () => {
  await service.expandFanouts(w.ctx);
  return service.deliverMail(w.ctx);
};
/** Mail to an address, but its sign-in codes. */
const mailsTo = async (to: string) =>
  (await w.db.select().from(mailOutbox).where(eq(mailOutbox.to, to)).orderBy(mailOutbox.createdAt)).filter(
    (m) => !/sign-in code/i.test(m.subject),
  );
const listOf = (who: string) => service.myNotifications(w.ctx, actor(who), 20, 'en');

async function draftWithClause(title: string): Promise<string> {
  const draft = await createManifesto(
    w.ctx,
    actor('drafter'),
    createManifestoBody.parse({ branchId: tree.constituencyA.id, title, sections: ['Housing'] }),
  );
  const sectionId = draft.sections[0]?.id ?? '';
  await addClause(
    w.ctx,
    actor('drafter'),
    draft.id,
    addClauseBody.parse({ sectionId, text: 'Build council homes.' }),
  );
  return draft.id;
}
const openBallot = async (title: string, closesInHours: number) =>
  ballot.openBallot(
    w.ctx,
    actor('drafter'),
    await draftWithClause(title),
    openBallotBody.parse({
      mode: 'document',
      cutoff: '2026-06-01',
      closesAt: new Date(Date.now() + closesInHours * 3600_000).toISOString(),
    }),
  );

beforeAll(async () => {
  w = await openServiceWorld();
  tree = await makeTree(w.db);
  people.drafter = await makeActor(w.db, tree.wardA, { roles: [['drafter', tree.constituencyA]] });
  people.organiser = await makeActor(w.db, tree.wardA, {
    roles: [
      ['organiser', tree.constituencyA],
      ['organiser', tree.wardA],
    ],
  });
  people.mail = await makeActor(w.db, tree.wardA);
  people.app = await makeActor(w.db, tree.wardA2);
  people.off = await makeActor(w.db, tree.wardA2);
  people.outsider = await makeActor(w.db, tree.wardB);
  await service.choose(w.ctx, actor('app'), 'ballots', 'app');
  await service.choose(w.ctx, actor('off'), 'ballots', 'off');
});
afterAll(() => w.close());

describe('a ballot opens', () => {
  let ballotId = '';
  let shares: string[] = [];
  it('opening writes one fan-out; the job tells the electorate by each one’s choice, once', async () => {
    const opened = await openBallot('Our housing pledge', 12);
    ballotId = opened.id;
    shares = opened.keyShares;
    // Nothing per member happened in the request: it left one fan-out for the job.
    expect((await listOf('mail')).items).toHaveLength(0);
    const [queued] = await queryRows<{ n: number }>(w.db, sql`select count(*)::int as n from mail_queue`);
    expect(queued?.n).toBe(0);
    expect((await runJobs()).sent).toBeGreaterThanOrEqual(2);
    const mine = await mailsTo(email('mail'));
    expect(mine).toHaveLength(1);
    expect(mine[0]?.subject).toBe('Ballot open: Our housing pledge');
    expect(mine[0]?.text).toContain(`${w.config.publicUrl}/ballots/${ballotId}`);
    expect(mine[0]?.headers['List-Unsubscribe']).toMatch(
      /^<http:\/\/localhost:3000\/api\/notifications\/unsubscribe\?token=[^>]+>$/,
    );
    expect(mine[0]?.headers['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');
    // "app": told in the app, no mail; "off": neither; outside the branch: neither.
    expect(await mailsTo(email('app'))).toHaveLength(0);
    expect((await listOf('app')).items.map((i) => i.kind)).toEqual(['ballot_opened']);
    expect(await mailsTo(email('off'))).toHaveLength(0);
    expect((await listOf('off')).items).toHaveLength(0);
    expect((await listOf('outsider')).items).toHaveLength(0);
    // Running the job again sends nothing twice.
    expect(await runJobs()).toEqual({ sent: 0, failed: 0 });
    expect(await mailsTo(email('mail'))).toHaveLength(1);
  });

  it('the in-app list counts unread ones; reading marks one’s own, never another’s', async () => {
    const list = await listOf('mail');
    expect(list.unread).toBe(1);
    expect(list.items[0]).toMatchObject({ kind: 'ballot_opened', link: `/ballots/${ballotId}`, read: false });
    expect(list.items[0]?.body).toContain('Your vote is secret');
    const other = await listOf('app');
    await service.markRead(w.ctx, actor('mail'), [other.items[0]?.id ?? '']);
    expect((await listOf('app')).unread).toBe(1);
    expect(await service.markRead(w.ctx, actor('mail'), undefined)).toEqual({ unread: 0 });
    expect((await listOf('mail')).items[0]?.read).toBe(true);
  });

  it('a day before it closes, those who have not voted are reminded, once; a later ballot waits', async () => {
    await ballot.castVote(w.ctx, actor('organiser'), ballotId, { document: 'approve' });
    expect(await remindClosingBallots(w.ctx)).toBe(1);
    expect(await remindClosingBallots(w.ctx)).toBe(0);
    await runJobs();
    const reminders = async (to: string) =>
      (await mailsTo(to)).filter((m) => m.subject.startsWith('Closing soon'));
    expect(await reminders(email('mail'))).toHaveLength(1);
    expect(await reminders(email('organiser'))).toHaveLength(0);
    const later = await openBallot('Later', 72);
    expect(await remindClosingBallots(w.ctx)).toBe(0);
    await w.db
      .update(ballots)
      .set({ closesAt: sql`now() + interval '2 hours'` })
      .where(eq(ballots.id, later.id));
    expect(await remindClosingBallots(w.ctx)).toBe(1);
  });

  it('when a ballot is counted, everyone who could vote is told its result and the rule that carried it', async () => {
    await counting.countBallot(w.ctx, ballotId, actor('organiser').memberId, shares);
    await runJobs();
    const results = async (to: string) => (await mailsTo(to)).filter((m) => m.subject.startsWith('Result:'));
    const [mail] = await results(email('mail'));
    expect(mail?.text).toMatch(
      /has been counted\. 1 of \d+ members voted\. It carried: more members approved than rejected\./,
    );
    expect(mail?.text).toContain(`/ballots/${ballotId}`);
    // In the app only for "app", nothing for "off" or outside the branch.
    expect(await results(email('app'))).toHaveLength(0);
    expect((await listOf('app')).items.map((i) => i.kind)).toContain('ballot_result');
    expect((await listOf('off')).items).toHaveLength(0);
    expect((await listOf('outsider')).items).toHaveLength(0);
  });
});

describe('canvass sessions', () => {
  it('a change and a cancellation reach members and people who signed up on the public page; a save that changes nothing tells nobody', async () => {
    const starts = Date.now() + 5 * 86400_000;
    const made = await sessions.createSession(
      w.ctx,
      actor('organiser'),
      tree.wardA.id,
      sessionBody.parse({
        title: 'Saturday doors',
        startsAt: new Date(starts).toISOString(),
        endsAt: new Date(starts + 7200_000).toISOString(),
        meetingPoint: 'The library',
      }),
    );
    await sessions.signUpMember(w.ctx, actor('mail'), made.id);
    const publicAddress = 'rally.person@example.org';
    await sessions.signUp(w.ctx, made.id, { name: 'Rally', email: publicAddress, language: 'en' });
    const change = (body: Record<string, unknown>) =>
      sessions.changeSession(w.ctx, actor('organiser'), made.id, sessionChangeBody.parse(body));
    expect((await change({ meetingPoint: 'The station' })).meetingPoint).toBe('The station');
    await expect(
      sessions.changeSession(w.ctx, actor('mail'), made.id, sessionChangeBody.parse({ title: 'Mine now' })),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await runJobs();
    const changed = (await mailsTo(publicAddress)).filter((m) => m.subject === 'Changed: Saturday doors');
    expect(changed).toHaveLength(1);
    expect(changed[0]?.text).toContain('meeting at The station');
    // An address given on a public page has no unsubscribe link: it is no member's.
    expect(changed[0]?.headers).toEqual({});
    expect((await listOf('mail')).items.map((i) => i.title)).toContain('Changed: Saturday doors');
    await change({ meetingPoint: 'The station' });
    await runJobs();
    expect(
      (await mailsTo(publicAddress)).filter((m) => m.subject === 'Changed: Saturday doors'),
    ).toHaveLength(1);

    const cancelled = await sessions.cancelSession(w.ctx, actor('organiser'), made.id);
    expect(typeof cancelled.cancelledAt).toBe('string');
    await expect(sessions.cancelSession(w.ctx, actor('organiser'), made.id)).rejects.toMatchObject({
      code: 'SESSION_CANCELLED',
    });
    await runJobs();
    expect((await mailsTo(publicAddress)).map((m) => m.subject)).toContain('Cancelled: Saturday doors');
    await expect(
      sessions.signUp(w.ctx, made.id, { name: 'Late', email: 'late@example.org', language: 'en' }),
    ).rejects.toMatchObject({ code: 'SESSION_CANCELLED' });
    expect(await sessions.publicSession(w.ctx, made.id)).toMatchObject({ open: false });
  });
});

describe('the mail queue', () => {
  it('a failed send is retried later with backoff, then sent once by two senders; an erased member gets nothing', async () => {
    const target = (await makeActor(w.db, tree.wardB)).member;
    const gone = (await makeActor(w.db, tree.wardB)).member;
    await w.db.insert(mailQueue).values(
      [target, gone].map((m) => ({
        id: randomUUID(),
        memberId: m.id,
        kind: 'ballot_opened' as const,
        params: { manifesto: 'Retry' },
        link: '/',
      })),
    );
    await w.db.update(members).set({ email: null, status: 'erased' }).where(eq(members.id, gone.id));
    let failures = 1;
    const sent: string[] = [];
    const flakyMailer: Mailer = {
      send(mail) {
        if (failures-- > 0)
          return Promise.reject(
            Object.assign(new Error(`421 mailbox ${mail.to} busy`), { code: 'EENVELOPE', responseCode: 421 }),
          );
        sent.push(mail.to);
        return Promise.resolve();
      },
    };
    const flaky = serviceContext({ config: w.config, db: w.db, mailer: flakyMailer });
    expect(await service.deliverMail(flaky)).toEqual({ sent: 0, failed: 2 });
    const [row] = await queryRows<{ attempts: number; later: boolean; last_error: string }>(
      w.db,
      sql`select attempts, due_at > now() + interval '50 seconds' as later, last_error
          from mail_queue where member_id = ${target.id}`,
    );
    // What failed is kept, but not the server's words, which name the address.
    expect(row).toEqual({ attempts: 1, later: true, last_error: 'Error EENVELOPE SMTP 421' });
    expect(await service.deliverMail(flaky)).toEqual({ sent: 0, failed: 0 }); // not due yet
    await w.db.execute(sql`update mail_queue set due_at = now() where member_id = ${target.id}`);
    const results = await Promise.all([service.deliverMail(flaky), service.deliverMail(flaky)]);
    expect(results.reduce((n, r) => n + r.sent, 0)).toBe(1);
    expect(sent).toEqual([target.email]);
    const [goneRow] = await queryRows<{ failed: boolean; sent: boolean }>(
      w.db,
      sql`select failed_at is not null as failed, sent_at is not null as sent from mail_queue where member_id = ${gone.id}`,
    );
    expect(goneRow).toEqual({ failed: true, sent: false });
  });
});
