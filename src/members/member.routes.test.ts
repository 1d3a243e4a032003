/**
 * Members over HTTP: the signed-in member, the directory, records, roles, invitations, data rights (the
 * session ends with the erasure; nothing of the person is left anywhere), the audit log and its CSV, the
 * branch tree. The rules underneath are in member.service.test.ts.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, members, mailOutbox, user } from '../db/schema/index.ts';
import { callAs, startTestApp, type TestApp } from '../../test/helpers/app.ts';
import { whereFound } from '../../test/helpers/personal-data.ts';
import { makeMember, makeTree, type TestMember, type Tree } from '../../test/helpers/factories.ts';

let t: TestApp;
let tree: Tree;
let admin: TestMember;
let organiser: TestMember;
let officer: TestMember;
let plain: TestMember;
const cookies: Record<string, string> = {};

const call = callAs(() => t, cookies);

beforeAll(async () => {
  t = await startTestApp();
  tree = await makeTree(t.database.db);
  admin = await makeMember(t.database.db, tree.wardA, { roles: [['admin', tree.party]], name: 'Ada Admin' });
  organiser = await makeMember(t.database.db, tree.wardA, {
    roles: [['organiser', tree.constituencyA]],
    name: 'Olu Organiser',
  });
  officer = await makeMember(t.database.db, tree.wardB, {
    roles: [['data_officer', tree.party]],
    name: 'Dee Officer',
  });
  plain = await makeMember(t.database.db, tree.wardA, { name: 'Pat Plain' });
  for (const [k, m] of Object.entries({ admin, organiser, officer, plain }))
    cookies[k] = await t.signIn(m.email);
});
afterAll(() => t.close());

describe('GET /api/me', () => {
  it('returns the profile, roles and capabilities', async () => {
    const r = await call('organiser', 'GET', '/api/me');
    expect(r.status).toBe(200);
    const body = r.body as unknown as {
      member: { email: string };
      roles: { role: string }[];
      capabilities: Record<string, string[]>;
    };
    expect(body.member.email).toBe(organiser.email);
    expect(body.roles.map((x) => x.role).sort()).toEqual(['member', 'organiser']);
    expect(body.capabilities['members.list']).toEqual([tree.constituencyA.id]);
    expect(body.capabilities['audit.read']).toEqual([]);
  });
  it('is 401 without a session', async () => {
    const r = await call('nobody', 'GET', '/api/me');
    expect(r.status).toBe(401);
    expect(r.body.error?.code).toBe('UNAUTHENTICATED');
  });
});

describe('PATCH /api/me', () => {
  it('updates own name and phone and records the change', async () => {
    const r = await call('plain', 'PATCH', '/api/me', { name: 'Pat Plainer', phone: '+44 7700 900999' });
    expect(r.status).toBe(200);
    const rows = await t.database.db.select().from(members).where(eq(members.id, plain.id));
    expect(rows[0]?.name).toBe('Pat Plainer');
    expect(rows[0]?.phone).toBe('+44 7700 900999');
    const audit = await t.database.db.select().from(auditLog).where(eq(auditLog.subjectId, plain.id));
    expect(audit.some((a) => a.action === 'change')).toBe(true);
  });
});

describe('the member directory', () => {
  it('lists only members under the organiser’s branches, paged and searchable', async () => {
    const r = await call('organiser', 'GET', '/api/members?pageSize=100');
    expect(r.status).toBe(200);
    const body = r.body as unknown as { items: { id: string; homeWard: { id: string } }[]; total: number };
    const ids = body.items.map((i) => i.id);
    expect(ids).toContain(plain.id);
    expect(ids).not.toContain(officer.id); // ward B is outside constituency A
    expect(body.items.every((i) => [tree.wardA.id, tree.wardA2.id].includes(i.homeWard.id))).toBe(true);
    const paged = await call('organiser', 'GET', '/api/members?pageSize=1&page=2');
    expect((paged.body as unknown as { items: unknown[]; total: number }).items).toHaveLength(1);
    const search = await call('organiser', 'GET', '/api/members?q=olu');
    expect((search.body as unknown as { items: { id: string }[] }).items.map((i) => i.id)).toEqual([
      organiser.id,
    ]);
  });
  it('treats search text literally (no LIKE wildcards)', async () => {
    const r = await call('organiser', 'GET', '/api/members?q=%25');
    expect((r.body as unknown as { items: unknown[] }).items).toHaveLength(0);
  });
  it('records each view of the directory in the audit log', async () => {
    await call('organiser', 'GET', `/api/members?branch=${tree.wardA.id}`);
    const rows = await t.database.db.select().from(auditLog).where(eq(auditLog.actorId, organiser.id));
    expect(rows.some((a) => a.subjectType === 'member-directory' && a.branchId === tree.wardA.id)).toBe(true);
  });
  it('refuses a plain member', async () => {
    const r = await call('plain', 'GET', '/api/members');
    expect(r.status).toBe(403);
    expect(r.body.error?.code).toBe('FORBIDDEN');
  });
});

describe('a member record', () => {
  it('shows contact details to an organiser of the ward and hides them from others', async () => {
    const seen = await call('organiser', 'GET', `/api/members/${plain.id}`);
    expect((seen.body as unknown as { member: { email?: string } }).member.email).toBe(plain.email);
    const self = await call('plain', 'GET', `/api/members/${organiser.id}`);
    expect(self.status).toBe(404);
  });
  it('an organiser can change status; the change is audited', async () => {
    const target = await makeMember(t.database.db, tree.wardA2);
    const r = await call('organiser', 'PATCH', `/api/members/${target.id}`, { status: 'lapsed' });
    expect(r.status).toBe(200);
    expect((r.body as unknown as { member: { status: string } }).member.status).toBe('lapsed');
  });
  it('an organiser cannot move a member into a ward outside their branches', async () => {
    const target = await makeMember(t.database.db, tree.wardA2);
    const r = await call('organiser', 'PATCH', `/api/members/${target.id}`, { homeWardId: tree.wardB.id });
    expect(r.status).toBe(403);
  });
});

describe('roles', () => {
  it('200 with the roles for grants and removals within reach; 403 beyond it; 400 for a role there is not', async () => {
    const target = await makeMember(t.database.db, tree.wardA);
    const url = `/api/members/${target.id}/roles`;
    const roles = (r: { body: unknown }) =>
      (r.body as { roles: { role: string }[] }).roles.map((x) => x.role);
    const granted = await call('admin', 'POST', url, { role: 'moderator', branchId: tree.regionA.id });
    expect(granted.status).toBe(200);
    expect(roles(granted)).toContain('moderator');
    const removed = await call('admin', 'DELETE', url, { role: 'moderator', branchId: tree.regionA.id });
    expect(roles(removed)).not.toContain('moderator');
    expect(
      (await call('organiser', 'POST', url, { role: 'canvasser', branchId: tree.wardA.id })).status,
    ).toBe(200);
    expect((await call('organiser', 'POST', url, { role: 'admin', branchId: tree.wardA.id })).status).toBe(
      403,
    );
    expect(
      (await call('organiser', 'POST', url, { role: 'canvasser', branchId: tree.wardB.id })).status,
    ).toBe(403);
    expect((await call('admin', 'POST', url, { role: 'king', branchId: tree.wardA.id })).status).toBe(400);
  });
  it('someone who cannot see a member gets the same answer for them as for an id that does not exist', async () => {
    const hidden = await makeMember(t.database.db, tree.wardB);
    const body = { role: 'canvasser', branchId: tree.wardA.id };
    for (const method of ['POST', 'DELETE'] as const) {
      const real = await call('organiser', method, `/api/members/${hidden.id}/roles`, body);
      const missing = await call('organiser', method, `/api/members/${crypto.randomUUID()}/roles`, body);
      expect(real.status).toBe(404);
      expect(real.body).toEqual(missing.body);
    }
  });
});

describe('invitations', () => {
  it('an organiser invites; the link records who invited whom; the invited member signs in', async () => {
    const email = 'new.recruit@example.org';
    const r = await call('organiser', 'POST', '/api/invitations', { email, branchId: tree.wardA2.id });
    expect(r.status).toBe(201);
    const mail = await t.lastMail(email);
    const token = /\/invite\/([A-Za-z0-9_-]+)/.exec(mail?.text ?? '')?.[1] ?? '';
    expect(token.length).toBeGreaterThan(20);
    const described = await call('nobody', 'GET', `/api/invitations/${token}`);
    expect(described.status).toBe(200);
    expect(described.body).toMatchObject({ email, invitedBy: 'Olu Organiser' });
    const accepted = await call('nobody', 'POST', `/api/invitations/${token}/accept`, {
      name: 'Nia Recruit',
    });
    expect(accepted.status).toBe(201);
    const memberId = (accepted.body as unknown as { memberId: string }).memberId;
    const rows = await t.database.db.select().from(members).where(eq(members.id, memberId));
    expect(rows[0]?.invitedBy).toBe(organiser.id);
    expect(rows[0]?.homeWardId).toBe(tree.wardA2.id);
    const cookie = await t.signIn(email);
    const me = await t.app.inject({ method: 'GET', url: '/api/me', headers: { cookie } });
    expect(me.json<{ member: { name: string } }>().member.name).toBe('Nia Recruit');
    const reuse = await call('nobody', 'POST', `/api/invitations/${token}/accept`, { name: 'Someone Else' });
    expect(reuse.status).toBe(410);
    expect(reuse.body.error?.code).toBe('INVITATION_INVALID');
  });
  it('refuses an invitation to a branch that is not a ward, or outside the organiser’s scope', async () => {
    const notWard = await call('organiser', 'POST', '/api/invitations', {
      email: 'x1@example.org',
      branchId: tree.constituencyA.id,
    });
    expect(notWard.status).toBe(400);
    const outside = await call('organiser', 'POST', '/api/invitations', {
      email: 'x2@example.org',
      branchId: tree.wardB.id,
    });
    expect(outside.status).toBe(403);
    const plainMember = await call('plain', 'POST', '/api/invitations', {
      email: 'x3@example.org',
      branchId: tree.wardA.id,
    });
    expect(plainMember.status).toBe(403);
  });
  it('refuses to invite an existing member', async () => {
    const r = await call('organiser', 'POST', '/api/invitations', {
      email: plain.email,
      branchId: tree.wardA.id,
    });
    expect(r.status).toBe(409);
  });
  it('an unknown token is 404', async () => {
    const r = await call('nobody', 'GET', `/api/invitations/${'a'.repeat(32)}`);
    expect(r.status).toBe(404);
  });
});

describe('data rights', () => {
  it('a member downloads everything held about them', async () => {
    const r = await call('plain', 'GET', '/api/me/data');
    expect(r.status).toBe(200);
    expect(String(r.raw.headers['content-disposition'])).toMatch(/attachment/);
    const body = r.body as unknown as {
      member: { email: string };
      roles: unknown[];
      sessions: unknown[];
      accessLog: unknown[];
    };
    expect(body.member.email).toBe(plain.email);
    expect(body.roles.length).toBeGreaterThan(0);
    expect(body.sessions.length).toBeGreaterThan(0);
    expect(body.accessLog.length).toBeGreaterThan(0); // the organiser viewed this member above
  });
  it('a data officer exports and erases a member; personal data goes everywhere, the pseudonymous row stays', async () => {
    const target = await makeMember(t.database.db, tree.wardB, { name: 'Erin Erasable' });
    const targetCookie = await t.signIn(target.email);
    // She signs up for a canvass session as a member and, on the public page of another, with her address;
    // and asks for a sign-in code she never uses.
    const organiserB = await makeMember(t.database.db, tree.wardB, { roles: [['organiser', tree.wardB]] });
    const orgCookie = await t.signIn(organiserB.email);
    const sessionIds: string[] = [];
    for (const title of ['Saturday doors', 'Sunday doors']) {
      const made = await t.call(orgCookie, 'POST', `/api/canvass/branches/${tree.wardB.id}/sessions`, {
        title,
        startsAt: new Date(Date.now() + 86_400_000).toISOString(),
        endsAt: new Date(Date.now() + 90_000_000).toISOString(),
        meetingPoint: 'The library',
      });
      expect(made.status).toBe(201);
      sessionIds.push(String(made.body.id));
    }
    expect(
      (await t.call(targetCookie, 'POST', `/api/canvass/sessions/${sessionIds[0]}/signup`)).status,
    ).toBeLessThan(300);
    expect(
      (
        await t.call(undefined, 'POST', `/api/public/canvass-sessions/${sessionIds[1]}/signups`, {
          name: 'Erin Erasable',
          email: target.email,
        })
      ).status,
    ).toBe(201);
    await t.requestCode(target.email);
    const exported = await call('officer', 'GET', `/api/members/${target.id}/data`);
    expect(exported.status).toBe(200);
    // The subject-access export includes both sign-ups.
    const signups = (
      exported.body as unknown as { canvassSessions: { session: string; signedUpAs: { email: string } }[] }
    ).canvassSessions;
    expect(signups.map((x) => x.session).sort()).toEqual(['Saturday doors', 'Sunday doors']);
    expect(signups.every((x) => x.signedUpAs.email === target.email)).toBe(true);
    const organiserTry = await call('organiser', 'DELETE', `/api/members/${target.id}`);
    expect(organiserTry.status).toBe(404);
    await t.database.db.update(members).set({ language: 'cy' }).where(eq(members.id, target.id));
    const erased = await call('officer', 'DELETE', `/api/members/${target.id}`);
    expect(erased.status).toBe(204);
    const rows = await t.database.db.select().from(members).where(eq(members.id, target.id));
    expect(rows[0]).toMatchObject({
      name: 'Erased member',
      email: null,
      phone: null,
      status: 'erased',
      userId: null,
      language: null,
    });
    expect(await t.database.db.select().from(user).where(eq(user.id, target.id))).toHaveLength(0);
    expect(await t.database.db.select().from(mailOutbox).where(eq(mailOutbox.to, target.email))).toHaveLength(
      0,
    );
    const me = await t.app.inject({ method: 'GET', url: '/api/me', headers: { cookie: targetCookie } });
    expect(me.statusCode).toBe(401);
    const audit = await t.database.db.select().from(auditLog).where(eq(auditLog.subjectId, target.id));
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['export', 'erase']));
    expect(JSON.stringify(audit)).not.toContain('Erin');
    // Nowhere in the database: no table, no column holds her name or email any more.
    expect(await whereFound(t.database.db, target.email)).toEqual([]);
    expect(await whereFound(t.database.db, 'Erin Erasable')).toEqual([]);
  });
});

describe('the audit log', () => {
  it('a data officer reads it for their branch, newest first, paged', async () => {
    const r = await call('officer', 'GET', '/api/audit?limit=5');
    expect(r.status).toBe(200);
    const body = r.body as unknown as { entries: { id: number }[]; nextBefore: number | null };
    const ids = body.entries.map((e) => e.id);
    expect(ids).toHaveLength(5);
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
    expect(body.nextBefore).toBe(ids.at(-1));
    const next = await call('officer', 'GET', `/api/audit?limit=5&before=${String(body.nextBefore)}`);
    const nextIds = (next.body as unknown as { entries: { id: number }[] }).entries.map((e) => e.id);
    expect(Math.max(...nextIds)).toBeLessThan(body.nextBefore ?? 0);
  });
  it('is refused to organisers', async () => {
    expect((await call('organiser', 'GET', '/api/audit')).status).toBe(403);
    expect((await call('organiser', 'GET', '/api/audit.csv')).status).toBe(403);
  });

  interface Row {
    action: string;
    actorName: string | null;
    subjectType: string;
    subjectId: string | null;
    subjectName: string | null;
  }
  const entries = async (query: string) =>
    ((await call('officer', 'GET', `/api/audit?${query}`)).body as unknown as { entries: Row[] }).entries;

  it('filters by query, naming each bad one (400)', async () => {
    const today = new Date().toISOString().slice(0, 10);
    const erasures = await entries(`actor=${officer.id}&action=erase&from=${today}`);
    expect(erasures.length).toBeGreaterThan(0);
    expect(erasures.every((e) => e.action === 'erase' && e.subjectName === 'deleted member')).toBe(true);
    const bad = await call('officer', 'GET', '/api/audit?action=delete&from=yesterday');
    expect(bad.status).toBe(400);
    expect(bad.body.error?.issues?.map((i) => i.field).sort()).toEqual([
      'querystring.action',
      'querystring.from',
    ]);
  });

  it('exports as CSV, audited, with formula cells neutralised', async () => {
    const sneaky = await makeMember(t.database.db, tree.wardA, {
      roles: [['data_officer', tree.wardA]],
      name: '=HYPERLINK("http://evil")',
    });
    const cookie = await t.signIn(sneaky.email);
    expect((await t.call(cookie, 'GET', '/api/audit')).status).toBe(200);
    const csv = await call('officer', 'GET', `/api/audit.csv?actor=${sneaky.id}`);
    expect(csv.status).toBe(200);
    expect(csv.raw.headers['content-type']).toMatch(/^text\/csv/);
    const lines = csv.raw.body.trim().split('\n');
    expect(lines[0]).toBe('when,who,action,subject,subject id,member,branch');
    expect(lines.length).toBeGreaterThan(1);
    for (const line of lines.slice(1)) {
      expect(line).toContain(`"'=HYPERLINK(""http://evil"")"`);
      expect(line).not.toMatch(/(^|,)"?=/);
    }
    const exported = await entries(`actor=${officer.id}&action=export`);
    expect(exported.some((e) => e.subjectType === 'audit-log')).toBe(true);
  });
  it('cannot be changed, not even by the database user', async () => {
    await expect(t.database.db.update(auditLog).set({ action: 'tampered' })).rejects.toThrow();
    await expect(t.database.db.delete(auditLog)).rejects.toThrow();
  });
});

describe('branches', () => {
  it('every member sees the tree; counts only where they may list members', async () => {
    const r = await call('organiser', 'GET', '/api/branches');
    const nodes = (
      r.body as unknown as { branches: { id: string; memberCount?: number; canInvite: boolean }[] }
    ).branches;
    const byId = new Map(nodes.map((n) => [n.id, n]));
    expect(byId.get(tree.wardA.id)?.memberCount).toBeGreaterThan(0);
    expect(byId.get(tree.wardB.id)?.memberCount).toBeUndefined();
    expect(byId.get(tree.wardA.id)?.canInvite).toBe(true);
    expect(byId.get(tree.wardB.id)?.canInvite).toBe(false);
  });
  it('an admin adds a ward under a constituency; an organiser cannot', async () => {
    const ok = await call('admin', 'POST', '/api/branches', {
      parentId: tree.constituencyB.id,
      name: 'Newtown',
      code: `NEW-${Date.now() % 100000}`,
    });
    expect(ok.status).toBe(201);
    expect((ok.body as unknown as { kind: string }).kind).toBe('ward');
    const no = await call('organiser', 'POST', '/api/branches', {
      parentId: tree.constituencyA.id,
      name: 'Nope',
      code: 'NOPE-1',
    });
    expect(no.status).toBe(403);
  });
});
