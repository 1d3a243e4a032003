import { count, eq, inArray, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../db/client.ts';
import { auditLog, ballotBox, ballotPapers, ballots, ballotVoters, members } from '../db/schema/index.ts';
import { countDueBallots } from './ratification-count.service.ts';
import { callAs, jobContext, startTestApp, type TestApp } from '../../test/helpers/app.ts';
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
    quorate: boolean;
    document: { approve: number; reject: number; abstain: number; carried: boolean } | null;
    clauses: {
      id: string;
      section: string;
      approve: number;
      reject: number;
      abstain: number;
      carried: boolean;
    }[];
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
      // The receipt carries the paper's place in the box and the chain's head after it.
      const box = r.body.box as { paper: number; head: string };
      expect(box.paper).toBe(i + 1);
      expect(box.head).toMatch(/^[\w-]{43}$/);
      receipts.push(String(r.body.receipt));
    }
    const mine = (await call('v0', 'GET', `/api/ballots/${id}`)).body as unknown as BallotView;
    expect(mine).toMatchObject({ voted: true, closed: false, results: null });
    // While open, a receipt shows its paper is sealed in the box, and never the choices.
    const check = (await call('v4', 'POST', `/api/ballots/${id}/verify`, { receipt: receipts[4] })).body;
    expect(check).toMatchObject({ status: 'sealed', box: { paper: 5 } });
    const forged = await call('v4', 'POST', `/api/ballots/${id}/verify`, {
      receipt: 'not-a-real-receipt-at-all',
    });
    expect(forged.body).toEqual({ status: 'unknown', box: null });
    // No readable paper exists while the ballot is open: five sealed ones are in the box.
    const papersOf = async () =>
      t.database.db.select({ id: ballotPapers.id }).from(ballotPapers).where(eq(ballotPapers.ballotId, id));
    expect(await papersOf()).toHaveLength(0);
    expect(await t.database.db.select().from(ballotBox).where(eq(ballotBox.ballotId, id))).toHaveLength(5);
    // Papers carry no member, and no receipt either: only the choices.
    const columns = await queryRows<{ column_name: string }>(
      t.database.db,
      sql`select column_name from information_schema.columns where table_name = 'ballot_papers' order by 1`,
    );
    expect(columns.map((x) => x.column_name)).toEqual(['ballot_id', 'choices', 'id']);

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
    expect(results?.clauses.map((x) => [x.id, x.section, x.approve, x.reject, x.carried])).toEqual([
      [a, 'Housing', 4, 1, true],
      [b, 'Housing', 4, 1, true],
      [c, 'Housing', 0, 5, false],
    ]);
    expect(JSON.stringify(closed.body)).not.toMatch(
      new RegExp(
        Object.values(people)
          .map((p) => p.id)
          .join('|'),
      ),
    );
    // Counting wrote the five papers and emptied the box; every receipt now shows "counted", and no choices.
    expect(await papersOf()).toHaveLength(5);
    expect(await t.database.db.select().from(ballotBox).where(eq(ballotBox.ballotId, id))).toHaveLength(0);
    for (const receipt of receipts)
      expect((await call('v1', 'POST', `/api/ballots/${id}/verify`, { receipt })).body).toEqual({
        status: 'counted',
        box: null,
      });
    expect(
      (await call('v1', 'POST', `/api/ballots/${id}/verify`, { receipt: 'not-a-real-receipt' })).body,
    ).toEqual({ status: 'unknown', box: null });
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
    expect(lateVote.body.error?.code).toBe('BALLOT_CLOSED');
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
    expect(tries.filter((r) => r.status === 409).every((r) => r.body.error?.code === 'ALREADY_VOTED')).toBe(
      true,
    );
    const [voters] = await t.database.db
      .select({ n: count() })
      .from(ballotVoters)
      .where(eq(ballotVoters.ballotId, id));
    const [sealed] = await t.database.db
      .select({ n: count() })
      .from(ballotBox)
      .where(eq(ballotBox.ballotId, id));
    expect(voters?.n).toBe(1);
    expect(sealed?.n).toBe(1);
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
    const [sealed] = await t.database.db
      .select({ n: count() })
      .from(ballotBox)
      .where(eq(ballotBox.ballotId, id));
    expect(voters?.n).toBe(0);
    expect(sealed?.n).toBe(0);
    // A valid paper after all that is accepted.
    expect((await call('v1', 'POST', `/api/ballots/${id}/votes`, full)).status).toBe(200);
  });
});

describe('the electorate and the count', () => {
  it('is frozen when the ballot opens: members imported afterwards with back-dated joining dates cannot vote, and each back-dated row is audited', async () => {
    const db = t.database.db;
    const organiser = await makeMember(db, tree.wardA, { roles: [['organiser', tree.constituencyA]] });
    cookies.organiser = await t.signIn(organiser.email);
    const id = String((await open('document')).body.id);
    const before = ((await call('drafter', 'GET', `/api/ballots/${id}`)).body as unknown as BallotView).id;
    expect(before).toBe(id);
    // The organiser imports three "members" joined in 2020, with addresses she controls.
    const suffix = Math.random().toString(36).slice(2, 8);
    const emails = [1, 2, 3].map((i) => `stuffed${i}.${suffix}@example.org`);
    const csv = [
      'name,email,ward,joined_on',
      ...emails.map((e, i) => `Stuffed ${i},${e},${tree.wardA.code},2020-01-01`),
    ].join('\n');
    const imported = await t.call(
      cookies.organiser,
      'POST',
      `/api/members/import?branch=${tree.constituencyA.id}`,
      csv,
      {
        'content-type': 'text/csv',
      },
    );
    expect(imported.status).toBe(200);
    expect(imported.body).toMatchObject({ imported: 3, backdated: 3 });
    for (const email of emails) {
      const cookie = await t.signIn(email);
      const vote = await t.call(cookie, 'POST', `/api/ballots/${id}/votes`, { document: 'approve' });
      expect(vote.status).toBe(403);
      expect(vote.body.error?.message).toMatch(
        /on the roll by 2026-06-01 may vote .*recorded here on \d{4}-\d\d-\d\d/,
      );
    }
    // Each back-dated row is in the audit log with its date.
    const stuffed = await db.select({ id: members.id }).from(members).where(inArray(members.email, emails));
    const rows = await db
      .select()
      .from(auditLog)
      .where(
        inArray(
          auditLog.subjectId,
          stuffed.map((m) => m.id),
        ),
      );
    expect(rows).toHaveLength(3);
    expect(
      rows.every((r) => r.action === 'import' && r.detail.joinedOn === '2020-01-01' && r.detail.backdated),
    ).toBe(true);
    // The count and turnout use the frozen electorate.
    const closed = (await call('drafter', 'POST', `/api/ballots/${id}/close`)).body as unknown as BallotView;
    expect(closed.results?.eligible).toBe(7 + 1); // the drafter, six voters, and the organiser made before opening
    expect(closed.results?.voted).toBe(0);
  });

  it('refuses a cut-off after today and a closing time already past', async () => {
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    const future = await call('drafter', 'POST', `/api/manifestos/${draftId}/ballots`, {
      mode: 'document',
      cutoff: tomorrow,
    });
    expect(future.status).toBe(400);
    expect(future.body.error?.issues?.[0]?.field).toBe('body.cutoff');
    const past = await call('drafter', 'POST', `/api/manifestos/${draftId}/ballots`, {
      mode: 'document',
      cutoff: '2026-06-01',
      closesAt: new Date(Date.now() - 1000).toISOString(),
    });
    expect(past.status).toBe(400);
    expect(past.body.error?.issues?.[0]?.field).toBe('body.closesAt');
  });

  it('a ballot closed by its time is counted by the server job, and votes after the time are refused', async () => {
    const opened = await call('drafter', 'POST', `/api/manifestos/${draftId}/ballots`, {
      mode: 'document',
      cutoff: '2026-06-01',
      closesAt: new Date(Date.now() + 3_600_000).toISOString(),
    });
    const id = String(opened.body.id);
    for (const [who, c] of [
      ['v1', 'approve'],
      ['v2', 'approve'],
      ['v3', 'reject'],
    ] as const)
      expect((await call(who, 'POST', `/api/ballots/${id}/votes`, { document: c })).status).toBe(200);
    // The closing time passes.
    await t.database.db
      .update(ballots)
      .set({ closesAt: new Date(Date.now() - 1000) })
      .where(eq(ballots.id, id));
    const late = await call('v4', 'POST', `/api/ballots/${id}/votes`, { document: 'approve' });
    expect(late.status).toBe(409);
    expect(late.body.error?.code).toBe('BALLOT_CLOSED');
    // The job closes it (once, however often it runs), but cannot count it: that needs the key holders.
    const ctx = jobContext(t);
    expect(await countDueBallots(ctx)).toBeGreaterThanOrEqual(1);
    expect(await countDueBallots(ctx)).toBe(0);
    const [b] = await t.database.db.select().from(ballots).where(eq(ballots.id, id));
    expect(b?.closedAt).toBeTruthy();
    expect(b?.countedAt).toBeNull();
    const waiting = (await call('v1', 'GET', `/api/ballots/${id}`)).body as unknown as BallotView & {
      awaitingCount: boolean;
      box: { papers: number };
    };
    expect(waiting).toMatchObject({ closed: true, awaitingCount: true, results: null, box: { papers: 3 } });
    // The key holder gives the share: counted.
    const counted = (await call('drafter', 'POST', `/api/ballots/${id}/close`)).body as unknown as BallotView;
    expect(counted.results?.document).toEqual({ approve: 2, reject: 1, abstain: 0, carried: true });
  });

  it('with a quorum: an abstention counts for turnout only, and a result short of the quorum does not stand', async () => {
    const bad = await call('drafter', 'POST', `/api/manifestos/${draftId}/ballots`, {
      mode: 'document',
      cutoff: '2026-06-01',
      quorumPercent: 0,
    });
    expect(bad.body.error?.issues?.[0]).toMatchObject({
      field: 'body.quorumPercent',
      message: 'must be at least 1%',
    });
    const open = async (quorumPercent: number) => {
      const r = await call('drafter', 'POST', `/api/manifestos/${draftId}/ballots`, {
        mode: 'document',
        cutoff: '2026-06-01',
        quorumPercent,
      });
      expect(r.body.quorumPercent).toBe(quorumPercent);
      return String(r.body.id);
    };
    // Three of the electorate vote (one abstains): short of a quorum of everyone, enough for 1%.
    const short = await open(100);
    const met = await open(1);
    for (const id of [short, met])
      for (const [who, c] of [
        ['v0', 'approve'],
        ['v1', 'abstain'],
        ['v2', 'approve'],
      ] as const)
        expect((await call(who, 'POST', `/api/ballots/${id}/votes`, { document: c })).status).toBe(200);
    for (const id of [short, met])
      expect((await call('drafter', 'POST', `/api/ballots/${id}/close`)).status).toBe(200);
    const shortView = (await call('v0', 'GET', `/api/ballots/${short}`)).body as unknown as BallotView;
    expect(shortView.results).toMatchObject({ voted: 3, quorate: false });
    expect(shortView.results?.eligible).toBeGreaterThan(3);
    expect(shortView.results?.document).toEqual({ approve: 2, reject: 0, abstain: 1, carried: false });
    const metView = (await call('v0', 'GET', `/api/ballots/${met}`)).body as unknown as BallotView;
    expect(metView.results).toMatchObject({ voted: 3, quorate: true });
    expect(metView.results?.document).toEqual({ approve: 2, reject: 0, abstain: 1, carried: true });
  });

  it('votes racing the close: every vote acknowledged is counted, every other is refused', async () => {
    const id = String((await open('document')).body.id);
    const voters = ['v0', 'v1', 'v2', 'v3', 'v4', 'v5'];
    const [votes, close] = await Promise.all([
      Promise.all(voters.map((v) => call(v, 'POST', `/api/ballots/${id}/votes`, { document: 'approve' }))),
      call('drafter', 'POST', `/api/ballots/${id}/close`),
    ]);
    expect(close.status).toBe(200);
    const accepted = votes.filter((v) => v.status === 200).length;
    expect(votes.every((v) => v.status === 200 || v.body.error?.code === 'BALLOT_CLOSED')).toBe(true);
    const view = (await call('drafter', 'GET', `/api/ballots/${id}`)).body as unknown as BallotView;
    expect(view.results?.document?.approve).toBe(accepted);
    expect(view.results?.voted).toBe(accepted);
  });
});
