/**
 * Bad input gets a clear 4xx with a stable code, names what was wrong, and writes nothing.
 */
import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { invitations, members } from '../../src/db/schema/index.ts';
import { startTestApp, TEST_ORIGIN, type TestApp } from '../helpers/app.ts';
import { makeMember, makeTree, type TestMember, type Tree } from '../helpers/factories.ts';

let t: TestApp;
let tree: Tree;
let admin: TestMember;
let cookie = '';

interface ErrorBody {
  error: { code: string; message: string; issues?: { field: string; message: string; line?: number }[] };
}

const memberCount = async () => (await t.database.db.select({ n: count() }).from(members))[0]?.n ?? 0;

beforeAll(async () => {
  t = await startTestApp();
  tree = await makeTree(t.database.db);
  admin = await makeMember(t.database.db, tree.wardA, { roles: [['admin', tree.party]] });
  cookie = await t.signIn(admin.email);
});
afterAll(() => t.close());

async function send(
  method: 'POST' | 'PATCH' | 'GET',
  url: string,
  payload?: string,
  headers: Record<string, string> = {},
) {
  const res = await t.app.inject({
    method,
    url,
    headers: { cookie, ...(payload !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
    ...(payload !== undefined ? { payload } : {}),
  });
  return { status: res.statusCode, body: res.json<ErrorBody>(), raw: res.body };
}

describe('JSON bodies', () => {
  it('malformed JSON is a 400 MALFORMED_JSON', async () => {
    const r = await send('PATCH', '/api/me', '{"name": "Ada",');
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('MALFORMED_JSON');
  });
  it('wrong types are a 400 naming the field', async () => {
    const r = await send('PATCH', '/api/me', JSON.stringify({ name: 42 }));
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('VALIDATION_FAILED');
    expect(r.body.error.issues?.[0]?.field).toBe('body.name');
  });
  it('unknown fields are refused by name', async () => {
    const r = await send('PATCH', '/api/me', JSON.stringify({ name: 'Ada', isAdmin: true }));
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('VALIDATION_FAILED');
    expect(r.body.error.message).toContain('isAdmin');
  });
  it('an oversized body is a 413 and nothing changes', async () => {
    const r = await send('PATCH', '/api/me', JSON.stringify({ name: 'x'.repeat(300 * 1024) }));
    expect(r.status).toBe(413);
    expect(r.body.error.code).toBe('PAYLOAD_TOO_LARGE');
  });
  it('a too-long name is a 400, not truncated', async () => {
    const r = await send('PATCH', '/api/me', JSON.stringify({ name: 'x'.repeat(121) }));
    expect(r.status).toBe(400);
    const row = await t.database.db.select().from(members).where(eq(members.id, admin.id));
    expect(row[0]?.name).not.toMatch(/^x+$/);
  });
  it('a body of the wrong content type is a 415', async () => {
    const r = await send('PATCH', '/api/me', 'name=Ada', {
      'content-type': 'application/x-www-form-urlencoded',
    });
    expect(r.status).toBe(415);
    expect(r.body.error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
  });
  it('a bad id in the path is a 400, not a database error', async () => {
    const r = await send('GET', "/api/members/1'%20or%201=1--");
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('VALIDATION_FAILED');
  });
  it('bad query parameters are named', async () => {
    const r = await send('GET', '/api/members?pageSize=1000');
    expect(r.status).toBe(400);
    expect(r.body.error.issues?.[0]?.field).toBe('querystring.pageSize');
  });
  it('unknown endpoints are a 404 in the catalogue’s shape', async () => {
    const r = await send('GET', '/api/nothing-here');
    expect(r.status).toBe(404);
    expect(r.body.error.code).toBe('NOT_FOUND');
  });
});

describe('injection strings', () => {
  it('SQL in a search is just text', async () => {
    const r = await t.app.inject({
      method: 'GET',
      url: `/api/members?q=${encodeURIComponent("'; drop table members; --")}`,
      headers: { cookie },
    });
    expect(r.statusCode).toBe(200);
    expect(r.json<{ items: unknown[] }>().items).toHaveLength(0);
    expect(await memberCount()).toBeGreaterThan(0);
  });
  it('HTML in a name is stored as text and returned as JSON, never rendered by the server', async () => {
    const name = '<script>alert(1)</script> Robert"); DROP TABLE members;--';
    const r = await send('PATCH', '/api/me', JSON.stringify({ name }));
    expect(r.status).toBe(200);
    expect(r.raw).toContain('<script>');
    const me = await t.app.inject({ method: 'GET', url: '/api/me', headers: { cookie } });
    expect(me.headers['content-type']).toMatch(/application\/json/);
    expect(me.json<{ member: { name: string } }>().member.name).toBe(name);
    await send('PATCH', '/api/me', JSON.stringify({ name: 'Ada Admin' }));
  });
  it('a cross-site state change is refused (CSRF)', async () => {
    const r = await send('PATCH', '/api/me', JSON.stringify({ name: 'Evil' }), {
      origin: 'https://evil.example',
    });
    expect(r.status).toBe(403);
    expect(r.body.error.code).toBe('CSRF_REJECTED');
    const ok = await send('PATCH', '/api/me', JSON.stringify({ name: 'Ada Admin' }), { origin: TEST_ORIGIN });
    expect(ok.status).toBe(200);
  });
});

describe('a members CSV with bad rows', () => {
  const post = (csv: string, dryRun = false) =>
    t.app.inject({
      method: 'POST',
      url: `/api/members/import?branch=${tree.party.id}&dryRun=${String(dryRun)}`,
      headers: { cookie, 'content-type': 'text/csv' },
      payload: csv,
    });

  it('imports a good file in full', async () => {
    const before = await memberCount();
    const csv = [
      'name,email,phone,ward,joined_on,status',
      `Good One,good.one@example.org,07700 900001,${tree.wardA.code},2026-02-01,active`,
      `"Good, Two",good.two@example.org,,${tree.wardB.code.toLowerCase()},,`,
    ].join('\n');
    const dry = await post(csv, true);
    expect(dry.json()).toEqual({ dryRun: true, rows: 2, imported: 0, backdated: 1 });
    expect(await memberCount()).toBe(before);
    const r = await post(csv);
    expect(r.statusCode).toBe(200);
    expect(r.json()).toEqual({ dryRun: false, rows: 2, imported: 2, backdated: 1 });
    expect(await memberCount()).toBe(before + 2);
    const two = await t.database.db.select().from(members).where(eq(members.email, 'good.two@example.org'));
    expect(two[0]).toMatchObject({
      name: 'Good, Two',
      homeWardId: tree.wardB.id,
      status: 'active',
      phone: null,
    });
  });

  it('reports every bad row with its line number and writes nothing', async () => {
    const before = await memberCount();
    const csv = [
      'name,email,phone,ward,joined_on,status',
      `Fine Person,fine.person@example.org,,${tree.wardA.code},,`,
      `,no.name@example.org,,${tree.wardA.code},,`,
      `Bad Email,not-an-email,,${tree.wardA.code},,`,
      `Bad Ward,bad.ward@example.org,,NOWHERE,,`,
      `Bad Date,bad.date@example.org,,${tree.wardA.code},31/02/2026,`,
      `Dup Person,fine.person@example.org,,${tree.wardA.code},,`,
      `Existing,${admin.email},,${tree.wardA.code},,`,
      `Bad Status,bad.status@example.org,,${tree.wardA.code},,erased`,
      `Bad Phone,bad.phone@example.org,call me,${tree.wardA.code},,`,
    ].join('\n');
    const r = await post(csv);
    expect(r.statusCode).toBe(422);
    const body = r.json<ErrorBody>();
    expect(body.error.code).toBe('IMPORT_INVALID');
    const byLine = new Map(body.error.issues?.map((i) => [i.line, i.field]));
    expect([...byLine.entries()]).toEqual([
      [3, 'name'],
      [4, 'email'],
      [5, 'ward'],
      [6, 'joined_on'],
      [7, 'email'],
      [8, 'email'],
      [9, 'status'],
      [10, 'phone'],
    ]);
    expect(body.error.message).toContain('nothing was imported');
    expect(await memberCount()).toBe(before);
    expect(
      await t.database.db.select().from(members).where(eq(members.email, 'fine.person@example.org')),
    ).toHaveLength(0);
  });

  it('names missing and unknown columns', async () => {
    const r = await post('name,e-mail,ward\nA,a@example.org,X\n');
    expect(r.statusCode).toBe(422);
    const fields = r.json<ErrorBody>().error.issues?.map((i) => i.field);
    expect(fields).toEqual(expect.arrayContaining(['email', 'e-mail']));
  });

  it('reports a broken CSV structure with its line', async () => {
    const r = await post(`name,email,ward\nA,a@example.org,${tree.wardA.code}\nB,b@example.org\n`);
    expect(r.statusCode).toBe(422);
    expect(r.json<ErrorBody>().error.issues?.[0]?.line).toBe(3);
  });

  it('refuses an empty file and a non-CSV body', async () => {
    expect((await post('')).statusCode).toBe(422);
    const json = await t.app.inject({
      method: 'POST',
      url: `/api/members/import?branch=${tree.party.id}`,
      headers: { cookie, 'content-type': 'application/json' },
      payload: '{}',
    });
    expect(json.statusCode).toBe(415);
    expect(json.json<ErrorBody>().error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
  });
});

describe('invitations', () => {
  it('a bad email is named and no invitation is stored', async () => {
    const before = (await t.database.db.select({ n: count() }).from(invitations))[0]?.n;
    const r = await send(
      'POST',
      '/api/invitations',
      JSON.stringify({ email: 'nope', branchId: tree.wardA.id }),
    );
    expect(r.status).toBe(400);
    expect(r.body.error.issues?.[0]?.field).toBe('body.email');
    expect((await t.database.db.select({ n: count() }).from(invitations))[0]?.n).toBe(before);
  });
  it('a malformed token is a 400', async () => {
    const r = await send('GET', '/api/invitations/%3Cscript%3E');
    expect(r.status).toBe(400);
  });
});

describe('NUL characters (PostgreSQL cannot store them) are a 4xx naming where they were', () => {
  const nul = '\u0000';
  it.each([
    ['a name', 'PATCH', '/api/me', { name: `Ada${nul}` }, 'body.name'],
    ['a member search', 'GET', `/api/members?q=ad${encodeURIComponent(nul)}a`, undefined, 'query.q'],
    [
      'a conversation title',
      'POST',
      '/api/conversations',
      { title: `T${nul}`, question: 'Q?' },
      'body.title',
    ],
    ['a key', 'PATCH', '/api/me', { [`na${nul}me`]: 'Ada' }, 'body.na\\0me'],
  ] as const)('in %s', async (_what, method, url, body, field) => {
    const r = await send(method, url, body === undefined ? undefined : JSON.stringify(body));
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('VALIDATION_FAILED');
    expect(r.body.error.issues?.[0]?.field).toBe(field);
  });

  it('in a statement', async () => {
    const conv = await t.call(cookie, 'POST', '/api/conversations', {
      branchId: tree.party.id,
      title: 'NUL test',
      question: 'Anything?',
    });
    expect(conv.status).toBe(201);
    const r = await t.call(cookie, 'POST', `/api/conversations/${String(conv.body.id)}/statements`, {
      text: `We should${nul} do it`,
    });
    expect(r.status).toBe(400);
    expect(r.body.error?.issues?.[0]?.field).toBe('body.text');
  });

  it('in a members CSV: refused with its line, nothing imported', async () => {
    const before = await memberCount();
    const csv = `name,email,ward\nAda,ada.nul@example.org,${tree.wardA.code}\nBob${nul},bob.nul@example.org,${tree.wardA.code}\n`;
    const r = await send('POST', `/api/members/import?branch=${tree.party.id}`, csv, {
      'content-type': 'text/csv',
    });
    expect(r.status).toBe(422);
    expect(r.body.error.code).toBe('IMPORT_INVALID');
    expect(r.body.error.issues?.[0]).toMatchObject({ field: 'file', line: 3 });
    expect(await memberCount()).toBe(before);
  });

  it('in a register CSV: refused with its line, nothing imported', async () => {
    const csv = `Elector Number Prefix,Elector Number,Elector Surname,Elector Forename,PostCode,Address1\nAB1,1,Smith,Ann,AB1 1AA,1 High St\nAB1,2,Jones${nul},Bo,AB1 1AA,2 High St\n`;
    const r = await send('POST', `/api/canvass/branches/${tree.wardA.id}/register`, csv, {
      'content-type': 'text/csv',
    });
    expect(r.body.error).toMatchObject({ code: 'IMPORT_INVALID' });
    expect(r.status).toBe(422);
    expect(r.body.error.issues?.[0]).toMatchObject({ field: 'file', line: 3 });
  });
});
