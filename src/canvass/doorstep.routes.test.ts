/**
 * Segments, walks and the doorstep over HTTP: status codes, who reaches which walk and elector (never by a
 * guessed id), the fields a phone is sent, files, hostile text. The records' rules (once, two devices, an
 * assignment's end, renumbering) are in doorstep.service.test.ts.
 */
import { randomUUID } from 'node:crypto';
import { and, count, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../db/client.ts';
import { auditLog, canvassRecords, walkAssignments } from '../db/schema/index.ts';
import { callAs, startTestApp, type TestApp } from '../../test/helpers/app.ts';
import { makeMember, makeTree, type TestMember, type Tree } from '../../test/helpers/factories.ts';
import { registerCsv, syntheticRegister } from './synthetic-register.ts';

let t: TestApp;
let tree: Tree;
const cookies: Record<string, string> = {};
const people: Record<string, TestMember> = {};
const call = callAs(() => t, cookies);
const register = syntheticRegister({ electors: 400, districts: ['BW1', 'BW2'], seed: 3 });

interface Walk {
  id: string;
  name: string;
  doors: number;
  electors: number;
}
interface DoorElector {
  id: string;
  door: number;
  electorNumber: string;
  name: string;
  address: string;
}
let walks: Walk[] = [];
let segmentId = '';

const record = (walkId: string, electorId: string, over: Record<string, unknown> = {}) => ({
  id: randomUUID(),
  walkId,
  electorId,
  madeAt: new Date().toISOString(),
  outcome: 'spoke',
  intention: 'US',
  strength: 2,
  flags: ['poster'],
  issues: ['potholes'],
  note: null,
  ...over,
});

beforeAll(async () => {
  t = await startTestApp();
  tree = await makeTree(t.database.db);
  const db = t.database.db;
  people.organiser = await makeMember(db, tree.wardA, { roles: [['organiser', tree.wardA]] });
  // New canvassers are plain members: the assignment is what lets them see a walk.
  people.tom = await makeMember(db, tree.wardA);
  people.ann = await makeMember(db, tree.wardA);
  people.outsider = await makeMember(db, tree.wardB);
  people.elsewhere = await makeMember(db, tree.wardB, { roles: [['organiser', tree.wardB]] });
  for (const [k, m] of Object.entries(people)) cookies[k] = await t.signIn(m.email);
  const imported = await call(
    'organiser',
    'POST',
    `/api/canvass/branches/${tree.wardA.id}/register`,
    registerCsv(register),
    {
      'content-type': 'text/csv',
    },
  );
  expect(imported.status).toBe(200);
});
afterAll(() => t.close());

describe('segments and walks', () => {
  it('saves a segment with its count and cuts it into walks of about N doors, each elector once, in order', async () => {
    const counted = await call('organiser', 'POST', `/api/canvass/branches/${tree.wardA.id}/segments/count`, {
      filter: { districts: ['BW1'] },
    });
    const saved = await call('organiser', 'POST', `/api/canvass/branches/${tree.wardA.id}/segments`, {
      name: 'All of BW1',
      filter: { districts: ['BW1'] },
    });
    expect(saved.status).toBe(201);
    expect(saved.body.electors).toBe(counted.body.electors);
    expect(saved.body.electors).toBe(register.filter((e) => e.district === 'BW1').length);
    segmentId = String(saved.body.id);
    const cut = await call('organiser', 'POST', `/api/canvass/segments/${segmentId}/walks`, {
      doorsPerWalk: 40,
    });
    expect(cut.status).toBe(201);
    walks = cut.body.walks as Walk[];
    expect(walks.length).toBeGreaterThan(1);
    expect(walks.reduce((s, w) => s + w.electors, 0)).toBe(saved.body.electors);
    expect(walks.reduce((s, w) => s + w.doors, 0)).toBe(counted.body.doors);
    for (const w of walks.slice(0, -1)) expect(w.doors).toBeGreaterThanOrEqual(20);
    for (const w of walks) expect(w.doors).toBeLessThanOrEqual(50);
    const [dupes] = await queryRows<{ n: number }>(
      t.database.db,
      sql`select count(*)::int as n from (select elector_id from walk_electors we join walks w on w.id = we.walk_id
          where w.segment_id = ${segmentId} group by elector_id having count(*) > 1) d`,
    );
    expect(dupes?.n).toBe(0);
    // Re-cutting replaces walks never assigned.
    const again = await call('organiser', 'POST', `/api/canvass/segments/${segmentId}/walks`, {
      doorsPerWalk: 40,
    });
    walks = again.body.walks as Walk[];
    const listed = await call('organiser', 'GET', `/api/canvass/branches/${tree.wardA.id}/walks`);
    expect((listed.body.walks as Walk[]).map((w) => w.id).sort()).toEqual(walks.map((w) => w.id).sort());
    expect((await call('tom', 'POST', `/api/canvass/segments/${segmentId}/walks`, {})).status).toBe(403);
  });

  it('prints a walk sheet (PDF), audited', async () => {
    const walk = walks[0] as Walk;
    const res = await call('organiser', 'GET', `/api/canvass/walks/${walk.id}/sheet.pdf`);
    expect(res.status).toBe(200);
    expect(res.raw.headers['content-type']).toBe('application/pdf');
    expect(res.raw.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    const audits = await t.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.subjectId, walk.id), eq(auditLog.action, 'export')));
    expect(audits).toHaveLength(1);
    expect((await call('tom', 'GET', `/api/canvass/walks/${walk.id}/sheet.pdf`)).status).toBe(403);
  });
});

describe('the doorstep: only the live assignment, only the fields the work needs', () => {
  let mine: Walk;
  let other: Walk;
  let doors: DoorElector[] = [];
  let assignmentId = '';

  it('assigns a walk to a member of the branch (not an outsider) and the canvasser downloads it', async () => {
    mine = walks[0] as Walk;
    other = walks[1] as Walk;
    const outsider = await call('organiser', 'POST', `/api/canvass/walks/${mine.id}/assignments`, {
      memberId: people.outsider?.id,
    });
    expect(outsider.status).toBe(400);
    const assigned = await call('organiser', 'POST', `/api/canvass/walks/${mine.id}/assignments`, {
      memberId: people.tom?.id,
      hours: 4,
    });
    expect(assigned.status).toBe(201);
    assignmentId = String(assigned.body.id);
    const list = await call('tom', 'GET', '/api/doorstep/walks');
    expect((list.body.walks as Walk[]).map((w) => w.id)).toEqual([mine.id]);
    const download = await call('tom', 'GET', `/api/doorstep/walks/${mine.id}`);
    expect(download.status).toBe(200);
    doors = download.body.electors as DoorElector[];
    expect(doors).toHaveLength(mine.electors);
    expect(Object.keys(doors[0] ?? {}).sort()).toEqual([
      'absent',
      'address',
      'door',
      'electorNumber',
      'flat',
      'id',
      'name',
      'warning',
    ]);
    expect(doors.map((d) => d.door)).toEqual([...doors.map((d) => d.door)].sort((a, b) => a - b));
    expect((download.body.codes as { code: string }[]).map((c) => c.code)).toContain('US');
    const viewed = await t.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.subjectId, mine.id), eq(auditLog.action, 'view')));
    expect(viewed).toHaveLength(1);
  });

  it("carries the segment's script to the door; only an organiser changes it, within 600 characters, audited", async () => {
    const script = 'Hello, I am calling for the party.\nWhat matters most to you round here?';
    expect((await call('tom', 'PUT', `/api/canvass/segments/${segmentId}/script`, { script })).status).toBe(
      403,
    );
    const tooLong = await call('organiser', 'PUT', `/api/canvass/segments/${segmentId}/script`, {
      script: 'x'.repeat(601),
    });
    expect(tooLong.status).toBe(400);
    expect(JSON.stringify(tooLong.body)).toContain('at most 600 characters');
    const changed = await call('organiser', 'PUT', `/api/canvass/segments/${segmentId}/script`, { script });
    expect(changed.body).toEqual({ id: segmentId, script });
    expect((await call('tom', 'GET', `/api/doorstep/walks/${mine.id}`)).body.walk).toMatchObject({ script });
    const listed = await call('organiser', 'GET', `/api/canvass/branches/${tree.wardA.id}/segments`);
    expect(
      (listed.body.segments as { id: string; script: string }[]).find((s) => s.id === segmentId)?.script,
    ).toBe(script);
    // Blank clears it.
    await call('organiser', 'PUT', `/api/canvass/segments/${segmentId}/script`, { script: '   ' });
    expect((await call('tom', 'GET', `/api/doorstep/walks/${mine.id}`)).body.walk).toMatchObject({
      script: null,
    });
    const audited = await t.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.subjectId, segmentId), eq(auditLog.action, 'change')));
    expect(audited).toHaveLength(2);
  });

  it('a script cannot be set from another branch, on a guessed id, with hostile text, or lost in a race', async () => {
    const put = (who: string, id: string, script: string) =>
      call(who, 'PUT', `/api/canvass/segments/${id}/script`, { script });
    // Another branch's organiser is refused, as for every organiser's tool outside their branches.
    const foreign = await put('elsewhere', segmentId, 'Vote for us, not them.');
    expect([foreign.status, foreign.body.error?.code]).toEqual([403, 'FORBIDDEN']);
    expect((await put('organiser', randomUUID(), 'x')).status).toBe(404);
    expect((await put('organiser', 'not-an-id', 'x')).status).toBe(400);
    const nul = await put('organiser', segmentId, 'Hello\u0000there');
    expect(nul.status).toBe(400);
    // Ten saves at once: each is whole, the last one stands, and every one is audited.
    const before = (
      await t.database.db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.subjectId, segmentId), eq(auditLog.action, 'change')))
    ).length;
    const scripts = Array.from({ length: 10 }, (_, i) => `Script number ${i}: ask what matters most.`);
    const answers = await Promise.all(scripts.map((s) => put('organiser', segmentId, s)));
    expect(answers.map((a) => a.status)).toEqual(Array.from({ length: 10 }, () => 200));
    const stored = (await call('tom', 'GET', `/api/doorstep/walks/${mine.id}`)).body.walk as {
      script: string;
    };
    expect(scripts).toContain(stored.script);
    const after = await t.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.subjectId, segmentId), eq(auditLog.action, 'change')));
    expect(after.length - before).toBe(10);
    // Nothing from the other branch was written.
    expect(stored.script).not.toContain('not them');
  });

  it('a canvasser cannot read an elector outside their assignment, not even by guessing ids', async () => {
    const [notMine] = await queryRows<{ id: string }>(
      t.database.db,
      sql`select elector_id as id from walk_electors where walk_id = ${other.id} limit 1`,
    );
    const inMine = doors[0] as DoorElector;
    expect((await call('tom', 'GET', `/api/doorstep/walks/${mine.id}/electors/${inMine.id}`)).status).toBe(
      200,
    );
    for (const url of [
      `/api/doorstep/walks/${mine.id}/electors/${notMine?.id}`,
      `/api/doorstep/walks/${other.id}/electors/${notMine?.id}`,
      `/api/doorstep/walks/${other.id}`,
      `/api/doorstep/walks/${mine.id}/electors/${randomUUID()}`,
      `/api/doorstep/walks/${randomUUID()}`,
    ]) {
      const res = await call('tom', 'GET', url);
      expect(res.status, url).toBe(404);
    }
    // Nor through the organisers' routes: no walk sheet (an export) below organiser level.
    expect((await call('tom', 'GET', `/api/canvass/walks/${mine.id}/sheet.pdf`)).status).toBe(403);
    expect((await call('tom', 'GET', `/api/canvass/branches/${tree.wardA.id}/walks`)).status).toBe(403);
    expect(
      (await call('tom', 'POST', `/api/canvass/branches/${tree.wardA.id}/segments/count`, { filter: {} }))
        .status,
    ).toBe(403);
    expect((await call('ann', 'GET', `/api/doorstep/walks/${mine.id}`)).status).toBe(404);
  });

  it('takes records once however often they are sent, and refuses what the canvasser may not write', async () => {
    const batch = doors.slice(0, 3).map((d) => record(mine.id, d.id));
    for (let i = 0; i < 3; i++) {
      const res = await call('tom', 'POST', '/api/doorstep/records', { records: batch });
      expect(res.status).toBe(200);
      expect(res.body.accepted).toEqual(batch.map((r) => r.id));
    }
    const [stored] = await t.database.db.select({ n: count() }).from(canvassRecords);
    expect(stored?.n).toBe(3);
    const [notMine] = await queryRows<{ id: string }>(
      t.database.db,
      sql`select elector_id as id from walk_electors where walk_id = ${other.id} limit 1`,
    );
    const refused = await call('tom', 'POST', '/api/doorstep/records', {
      records: [record(mine.id, notMine?.id ?? ''), record(other.id, notMine?.id ?? '')],
    });
    expect((refused.body.refused as { code: string }[]).map((r) => r.code)).toEqual([
      'NOT_ON_WALK',
      'NOT_ASSIGNED',
    ]);
    const unknownCode = await call('tom', 'POST', '/api/doorstep/records', {
      records: [record(mine.id, doors[0]?.id ?? '', { intention: 'ZZZ' })],
    });
    expect((unknownCode.body.refused as { code: string }[]).map((r) => r.code)).toEqual(['UNKNOWN_CODE']);
    const bad = await call('tom', 'POST', '/api/doorstep/records', {
      records: [record(mine.id, doors[0]?.id ?? '', { outcome: 'maybe' })],
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error?.issues?.[0]?.field).toMatch(/outcome/);
    // A number to call on polling day must be a phone number (no letters, no formula, not too long).
    for (const phone of ['call me', '=HYPERLINK("x")', '0'.repeat(30), '12'])
      expect(
        (
          await call('tom', 'POST', '/api/doorstep/records', {
            records: [record(mine.id, doors[0]?.id ?? '', { phone })],
          })
        ).body.error?.issues?.[0]?.field,
      ).toMatch(/phone/);
  });

  it('a NUL character in one note refuses that record alone, with its reason; the rest of the batch is stored', async () => {
    const poisoned = record(mine.id, doors[8]?.id ?? '', { note: 'lives at no. 5\u0000' });
    const issue = record(mine.id, doors[9]?.id ?? '', { issues: ['bins\u0000'] });
    const good = record(mine.id, doors[10]?.id ?? '', { note: 'fine' });
    const res = await call('tom', 'POST', '/api/doorstep/records', { records: [poisoned, issue, good] });
    expect(res.status).toBe(200);
    expect(res.body.accepted).toEqual([good.id]);
    expect(res.body.refused).toEqual([
      {
        id: poisoned.id,
        code: 'UNSTORABLE_TEXT',
        message: 'The note holds a character (NUL) that cannot be stored',
      },
      {
        id: issue.id,
        code: 'UNSTORABLE_TEXT',
        message: 'The record holds a character (NUL) that cannot be stored',
      },
    ]);
    // Sent again (the phone does not retry refused records, but a lost answer would), the same answer.
    const again = await call('tom', 'POST', '/api/doorstep/records', { records: [poisoned, good] });
    expect(again.body.accepted).toEqual([good.id]);
    expect((again.body.refused as { code: string }[]).map((r) => r.code)).toEqual(['UNSTORABLE_TEXT']);
  });

  it('expired assignments lock: no walk, no elector; records made while it ran may still arrive for a day', async () => {
    const madeWhileLive = record(mine.id, doors[7]?.id ?? '', {
      madeAt: new Date(Date.now() - 3_600_000).toISOString(),
    });
    await t.database.db
      .update(walkAssignments)
      .set({ createdAt: new Date(Date.now() - 7_200_000), expiresAt: new Date(Date.now() - 1_800_000) })
      .where(eq(walkAssignments.id, assignmentId));
    expect((await call('tom', 'GET', `/api/doorstep/walks/${mine.id}`)).status).toBe(404);
    expect((await call('tom', 'GET', `/api/doorstep/walks/${mine.id}/electors/${doors[0]?.id}`)).status).toBe(
      404,
    );
    expect((await call('tom', 'GET', '/api/doorstep/walks')).body.walks).toEqual([]);
    const madeAfter = record(mine.id, doors[8]?.id ?? '');
    const res = await call('tom', 'POST', '/api/doorstep/records', { records: [madeWhileLive, madeAfter] });
    expect(res.body.accepted).toEqual([madeWhileLive.id]);
    expect((res.body.refused as { id: string; code: string }[]).map((r) => [r.id, r.code])).toEqual([
      [madeAfter.id, 'ASSIGNMENT_ENDED'],
    ]);
    // Ann's assignment is separate and still live; revoking it locks her out at once.
    expect(
      (
        await call('organiser', 'POST', `/api/canvass/walks/${mine.id}/assignments`, {
          memberId: people.ann?.id,
        })
      ).status,
    ).toBe(201);
    const annWalks = await call('organiser', 'GET', `/api/canvass/branches/${tree.wardA.id}/walks`);
    const annAssignment = (
      annWalks.body.walks as { id: string; assignments: { id: string; memberId: string; live: boolean }[] }[]
    )
      .find((w) => w.id === mine.id)
      ?.assignments.find((a) => a.memberId === people.ann?.id);
    expect(annAssignment?.live).toBe(true);
    expect((await call('ann', 'GET', `/api/doorstep/walks/${mine.id}`)).status).toBe(200);
    expect((await call('organiser', 'DELETE', `/api/canvass/assignments/${annAssignment?.id}`)).status).toBe(
      200,
    );
    expect((await call('ann', 'GET', `/api/doorstep/walks/${mine.id}`)).status).toBe(404);
  });
});
