/**
 * Attacks on the ballot box by someone who holds the database and the running server (its secret too), as
 * docs/BALLOT-THREAT-MODEL.md sets them out. The one found in trial: restore the box as it was before the
 * count, delete every paper but one, move the closing time into the past, and have the server count again
 * to read that one paper. Now the key that opens the papers exists only as the key holders' shares, and a
 * count checks the box's hash chain and its papers against the voters.
 */
import { and, eq, ne } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ballotBox, ballotPapers, ballots, ballotVoters } from '../../src/db/schema/index.ts';
import { countBallot, countDueBallots } from '../../src/ballots/ratification-count.service.ts';
import { sealTo } from '../../src/ballots/box.ts';
import { callAs, jobContext, startTestApp, type TestApp } from '../helpers/app.ts';
import { makeMember, makeTree } from '../helpers/factories.ts';

let t: TestApp;
const cookies: Record<string, string> = {};
const call = callAs(() => t, cookies);
let draftId = '';

beforeAll(async () => {
  t = await startTestApp();
  const tree = await makeTree(t.database.db);
  const db = t.database.db;
  const drafter = await makeMember(db, tree.wardA, { roles: [['drafter', tree.constituencyA]] });
  cookies.drafter = await t.signIn(drafter.email);
  for (let i = 0; i < 4; i++) cookies[`v${i}`] = await t.signIn((await makeMember(db, tree.wardA)).email);
  const draft = await call('drafter', 'POST', '/api/manifestos', {
    branchId: tree.constituencyA.id,
    title: 'Rollback',
    sections: ['Housing'],
  });
  draftId = String(draft.body.id);
  const sectionId = (draft.body.sections as { id: string }[])[0]?.id;
  await call('drafter', 'POST', `/api/manifestos/${draftId}/clauses`, { sectionId, text: 'Build homes.' });
});
afterAll(() => t.close());

/** A ballot with three key holders, two to count, and four votes: three approve, one rejects. */
async function votedBallot() {
  const opened = await call('drafter', 'POST', `/api/manifestos/${draftId}/ballots`, {
    mode: 'document',
    cutoff: '2026-06-01',
    keyHolders: 3,
    keyThreshold: 2,
  });
  expect(opened.status).toBe(201);
  const id = String(opened.body.id);
  const shares = opened.body.keyShares as string[];
  expect(shares).toHaveLength(3);
  for (const [i, c] of ['approve', 'approve', 'approve', 'reject'].entries())
    expect((await call(`v${i}`, 'POST', `/api/ballots/${id}/votes`, { document: c })).status).toBe(200);
  return { id, shares };
}

const close = (id: string, shares?: string[]) =>
  call('drafter', 'POST', `/api/ballots/${id}/close`, shares ? { shares } : {});
const papers = async (id: string) =>
  t.database.db.select().from(ballotPapers).where(eq(ballotPapers.ballotId, id));

describe('the ballot box against someone holding the database and the server', () => {
  it('stores nothing that opens a paper: no private key, no share, and no count without the key holders', async () => {
    const { id, shares } = await votedBallot();
    const [row] = await t.database.db.select().from(ballots).where(eq(ballots.id, id));
    const stored = JSON.stringify(row);
    for (const share of shares) expect(stored).not.toContain(share.slice(6, 30));
    expect(row?.sealingKey).toBeNull();
    // The closing time passes: the job closes the ballot and cannot count it.
    await t.database.db
      .update(ballots)
      .set({ closesAt: new Date(Date.now() - 1000) })
      .where(eq(ballots.id, id));
    await countDueBallots(jobContext(t));
    expect(await papers(id)).toHaveLength(0);
    const view = await call('v0', 'GET', `/api/ballots/${id}`);
    expect(view.body).toMatchObject({ closed: true, awaitingCount: true, results: null });
    // Closing without shares, with one share of two, or with another ballot's shares: refused, nothing opened.
    expect((await close(id)).body.error?.issues?.[0]?.field).toBe('body.shares');
    expect((await close(id, [shares[0] ?? ''])).status).toBe(400);
    const other = await votedBallot();
    const wrong = await close(id, [other.shares[0] ?? '', other.shares[1] ?? '']);
    expect(wrong.status).toBe(422);
    expect(wrong.body.error?.code).toBe('BAD_KEY_SHARES');
    expect(await papers(id)).toHaveLength(0);
    expect(await t.database.db.select().from(ballotBox).where(eq(ballotBox.ballotId, id))).toHaveLength(4);
    // Two genuine shares, any two: counted, once.
    const counted = await close(id, [shares[2] ?? '', shares[0] ?? '']);
    expect(counted.status).toBe(200);
    expect(counted.body.results).toMatchObject({ voted: 4, document: { approve: 3, reject: 1 } });
    expect((await close(id, [shares[0] ?? '', shares[1] ?? ''])).body.error?.code).toBe('BALLOT_CLOSED');
    // A second count racing the first (another process) finds it counted and does nothing.
    expect(await countBallot(jobContext(t), id, row?.createdBy ?? null, shares)).toBeNull();
    expect(await papers(id)).toHaveLength(4);
  });

  it('the rollback: the box restored from before the count, all papers but one deleted, counted again: refused', async () => {
    const { id, shares } = await votedBallot();
    const db = t.database.db;
    // The attacker copies the ballot and its box before the count.
    const [before] = await db.select().from(ballots).where(eq(ballots.id, id));
    const box = await db.select().from(ballotBox).where(eq(ballotBox.ballotId, id));
    expect(box).toHaveLength(4);
    const counted = await close(id, [shares[0] ?? '', shares[1] ?? '']);
    expect(counted.body.results).toMatchObject({ voted: 4 });
    const countedHead = (counted.body.results as { countedHead: string }).countedHead;
    expect(countedHead).toBe(before?.boxHead);

    // Restored, then every paper but the last deleted, and the ballot "closed" in the past, uncounted.
    await db.delete(ballotPapers).where(eq(ballotPapers.ballotId, id));
    await db.insert(ballotBox).values(box);
    const last = box.find((b) => b.seq === 4);
    await db.delete(ballotBox).where(and(eq(ballotBox.ballotId, id), ne(ballotBox.id, last?.id ?? '')));
    await db
      .update(ballots)
      .set({ countedAt: null, countedHead: null, closedAt: null, closesAt: new Date(Date.now() - 1000) })
      .where(eq(ballots.id, id));
    // The server alone never counts it: the job closes it, reading it shows it waiting.
    await countDueBallots(jobContext(t));
    expect((await call('v0', 'GET', `/api/ballots/${id}`)).body).toMatchObject({ results: null });
    expect(await papers(id)).toHaveLength(0);
    // Even were the key holders fooled into giving their shares again: 1 paper for 4 voters is refused.
    const again = await close(id, [shares[1] ?? '', shares[2] ?? '']);
    expect(again.status).toBe(409);
    expect(again.body.error?.code).toBe('BOX_TAMPERED');
    expect(again.body.error?.message).toMatch(/1 papers, 4 members marked as voted/);
    // Voters deleted to match, and the papers' count set to 1: the chain no longer leads to the head.
    await db.delete(ballotVoters).where(eq(ballotVoters.ballotId, id));
    await db.insert(ballotVoters).values({ ballotId: id, memberId: before?.createdBy ?? '' });
    await db.update(ballots).set({ boxPapers: 1 }).where(eq(ballots.id, id));
    const chained = await close(id, [shares[1] ?? '', shares[2] ?? '']);
    expect(chained.body.error?.code).toBe('BOX_TAMPERED');
    expect(chained.body.error?.message).toMatch(/its chain breaks/);
    expect(await papers(id)).toHaveLength(0);
  });

  it('a paper slipped into the box (anyone can seal to the public key) is found: the chain breaks', async () => {
    const { id, shares } = await votedBallot();
    const [row] = await t.database.db.select().from(ballots).where(eq(ballots.id, id));
    const forged = sealTo(row?.publicKey ?? '', Buffer.alloc(17));
    await t.database.db
      .insert(ballotBox)
      .values({ id: crypto.randomUUID(), ballotId: id, tag: 'forged', sealed: forged, seq: 5, head: 'x' });
    const refused = await close(id, [shares[0] ?? '', shares[2] ?? '']);
    expect(refused.body.error?.code).toBe('BOX_TAMPERED');
    expect(await papers(id)).toHaveLength(0);
  });

  it('a ballot closed by its time, the job not run yet, is closed when read: not counted without its key holders', async () => {
    const opened = await call('drafter', 'POST', `/api/manifestos/${draftId}/ballots`, {
      mode: 'document',
      cutoff: '2026-06-01',
      closesAt: new Date(Date.now() + 3_600_000).toISOString(),
    });
    const id = String(opened.body.id);
    expect((await call('v1', 'POST', `/api/ballots/${id}/votes`, { document: 'reject' })).status).toBe(200);
    await t.database.db
      .update(ballots)
      .set({ closesAt: new Date(Date.now() - 1000) })
      .where(eq(ballots.id, id));
    const view = (await call('v2', 'GET', `/api/ballots/${id}`)).body;
    expect(view.closed).toBe(true);
    expect(view.results).toBeNull();
    const late = await call('v3', 'POST', `/api/ballots/${id}/votes`, { document: 'approve' });
    expect(late.body.error?.code).toBe('BALLOT_CLOSED');
    const counted = await call('drafter', 'POST', `/api/ballots/${id}/close`);
    expect(counted.body.results).toMatchObject({
      document: { approve: 0, reject: 1, abstain: 0, carried: false },
    });
  });
});
