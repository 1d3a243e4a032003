import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../db/client.ts';
import { electionBox, members, partyElections } from '../db/schema/index.ts';
import { parseBlt } from '../math/io/blt.ts';
import { countElection } from '../math/count.ts';
import { callAs, startTestApp, type TestApp } from '../../test/helpers/app.ts';
import { makeMember, makeTree, type TestMember, type Tree } from '../../test/helpers/factories.ts';

let t: TestApp;
let tree: Tree;
const cookies: Record<string, string> = {};
const people: Record<string, TestMember> = {};
const call = callAs(() => t, cookies);
const soon = () => new Date(Date.now() + 3_600_000).toISOString();
const later = () => new Date(Date.now() + 7 * 86_400_000).toISOString();

interface View {
  id: string;
  phase: string;
  nominating: { size: number; needed: number };
  candidates: { id: string; name: string; qualified: boolean; nominators: { id: string }[] }[];
  paper: { id: string }[] | null;
  hustings: { conversationId: string } | null;
  roll: { total: number } | null;
  me: { onRoll: boolean | null; voted: boolean; mayNominate: boolean };
  result: {
    count: { elected: string[]; rounds: unknown[] };
    voted: number;
    eligible: number;
    turnout: number;
  } | null;
}
const view = (r: { body: unknown }) => r.body as View;

beforeAll(async () => {
  t = await startTestApp();
  tree = await makeTree(t.database.db);
  const db = t.database.db;
  people.ro = await makeMember(db, tree.wardA, { roles: [['returning_officer', tree.constituencyA]] });
  people.ana = await makeMember(db, tree.wardA, { name: 'Ana Candidate' });
  people.bob = await makeMember(db, tree.wardA2, { name: 'Bob Candidate' });
  people.cy = await makeMember(db, tree.wardA2, { name: 'Cy Candidate' });
  for (let i = 0; i < 5; i++) people[`v${i}`] = await makeMember(db, i < 3 ? tree.wardA : tree.wardA2);
  // Imported after the freeze date with a joining date before it: kept, but not on the roll.
  people.late = await makeMember(db, tree.wardA);
  await db
    .update(members)
    .set({ joinedOn: '2026-01-01', createdAt: new Date() })
    .where(eq(members.id, people.late.id));
  people.outsider = await makeMember(db, tree.wardB);
  for (const [k, m] of Object.entries(people)) cookies[k] = await t.signIn(m.email);
});
afterAll(async () => t.close());

const rules = () => ({
  branchId: tree.constituencyA.id,
  post: 'Constituency chair',
  seats: 1,
  method: 'av',
  nominationsCloseAt: soon(),
  votingClosesAt: later(),
  nominatingBody: 'members',
  nominationPercent: 20,
  freezeOn: '2026-06-01',
});

/** Time passes: the election's nominations close. */
const closeNominations = (id: string) =>
  t.database.db
    .update(partyElections)
    .set({ nominationsCloseAt: new Date(Date.now() - 1000) })
    .where(eq(partyElections.id, id));

describe('an election from nominations to the result', () => {
  let id = '';
  let shares: string[] = [];
  let receipt = '';
  const check = async (r: string) =>
    ((await call('v2', 'POST', `/api/elections/${id}/verify`, { receipt: r })).body as { status: string })
      .status;

  it('is created by a returning officer of the branch only, with rules that make sense', async () => {
    expect((await call('v0', 'POST', '/api/elections', rules())).status).toBe(403);
    const av2 = await call('ro', 'POST', '/api/elections', { ...rules(), seats: 2 });
    expect(av2.status).toBe(400);
    expect(JSON.stringify(av2.body)).toContain('the alternative vote fills one seat');
    const r = await call('ro', 'POST', '/api/elections', rules());
    expect(r.status).toBe(201);
    id = view(r).id;
    expect(view(r).phase).toBe('nominations');
    // Ten active members of the constituency (the late import among them) nominate; 20% is 2.
    expect(view(r).nominating).toMatchObject({ size: 10, needed: 2 });
    expect((await call('outsider', 'GET', `/api/elections/${id}`)).status).toBe(403);
  });

  it('takes candidates who stand with a statement, and public nominations within the rules', async () => {
    for (const who of ['ana', 'bob', 'cy'])
      expect(
        (
          await call(who, 'POST', `/api/elections/${id}/candidates`, {
            statement: `I am ${who}.`,
            woman: who === 'ana',
          })
        ).status,
      ).toBe(200);
    expect(
      (await call('outsider', 'POST', `/api/elections/${id}/candidates`, { statement: 'Me', woman: false }))
        .status,
    ).toBe(403);
    const [ana, bob, cy] = [people.ana?.id, people.bob?.id, people.cy?.id];
    const self = await call('ana', 'POST', `/api/elections/${id}/nominations`, { candidateId: ana });
    expect(self.body).toMatchObject({ error: { code: 'NOMINATION_REFUSED' } });
    expect(
      (await call('outsider', 'POST', `/api/elections/${id}/nominations`, { candidateId: ana })).status,
    ).toBe(403);
    for (const who of ['v0', 'v1', 'v2'])
      await call(who, 'POST', `/api/elections/${id}/nominations`, { candidateId: ana });
    for (const who of ['v3', 'v4', 'cy'])
      await call(who, 'POST', `/api/elections/${id}/nominations`, { candidateId: bob });
    // One seat: one nomination each, however many requests race.
    const race = await Promise.all([
      call('ro', 'POST', `/api/elections/${id}/nominations`, { candidateId: cy }),
      call('ro', 'POST', `/api/elections/${id}/nominations`, { candidateId: ana }),
    ]);
    expect(race.map((r) => r.status).sort()).toEqual([200, 409]);
    const again = await call('v0', 'POST', `/api/elections/${id}/nominations`, { candidateId: bob });
    expect(again.body).toMatchObject({ error: { code: 'NOMINATION_REFUSED' } });
    const v = view(await call('v4', 'GET', `/api/elections/${id}`));
    const byName = Object.fromEntries(v.candidates.map((c) => [c.name, c]));
    expect(byName['Ana Candidate']?.nominators.length).toBeGreaterThanOrEqual(3);
    expect(byName['Bob Candidate']?.qualified).toBe(true);
    expect(byName['Cy Candidate']?.qualified).toBe(false);
  });

  it('opens hustings whose questions candidates answer', async () => {
    expect((await call('v0', 'POST', `/api/elections/${id}/hustings`)).status).toBe(403);
    const h = view(await call('ro', 'POST', `/api/elections/${id}/hustings`));
    const conversationId = h.hustings?.conversationId ?? '';
    const q = await call('v0', 'POST', `/api/conversations/${conversationId}/statements`, {
      text: 'How will you bring the factions of this branch together?',
    });
    expect(q.status).toBe(201);
    const statementId = (q.body as { statement: { id: string } }).statement.id;
    const ok = await call('ana', 'POST', `/api/elections/${id}/answers`, {
      statementId,
      answer: 'By listening.',
    });
    expect(ok.status).toBe(200);
    expect(
      (await call('v1', 'POST', `/api/elections/${id}/answers`, { statementId, answer: 'x' })).status,
    ).toBe(403);
  });

  it('opens voting only after nominations close, freezing the roll by the platform’s own record', async () => {
    expect(
      (await call('ro', 'POST', `/api/elections/${id}/open`, { keyHolders: 3, keyThreshold: 2 })).body,
    ).toMatchObject({ error: { code: 'WRONG_PHASE' } });
    await closeNominations(id);
    expect((await call('v0', 'POST', `/api/elections/${id}/open`, {})).status).toBe(403);
    const r = await call('ro', 'POST', `/api/elections/${id}/open`, { keyHolders: 3, keyThreshold: 2 });
    expect(r.status).toBe(200);
    shares = (r.body as { keyShares: string[] }).keyShares;
    expect(shares).toHaveLength(3);
    // Ana and Bob qualified; Cy (one nomination short) is not on the paper.
    expect(
      view(r)
        .paper?.map((c) => c.id)
        .sort(),
    ).toEqual([people.ana?.id, people.bob?.id].sort());
    // The constituency's ten, less the late import: nine on the roll.
    expect(view(r).roll?.total).toBe(9);
    expect(view(await call('late', 'GET', `/api/elections/${id}`)).me.onRoll).toBe(false);
    // Nobody holds the shares but the answer: they are nowhere in the database.
    const [row] = await queryRows<{ r: string }>(
      t.database.db,
      sql`select row_to_json(e)::text as r from party_elections e where id = ${id}`,
    );
    for (const s of shares) expect(row?.r).not.toContain(s.replace(/^.*?:/, '').slice(0, 20));
  });

  it('takes one secret ranking from each member on the roll', async () => {
    const [ana, bob] = [people.ana?.id ?? '', people.bob?.id ?? ''];
    expect((await call('late', 'POST', `/api/elections/${id}/votes`, { ranking: [ana] })).status).toBe(403);
    expect(
      (await call('v0', 'POST', `/api/elections/${id}/votes`, { ranking: [people.cy?.id] })).status,
    ).toBe(400);
    expect((await call('v0', 'POST', `/api/elections/${id}/votes`, { ranking: [ana, ana] })).status).toBe(
      400,
    );
    const twice = await Promise.all([
      call('v0', 'POST', `/api/elections/${id}/votes`, { ranking: [ana, bob] }),
      call('v0', 'POST', `/api/elections/${id}/votes`, { ranking: [bob, ana] }),
    ]);
    expect(twice.map((r) => r.status).sort()).toEqual([200, 409]);
    receipt = (twice.find((r) => r.status === 200)?.body as { receipt: string }).receipt;
    expect(receipt).toMatch(/^[0-9A-Z-]{26,}$/);
    // The receipt finds its paper in the box (any member may ask; it never says what the paper says).
    expect(await check(receipt)).toBe('sealed');
    expect(await check(receipt.toLowerCase().replaceAll('-', ''))).toBe('sealed');
    expect(await check('7K3MQ-7K3MQ-7K3MQ-7K3MQ-7K3MQ-7')).toBe('unknown');
    for (const who of ['v1', 'v2', 'ana'])
      await call(who, 'POST', `/api/elections/${id}/votes`, { ranking: [ana] });
    for (const who of ['v3', 'v4', 'bob'])
      await call(who, 'POST', `/api/elections/${id}/votes`, { ranking: [bob, ana] });
    expect(view(await call('v1', 'GET', `/api/elections/${id}`)).me.voted).toBe(true);
  });

  it('counts only with enough key holders’ shares, and only a box as the votes left it', async () => {
    const one = await call('ro', 'POST', `/api/elections/${id}/count`, { shares: [shares[0]] });
    expect(one.body).toMatchObject({ error: { code: 'BAD_KEY_SHARES' } });
    const db = t.database.db;
    const box = await db.select().from(electionBox).where(eq(electionBox.electionId, id));
    const last = box.sort((a, b) => b.seq - a.seq)[0];
    if (!last) throw new Error('the box is empty');
    await db
      .delete(electionBox)
      .where(sql`${electionBox.electionId} = ${id} and ${electionBox.seq} = ${last.seq}`);
    const tampered = await call('ro', 'POST', `/api/elections/${id}/count`, { shares: shares.slice(1) });
    expect(tampered.body).toMatchObject({ error: { code: 'BOX_TAMPERED' } });
    await db.insert(electionBox).values(last);
    expect((await call('v0', 'POST', `/api/elections/${id}/count`, { shares: shares.slice(1) })).status).toBe(
      403,
    );
  });

  it('counts by the alternative vote, publishes every round and the papers, and tells the roll', async () => {
    const r = await call('ro', 'POST', `/api/elections/${id}/count`, { shares: [shares[2], shares[0]] });
    expect(r.status).toBe(200);
    const result = view(r).result;
    // Ana 4 first preferences (v0 or not), Bob 3 or 4: a majority of 7 papers either way.
    expect(result?.voted).toBe(7);
    expect(result?.eligible).toBe(9);
    expect(result?.turnout).toBe(77.8);
    expect(result?.count.elected).toHaveLength(1);
    const again = await call('ro', 'POST', `/api/elections/${id}/count`, { shares: [shares[2], shares[0]] });
    expect(again.body).toMatchObject({ error: { code: 'WRONG_PHASE' } });
    const [{ n } = { n: -1 }] = await queryRows<{ n: number }>(
      t.database.db,
      sql`select count(*)::int as n from election_box where election_id = ${id}`,
    );
    expect(n).toBe(0);
    // The receipt now finds its paper among the counted.
    expect(await check(receipt)).toBe('counted');
    const blt = await call('v3', 'GET', `/api/elections/${id}/papers.blt`);
    expect(blt.status).toBe(200);
    const recount = countElection(parseBlt(blt.raw.body), 'av');
    expect(recount.elected).toEqual(result?.count.elected);
    expect(blt.raw.body).not.toContain(people.v0?.id ?? 'x');
    // The roll was told when voting opened, and is told the result.
    const told = await queryRows<{ kind: string; params: Record<string, unknown> }>(
      t.database.db,
      sql`select kind, params from notification_fanouts where audience->>'electionId' = ${id} order by kind`,
    );
    expect(told.map((n) => n.kind)).toEqual(['election_opened', 'election_result']);
    expect(told[1]?.params).toMatchObject({ voted: 7, eligible: 9, turnout: 77.8 });
  });
});

describe('a quota for women, applied in the count and shown', () => {
  it('withdraws the man elected last and counts again until enough women are elected', async () => {
    const r = await call('ro', 'POST', '/api/elections', {
      ...rules(),
      post: 'Conference delegates',
      seats: 2,
      method: 'scottish-stv',
      nominationPercent: 0,
      minWomen: 1,
    });
    const id = view(r).id;
    for (const who of ['ana', 'bob', 'cy'])
      await call(who, 'POST', `/api/elections/${id}/candidates`, { statement: who, woman: who === 'ana' });
    await closeNominations(id);
    const opened = await call('ro', 'POST', `/api/elections/${id}/open`, {});
    const shares = (opened.body as { keyShares: string[] }).keyShares;
    const [ana, bob, cy] = [people.ana?.id, people.bob?.id, people.cy?.id];
    // Bob and Cy lead; Ana is every voter's last choice.
    for (const who of ['v0', 'v1', 'v2'])
      await call(who, 'POST', `/api/elections/${id}/votes`, { ranking: [bob, cy, ana] });
    for (const who of ['v3', 'v4'])
      await call(who, 'POST', `/api/elections/${id}/votes`, { ranking: [cy, bob, ana] });
    await call('ana', 'POST', `/api/elections/${id}/votes`, { ranking: [ana] });
    const counted = await call('ro', 'POST', `/api/elections/${id}/count`, { shares });
    const result = counted.body as {
      result: { count: { elected: string[] }; quota: { met: boolean; women: string[]; withdrawn: string[] } };
    };
    expect(result.result.count.elected).toContain('Ana Candidate');
    expect(result.result.count.elected).toHaveLength(2);
    expect(result.result.quota).toMatchObject({ met: true, women: ['Ana Candidate'] });
    expect(result.result.quota.withdrawn).toHaveLength(1);
    // The papers as published count to the same result: the withdrawn candidate is withdrawn in the file.
    const blt = await call('v0', 'GET', `/api/elections/${id}/papers.blt`);
    expect(countElection(parseBlt(blt.raw.body), 'scottish-stv').elected.sort()).toEqual(
      [...result.result.count.elected].sort(),
    );
  });
});
