import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../db/client.ts';
import { ballots, mailOutbox, mailQueue, members } from '../db/schema/index.ts';
import { callAs, jobContext, startTestApp, type TestApp } from '../../test/helpers/app.ts';
import { makeMember, makeTree, type TestMember, type Tree } from '../../test/helpers/factories.ts';
import type { ServiceContext } from '../lib/context.ts';
import type { Mailer } from '../lib/mailer.ts';
import { deliverMail, expandFanouts } from './notification.service.ts';
import { remindClosingBallots } from '../manifesto/index.ts';
import { unsubscribeToken } from './unsubscribe.ts';

let t: TestApp;
let tree: Tree;
let ctx: ServiceContext;
const cookies: Record<string, string> = {};
const people: Record<string, TestMember> = {};
const call = callAs(() => t, cookies);
const who = (name: string): TestMember => {
  const p = people[name];
  if (!p) throw new Error(`no member ${name}`);
  return p;
};

const contextWith = (mailer: Mailer): ServiceContext => jobContext(t, mailer);

/** What the background job does each second, now. */
const runJobs = async () => {
  await expandFanouts(ctx);
  return deliverMail(ctx);
};

/** Mail to an address, but its sign-in codes. */
const mailsTo = async (to: string) =>
  (
    await t.database.db.select().from(mailOutbox).where(eq(mailOutbox.to, to)).orderBy(mailOutbox.createdAt)
  ).filter((m) => !/sign-in code/i.test(m.subject));

interface Listed {
  unread: number;
  items: { id: string; kind: string; title: string; body: string; link: string; read: boolean }[];
}
const listOf = async (who: string) =>
  (await call(who, 'GET', '/api/notifications')).body as unknown as Listed;

async function draftWithClause(title: string): Promise<string> {
  const draft = await call('drafter', 'POST', '/api/manifestos', {
    branchId: tree.constituencyA.id,
    title,
    sections: ['Housing'],
  });
  const id = String(draft.body.id);
  const sectionId = (draft.body.sections as { id: string }[])[0]?.id;
  await call('drafter', 'POST', `/api/manifestos/${id}/clauses`, { sectionId, text: 'Build council homes.' });
  return id;
}

beforeAll(async () => {
  t = await startTestApp();
  ctx = jobContext(t);
  tree = await makeTree(t.database.db);
  const db = t.database.db;
  people.drafter = await makeMember(db, tree.wardA, { roles: [['drafter', tree.constituencyA]] });
  people.organiser = await makeMember(db, tree.wardA, {
    roles: [
      ['organiser', tree.constituencyA],
      ['moderator', tree.constituencyA],
    ],
  });
  people.mail = await makeMember(db, tree.wardA);
  people.app = await makeMember(db, tree.wardA2);
  people.off = await makeMember(db, tree.wardA2);
  people.outsider = await makeMember(db, tree.wardB);
  for (const [k, m] of Object.entries(people)) cookies[k] = await t.signIn(m.email);
  await runJobs();
});
afterAll(() => t.close());

describe('choices', () => {
  it('every topic is mail until the member chooses; a choice is kept, and bad ones are refused', async () => {
    const before = await call('app', 'GET', '/api/notifications/preferences');
    expect(before.body.topics).toEqual([
      { topic: 'conversations', channel: 'mail' },
      { topic: 'ballots', channel: 'mail' },
      { topic: 'amendments', channel: 'mail' },
      { topic: 'statements', channel: 'mail' },
      { topic: 'canvass', channel: 'mail' },
    ]);
    for (const topic of ['conversations', 'ballots', 'amendments', 'statements', 'canvass']) {
      expect(
        (await call('app', 'PUT', '/api/notifications/preferences', { topic, channel: 'app' })).status,
      ).toBe(200);
      expect(
        (await call('off', 'PUT', '/api/notifications/preferences', { topic, channel: 'off' })).status,
      ).toBe(200);
    }
    const after = await call('app', 'GET', '/api/notifications/preferences');
    expect((after.body.topics as { channel: string }[]).every((c) => c.channel === 'app')).toBe(true);
    const bad = await call('app', 'PUT', '/api/notifications/preferences', {
      topic: 'ballots',
      channel: 'sms',
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error?.code).toBe('VALIDATION_FAILED');
    expect((await call(null, 'GET', '/api/notifications/preferences')).status).toBe(401);
  });
});

describe('a ballot opens', () => {
  let ballotId = '';
  it('the request writes one fan-out; the job tells the electorate by each one’s choice', async () => {
    const manifestoId = await draftWithClause('Our housing pledge');
    const opened = await call('drafter', 'POST', `/api/manifestos/${manifestoId}/ballots`, {
      mode: 'document',
      cutoff: '2026-06-01',
      closesAt: new Date(Date.now() + 12 * 3600_000).toISOString(),
    });
    expect(opened.status).toBe(201);
    ballotId = String(opened.body.id);
    // Nothing per member happened in the request: it left one fan-out for the job.
    expect((await listOf('mail')).items).toHaveLength(0);
    const [queued] = await queryRows<{ n: number }>(
      t.database.db,
      sql`select count(*)::int as n from mail_queue`,
    );
    expect(queued?.n).toBe(0);

    const { sent } = await runJobs();
    expect(sent).toBeGreaterThanOrEqual(2); // the drafter, the organiser, "mail": by mail
    const mine = await mailsTo(who('mail').email);
    expect(mine).toHaveLength(1);
    expect(mine[0]?.subject).toBe('Ballot open: Our housing pledge');
    expect(mine[0]?.text).toContain(`${t.config.publicUrl}/ballots/${ballotId}`);
    expect(mine[0]?.headers['List-Unsubscribe']).toMatch(
      /^<http:\/\/localhost:3000\/api\/notifications\/unsubscribe\?token=[^>]+>$/,
    );
    expect(mine[0]?.headers['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');
    // "app": told in the app, no mail; "off": neither; outside the branch: neither.
    expect(await mailsTo(who('app').email)).toHaveLength(0);
    expect((await listOf('app')).items.map((i) => i.kind)).toEqual(['ballot_opened']);
    expect(await mailsTo(who('off').email)).toHaveLength(0);
    expect((await listOf('off')).items).toHaveLength(0);
    expect((await listOf('outsider')).items).toHaveLength(0);
    // Running the job again sends nothing twice.
    expect(await runJobs()).toEqual({ sent: 0, failed: 0 });
    expect(await mailsTo(who('mail').email)).toHaveLength(1);
  });

  it('the in-app list counts unread ones, and reading marks them', async () => {
    const list = await listOf('mail');
    expect(list.unread).toBe(1);
    expect(list.items[0]).toMatchObject({ kind: 'ballot_opened', link: `/ballots/${ballotId}`, read: false });
    expect(list.items[0]?.body).toContain('Your vote is secret');
    const other = await listOf('app');
    // A member cannot mark another's as read.
    await call('mail', 'POST', '/api/notifications/read', { ids: [other.items[0]?.id ?? ''] });
    expect((await listOf('app')).unread).toBe(1);
    const read = await call('mail', 'POST', '/api/notifications/read', {});
    expect(read.body).toEqual({ unread: 0 });
    expect((await listOf('mail')).items[0]?.read).toBe(true);
  });

  it('a day before it closes, those who have not voted are reminded, once', async () => {
    expect(
      (await call('organiser', 'POST', `/api/ballots/${ballotId}/votes`, { document: 'approve' })).status,
    ).toBe(200);
    expect(await remindClosingBallots(ctx)).toBe(1);
    expect(await remindClosingBallots(ctx)).toBe(0);
    await runJobs();
    const reminders = async (email: string) =>
      (await mailsTo(email)).filter((m) => m.subject.startsWith('Closing soon'));
    expect(await reminders(who('mail').email)).toHaveLength(1);
    expect(await reminders(who('organiser').email)).toHaveLength(0);
    // A ballot closing later than a day is not reminded yet.
    const later = await draftWithClause('Later');
    const r = await call('drafter', 'POST', `/api/manifestos/${later}/ballots`, {
      mode: 'document',
      cutoff: '2026-06-01',
      closesAt: new Date(Date.now() + 3 * 86400_000).toISOString(),
    });
    expect(r.status).toBe(201);
    expect(await remindClosingBallots(ctx)).toBe(0);
    await t.database.db
      .update(ballots)
      .set({ closesAt: sql`now() + interval '2 hours'` })
      .where(eq(ballots.id, String(r.body.id)));
    expect(await remindClosingBallots(ctx)).toBe(1);
  });
});

describe('unsubscribe links', () => {
  it('one click (a mail program’s form post, no sign-in) stops that topic’s mail and keeps the app', async () => {
    const [mail] = await mailsTo(who('mail').email);
    const link = /<http:\/\/localhost:3000(\/api\/[^>]+)>/.exec(mail?.headers['List-Unsubscribe'] ?? '')?.[1];
    expect(link).toBeDefined();
    const state = await call(null, 'GET', String(link));
    expect(state.body).toEqual({ topic: 'ballots', channel: 'mail' });
    const res = await t.app.inject({
      method: 'POST',
      url: String(link),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'List-Unsubscribe=One-Click',
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ topic: 'ballots', channel: 'app' });
    const prefs = await call('mail', 'GET', '/api/notifications/preferences');
    expect(prefs.body.topics).toContainEqual({ topic: 'ballots', channel: 'app' });
    expect(prefs.body.topics).toContainEqual({ topic: 'conversations', channel: 'mail' });
  });

  it('a token altered to another member or topic, or cut short, is refused and changes nothing', async () => {
    const good = unsubscribeToken(t.config.authSecret, who('mail').id, 'conversations');
    const [, , mac] = good.split('.');
    const forged = [
      `${who('organiser').id}.conversations.${mac}`,
      `${who('mail').id}.statements.${mac}`,
      good.slice(0, -3),
      unsubscribeToken('another-secret-of-at-least-32-characters!!', who('mail').id, 'conversations'),
    ];
    for (const token of forged) {
      const r = await call(null, 'POST', `/api/notifications/unsubscribe?token=${encodeURIComponent(token)}`);
      expect(r.status).toBe(400);
      expect(r.body.error?.code).toBe('LINK_INVALID');
    }
    const prefs = await call('organiser', 'GET', '/api/notifications/preferences');
    expect(prefs.body.topics).toContainEqual({ topic: 'conversations', channel: 'mail' });
  });
});

describe('conversations, amendments and statements', () => {
  it('a conversation of the branch tells its members (not the organiser who opened it); a link one nobody', async () => {
    const made = await call('organiser', 'POST', '/api/conversations', {
      branchId: tree.constituencyA.id,
      title: 'Buses',
      question: 'What should we do about buses?',
      moderation: 'pre',
    });
    expect(made.status).toBe(201);
    await call('organiser', 'POST', '/api/conversations', {
      branchId: tree.constituencyA.id,
      title: 'Secret by link',
      question: 'Q?',
      access: 'link',
    });
    const later = await call('organiser', 'POST', '/api/conversations', {
      branchId: tree.constituencyA.id,
      title: 'Next month',
      question: 'Q?',
      opensAt: new Date(Date.now() + 30 * 86400_000).toISOString(),
    });
    expect(later.status).toBe(201);
    await runJobs();
    const told = (await listOf('mail')).items.filter((i) => i.kind === 'conversation_opened');
    expect(told.map((i) => i.title)).toEqual(['New conversation: Buses']);
    expect((await listOf('organiser')).items.filter((i) => i.kind === 'conversation_opened')).toHaveLength(0);
    expect((await listOf('outsider')).items).toHaveLength(0);

    // The author of a statement hears what the moderator decided, with the reason.
    const cid = String(made.body.id);
    const posted = await call('mail', 'POST', `/api/conversations/${cid}/statements`, {
      text: 'Bring the buses back under public control',
    });
    expect(posted.status).toBe(201);
    const sid = String((posted.body.statement as { id: string } | undefined)?.id ?? posted.body.id);
    const rejected = await call('organiser', 'POST', `/api/conversations/${cid}/moderation`, {
      statementIds: [sid],
      decision: 'rejected',
      reason: 'Please say what you would change',
    });
    expect(rejected.status).toBe(200);
    await runJobs();
    const decided = (await listOf('mail')).items.find((i) => i.kind === 'statement_rejected');
    expect(decided?.body).toContain('The moderator’s reason: Please say what you would change');
    expect((await mailsTo(who('mail').email)).map((m) => m.subject)).toContain(
      'Your statement was not accepted',
    );
  });

  it('an amendment window tells the branch', async () => {
    const id = await draftWithClause('Amend me');
    const r = await call('drafter', 'POST', `/api/manifestos/${id}/amendment-window`, {
      closesAt: new Date(Date.now() + 7 * 86400_000).toISOString(),
    });
    expect(r.status).toBe(201);
    await runJobs();
    expect((await listOf('app')).items.map((i) => i.title)).toContain('Amendments open: Amend me');
    expect((await listOf('drafter')).items.map((i) => i.title)).not.toContain('Amendments open: Amend me');
  });
});

describe('canvass sessions', () => {
  it('a change and a cancellation reach members and people who signed up on the public page', async () => {
    const made = await call('organiser', 'POST', `/api/canvass/branches/${tree.wardA.id}/sessions`, {
      title: 'Saturday doors',
      startsAt: new Date(Date.now() + 5 * 86400_000).toISOString(),
      endsAt: new Date(Date.now() + 5 * 86400_000 + 7200_000).toISOString(),
      meetingPoint: 'The library',
    });
    expect(made.status).toBe(201);
    const id = String(made.body.id);
    expect((await call('mail', 'POST', `/api/canvass/sessions/${id}/signup`)).status).toBe(200);
    const publicAddress = 'rally.person@example.org';
    expect(
      (
        await call(null, 'POST', `/api/public/canvass-sessions/${id}/signups`, {
          name: 'Rally',
          email: publicAddress,
        })
      ).status,
    ).toBe(201);
    const moved = await call('organiser', 'PATCH', `/api/canvass/sessions/${id}`, {
      meetingPoint: 'The station',
    });
    expect(moved.status).toBe(200);
    expect(moved.body.meetingPoint).toBe('The station');
    expect((await call('mail', 'PATCH', `/api/canvass/sessions/${id}`, { title: 'Mine now' })).status).toBe(
      403,
    );
    await runJobs();
    const changed = (await mailsTo(publicAddress)).filter((m) => m.subject === 'Changed: Saturday doors');
    expect(changed).toHaveLength(1);
    expect(changed[0]?.text).toContain('meeting at The station');
    expect(changed[0]?.headers).toEqual({});
    expect((await listOf('mail')).items.map((i) => i.title)).toContain('Changed: Saturday doors');
    // Saving it again as it is tells nobody anything.
    const same = await call('organiser', 'PATCH', `/api/canvass/sessions/${id}`, {
      meetingPoint: 'The station',
    });
    expect(same.status).toBe(200);
    await runJobs();
    expect(
      (await mailsTo(publicAddress)).filter((m) => m.subject === 'Changed: Saturday doors'),
    ).toHaveLength(1);

    const cancelled = await call('organiser', 'POST', `/api/canvass/sessions/${id}/cancel`);
    expect(cancelled.status).toBe(200);
    expect(typeof cancelled.body.cancelledAt).toBe('string');
    expect((await call('organiser', 'POST', `/api/canvass/sessions/${id}/cancel`)).body.error?.code).toBe(
      'SESSION_CANCELLED',
    );
    await runJobs();
    expect((await mailsTo(publicAddress)).map((m) => m.subject)).toContain('Cancelled: Saturday doors');
    const late = await call(null, 'POST', `/api/public/canvass-sessions/${id}/signups`, {
      name: 'Late',
      email: 'late@example.org',
    });
    expect(late.body.error?.code).toBe('SESSION_CANCELLED');
    const page = await call(null, 'GET', `/api/public/canvass-sessions/${id}`);
    expect(page.body.open).toBe(false);
    expect(typeof page.body.cancelledAt).toBe('string');
  });
});

describe('the mail queue', () => {
  it('a failed send is retried later with backoff, then sent once; an erased member gets nothing', async () => {
    const db = t.database.db;
    const target = await makeMember(db, tree.wardB);
    const gone = await makeMember(db, tree.wardB);
    await db.insert(mailQueue).values([
      {
        id: crypto.randomUUID(),
        memberId: target.id,
        kind: 'ballot_opened',
        params: { manifesto: 'Retry' },
        link: '/',
      },
      {
        id: crypto.randomUUID(),
        memberId: gone.id,
        kind: 'ballot_opened',
        params: { manifesto: 'Gone' },
        link: '/',
      },
    ]);
    await db.update(members).set({ email: null, status: 'erased' }).where(eq(members.id, gone.id));
    let failures = 1;
    const sent: string[] = [];
    const flaky = contextWith({
      send(mail) {
        if (failures-- > 0)
          return Promise.reject(
            Object.assign(new Error(`421 mailbox ${mail.to} busy`), { code: 'EENVELOPE', responseCode: 421 }),
          );
        sent.push(mail.to);
        return Promise.resolve();
      },
    });
    expect(await deliverMail(flaky)).toEqual({ sent: 0, failed: 2 });
    const [row] = await queryRows<{ attempts: number; later: boolean; last_error: string }>(
      db,
      sql`select attempts, due_at > now() + interval '50 seconds' as later, last_error
          from mail_queue where member_id = ${target.id}`,
    );
    // What failed is kept, but not the server's words, which name the address.
    expect(row).toEqual({ attempts: 1, later: true, last_error: 'Error EENVELOPE SMTP 421' });
    expect(await deliverMail(flaky)).toEqual({ sent: 0, failed: 0 }); // not due yet
    await db.execute(sql`update mail_queue set due_at = now() where member_id = ${target.id}`);
    // Two senders at once: the mail goes once.
    const results = await Promise.all([deliverMail(flaky), deliverMail(flaky)]);
    expect(results.reduce((n, r) => n + r.sent, 0)).toBe(1);
    expect(sent).toEqual([target.email]);
    const [goneRow] = await queryRows<{ failed: boolean; sent: boolean }>(
      db,
      sql`select failed_at is not null as failed, sent_at is not null as sent from mail_queue where member_id = ${gone.id}`,
    );
    expect(goneRow).toEqual({ failed: true, sent: false });
  });
});

describe('in Welsh', () => {
  it('a member who chose Cymraeg is mailed in it, the list is written in the page’s language, and bad choices are refused', async () => {
    const db = t.database.db;
    people.cymraeg = await makeMember(db, tree.wardA2);
    cookies.cymraeg = await t.signIn(who('cymraeg').email);
    people.english = await makeMember(db, tree.wardA2);
    expect((await call('cymraeg', 'GET', '/api/me')).body.language).toBeNull();
    const bad = await call('cymraeg', 'PATCH', '/api/me', { language: 'fr' });
    expect(bad.status).toBe(400);
    expect(bad.body.error?.code).toBe('VALIDATION_FAILED');
    expect((await call('cymraeg', 'PATCH', '/api/me', { language: 'cy' })).status).toBe(200);
    expect((await call('cymraeg', 'GET', '/api/me')).body.language).toBe('cy');
    // Another member's profile does not tell their language.
    const seen = await call('organiser', 'GET', `/api/members/${who('cymraeg').id}`);
    expect(seen.status).toBe(200);
    expect(seen.body).not.toHaveProperty('language');

    const manifestoId = await draftWithClause('Ein haddewid tai');
    const closesAt = new Date(Date.now() + 5 * 86400_000);
    const opened = await call('drafter', 'POST', `/api/manifestos/${manifestoId}/ballots`, {
      mode: 'document',
      cutoff: '2026-06-01',
      closesAt: closesAt.toISOString(),
    });
    expect(opened.status).toBe(201);
    await runJobs();
    const [welsh] = await mailsTo(who('cymraeg').email);
    expect(welsh?.subject).toBe('Pleidlais ar agor: Ein haddewid tai');
    const weekday = closesAt.toLocaleString('cy', { weekday: 'long', timeZone: 'Europe/London' });
    expect(welsh?.text).toContain(`Mae’n cau ${weekday}`);
    expect(welsh?.text).toContain('Mae eich pleidlais yn gyfrinachol.');
    expect(welsh?.text).toMatch(/^Helo .+,\n/);
    expect(welsh?.text).toContain('drwy e-bost.');
    expect(welsh?.text).toMatch(/Atal y negeseuon hyn: http:\/\/localhost:3000\/unsubscribe\?token=\S+/);
    expect(welsh?.headers['List-Unsubscribe']).toMatch(
      /^<http:\/\/localhost:3000\/api\/notifications\/unsubscribe/,
    );
    // Members who chose nothing are still mailed in English.
    const english = (await mailsTo(who('english').email)).find((m) => m.subject.endsWith('Ein haddewid tai'));
    expect(english?.subject).toBe('Ballot open: Ein haddewid tai');
    expect(english?.text).toContain(
      'You get this mail because you chose to hear about ballots you can vote in',
    );

    const inWelsh = (await call('cymraeg', 'GET', '/api/notifications?lang=cy')).body as unknown as Listed;
    expect(inWelsh.items[0]?.title).toBe('Pleidlais ar agor: Ein haddewid tai');
    const inEnglish = (await call('cymraeg', 'GET', '/api/notifications?lang=en')).body as unknown as Listed;
    expect(inEnglish.items[0]?.title).toBe('Ballot open: Ein haddewid tai');
    expect((await call('cymraeg', 'GET', '/api/notifications?lang=xx')).body.error?.code).toBe(
      'VALIDATION_FAILED',
    );
  });
});

describe('mail about canvass sessions', () => {
  async function session(title: string): Promise<string> {
    const made = await call('organiser', 'POST', `/api/canvass/branches/${tree.wardA.id}/sessions`, {
      title,
      startsAt: new Date(Date.now() + 6 * 86400_000).toISOString(),
      endsAt: new Date(Date.now() + 6 * 86400_000 + 7200_000).toISOString(),
      meetingPoint: 'Y llyfrgell',
    });
    expect(made.status).toBe(201);
    return String(made.body.id);
  }

  it('someone signing up on the Welsh page is written to in Welsh, then and when the session changes', async () => {
    const id = await session('Canfasio’r dref');
    const address = 'siaradwr@example.org';
    const signed = await call(null, 'POST', `/api/public/canvass-sessions/${id}/signups`, {
      name: 'Siân',
      email: address,
      language: 'cy',
    });
    expect(signed.status).toBe(201);
    await runJobs();
    const [confirmation] = await mailsTo(address);
    expect(confirmation?.subject).toBe('Rydych wedi cofrestru: Canfasio’r dref');
    expect(confirmation?.text).toMatch(/^Helo Siân,\n\nDiolch am gofrestru ar gyfer Canfasio’r dref\./);
    expect(confirmation?.text).toContain('Ble: Y llyfrgell');
    expect(confirmation?.text).toContain('Rydych yn cael y neges hon oherwydd i chi gofrestru');
    await call('organiser', 'PATCH', `/api/canvass/sessions/${id}`, { meetingPoint: 'Yr orsaf' });
    await runJobs();
    const changed = (await mailsTo(address)).find((m) => m.subject.startsWith('Wedi newid'));
    expect(changed?.text).toContain('yn cyfarfod yn Yr orsaf');
    const bad = await call(null, 'POST', `/api/public/canvass-sessions/${id}/signups`, {
      name: 'X',
      email: 'x@example.org',
      language: 'de',
    });
    expect(bad.body.error?.issues?.[0]).toMatchObject({ field: 'body.language' });
  });

  it('a public page cannot flood an inbox: an address gets ten sign-up mails an hour at most, and every answer is the same', async () => {
    const id = await session('Flood test');
    const victim = 'victim@example.org';
    const answers = [];
    for (let i = 0; i < 14; i++)
      answers.push(
        await call(null, 'POST', `/api/public/canvass-sessions/${id}/signups`, { name: 'V', email: victim }),
      );
    expect(new Set(answers.map((a) => `${a.status} ${String(a.body.going)}`))).toEqual(new Set(['201 1']));
    await runJobs();
    const mails = await mailsTo(victim);
    expect(mails).toHaveLength(10);
    expect(mails.filter((m) => m.subject.startsWith('You’re signed up'))).toHaveLength(1);
  });
});
