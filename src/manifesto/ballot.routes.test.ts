import { count, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../db/client.ts';
import { auditLog, ballotPapers, ballotVoters, members } from '../db/schema/index.ts';
import { callAs, startTestApp, type TestApp } from '../../test/helpers/app.ts';
import { makeMember, makeTree, type TestMember, type Tree } from '../../test/helpers/factories.ts';

let t: TestApp;
let tree: Tree;
const cookies: Record<string, string> = {};
const people: Record<string, TestMember> = {};
let draftId = '';
let clauseIds: string[] = [];

const call = callAs(() => t, cookies);

interface BallotView {
  id: string;
  closed: boolean;
  voted: boolean;
  refusal: string | null;
  results: {
    eligible: number;
    voted: number;
    turnout: number;
    document: { approve: number; reject: number; carried: boolean } | null;
    clauses: { id: string; approve: number; reject: number; carried: boolean }[];
  } | null;
}

beforeAll(async () => {
  t = await startTestApp();
  tree = await makeTree(t.database.db);
  const db = t.database.db;
  people.drafter = await makeMember(db, tree.wardA, { roles: [['drafter', tree.constituencyA]] });
  for (let i = 0; i < 6; i++) people[`v${i}`] = await makeMember(db, tree.wardA2);
  people.late = await makeMember(db, tree.wardA);
  await db.update(members).set({ joinedOn: '2026-09-01' }).where(eq(members.id, people.late.id));
  people.outsider = await makeMember(db, tree.wardB);
  for (const [k, m] of Object.entries(people)) cookies[k] = await t.signIn(m.email);
  const draft = await call('drafter', 'POST', '/api/manifestos', {
    branchId: tree.constituencyA.id,
    title: 'For ratification',
    sections: ['Housing'],
  });
  draftId = String(draft.body.id);
  const sectionId = (draft.body.sections as { id: string }[])[0]?.id;
  for (const text of ['Build council homes.', 'End no-fault evictions.', 'Abolish leasehold.']) {
    const r = await call('drafter', 'POST', `/api/manifestos/${draftId}/clauses`, { sectionId, text });
    clauseIds = ((r.body.sections as { clauses: { id: string }[] }[])[0]?.clauses ?? []).map((c) => c.id);
  }
});
afterAll(() => t.close());

const open = async (mode: 'clauses' | 'document', who = 'drafter') =>
  call(who, 'POST', `/api/manifestos/${draftId}/ballots`, { mode, cutoff: '2026-06-01' });

describe('ratification ballots', () => {
  it('a vote on each clause: receipts verify, the results and turnout are right, papers name nobody', async () => {
    expect((await open('clauses', 'v0')).status).toBe(403);
    const opened = await open('clauses');
    expect(opened.status).toBe(201);
    const id = String(opened.body.id);
    const [a, b, c] = clauseIds as [string, string, string];
    // Voters 0–3 approve a and b and reject c; voter 4 rejects everything; voter 5 does not vote.
    const receipts: string[] = [];
    for (let i = 0; i < 5; i++) {
      const choices =
        i < 4
          ? { [a]: 'approve', [b]: 'approve', [c]: 'reject' }
          : { [a]: 'reject', [b]: 'reject', [c]: 'reject' };
      const r = await call(`v${i}`, 'POST', `/api/ballots/${id}/votes`, { clauses: choices });
      expect(r.status).toBe(200);
      receipts.push(String(r.body.receipt));
    }
    const mine = (await call('v0', 'GET', `/api/ballots/${id}`)).body as unknown as BallotView;
    expect(mine).toMatchObject({ voted: true, closed: false, results: null });
    const check = (await call('v4', 'POST', `/api/ballots/${id}/verify`, { receipt: receipts[4] })).body;
    expect(check).toEqual({ counted: true, choices: { [a]: 'reject', [b]: 'reject', [c]: 'reject' } });
    const forged = await call('v4', 'POST', `/api/ballots/${id}/verify`, {
      receipt: 'not-a-real-receipt-at-all',
    });
    expect(forged.body).toEqual({ counted: false, choices: null });
    // Papers carry no member: only the choices and the receipt's hash.
    const columns = await queryRows<{ column_name: string }>(
      t.database.db,
      sql`select column_name from information_schema.columns where table_name = 'ballot_papers' order by 1`,
    );
    expect(columns.map((x) => x.column_name)).toEqual(['ballot_id', 'choices', 'id', 'receipt_hash']);
    const before = await t.database.db.select({ id: ballotPapers.id }).from(ballotPapers);

    expect((await call('v0', 'POST', `/api/ballots/${id}/close`)).status).toBe(403);
    const closed = await call('drafter', 'POST', `/api/ballots/${id}/close`);
    expect(closed.status).toBe(200);
    const results = (closed.body as unknown as BallotView).results;
    // Eligible: the active members of the constituency who joined by the cut-off (not the late joiner).
    const [eligible] = await queryRows<{ n: number }>(
      t.database.db,
      sql`select count(*)::int as n from members m join branches w on w.id = m.home_ward_id
          where w.path like ${`${tree.constituencyA.path}%`} and m.joined_on <= '2026-06-01' and m.status = 'active'`,
    );
    expect(results?.eligible).toBe(eligible?.n);
    expect(results?.eligible).toBe(7); // the drafter and the six voters
    expect(results?.voted).toBe(5);
    expect(results?.turnout).toBeCloseTo(5 / 7, 9);
    expect(results?.clauses.map((x) => [x.id, x.approve, x.reject, x.carried])).toEqual([
      [a, 4, 1, true],
      [b, 4, 1, true],
      [c, 0, 5, false],
    ]);
    expect(JSON.stringify(closed.body)).not.toMatch(
      new RegExp(
        Object.values(people)
          .map((p) => p.id)
          .join('|'),
      ),
    );
    // Closing rewrote the papers under new ids; every receipt still verifies.
    const after = await t.database.db.select({ id: ballotPapers.id }).from(ballotPapers);
    expect(after).toHaveLength(before.length);
    expect(after.some((p) => before.some((q) => q.id === p.id))).toBe(false);
    for (const receipt of receipts)
      expect((await call('v1', 'POST', `/api/ballots/${id}/verify`, { receipt })).body.counted).toBe(true);
    // The audit trail: the opening, each vote (who voted, never how) and the closing.
    const trail = await t.database.db.select().from(auditLog).where(eq(auditLog.subjectId, id));
    expect(trail.map((e) => e.subjectType).sort()).toEqual([
      'ballot',
      'ballot',
      ...Array.from({ length: 5 }, () => 'ballot_vote'),
    ]);
    expect(JSON.stringify(trail)).not.toMatch(/approve|reject/);
    // Closed: no more votes.
    const lateVote = await call('v5', 'POST', `/api/ballots/${id}/votes`, {
      clauses: { [a]: 'approve', [b]: 'approve', [c]: 'approve' },
    });
    expect(lateVote.status).toBe(409);
  });

  it('double voting is impossible, even with many requests at once', async () => {
    const id = String((await open('document')).body.id);
    const tries = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        call('v0', 'POST', `/api/ballots/${id}/votes`, { document: i % 2 ? 'approve' : 'reject' }),
      ),
    );
    expect(tries.filter((r) => r.status === 200)).toHaveLength(1);
    expect(tries.filter((r) => r.status === 409)).toHaveLength(7);
    const [voters] = await t.database.db
      .select({ n: count() })
      .from(ballotVoters)
      .where(eq(ballotVoters.ballotId, id));
    const [papers] = await t.database.db
      .select({ n: count() })
      .from(ballotPapers)
      .where(eq(ballotPapers.ballotId, id));
    expect(voters?.n).toBe(1);
    expect(papers?.n).toBe(1);
    const closed = (await call('drafter', 'POST', `/api/ballots/${id}/close`)).body as unknown as BallotView;
    expect((closed.results?.document?.approve ?? 0) + (closed.results?.document?.reject ?? 0)).toBe(1);
  });

  it('refuses ineligible members and bad papers, and changes nothing', async () => {
    const id = String((await open('clauses')).body.id);
    const [a, b, c] = clauseIds as [string, string, string];
    const full = { clauses: { [a]: 'approve', [b]: 'approve', [c]: 'approve' } };
    const late = await call('late', 'POST', `/api/ballots/${id}/votes`, full);
    expect(late.status).toBe(403);
    expect(late.body.error?.message).toMatch(/joined by 2026-06-01/);
    expect(((await call('late', 'GET', `/api/ballots/${id}`)).body as unknown as BallotView).refusal).toMatch(
      /joined by/,
    );
    expect((await call('outsider', 'POST', `/api/ballots/${id}/votes`, full)).status).toBe(403);
    expect((await call(null, 'POST', `/api/ballots/${id}/votes`, full)).status).toBe(401);
    const missing = await call('v1', 'POST', `/api/ballots/${id}/votes`, { clauses: { [a]: 'approve' } });
    expect(missing.status).toBe(400);
    expect(missing.body.error?.issues?.map((i) => i.field).sort()).toEqual(
      [`body.clauses.${b}`, `body.clauses.${c}`].sort(),
    );
    const wrongValue = await call('v1', 'POST', `/api/ballots/${id}/votes`, {
      clauses: { [a]: 'yes', [b]: 'approve', [c]: 'approve' },
    });
    expect(wrongValue.status).toBe(400);
    const stranger = await call('v1', 'POST', `/api/ballots/${id}/votes`, {
      clauses: { ...full.clauses, [draftId]: 'approve' },
    });
    expect(stranger.status).toBe(400);
    const [voters] = await t.database.db
      .select({ n: count() })
      .from(ballotVoters)
      .where(eq(ballotVoters.ballotId, id));
    const [papers] = await t.database.db
      .select({ n: count() })
      .from(ballotPapers)
      .where(eq(ballotPapers.ballotId, id));
    expect(voters?.n).toBe(0);
    expect(papers?.n).toBe(0);
    // A valid paper after all that is accepted.
    expect((await call('v1', 'POST', `/api/ballots/${id}/votes`, full)).status).toBe(200);
  });
});
