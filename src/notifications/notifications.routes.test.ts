/**
 * Notifications over HTTP: choices, the in-app list, unsubscribe links (no sign-in, a mail program’s form
 * post), Welsh. The fan-outs, reminders, sessions’ changes and the mail queue are in notification.service.test.ts.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mailOutbox } from '../db/schema/index.ts';
import { callAs, jobContext, startTestApp, type TestApp } from '../../test/helpers/app.ts';
import { makeMember, makeTree, type TestMember, type Tree } from '../../test/helpers/factories.ts';
import type { ServiceContext } from '../lib/context.ts';
import { deliverMail, expandFanouts } from './notification.service.ts';
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

describe('the in-app list', () => {
  it('lists what the job told the member, counts unread ones, and marks them read (one’s own only)', async () => {
    const manifestoId = await draftWithClause('Our housing pledge');
    const opened = await call('drafter', 'POST', `/api/manifestos/${manifestoId}/ballots`, {
      mode: 'document',
      cutoff: '2026-06-01',
      closesAt: new Date(Date.now() + 12 * 3600_000).toISOString(),
    });
    expect(opened.status).toBe(201);
    await runJobs();
    const list = await listOf('mail');
    expect(list.unread).toBe(1);
    expect(list.items[0]).toMatchObject({
      kind: 'ballot_opened',
      link: `/ballots/${String(opened.body.id)}`,
    });
    const other = await listOf('app');
    expect(
      (await call('mail', 'POST', '/api/notifications/read', { ids: [other.items[0]?.id ?? ''] })).status,
    ).toBe(200);
    expect((await listOf('app')).unread).toBe(1);
    expect((await call('mail', 'POST', '/api/notifications/read', {})).body).toEqual({ unread: 0 });
    expect((await call('mail', 'POST', '/api/notifications/read', { ids: ['not-an-id'] })).status).toBe(400);
    expect((await call(null, 'GET', '/api/notifications')).status).toBe(401);
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
    const [, , day = '', mac] = good.split('.');
    const forged = [
      `${who('organiser').id}.conversations.${day}.${mac}`,
      `${who('mail').id}.statements.${day}.${mac}`,
      // A later day of issue, to stretch the link's life.
      `${who('mail').id}.conversations.${(parseInt(day, 36) + 30).toString(36)}.${mac}`,
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

  it('a link lives 400 days: an older one is refused as expired (410) and changes nothing', async () => {
    const daysAgo = (n: number) =>
      encodeURIComponent(
        unsubscribeToken(
          t.config.authSecret,
          who('mail').id,
          'conversations',
          new Date(Date.now() - n * 86_400_000),
        ),
      );
    expect((await call(null, 'GET', `/api/notifications/unsubscribe?token=${daysAgo(398)}`)).status).toBe(
      200,
    );
    const old = await call(null, 'POST', `/api/notifications/unsubscribe?token=${daysAgo(402)}`);
    expect(old.status).toBe(410);
    expect(old.body.error?.code).toBe('LINK_EXPIRED');
    expect(old.body.error?.message).toMatch(/no longer works.*profile/);
    const prefs = await call('mail', 'GET', '/api/notifications/preferences');
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
