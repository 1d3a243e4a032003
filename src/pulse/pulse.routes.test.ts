/**
 * Pulse over HTTP: the national organisers' imports (whole or not at all, every bad line named; files too
 * big or not text), the settings, the reading, and who may reach each. The reading's figures are in
 * pulse.service.test.ts.
 */
import fs from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callAs, startTestApp, type TestApp } from '../../test/helpers/app.ts';
import { makeMember, makeTree, type TestMember, type Tree } from '../../test/helpers/factories.ts';
import type { PulseView } from '../contract/pulse.ts';
import { insertDoorstep, times } from '../../test/helpers/doorstep.ts';
import { auditLog } from '../db/schema/index.ts';
import { eq } from 'drizzle-orm';

const POLLS = fs.readFileSync(
  path.resolve(import.meta.dirname, '../../../shared/data/polls/australia-2004-2007.csv'),
  'utf8',
);
const ELECTIONS = 'date,ALP,Lib\n2004-10-09,37.64,40.47\n2007-11-24,43.38,36.28\n';
// Three seats. Nationally then: ALP 150/300 = 50%... see the seats test.
const RESULTS = 'constituency,party,votes\nA,ALP,60\nA,Lib,40\nB,ALP,45\nB,Lib,55\nC,ALP,45\nC,Lib,55\n';

/** The value, or a failed test when there is none. */
function must<T>(value: T | null | undefined): T {
  if (value === null || value === undefined) throw new Error('expected a value');
  return value;
}

let t: TestApp;
let tree: Tree;
const cookies: Record<string, string> = {};
const people: Record<string, TestMember> = {};
const call = callAs(() => t, cookies);
const csv = { 'content-type': 'text/csv' };
const view = async (who: string | null, branchId = tree.wardA.id) =>
  call(who, 'GET', `/api/pulse/branches/${branchId}`);

beforeAll(async () => {
  t = await startTestApp();
  tree = await makeTree(t.database.db);
  const db = t.database.db;
  people.national = await makeMember(db, tree.wardA, { roles: [['organiser', tree.party]] });
  people.wardOrganiser = await makeMember(db, tree.wardA, { roles: [['organiser', tree.wardA]] });
  people.member = await makeMember(db, tree.wardA);
  people.outsider = await makeMember(db, tree.wardB);
  people.elsewhere = await makeMember(db, tree.wardB, { roles: [['organiser', tree.wardB]] });
  for (const [k, m] of Object.entries(people)) cookies[k] = await t.signIn(m.email);
});

afterAll(async () => {
  await t.close();
});

describe('Pulse', () => {
  it('says what is missing before there is a reading', async () => {
    const res = await view('member');
    expect(res.status).toBe(200);
    const body = res.body as unknown as PulseView;
    expect(body.reading).toBeNull();
    expect(body.missing).toMatch(/No party is set/);
    expect(body.canManage).toBe(false);
    expect(((await view('national')).body as unknown as PulseView).canManage).toBe(true);
  });

  it('only the national party’s organisers import and set it', async () => {
    for (const who of ['wardOrganiser', 'member', 'elsewhere']) {
      expect((await call(who, 'PUT', '/api/pulse/settings', { party: 'ALP' })).status).toBe(403);
      expect((await call(who, 'POST', '/api/pulse/import/polls', POLLS, csv)).status).toBe(403);
    }
    expect((await call(null, 'POST', '/api/pulse/import/polls', POLLS, csv)).status).toBe(401);
    expect((await view('member')).body.counts).toEqual({ polls: 0, elections: 0, constituencies: 0 });
  });

  it('imports the poll series whole, and again replaces it', async () => {
    const first = await call('national', 'POST', '/api/pulse/import/polls', POLLS, csv);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ kind: 'polls', rows: 239, added: 239, replaced: 0 });
    expect(first.body.parties).toContain('ALP');
    const again = await call('national', 'POST', '/api/pulse/import/polls', POLLS, csv);
    expect(again.body).toMatchObject({ rows: 239, added: 239, replaced: 239 });
    expect((await call('national', 'PUT', '/api/pulse/settings', { party: 'ALP' })).status).toBe(200);
    const before = (await view('member')).body as unknown as PulseView;
    expect(before.counts.polls).toBe(239);
    expect(before.missing).toMatch(/election result for ALP is needed/);
  });

  it('refuses a bad file whole, naming each bad line, and keeps what was there', async () => {
    const good = POLLS.split('\n').slice(0, 6).join('\n');
    const bad = `${good}\n999,abc,40,0,0,0,0,0,0,1000,Newspoll,2007-01-01,2006-12-01,,\n1000,30,40,0,0,0,0,0,0,0,Newspoll,2007-01-01,2007-01-02,,\n`;
    const res = await call('national', 'POST', '/api/pulse/import/polls', bad, csv);
    expect(res.status).toBe(422);
    expect(res.body.error?.code).toBe('IMPORT_INVALID');
    expect(res.body.error?.message).toMatch(/nothing was imported/);
    expect(res.body.error?.issues?.map((i) => i.line)).toEqual([7, 8]);
    expect(res.body.error?.issues?.[0]?.message).toMatch(
      /ends before it starts.*ALP must be a percentage.*"abc"/,
    );
    expect(res.body.error?.issues?.[1]?.message).toMatch(/sample size/);
    expect(((await view('member')).body as unknown as PulseView).counts.polls).toBe(239);
    // A binary file, a file too big, a file that is not text.
    const nul = await call('national', 'POST', '/api/pulse/import/polls', `${good}\nx\u0000y\n`, csv);
    expect(nul.status).toBe(422);
    expect(nul.body.error?.issues?.[0]?.line).toBe(7);
    const huge = await call('national', 'POST', '/api/pulse/import/polls', 'a'.repeat(6 * 1024 * 1024), csv);
    expect(huge.status).toBe(413);
    const json = await call('national', 'POST', '/api/pulse/import/polls', { polls: [] });
    expect(json.status).toBe(415);
    const results = await call(
      'national',
      'POST',
      '/api/pulse/import/results',
      'constituency,party,votes\nA,X,-5\n',
      csv,
    );
    expect(results.body.error?.issues).toEqual([
      { field: 'file', line: 2, message: 'votes must be a whole number, not "-5"' },
    ]);
    expect(((await view('member')).body as unknown as PulseView).counts.polls).toBe(239);
  });

  it('gives a branch’s members its reading once an election anchors it; 404 to other branches’ members, 401 signed out', async () => {
    expect(
      (await call('national', 'POST', '/api/pulse/import/elections', ELECTIONS, csv)).body,
    ).toMatchObject({
      rows: 2,
      added: 2,
    });
    expect((await call('national', 'POST', '/api/pulse/import/results', RESULTS, csv)).body).toMatchObject({
      rows: 6,
    });
    await insertDoorstep(t.database.db, tree.wardA.id, [
      ['2007-06-01', [...times(50, 'US'), ...times(10, 'LAB')]],
    ]);
    const res = await view('member');
    expect(res.status).toBe(200);
    const body = res.body as unknown as PulseView;
    expect(body.missing).toBeNull();
    expect(must(body.reading).asOf).toBe('2007-11-24');
    // 60 before noise (pulse.service.test.ts has the rules of the weeks and their noise).
    expect(Math.abs(must(must(body.reading).doorstep).contacts - 60)).toBeLessThanOrEqual(30);
    expect((await view('outsider')).status).toBe(404);
    expect((await view('elsewhere')).status).toBe(404);
    expect((await view(null)).status).toBe(401);
    expect((await view('member', randomUUID())).status).toBe(404);
    expect((await view('member', 'not-an-id')).status).toBe(400);
  });

  it('names the bad line of an election result entered by hand', async () => {
    const bad = await call(
      'national',
      'POST',
      '/api/pulse/import/elections',
      'date,Green\n2004-10-09,seven\n',
      csv,
    );
    expect(bad.status).toBe(422);
    expect(bad.body.error?.issues).toEqual([
      { field: 'file', line: 2, message: 'Green must be a percentage from 0 to 100, not "seven"' },
    ]);
  });

  it('drift and breaks come from the settings, and every change and import is audited', async () => {
    const put = await call('national', 'PUT', '/api/pulse/settings', {
      party: 'ALP',
      drift: true,
      breaks: [{ pollster: 'Newspoll', date: '2006-01-01' }],
    });
    expect(put.status).toBe(200);
    const r = must(((await view('member')).body as unknown as PulseView).reading);
    expect(r.driftPointsPerDay).not.toBeNull();
    expect(r.houses.map((h) => h.house)).toContain('Newspoll (from 2006-01-01)');
    const bad = await call('national', 'PUT', '/api/pulse/settings', {
      party: '',
      breaks: [{ pollster: 'X', date: 'soon' }],
    });
    expect(bad.status).toBe(400);
    const log = await t.database.db.select().from(auditLog).where(eq(auditLog.subjectType, 'pulse'));
    // Two settings; imports: the series twice, elections, results (bad files none).
    expect(log.map((e) => e.action).sort()).toEqual(['change', 'change', ...Array<string>(4).fill('import')]);
    expect(log.every((e) => e.actorId === people.national?.id)).toBe(true);
  });
});
