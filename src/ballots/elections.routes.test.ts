/** Counting a ballot file through the API: the count, bad files named by line, and who may count. */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callAs, startTestApp, type TestApp } from '../../test/helpers/app.ts';
import { makeMember, makeTree } from '../../test/helpers/factories.ts';

let t: TestApp;
const cookies: Record<string, string> = {};
const call = callAs(() => t, cookies);
const WARD = fs.readFileSync(
  path.resolve(
    import.meta.dirname,
    '../../../shared/data/elections/scottish-council-2017/fife_2017_ward15.blt',
  ),
  'utf8',
);
const text = { 'content-type': 'text/plain' };

beforeAll(async () => {
  t = await startTestApp();
  const tree = await makeTree(t.database.db);
  cookies.member = await t.signIn((await makeMember(t.database.db, tree.wardA)).email);
});
afterAll(() => t.close());

describe('POST /api/elections/count', () => {
  it('counts a real ward by Scottish STV, round by round, as declared', async () => {
    const r = await call('member', 'POST', '/api/elections/count?method=scottish-stv', WARD, text);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ method: 'scottish-stv', seats: 3, quota: 1212 });
    expect(r.body.elected).toEqual(['Ross VETTRAINO (SNP)', 'Derek NOBLE (Lab)', 'Vikki WILTON (SNP)']);
    const rounds = r.body.rounds as { votes: Record<string, number>; excluded: string[] }[];
    expect(rounds).toHaveLength(10);
    expect(rounds[7]?.votes['Derek NOBLE (Lab)']).toBe(1370.63429);
    expect(rounds[1]?.excluded).toEqual(['Bert THOMSON (Ind)']);
  });

  it('refuses a bad file whole with its lines, an uncountable election, a bad method; signed-out callers', async () => {
    const bad = await call(
      'member',
      'POST',
      '/api/elections/count?method=meek',
      '2 1\n1 1 0\n1 9 0\nx 1 0\n0\nA\nB\nT\n',
      text,
    );
    expect(bad.status).toBe(422);
    expect(bad.body.error?.code).toBe('IMPORT_INVALID');
    expect(bad.body.error?.issues?.map((i) => i.line)).toEqual([3, 4]);
    const av = await call('member', 'POST', '/api/elections/count?method=av', WARD, text);
    expect(av.status).toBe(422);
    expect(av.body.error?.code).toBe('CANNOT_COUNT');
    const method = await call('member', 'POST', '/api/elections/count?method=borda', WARD, text);
    expect(method.status).toBe(400);
    expect(method.body.error?.issues?.[0]?.field).toBe('querystring.method');
    expect((await call(null, 'POST', '/api/elections/count?method=fptp', WARD, text)).status).toBe(401);
  });
});
