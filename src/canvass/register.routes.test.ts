/**
 * The register over HTTP: files sent as text/csv refused whole with each bad line named (422), who may
 * import where, dry runs, marked registers, column mappings in the query. Targeting's counts and re-imports'
 * matching are in register.service.test.ts.
 */
import { count, eq, isNull, sql, and } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../db/client.ts';
import { auditLog, electors, electorTurnout } from '../db/schema/index.ts';
import { callAs, startTestApp, type TestApp } from '../../test/helpers/app.ts';
import { makeMember, makeTree, type TestMember, type Tree } from '../../test/helpers/factories.ts';
import {
  markedRegisterCsv,
  REGISTER_HEADER,
  registerCsv,
  registerFields,
  syntheticRegister,
  type SyntheticElector,
} from './synthetic-register.ts';

let t: TestApp;
let tree: Tree;
const cookies: Record<string, string> = {};
const people: Record<string, TestMember> = {};
const call = callAs(() => t, cookies);
const csv = { 'content-type': 'text/csv' };

const register = syntheticRegister({
  electors: 600,
  districts: ['BW1', 'BW2', 'BW3'],
  seed: 7,
  withUprn: false,
});

beforeAll(async () => {
  t = await startTestApp();
  tree = await makeTree(t.database.db);
  const db = t.database.db;
  people.organiser = await makeMember(db, tree.wardA, { roles: [['organiser', tree.wardA]] });
  people.otherOrganiser = await makeMember(db, tree.wardB, { roles: [['organiser', tree.wardB]] });
  people.member = await makeMember(db, tree.wardA);
  for (const [k, m] of Object.entries(people)) cookies[k] = await t.signIn(m.email);
});
afterAll(() => t.close());

const url = (kind = 'full', extra = '') =>
  `/api/canvass/branches/${tree.wardA.id}/register?kind=${kind}${extra}`;
const electorCount = async (branchId = tree.wardA.id) =>
  (
    await t.database.db
      .select({ n: count() })
      .from(electors)
      .where(and(eq(electors.branchId, branchId), isNull(electors.removedAt)))
  )[0]?.n ?? 0;

describe('register import', () => {
  it('refuses a file with bad rows, naming each line, and writes nothing', async () => {
    const rows = register.slice(0, 5).map(registerFields);
    (rows[1] as string[])[1] = 'twelve'; // line 3: a bad elector number
    (rows[3] as string[])[7] = 'NOT A POSTCODE'; // line 5
    (rows[4] as string[])[4] = '31/02/2008'; // line 6: no such date
    const text = [REGISTER_HEADER.join(','), ...rows.map((r) => r.join(','))].join('\n');
    const res = await call('organiser', 'POST', url(), text, csv);
    expect(res.status).toBe(422);
    expect(res.body.error?.code).toBe('IMPORT_INVALID');
    expect(res.body.error?.message).toMatch(/3 of 5 rows have problems; nothing was imported/);
    expect(res.body.error?.issues?.map((i) => [i.line, i.field])).toEqual([
      [3, 'Elector Number'],
      [5, 'PostCode'],
      [6, 'Elector DOB'],
    ]);
    expect(await electorCount()).toBe(0);
  });

  it('a file of thousands of bad rows: the first 500 problems listed, every bad row counted, nothing staged or kept', async () => {
    const rows = syntheticRegister({ electors: 2000, districts: ['ZZ1'], seed: 11 }).map(registerFields);
    for (const r of rows) r[1] = 'x'; // every elector number bad
    const text = [REGISTER_HEADER.join(','), ...rows.map((r) => r.join(','))].join('\n');
    const res = await call('organiser', 'POST', url(), text, csv);
    expect(res.status).toBe(422);
    expect(res.body.error?.message).toBe(
      '2000 of 2000 rows have problems; nothing was imported (the first 500 problems are listed)',
    );
    expect(res.body.error?.issues).toHaveLength(500);
    expect(res.body.error?.issues?.[0]?.line).toBe(2);
    // A good file with a repeated number is staged, then refused: the staging is emptied either way.
    const good = register.slice(0, 50).map(registerFields);
    const repeated = [...good, good[10] ?? []];
    const dup = await call(
      'organiser',
      'POST',
      url(),
      [REGISTER_HEADER.join(','), ...repeated.map((r) => r.join(','))].join('\n'),
      csv,
    );
    expect(dup.status).toBe(422);
    expect(dup.body.error?.issues?.[0]).toMatchObject({ line: 52, field: 'Elector Number' });
    expect(dup.body.error?.issues?.[0]?.message).toMatch(/repeats .* from line 12/);
    const [staged] = await queryRows<{ n: number }>(
      t.database.db,
      sql`select count(*)::int as n from register_staging`,
    );
    expect(staged?.n).toBe(0);
    expect(await electorCount(tree.wardA.id)).toBe(0);
  });

  it('refuses a header without the needed columns, a repeated elector number, and broken CSV', async () => {
    const noPostcode = await call(
      'organiser',
      'POST',
      url(),
      'Elector Number Prefix,Elector Number,Elector Surname,Address1\nBW1,1,Smith,1 Mill Lane\n',
      csv,
    );
    expect(noPostcode.status).toBe(422);
    expect(noPostcode.body.error?.issues).toEqual([expect.objectContaining({ field: 'PostCode', line: 1 })]);
    const first = register[0] as SyntheticElector;
    const twice = registerCsv([first, first]);
    const repeated = await call('organiser', 'POST', url(), twice, csv);
    expect(repeated.body.error?.issues?.[0]).toMatchObject({
      line: 3,
      message: expect.stringMatching(/repeats BW1-1 from line 2/) as unknown,
    });
    const broken = await call('organiser', 'POST', url(), `${REGISTER_HEADER.join(',')}\nBW1,"1,x\n`, csv);
    expect(broken.status).toBe(422);
    expect(broken.body.error?.code).toBe('IMPORT_INVALID');
    expect(await electorCount()).toBe(0);
  });

  it('only those who run the branch may import, and only into their branch', async () => {
    expect((await call('member', 'POST', url(), registerCsv(register), csv)).status).toBe(403);
    expect((await call('otherOrganiser', 'POST', url(), registerCsv(register), csv)).status).toBe(403);
    expect((await call(null, 'POST', url(), registerCsv(register), csv)).status).toBe(401);
  });

  it('a dry run counts and writes nothing; a good file imports every elector, parsed for walks, audited', async () => {
    const dry = await call('organiser', 'POST', url('full', '&dryRun=true'), registerCsv(register), csv);
    expect(dry.body).toMatchObject({ dryRun: true, rows: 600, added: 600, matched: 0, removed: 0 });
    expect(await electorCount()).toBe(0);
    const res = await call('organiser', 'POST', url(), registerCsv(register), csv);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ dryRun: false, rows: 600, added: 600, matched: 0, removed: 0 });
    expect(await electorCount()).toBe(600);
    const [flat] = await queryRows<{ flat: string; house_number: number; street: string }>(
      t.database.db,
      sql`select flat, house_number, street from electors where branch_id = ${tree.wardA.id} and flat <> '' limit 1`,
    );
    expect(flat?.house_number).toBeGreaterThan(0);
    expect(flat?.street).toMatch(/\|/);
    const audits = await t.database.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.subjectId, String(res.body.importId)));
    expect(audits.map((a) => a.action)).toEqual(['import']);
    const summary = await call('organiser', 'GET', `/api/canvass/branches/${tree.wardA.id}/register`);
    expect(summary.body).toMatchObject({ electors: 600 });
    expect((summary.body.districts as { district: string }[]).map((d) => d.district)).toEqual([
      'BW1',
      'BW2',
      'BW3',
    ]);
  });
});

const markedVoters = (text: string) =>
  new Set(
    text
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => l.split(',').slice(0, 2).join('-')),
  );

describe('marked registers and other layouts', () => {
  const may2024 = markedRegisterCsv(register, 11);
  const may2026 = markedRegisterCsv(register, 12);

  it('imports who voted (and by post); refuses unknown elector numbers by line', async () => {
    const bad = await call(
      'organiser',
      'POST',
      `/api/canvass/branches/${tree.wardA.id}/marked-register?election=Bad&heldOn=2024-05-02`,
      'Elector Number Prefix,Elector Number,Postal\nBW1,1,\nBW9,99999,P\n',
      csv,
    );
    expect(bad.status).toBe(422);
    expect(bad.body.error?.issues).toEqual([
      expect.objectContaining({ line: 3, message: 'BW9-99999 is not on the register' }),
    ]);
    for (const [name, heldOn, text] of [
      ['Local 2024', '2024-05-02', may2024],
      ['Local 2026', '2026-05-07', may2026],
    ] as const) {
      const res = await call(
        'organiser',
        'POST',
        `/api/canvass/branches/${tree.wardA.id}/marked-register?election=${encodeURIComponent(name)}&heldOn=${heldOn}`,
        text,
        csv,
      );
      expect(res.status).toBe(200);
      expect(res.body.added).toBe(markedVoters(text).size);
    }
    const [turnout] = await t.database.db.select({ n: count() }).from(electorTurnout);
    expect(turnout?.n).toBe(markedVoters(may2024).size + markedVoters(may2026).size);
    const postal = (may2024 + may2026)
      .split('\n')
      .filter((l) => l.endsWith(',P'))
      .map((l) => l.split(',').slice(0, 2).join('-'));
    const [p] = await t.database.db.select({ n: count() }).from(electors).where(eq(electors.postal, true));
    expect(p?.n).toBe(new Set(postal).size);
  });

  it('reads another layout through a column mapping', async () => {
    const text = [
      'PD,ENo,Last Name,First Name,Post Code,House,Road',
      'ZZ1,1,Mapped,Alex,HD9 9ZZ,3 Far Lane,Hadley',
    ].join('\n');
    const forbiddenRes = await call(
      'organiser',
      'POST',
      `/api/canvass/branches/${tree.wardA2.id}/register?kind=full`,
      text,
      csv,
    );
    expect(forbiddenRes.status).toBe(403); // the organiser of ward A does not run ward A2
    cookies.conOrganiser = await t.signIn(
      (await makeMember(t.database.db, tree.wardA2, { roles: [['organiser', tree.constituencyA]] })).email,
    );
    const unmapped = await call(
      'conOrganiser',
      'POST',
      `/api/canvass/branches/${tree.wardA2.id}/register?kind=full`,
      text,
      csv,
    );
    expect(unmapped.status).toBe(422);
    expect(unmapped.body.error?.issues?.map((i) => i.field)).toEqual([
      'Elector Surname (or Elector Name)',
      'Address1',
    ]);
    const mapping = encodeURIComponent(
      JSON.stringify({ surname: 'Last Name', forename: 'First Name', address1: 'House', address2: 'Road' }),
    );
    const ok = await call(
      'conOrganiser',
      'POST',
      `/api/canvass/branches/${tree.wardA2.id}/register?kind=full&mapping=${mapping}`,
      text,
      csv,
    );
    expect(ok.body).toMatchObject({ added: 1 });
    const [e] = await t.database.db.select().from(electors).where(eq(electors.branchId, tree.wardA2.id));
    expect(e).toMatchObject({ surname: 'Mapped', forename: 'Alex', district: 'ZZ1', houseNumber: 3 });
    const badMap = await call(
      'conOrganiser',
      'POST',
      `/api/canvass/branches/${tree.wardA2.id}/register?kind=full&mapping=${encodeURIComponent('{"surname":"Nope"}')}`,
      text,
      csv,
    );
    expect(badMap.body.error?.issues?.[0]).toMatchObject({ field: 'surname', line: 1 });
  });

  it('leaves no staged rows behind after all the imports above (good, refused, dry runs, updates)', async () => {
    const [staged] = await queryRows<{ n: number }>(
      t.database.db,
      sql`select count(*)::int as n from register_staging`,
    );
    expect(staged?.n).toBe(0);
  });
});
