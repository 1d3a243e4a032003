/**
 * Members' rules, called directly against a real database: who sees whom (contact details, the same answer
 * for a member one may not see as for none), roles granted within one's reach, a data officer's export and
 * erasure, and the audit log read by who did what to whom, filtered. HTTP's part (sessions, files, status
 * codes) is in member.routes.test.ts.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditQuery, roleBody } from '../contract/members.ts';
import type { Actor } from '../core/permissions.ts';
import { members } from '../db/schema/index.ts';
import { makeTree, type TestMember, type Tree } from '../../test/helpers/factories.ts';
import { makeActor, openServiceWorld, type ServiceWorld } from '../../test/helpers/service.ts';
import { readAudit } from './audit.service.ts';
import * as svc from './member.service.ts';

let w: ServiceWorld;
let tree: Tree;
const people: Record<string, { member: TestMember; actor: Actor }> = {};
const as = (who: string) => people[who]?.actor as Actor;
const id = (who: string) => people[who]?.member.id ?? '';

beforeAll(async () => {
  w = await openServiceWorld();
  tree = await makeTree(w.db);
  people.admin = await makeActor(w.db, tree.wardA, { roles: [['admin', tree.party]], name: 'Ada Admin' });
  people.organiser = await makeActor(w.db, tree.wardA, {
    roles: [['organiser', tree.constituencyA]],
    name: 'Olu Organiser',
  });
  people.officer = await makeActor(w.db, tree.wardB, {
    roles: [['data_officer', tree.party]],
    name: 'Dee Officer',
  });
  people.plain = await makeActor(w.db, tree.wardA, { name: 'Pat Plain' });
  people.far = await makeActor(w.db, tree.wardB, { name: 'Fay Faraway' });
});
afterAll(() => w.close());

describe('who sees whom', () => {
  it('contact details for an organiser of the ward, not for a plain member; the same answer for the unseen as for nobody', async () => {
    const seen = await svc.getMember(w.ctx, as('organiser'), id('plain'));
    expect(seen.member.email).toBe(people.plain?.member.email);
    await expect(svc.getMember(w.ctx, as('plain'), id('organiser'))).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    await expect(svc.getMember(w.ctx, as('organiser'), id('far'))).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    await expect(svc.getMember(w.ctx, as('organiser'), crypto.randomUUID())).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });

  it('roles are granted within one’s reach: an organiser grants canvasser in their branch, never admin', async () => {
    const canvasser = roleBody.parse({ role: 'canvasser', branchId: tree.wardA.id });
    const granted = await svc.grantRole(w.ctx, as('organiser'), id('plain'), canvasser);
    expect(granted.roles).toContainEqual({
      role: 'canvasser',
      branch: { id: tree.wardA.id, name: tree.wardA.name },
    });
    await expect(
      svc.grantRole(
        w.ctx,
        as('organiser'),
        id('plain'),
        roleBody.parse({ role: 'admin', branchId: tree.wardA.id }),
      ),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(
      svc.revokeRole(
        w.ctx,
        as('admin'),
        id('admin'),
        roleBody.parse({ role: 'admin', branchId: tree.party.id }),
      ),
    ).rejects.toMatchObject({ code: 'OWN_ADMIN_ROLE' });
    const revoked = await svc.revokeRole(w.ctx, as('admin'), id('plain'), canvasser);
    expect(revoked.roles.map((r) => r.role)).not.toContain('canvasser');
  });
});

describe('data rights and the audit log', () => {
  it('a data officer exports and erases a member: the row stays, pseudonymous; an organiser cannot erase', async () => {
    const target = await makeActor(w.db, tree.wardB, { name: 'Erin Erasable' });
    const exported = (await svc.exportMemberData(w.ctx, as('officer'), target.member.id)) as {
      member: { email: string };
    };
    expect(exported.member.email).toBe(target.member.email);
    await expect(svc.eraseMember(w.ctx, as('organiser'), target.member.id)).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    await svc.eraseMember(w.ctx, as('officer'), target.member.id);
    const [row] = await w.db.select().from(members).where(eq(members.id, target.member.id));
    expect(row).toMatchObject({ name: 'Erased member', email: null, phone: null, status: 'erased' });
    people.erased = target;
  });

  it('names who did what to whom ("deleted member" after an erasure), filtered by person, action and days', async () => {
    const entries = async (query: Record<string, unknown>) =>
      (await readAudit(w.ctx, as('officer'), auditQuery.parse(query))).entries;
    const about = await entries({ subject: id('erased') });
    expect(about.map((e) => e.action)).toEqual(expect.arrayContaining(['export', 'erase']));
    for (const e of about)
      expect(e).toMatchObject({ actorName: 'Dee Officer', subjectName: 'deleted member' });
    const byOfficer = await entries({ actor: id('officer'), action: 'erase' });
    expect(byOfficer.length).toBeGreaterThan(0);
    expect(byOfficer.every((e) => e.action === 'erase' && e.actorName === 'Dee Officer')).toBe(true);
    const today = new Date().toISOString().slice(0, 10);
    expect((await entries({ from: today, to: today })).length).toBeGreaterThan(0);
    expect(await entries({ from: '2030-01-01' })).toEqual([]);
    expect(await entries({ to: '2020-01-01' })).toEqual([]);
    // The organiser's view of the plain member above is recorded, and reading the log is recorded too.
    expect((await entries({ subject: id('plain'), action: 'view' })).map((e) => e.actorName)).toContain(
      'Olu Organiser',
    );
    expect(
      (await entries({ actor: id('officer'), action: 'view' })).some((e) => e.subjectType === 'audit-log'),
    ).toBe(true);
    await expect(readAudit(w.ctx, as('organiser'), auditQuery.parse({}))).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
  });
});
