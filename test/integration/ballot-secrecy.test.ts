/**
 * The ballot read as an attacker holding the database would read it: transaction ids (`xmin`), the order
 * of rows on disk, dead tuples in the pages (`pageinspect`, PostgreSQL only), and the sealed box itself.
 * Sixteen voters each cast a different paper (four clauses, every pattern once), so any surviving link
 * would show; the test looks while the ballot is open, after a close by hand and after a close by time.
 */
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db/client.ts';
import { ballotBox, ballots } from '../../src/db/schema/index.ts';
import { countDueBallots } from '../../src/ballots/ratification-count.service.ts';
import { canonicalReceipt, receiptHash } from '../../src/ballots/seal.ts';
import { callAs, startTestApp, type TestApp } from '../helpers/app.ts';
import { onPostgres } from '../helpers/db.ts';
import { makeMember, makeTree, type Tree } from '../helpers/factories.ts';
import { createProcessState } from '../../src/server/app.ts';

let t: TestApp;
let tree: Tree;
const cookies: Record<string, string> = {};
const call = callAs(() => t, cookies);
const VOTERS = 16;
let draftId = '';
let clauseIds: string[] = [];

beforeAll(async () => {
  t = await startTestApp();
  tree = await makeTree(t.database.db);
  const db = t.database.db;
  const drafter = await makeMember(db, tree.wardA, { roles: [['drafter', tree.constituencyA]] });
  cookies.drafter = await t.signIn(drafter.email);
  for (let i = 0; i < VOTERS; i++)
    cookies[`v${i}`] = await t.signIn((await makeMember(db, tree.wardA)).email);
  const draft = await call('drafter', 'POST', '/api/manifestos', {
    branchId: tree.constituencyA.id,
    title: 'Secret ballot',
    sections: ['Housing'],
  });
  draftId = String(draft.body.id);
  const sectionId = (draft.body.sections as { id: string }[])[0]?.id;
  for (const text of ['One.', 'Two.', 'Three.', 'Four.']) {
    const r = await call('drafter', 'POST', `/api/manifestos/${draftId}/clauses`, { sectionId, text });
    clauseIds = ((r.body.sections as { clauses: { id: string }[] }[])[0]?.clauses ?? []).map((c) => c.id);
  }
  if (onPostgres()) await t.database.db.execute(sql`create extension if not exists pageinspect`);
});
afterAll(() => t.close());

/** Voter i's paper: the bits of i, one clause each. Every voter's paper differs from every other's. */
const paperOf = (i: number) =>
  Object.fromEntries(clauseIds.map((c, k) => [c, (i >> k) & 1 ? 'approve' : 'reject'])) as Record<
    string,
    string
  >;
const patternOf = (choices: Record<string, string>) =>
  clauseIds.reduce((n, c, k) => n + (choices[c] === 'approve' ? 1 << k : 0), 0);

/** Opens a ballot and has every voter vote, in order; returns its id and each voter's receipt. */
async function ballotWithVotes(closesAt?: string) {
  const opened = await call('drafter', 'POST', `/api/manifestos/${draftId}/ballots`, {
    mode: 'clauses',
    cutoff: '2026-06-01',
    ...(closesAt ? { closesAt } : {}),
  });
  expect(opened.status).toBe(201);
  const id = String(opened.body.id);
  const receipts: string[] = [];
  for (let i = 0; i < VOTERS; i++) {
    const r = await call(`v${i}`, 'POST', `/api/ballots/${id}/votes`, { clauses: paperOf(i) });
    expect(r.status).toBe(200);
    receipts.push(String(r.body.receipt));
  }
  return { id, receipts };
}

const xmins = async (table: string, id: string) =>
  (
    await queryRows<{ x: string }>(
      t.database.db,
      sql`select xmin::text as x from ${sql.identifier(table)} where ballot_id = ${id} order by ctid`,
    )
  ).map((r) => r.x);

/** Every tuple in a table's pages, dead or alive, with the transaction that wrote it (PostgreSQL). */
async function tuplesOnDisk(table: string): Promise<{ xmin: string | null; data: string | null }[]> {
  return queryRows(
    t.database.db,
    sql`select t_xmin::text as xmin, t_data::text as data
        from generate_series(0, greatest(pg_relation_size(${table}::regclass) / current_setting('block_size')::int - 1, -1)) as p,
             lateral heap_page_items(get_raw_page(${table}, p::int))`,
  );
}

/** Assertions that hold at every moment: the voters' transactions wrote no readable paper anywhere. */
async function noLinkFromVoters(id: string) {
  const voterTx = new Set(await xmins('ballot_voters', id));
  expect(voterTx.size).toBe(VOTERS);
  for (const table of ['ballot_papers', 'ballot_receipts'])
    expect((await xmins(table, id)).filter((x) => voterTx.has(x))).toEqual([]);
  const audit = await queryRows<{ x: string; detail: unknown }>(
    t.database.db,
    sql`select xmin::text as x, detail from audit_log where subject_id = ${id}`,
  );
  expect(JSON.stringify(audit)).not.toMatch(/approve|reject/);
  if (onPostgres()) {
    // Dead tuples too: nothing a voter's transaction wrote into the papers or receipts, ever.
    for (const table of ['ballot_papers', 'ballot_receipts'])
      expect((await tuplesOnDisk(table)).filter((r) => r.xmin !== null && voterTx.has(r.xmin))).toEqual([]);
  }
  return voterTx;
}

/** After a count: the papers are right, written by one transaction, in an order unrelated to the votes'. */
async function countedWithoutLinks(id: string, receipts: string[], voterTx: Set<string>) {
  const papers = await queryRows<{ x: string; choices: Record<string, string> }>(
    t.database.db,
    sql`select xmin::text as x, choices from ballot_papers where ballot_id = ${id} order by ctid`,
  );
  expect(papers.map((p) => patternOf(p.choices)).sort((a, b) => a - b)).toEqual(
    Array.from({ length: VOTERS }, (_, i) => i),
  );
  expect(new Set(papers.map((p) => p.x)).size).toBe(1);
  expect(voterTx.has(papers[0]?.x ?? '')).toBe(false);
  // Order on disk: voter i cast pattern i, so papers in voting order (or its reverse) would read 0..15.
  const order = papers.map((p) => patternOf(p.choices));
  const votingOrder = Array.from({ length: VOTERS }, (_, i) => i);
  expect(order).not.toEqual(votingOrder);
  expect(order).not.toEqual([...votingOrder].reverse());
  // Receipts: counted, in their own order, apart from the papers.
  const stored = await queryRows<{ h: string }>(
    t.database.db,
    sql`select receipt_hash as h from ballot_receipts where ballot_id = ${id} order by ctid`,
  );
  // Each voter's receipt, as they would give it back, in the canonical form the count hashes.
  const byVoter = receipts.map((r) => receiptHash(canonicalReceipt(r) ?? 'not a receipt'));
  expect([...stored.map((r) => r.h)].sort()).toEqual([...byVoter].sort());
  expect(stored.map((r) => r.h)).not.toEqual(byVoter);
  // The box is empty and its key destroyed.
  expect(await t.database.db.select().from(ballotBox).where(eq(ballotBox.ballotId, id))).toEqual([]);
  const [b] = await t.database.db.select().from(ballots).where(eq(ballots.id, id));
  expect(b?.sealingKey).toBeNull();
  if (onPostgres()) {
    // No sealed paper left readable as a dead tuple: the box was vacuumed after the count.
    expect((await tuplesOnDisk('ballot_box')).filter((r) => r.xmin !== null && voterTx.has(r.xmin))).toEqual(
      [],
    );
    expect(
      (await tuplesOnDisk('ballot_papers')).filter((r) => r.xmin !== null && r.data !== null).length,
    ).toBe((await queryRows(t.database.db, sql`select 1 from ballot_papers`)).length);
  }
}

describe('a ballot read by someone holding the database', () => {
  it('while open: no paper is readable, the sealed ones all look alike, and a receipt proves nothing of the choices', async () => {
    const { id, receipts } = await ballotWithVotes();
    await noLinkFromVoters(id);
    expect(await xmins('ballot_papers', id)).toEqual([]);
    const box = await t.database.db.select().from(ballotBox).where(eq(ballotBox.ballotId, id));
    expect(box).toHaveLength(VOTERS);
    // Sixteen different papers sealed to sixteen strings of one length, none repeated, none readable.
    expect(new Set(box.map((r) => r.sealed.length)).size).toBe(1);
    expect(new Set(box.map((r) => r.sealed)).size).toBe(VOTERS);
    expect(box.some((r) => /approve|reject/.test(Buffer.from(r.sealed, 'base64').toString('latin1')))).toBe(
      false,
    );
    // The box's tags are not the receipts' hashes, so a receipt holder with the database finds nothing.
    const hashes = new Set(receipts.map(receiptHash));
    expect(box.some((r) => hashes.has(r.tag) || receipts.includes(r.tag))).toBe(false);
    const check = await call('v0', 'POST', `/api/ballots/${id}/verify`, { receipt: receipts[3] });
    expect(check.body).toMatchObject({ status: 'sealed', box: { paper: 4 } });
  });

  it('after a close by hand: the papers share no transaction or order with the votes, and no dead tuple remains', async () => {
    const { id, receipts } = await ballotWithVotes();
    const voterTx = await noLinkFromVoters(id);
    const closed = await call('drafter', 'POST', `/api/ballots/${id}/close`);
    expect(closed.status).toBe(200);
    await noLinkFromVoters(id);
    await countedWithoutLinks(id, receipts, voterTx);
  });

  it('after a close by time (the server job) and a count by the key holders: the same', async () => {
    const { id, receipts } = await ballotWithVotes(new Date(Date.now() + 3_600_000).toISOString());
    const voterTx = await noLinkFromVoters(id);
    await t.database.db
      .update(ballots)
      .set({ closesAt: new Date(Date.now() - 1000) })
      .where(eq(ballots.id, id));
    expect(
      await countDueBallots({
        db: t.database.db,
        config: t.config,
        mailer: { send: () => Promise.resolve() },
        personalData: [],
        retention: [],
        state: createProcessState(),
      }),
    ).toBe(1);
    const counted = await call('drafter', 'POST', `/api/ballots/${id}/close`);
    expect(counted.status).toBe(200);
    await noLinkFromVoters(id);
    await countedWithoutLinks(id, receipts, voterTx);
  });
});
