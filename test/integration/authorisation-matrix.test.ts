/**
 * The authorisation matrix: for each role held at each level of the tree, what it may and may not read or
 * change, checked through the HTTP API. The expectations are written out here from the specification,
 * not computed by the policy module under test.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { registerCsv, syntheticRegister } from '../../src/canvass/synthetic-register.ts';
import { electors, type Role } from '../../src/db/schema/index.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { makeMember, makeTree, type TestMember, type Tree } from '../helpers/factories.ts';

const ROLES: Role[] = ['member', 'canvasser', 'organiser', 'moderator', 'drafter', 'data_officer', 'admin'];
const LEVELS = ['party', 'regionA', 'constituencyA', 'wardA'] as const;
type Level = (typeof LEVELS)[number];

/** Which roles may do each thing to a member of, or in, the branch where they hold the role or above it. */
const MAY: Record<string, Role[]> = {
  listMembers: ['organiser', 'data_officer', 'admin'],
  readMember: ['organiser', 'data_officer', 'admin'],
  seeEmail: ['organiser', 'data_officer', 'admin'],
  editMember: ['organiser', 'admin'],
  invite: ['organiser', 'admin'],
  importMembers: ['organiser', 'data_officer', 'admin'],
  exportMember: ['data_officer', 'admin'],
  eraseMember: ['data_officer', 'admin'],
  readAudit: ['data_officer', 'admin'],
  grantCanvasser: ['organiser', 'admin'],
  addBranch: ['admin'],
  importRegister: ['organiser', 'data_officer', 'admin'],
  runCanvassing: ['organiser', 'admin'],
  electorRights: ['data_officer', 'admin'],
};

const REGISTER = syntheticRegister({ electors: 30, districts: ['MX1'], seed: 4 });

let t: TestApp;
let tree: Tree;
let targetA: TestMember;
let targetB: TestMember;
const actors = new Map<string, string>();
let electorA = '';
let walkA = '';

const key = (role: Role, level: Level) => `${role}@${level}`;

beforeAll(async () => {
  t = await startTestApp();
  tree = await makeTree(t.database.db);
  targetA = await makeMember(t.database.db, tree.wardA, { name: 'Target In Ward A' });
  targetB = await makeMember(t.database.db, tree.wardB, { name: 'Target In Ward B' });
  for (const role of ROLES) {
    for (const level of LEVELS) {
      const m = await makeMember(t.database.db, tree.wardA2, { roles: [[role, tree[level]]] });
      actors.set(key(role, level), await t.signIn(m.email));
    }
  }
  // A register for ward A with one walk, assigned to nobody.
  const admin = actors.get(key('admin', 'party')) ?? '';
  await status(
    admin,
    'POST',
    `/api/canvass/branches/${tree.wardA.id}/register`,
    registerCsv(REGISTER),
    'text/csv',
  );
  const segment = await status(admin, 'POST', `/api/canvass/branches/${tree.wardA.id}/segments`, {
    name: 'All',
    filter: {},
  });
  const cut = await status(
    admin,
    'POST',
    `/api/canvass/segments/${(JSON.parse(segment.body) as { id: string }).id}/walks`,
    {},
  );
  walkA = (JSON.parse(cut.body) as { walks: { id: string }[] }).walks[0]?.id ?? '';
  const [e] = await t.database.db
    .select({ id: electors.id })
    .from(electors)
    .where(eq(electors.branchId, tree.wardA.id))
    .limit(1);
  electorA = e?.id ?? '';
}, 120_000);
afterAll(() => t.close());

async function status(
  cookie: string,
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
  url: string,
  payload?: unknown,
  type?: string,
) {
  const res = await t.app.inject({
    method,
    url,
    headers: { cookie, ...(type ? { 'content-type': type } : {}) },
    ...(payload !== undefined ? { payload: payload as string } : {}),
  });
  return { code: res.statusCode, body: res.body };
}

/** Does a role held at `level` reach ward A (everything from party to ward A does) / ward B (only party)? */
const reachesA = (_level: Level) => true;
const reachesB = (level: Level) => level === 'party';

describe.each(ROLES.flatMap((role) => LEVELS.map((level) => ({ role, level }))))(
  '$role at $level',
  ({ role, level }) => {
    const cookie = () => actors.get(key(role, level)) ?? '';
    const allowed = (action: string, reaches: boolean) => reaches && (MAY[action] ?? []).includes(role);

    it('lists members of ward A / ward B only where allowed', async () => {
      const a = await status(cookie(), 'GET', `/api/members?branch=${tree.wardA.id}`);
      expect(a.code).toBe(allowed('listMembers', reachesA(level)) ? 200 : 403);
      const b = await status(cookie(), 'GET', `/api/members?branch=${tree.wardB.id}`);
      expect(b.code).toBe(allowed('listMembers', reachesB(level)) ? 200 : 403);
    });

    it('reads another member, and their email, only where allowed', async () => {
      for (const [target, reaches] of [
        [targetA, reachesA(level)],
        [targetB, reachesB(level)],
      ] as const) {
        const r = await status(cookie(), 'GET', `/api/members/${target.id}`);
        expect(r.code).toBe(allowed('readMember', reaches) ? 200 : 404);
        expect(r.body.includes(target.email)).toBe(allowed('seeEmail', reaches));
      }
    });

    it('changes a member only where allowed', async () => {
      const r = await status(cookie(), 'PATCH', `/api/members/${targetB.id}`, { status: 'active' });
      expect(r.code).toBe(
        allowed('editMember', reachesB(level)) ? 200 : allowed('readMember', reachesB(level)) ? 403 : 404,
      );
    });

    it('invites to ward A only where allowed', async () => {
      const r = await status(cookie(), 'POST', '/api/invitations', {
        email: `inv-${role}-${level}@example.org`,
        branchId: tree.wardA.id,
      });
      expect(r.code).toBe(allowed('invite', true) ? 201 : 403);
    });

    it('imports into ward B only where allowed', async () => {
      const csv = `name,email,ward\nNew Person,imp-${role}-${level}@example.org,${tree.wardB.code}\n`;
      const r = await status(
        cookie(),
        'POST',
        `/api/members/import?branch=${tree.wardB.id}&dryRun=true`,
        csv,
        'text/csv',
      );
      expect(r.code).toBe(allowed('importMembers', reachesB(level)) ? 200 : 403);
    });

    it('exports and erases a member only where allowed', async () => {
      const ex = await status(cookie(), 'GET', `/api/members/${targetA.id}/data`);
      expect(ex.code).toBe(allowed('exportMember', true) ? 200 : 404);
      const victim = await makeMember(t.database.db, tree.wardB);
      const er = await status(cookie(), 'DELETE', `/api/members/${victim.id}`);
      const mayErase = allowed('eraseMember', reachesB(level));
      expect(er.code).toBe(mayErase ? 204 : allowed('readMember', reachesB(level)) ? 403 : 404);
    });

    it('reads the audit log of ward A only where allowed', async () => {
      const r = await status(cookie(), 'GET', `/api/audit?branch=${tree.wardA.id}`);
      expect(r.code).toBe(allowed('readAudit', true) ? 200 : 403);
    });

    it('grants the canvasser role in ward A only where allowed', async () => {
      const r = await status(cookie(), 'POST', `/api/members/${targetA.id}/roles`, {
        role: 'canvasser',
        branchId: tree.wardA.id,
      });
      // Those who cannot see the member get the 404 of a missing id, not a 403 that says they exist.
      expect(r.code).toBe(allowed('grantCanvasser', true) ? 200 : allowed('readMember', true) ? 403 : 404);
    });

    it('imports a register into ward B only where allowed', async () => {
      const r = await status(
        cookie(),
        'POST',
        `/api/canvass/branches/${tree.wardB.id}/register?dryRun=true`,
        registerCsv(REGISTER),
        'text/csv',
      );
      expect(r.code).toBe(allowed('importRegister', reachesB(level)) ? 200 : 403);
    });

    it('runs canvassing (targeting, walks, dashboard) in ward A / ward B only where allowed', async () => {
      for (const [ward, reaches] of [
        [tree.wardA, reachesA(level)],
        [tree.wardB, reachesB(level)],
      ] as const) {
        const count = await status(cookie(), 'POST', `/api/canvass/branches/${ward.id}/segments/count`, {
          filter: {},
        });
        expect(count.code).toBe(allowed('runCanvassing', reaches) ? 200 : 403);
        const dashboard = await status(cookie(), 'GET', `/api/canvass/branches/${ward.id}/dashboard`);
        expect(dashboard.code).toBe(allowed('runCanvassing', reaches) ? 200 : 403);
      }
      const sheet = await status(cookie(), 'GET', `/api/canvass/walks/${walkA}/sheet.pdf`);
      expect(sheet.code).toBe(allowed('runCanvassing', true) ? 200 : 403);
    });

    it('reads no elector through the doorstep without an assignment, whatever the role', async () => {
      expect((await status(cookie(), 'GET', `/api/doorstep/walks/${walkA}`)).code).toBe(404);
      expect((await status(cookie(), 'GET', `/api/doorstep/walks/${walkA}/electors/${electorA}`)).code).toBe(
        404,
      );
    });

    it('exports an elector’s data only where allowed', async () => {
      const r = await status(cookie(), 'GET', `/api/canvass/electors/${electorA}/data`);
      expect(r.code).toBe(allowed('electorRights', true) ? 200 : 404);
    });

    it('adds a branch below constituency A only where allowed', async () => {
      const code = `W-${ROLES.indexOf(role)}${LEVELS.indexOf(level)}-${Date.now() % 100000}`;
      const r = await status(cookie(), 'POST', '/api/branches', {
        parentId: tree.constituencyA.id,
        name: 'New Ward',
        code,
      });
      const reaches = level !== 'wardA';
      expect(r.code).toBe(allowed('addBranch', reaches) ? 201 : 403);
    });
  },
);

describe('plain statements of the rules', () => {
  it('an organiser of ward A cannot list the members of ward B', async () => {
    const r = await status(
      actors.get(key('organiser', 'wardA')) ?? '',
      'GET',
      `/api/members?branch=${tree.wardB.id}`,
    );
    expect(r.code).toBe(403);
    expect(r.body).not.toContain(targetB.email);
  });
  it('a member cannot see another member’s email, through any listing', async () => {
    const cookie = actors.get(key('member', 'wardA')) ?? '';
    for (const url of [
      '/api/members',
      `/api/members/${targetA.id}`,
      '/api/branches',
      `/api/members/${targetA.id}/data`,
    ]) {
      const r = await status(cookie, 'GET', url);
      expect(r.body).not.toContain(targetA.email);
    }
  });
});
