/**
 * Doorstep's organisers over HTTP: the dashboard and doorstep issues (files, who may call), canvass sessions
 * with their public page, electors' rights and retention, intention codes. The dashboard's figures and the
 * issues' rules are in dashboard.service.test.ts.
 */
import { randomUUID } from 'node:crypto';
import { and, count, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../db/client.ts';
import { auditLog, canvassRecords, conversations, walkAssignments } from '../db/schema/index.ts';
import { newId } from '../lib/ids.ts';
import { callAs, jobContext, startTestApp, type TestApp } from '../../test/helpers/app.ts';
import { makeMember, makeTree, type TestMember, type Tree } from '../../test/helpers/factories.ts';
import { sendReminders } from './session.service.ts';
import { deliverMail } from '../notifications/notification.service.ts';
import { registerCsv, syntheticRegister } from './synthetic-register.ts';

let t: TestApp;
let tree: Tree;
const cookies: Record<string, string> = {};
const people: Record<string, TestMember> = {};
const call = callAs(() => t, cookies);
const register = syntheticRegister({ electors: 200, districts: ['BW1', 'BW2'], seed: 21 });
let walkId = '';
let walkElectors: { id: string; door: number }[] = [];

beforeAll(async () => {
  t = await startTestApp();
  tree = await makeTree(t.database.db);
  const db = t.database.db;
  people.organiser = await makeMember(db, tree.wardA, { roles: [['organiser', tree.wardA]] });
  people.officer = await makeMember(db, tree.wardA, { roles: [['data_officer', tree.constituencyA]] });
  people.outsider = await makeMember(db, tree.wardB, { roles: [['organiser', tree.wardB]] });
  people.fast = await makeMember(db, tree.wardA, { name: 'Fast Fiona' });
  people.steady = await makeMember(db, tree.wardA, { name: 'Steady Sam' });
  people.rosy = await makeMember(db, tree.wardA, { name: 'Rosy Ruth' });
  people.member = await makeMember(db, tree.wardA);
  for (const [k, m] of Object.entries(people)) cookies[k] = await t.signIn(m.email);
  await call('organiser', 'POST', `/api/canvass/branches/${tree.wardA.id}/register`, registerCsv(register), {
    'content-type': 'text/csv',
  });
  const segment = await call('organiser', 'POST', `/api/canvass/branches/${tree.wardA.id}/segments`, {
    name: 'Everyone',
    filter: {},
  });
  const cut = await call('organiser', 'POST', `/api/canvass/segments/${String(segment.body.id)}/walks`, {
    doorsPerWalk: 200,
  });
  walkId = (cut.body.walks as { id: string }[])[0]?.id ?? '';
  for (const who of ['fast', 'steady', 'rosy'])
    await call('organiser', 'POST', `/api/canvass/walks/${walkId}/assignments`, {
      memberId: people[who]?.id,
    });
  // The walk was assigned an hour ago, so records made over the last hour fall within it.
  await t.database.db
    .update(walkAssignments)
    .set({ createdAt: new Date(Date.now() - 3_600_000) })
    .where(eq(walkAssignments.walkId, walkId));
  const download = await call('fast', 'GET', `/api/doorstep/walks/${walkId}`);
  walkElectors = download.body.electors as { id: string; door: number }[];
});
afterAll(() => t.close());

/** One record per door for `doors` doors starting at `from`, `gapSeconds` apart, ending now. */
function doorRecords(
  from: number,
  doors: number,
  gapSeconds: number,
  outcome: (i: number) => string,
  intention: (i: number) => string = (i) => (i % 3 === 0 ? 'LAB' : 'US'),
) {
  const firstAtDoor = new Map<number, string>();
  for (const e of walkElectors) if (!firstAtDoor.has(e.door)) firstAtDoor.set(e.door, e.id);
  const ids = [...firstAtDoor.values()].slice(from, from + doors);
  return ids.map((electorId, i) => ({
    id: randomUUID(),
    walkId,
    electorId,
    madeAt: new Date(Date.now() - (doors - i) * gapSeconds * 1000).toISOString(),
    outcome: outcome(i),
    intention: outcome(i) === 'spoke' ? intention(i) : null,
    strength: outcome(i) === 'spoke' ? 2 : null,
    flags: [],
    issues: i % 2 === 0 ? ['housing'] : i % 3 === 0 ? ['buses', 'housing'] : [],
    note: null,
  }));
}

describe('the organisers’ dashboard and doorstep issues', () => {
  it('the dashboard answers organisers of the branch (403 to others, 400 for a bad period)', async () => {
    const records = doorRecords(0, 12, 5, () => 'spoke');
    const synced = await call('fast', 'POST', '/api/doorstep/records', { records });
    expect(synced.status).toBe(200);
    expect(synced.body.accepted).toHaveLength(12);
    const url = `/api/canvass/branches/${tree.wardA.id}/dashboard`;
    const d = await call('organiser', 'GET', `${url}?days=7`);
    expect(d.status).toBe(200);
    expect(d.body).toMatchObject({ days: 7, records: 12, doorsKnocked: 12 });
    for (const who of ['member', 'outsider']) expect((await call(who, 'GET', url)).status).toBe(403);
    expect((await call('organiser', 'GET', `${url}?days=-1`)).status).toBe(400);
  });

  it('exports issues as CSV to organisers (audited; 403 to others), every formula cell neutralised', async () => {
    const url = `/api/canvass/branches/${tree.wardA.id}/issues.csv`;
    const [n] = await queryRows<{ housing: number; buses: number }>(
      t.database.db,
      sql`select count(*) filter (where 'housing' = any(issues))::int as housing,
            count(*) filter (where 'buses' = any(issues))::int as buses from canvass_records`,
    );
    const csv = await call('organiser', 'GET', url);
    expect(csv.raw.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.raw.headers['content-disposition']).toBe('attachment; filename="doorstep-issues.csv"');
    expect(csv.raw.body).toBe(`issue,raised\nhousing,${n?.housing}\nbuses,${n?.buses}\n`);
    const [exported] = await t.database.db
      .select({ n: count() })
      .from(auditLog)
      .where(and(eq(auditLog.subjectType, 'doorstep_issues'), eq(auditLog.action, 'export')));
    expect(exported?.n).toBe(1);
    for (const who of ['member', 'fast']) expect((await call(who, 'GET', url)).status).toBe(403);
    // An issue tag a spreadsheet would run as a formula is exported neutralised.
    await t.database.db.execute(
      sql`update canvass_records set issues = array['=hyperlink("http://evil")', '+1', '-2', '@sum(a1)'] where id = (select id from canvass_records limit 1)`,
    );
    const cells = (await call('organiser', 'GET', url)).raw.body
      .trim()
      .split('\n')
      .slice(1)
      .map((line) => line.slice(0, line.lastIndexOf(',')));
    expect(cells).toEqual(
      expect.arrayContaining([`"'=hyperlink(""http://evil"")"`, "'+1", "'-2", "'@sum(a1)"]),
    );
    for (const c of cells) expect(c).not.toMatch(/^"?[=+\-@\t\r]/);
  });

  it('sending issues: 200 with the counts, 404 for a conversation that is not the branch’s to send to, 400 for empty ones', async () => {
    const url = `/api/canvass/branches/${tree.wardA.id}/issues/send`;
    const targets = await call('organiser', 'GET', `/api/canvass/branches/${tree.wardA.id}/issues/targets`);
    expect(targets.status).toBe(200);
    const conversationId = newId();
    await t.database.db.insert(conversations).values({
      id: conversationId,
      branchId: tree.wardA.id,
      title: 'Ward A',
      question: 'What matters here?',
      opensAt: new Date(Date.now() - 1000),
      access: 'branch',
      moderation: 'post',
      linkToken: newId().replace(/-/g, ''),
    });
    const sent = await call('organiser', 'POST', url, { conversationId, statements: ['Fix the roads.'] });
    expect(sent.status).toBe(200);
    expect(sent.body).toMatchObject({ added: 1, skipped: 0 });
    const outsider = await call('outsider', 'POST', `/api/canvass/branches/${tree.wardB.id}/issues/send`, {
      conversationId,
      statements: ['Fix the roads.'],
    });
    expect(outsider.status).toBe(404);
    expect((await call('organiser', 'POST', url, { conversationId, statements: [''] })).status).toBe(400);
  });
});

describe('canvass sessions', () => {
  it('public sign-up after a rally, members in one tap, confirmations and one reminder each', async () => {
    const startsAt = new Date(Date.now() + 3 * 3_600_000);
    const created = await call('organiser', 'POST', `/api/canvass/branches/${tree.wardA.id}/sessions`, {
      title: 'Saturday canvass',
      startsAt: startsAt.toISOString(),
      endsAt: new Date(startsAt.getTime() + 2 * 3_600_000).toISOString(),
      meetingPoint: 'The Red Lion, Mill Lane',
      walkIds: [walkId],
    });
    expect(created.status).toBe(201);
    const id = String(created.body.id);
    const later = await call('organiser', 'POST', `/api/canvass/branches/${tree.wardA.id}/sessions`, {
      title: 'Next week',
      startsAt: new Date(Date.now() + 7 * 86_400_000).toISOString(),
      endsAt: new Date(Date.now() + 7 * 86_400_000 + 3_600_000).toISOString(),
      meetingPoint: 'The library',
    });
    const badTimes = await call('organiser', 'POST', `/api/canvass/branches/${tree.wardA.id}/sessions`, {
      title: 'Backwards',
      startsAt: startsAt.toISOString(),
      endsAt: new Date(startsAt.getTime() - 1000).toISOString(),
      meetingPoint: 'Nowhere',
    });
    expect(badTimes.body.error?.issues?.[0]).toMatchObject({ field: 'body.endsAt' });
    const page = await call(null, 'GET', `/api/public/canvass-sessions/${id}`);
    expect(page.body).toMatchObject({
      title: 'Saturday canvass',
      meetingPoint: 'The Red Lion, Mill Lane',
      going: 0,
    });
    expect(JSON.stringify(page.body)).not.toMatch(/@/);
    const signup = { name: 'Rally Rita', email: 'rita@example.org', phone: '07700 900456' };
    const first = await call(null, 'POST', `/api/public/canvass-sessions/${id}/signups`, signup);
    expect(first.status).toBe(201);
    expect(first.body.going).toBe(1);
    expect((await call(null, 'GET', `/api/public/canvass-sessions/${id}`)).body.going).toBe(1);
    // The same address again: one sign-up still, and the same answer (the page tells nobody whether an
    // address had signed up); the address gets a mail saying it already was.
    const second = await call(null, 'POST', `/api/public/canvass-sessions/${id}/signups`, signup);
    expect([second.status, second.body.going]).toEqual([201, 1]);
    // The mail waits in the queue: the request never waits on the mail server.
    expect((await t.lastMail('rita@example.org'))?.subject).toBeUndefined();
    expect(await deliverMail(jobContext(t))).toEqual({ sent: 2, failed: 0 });
    expect((await t.lastMail('rita@example.org'))?.subject).toBe(
      'You’re already signed up: Saturday canvass',
    );
    const organiserView = await call('organiser', 'GET', `/api/canvass/sessions/${id}`);
    expect(organiserView.body.signups).toEqual([
      expect.objectContaining({ name: 'Rally Rita', phone: '07700 900456' }),
    ]);
    const noPhone = await call(null, 'POST', `/api/public/canvass-sessions/${id}/signups`, {
      name: 'No Phone',
      email: 'nophone@example.org',
      phone: '',
    });
    expect(noPhone.status).toBe(201);
    const badPhone = await call(null, 'POST', `/api/public/canvass-sessions/${id}/signups`, {
      name: 'Bad Phone',
      email: 'badphone@example.org',
      phone: 'call me',
    });
    expect(badPhone.body.error?.issues?.[0]).toMatchObject({ field: 'body.phone' });
    // A calendar file anyone can add: the time in UTC, the text escaped as RFC 5545 asks.
    const ics = await call(null, 'GET', `/api/public/canvass-sessions/${id}/session.ics`);
    expect(ics.raw.headers['content-type']).toMatch(/^text\/calendar/);
    expect(ics.raw.body).toContain('BEGIN:VEVENT\r\n');
    expect(ics.raw.body).toContain(
      `DTSTART:${startsAt
        .toISOString()
        .replace(/[-:]/g, '')
        .replace(/\.\d{3}/, '')}\r\n`,
    );
    expect(ics.raw.body).toContain('LOCATION:The Red Lion\\, Mill Lane\r\n');
    expect(ics.raw.body).toContain('STATUS:CONFIRMED');
    const bad = await call(null, 'POST', `/api/public/canvass-sessions/${id}/signups`, {
      name: '',
      email: 'x',
    });
    expect(bad.body.error?.issues?.map((i) => i.field).sort()).toEqual(['body.email', 'body.name']);
    expect((await call('member', 'POST', `/api/canvass/sessions/${id}/signup`)).body.going).toBe(3);
    await call(null, 'POST', `/api/public/canvass-sessions/${String(later.body.id)}/signups`, signup);
    await deliverMail(jobContext(t));
    const confirmation = await t.lastMail('rita@example.org');
    expect(confirmation?.subject).toBe('You’re signed up: Next week');
    expect(confirmation?.text).toMatch(/^Hello Rally Rita,\n\nThank you for signing up to Next week\./);
    expect(confirmation?.text).toContain('Where: The library');
    expect(confirmation?.text).toContain('You get this mail because you signed up to this canvass session.');
    const mine = await call('member', 'GET', '/api/canvass/my-sessions');
    expect(
      (mine.body.sessions as { id: string; signedUp: boolean }[]).find((s) => s.id === id)?.signedUp,
    ).toBe(true);

    // Reminders: everyone signed up to a session starting within 24 hours (Rita, the one without a phone and
    // the member), once; next week's waits.
    expect(await sendReminders(t.database.db, 24)).toEqual({ sent: 3 });
    expect(await sendReminders(t.database.db, 24)).toEqual({ sent: 0 });
    await deliverMail(jobContext(t));
    expect((await t.lastMail(people.member?.email ?? ''))?.subject).toMatch(/^Reminder: Saturday canvass/);
    const view = await call('organiser', 'GET', `/api/canvass/sessions/${id}`);
    expect(
      (view.body.signups as { name: string; remindedAt: string | null }[]).map((x) => x.name).sort(),
    ).toEqual([people.member?.name, 'Rally Rita', 'No Phone'].sort());
    expect((view.body.walks as { id: string }[]).map((w) => w.id)).toEqual([walkId]);
    expect((await call('outsider', 'GET', `/api/canvass/sessions/${id}`)).status).toBe(403);
  });
});

describe('electors’ rights and retention', () => {
  it('a data officer exports an elector’s data and erases them; a re-import does not bring them back', async () => {
    const [someone] = await queryRows<{ id: string }>(
      t.database.db,
      sql`select elector_id as id from canvass_records limit 1`,
    );
    const id = someone?.id ?? '';
    expect((await call('organiser', 'GET', `/api/canvass/electors/${id}/data`)).status).toBe(404);
    expect((await call('fast', 'GET', `/api/canvass/electors/${id}`)).status).toBe(404);
    const data = await call('officer', 'GET', `/api/canvass/electors/${id}/data`);
    expect(data.status).toBe(200);
    expect((data.body.canvassRecords as unknown[]).length).toBeGreaterThan(0);
    expect(data.body.register).toMatchObject({ id });
    expect(JSON.stringify(data.body)).not.toMatch(/canvasserId/);
    expect((await call('organiser', 'DELETE', `/api/canvass/electors/${id}`)).status).toBe(404);
    const erased = await call('officer', 'DELETE', `/api/canvass/electors/${id}`);
    expect(erased.body).toMatchObject({ erased: true });
    expect(await t.database.db.select().from(canvassRecords).where(eq(canvassRecords.electorId, id))).toEqual(
      [],
    );
    expect((await call('officer', 'GET', `/api/canvass/electors/${id}`)).status).toBe(404);
    const audits = await t.database.db.select().from(auditLog).where(eq(auditLog.subjectId, id));
    expect(audits.map((a) => a.action).sort()).toEqual(['erase', 'export']);
    const again = await call(
      'organiser',
      'POST',
      `/api/canvass/branches/${tree.wardA.id}/register`,
      registerCsv(register),
      {
        'content-type': 'text/csv',
      },
    );
    expect(again.body).toMatchObject({ suppressed: 1, added: 0, removed: 0, matched: 199 });
  });

  it('the retention job deletes canvass records older than the period, and says what it did', async () => {
    const old = await t.database.db
      .update(canvassRecords)
      .set({ madeAt: new Date(Date.now() - (t.config.canvassRetentionDays + 1) * 86_400_000) })
      .where(sql`${canvassRecords.id} in (select id from canvass_records order by made_at limit 5)`)
      .returning({ id: canvassRecords.id });
    const [before] = await t.database.db.select({ n: count() }).from(canvassRecords);
    expect((await call('organiser', 'POST', '/api/canvass/retention')).status).toBe(403);
    const run = await call('officer', 'POST', '/api/canvass/retention');
    expect(run.body).toMatchObject({ canvassRecords: old.length });
    const [after] = await t.database.db.select({ n: count() }).from(canvassRecords);
    expect(after?.n).toBe((before?.n ?? 0) - old.length);
    const status = await call('officer', 'GET', '/api/canvass/retention');
    expect(status.body.days).toBe(t.config.canvassRetentionDays);
    expect((status.body.runs as { canvassRecords: number }[])[0]?.canvassRecords).toBe(old.length);
  });

  it('organisers set the branch’s intention codes; canvassers get them with the walk', async () => {
    const codes = [
      { code: 'us', label: 'Us' },
      { code: 'THEM', label: 'Them' },
    ];
    expect(
      (await call('fast', 'PUT', `/api/canvass/branches/${tree.wardA.id}/codes`, { codes })).status,
    ).toBe(403);
    expect(
      (await call('organiser', 'PUT', `/api/canvass/branches/${tree.wardA.id}/codes`, { codes })).status,
    ).toBe(200);
    // The walk was assigned an hour ago, so records made over the last hour fall within it.
    await t.database.db
      .update(walkAssignments)
      .set({ createdAt: new Date(Date.now() - 3_600_000) })
      .where(eq(walkAssignments.walkId, walkId));
    const download = await call('fast', 'GET', `/api/doorstep/walks/${walkId}`);
    expect(download.body.codes).toEqual([
      { code: 'US', label: 'Us' },
      { code: 'THEM', label: 'Them' },
    ]);
    // Codes changed while phones were out: records made with the old ones still arrive; nonsense does not.
    await call('organiser', 'PUT', `/api/canvass/branches/${tree.wardA.id}/codes`, {
      codes: [{ code: 'NEW', label: 'New' }],
    });
    const elector = walkElectors.at(-1); // one with no records, so never erased above
    const sent = await call('fast', 'POST', '/api/doorstep/records', {
      records: ['THEM', 'LAB', 'NEW', 'NONSENSE'].map((intention) => ({
        id: randomUUID(),
        walkId,
        electorId: elector?.id,
        madeAt: new Date().toISOString(),
        outcome: 'spoke',
        intention,
        strength: 1,
      })),
    });
    expect((sent.body.accepted as string[]).length).toBe(3);
    expect((sent.body.refused as { code: string }[]).map((r) => r.code)).toEqual(['UNKNOWN_CODE']);
    expect((await call('fast', 'GET', `/api/doorstep/walks/${walkId}`)).body.codes).toEqual([
      { code: 'NEW', label: 'New' },
    ]);
  });
});
