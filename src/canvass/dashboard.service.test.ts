/**
 * The organisers' view of canvassing, called directly against a real database: the dashboard's figures
 * against an independent count, canvassers' data-quality flags and calibration, and doorstep issues counted
 * and sent to Common Ground (through its own screen, to the ward's conversations and those above it only).
 * HTTP's part (the CSV export, who may call) is in operations.routes.test.ts.
 */
import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canvassRecord } from '../contract/canvass.ts';
import type { Actor } from '../core/permissions.ts';
import { queryRows } from '../db/client.ts';
import { conversations, electors, statements, walkAssignments } from '../db/schema/index.ts';
import { newId } from '../lib/ids.ts';
import { makeTree, type Tree } from '../../test/helpers/factories.ts';
import { makeActor, openServiceWorld, type ServiceWorld } from '../../test/helpers/service.ts';
import { dashboard } from './dashboard.service.ts';
import { downloadWalk, syncRecords } from './doorstep.service.ts';
import { issueTargets, sendIssues, topIssues } from './electors.service.ts';
import { importRegister } from './register.service.ts';
import { registerCsv, syntheticRegister } from './synthetic-register.ts';
import { assignWalk, cutSegment, saveSegment } from './walk.service.ts';

let w: ServiceWorld;
let tree: Tree;
const actors: Record<string, Actor> = {};
const as = (who: string) => actors[who] as Actor;
let walkId = '';
let walkElectors: { id: string; door: number }[] = [];

beforeAll(async () => {
  w = await openServiceWorld();
  tree = await makeTree(w.db);
  actors.organiser = (await makeActor(w.db, tree.wardA, { roles: [['organiser', tree.wardA]] })).actor;
  actors.outsider = (await makeActor(w.db, tree.wardB, { roles: [['organiser', tree.wardB]] })).actor;
  actors.member = (await makeActor(w.db, tree.wardA)).actor;
  for (const [who, name] of [
    ['fast', 'Fast Fiona'],
    ['steady', 'Steady Sam'],
    ['rosy', 'Rosy Ruth'],
  ])
    actors[who as string] = (await makeActor(w.db, tree.wardA, { name })).actor;
  const register = syntheticRegister({ electors: 200, districts: ['BW1', 'BW2'], seed: 21 });
  await importRegister(w.ctx, as('organiser'), {
    branchId: tree.wardA.id,
    kind: 'full',
    input: Readable.from([registerCsv(register)]),
    dryRun: false,
  });
  const segment = await saveSegment(w.ctx, as('organiser'), tree.wardA.id, { name: 'Everyone', filter: {} });
  walkId = (await cutSegment(w.ctx, as('organiser'), segment.id, 200)).walks[0]?.id ?? '';
  for (const who of ['fast', 'steady', 'rosy'])
    await assignWalk(w.ctx, as('organiser'), walkId, { memberId: as(who).memberId, hours: 4 });
  // The walk was assigned an hour ago, so records made over the last hour fall within it.
  await w.db
    .update(walkAssignments)
    .set({ createdAt: new Date(Date.now() - 3_600_000) })
    .where(eq(walkAssignments.walkId, walkId));
  walkElectors = (await downloadWalk(w.ctx, as('fast'), walkId)).electors;
});
afterAll(() => w.close());

/** One record per door for `doors` doors starting at `from`, `gapSeconds` apart, ending now. */
function doorRecords(
  from: number,
  doors: number,
  gapSeconds: number,
  outcome: (i: number) => string,
  intention: (i: number) => string = (i) => (i % 3 === 0 ? 'LAB' : 'US'),
) {
  const firstAtDoor = new Map<number, string>();
  for (const e of walkElectors) if (!firstAtDoor.has(e.door)) firstAtDoor.set(e.door, e.id);
  return [...firstAtDoor.values()].slice(from, from + doors).map((electorId, i) =>
    canvassRecord.parse({
      id: randomUUID(),
      walkId,
      electorId,
      madeAt: new Date(Date.now() - (doors - i) * gapSeconds * 1000).toISOString(),
      outcome: outcome(i),
      intention: outcome(i) === 'spoke' ? intention(i) : null,
      strength: outcome(i) === 'spoke' ? 2 : null,
      flags: [],
      issues: i % 2 === 0 ? ['housing'] : i % 3 === 0 ? ['buses', 'housing'] : [],
      note: null,
    }),
  );
}

describe('the organisers’ dashboard', () => {
  it('doors, contact rate, intention by district (each elector’s latest), walk progress, and flags for suspicious canvassing', async () => {
    // Fiona: 12 doors, 5 seconds apart, everyone "spoke". Sam: 12 doors, 3 minutes apart, a third spoke.
    const fast = doorRecords(0, 12, 5, () => 'spoke');
    const steady = doorRecords(12, 12, 180, (i) => (i % 3 === 0 ? 'spoke' : 'not_in'));
    expect((await syncRecords(w.ctx, as('fast'), fast)).accepted).toHaveLength(12);
    expect((await syncRecords(w.ctx, as('steady'), steady)).accepted).toHaveLength(12);
    const d = await dashboard(w.ctx, as('organiser'), tree.wardA.id, 30);
    expect(d).toMatchObject({ records: 24, doorsKnocked: 24, doorsContacted: 16 });
    expect(d.contactRate).toBeCloseTo(16 / 24);
    expect(d.canvassers.find((c) => c.name === 'Fast Fiona')).toMatchObject({
      doors: 12,
      contactRate: 1,
      flags: ['contact_rate_near_100', 'doors_seconds_apart'],
    });
    expect(d.canvassers.find((c) => c.name === 'Steady Sam')).toMatchObject({ doors: 12, flags: [] });
    expect(d.walks.find((x) => x.id === walkId)).toMatchObject({ visited: 24, records: 24 });
    const latest = new Map<string, string>();
    for (const r of [...fast, ...steady].filter((r) => r.intention))
      latest.set(r.electorId, r.intention ?? '');
    const districtOf = new Map(
      (await w.db.select({ id: electors.id, district: electors.district }).from(electors)).map((e) => [
        e.id,
        e.district,
      ]),
    );
    const want: Record<string, Record<string, number>> = {};
    for (const [id, intention] of latest) {
      const dist = districtOf.get(id) ?? '';
      want[dist] = { ...want[dist], [intention]: (want[dist]?.[intention] ?? 0) + 1 };
    }
    const got = Object.fromEntries(
      d.districts.filter((x) => Object.keys(x.intentions).length > 0).map((x) => [x.district, x.intentions]),
    );
    expect(got).toEqual(want);
    for (const who of ['member', 'outsider'])
      await expect(dashboard(w.ctx, as(who), tree.wardA.id, 30)).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('flags a canvasser whose intentions are unlike everyone else’s on the same walk, not one with too few', async () => {
    // Ruth: 30 doors, 2 minutes apart, a third not in, everyone she speaks to says Green.
    const rosy = doorRecords(
      24,
      30,
      120,
      (i) => (i % 3 === 2 ? 'not_in' : 'spoke'),
      () => 'GRN',
    );
    expect((await syncRecords(w.ctx, as('rosy'), rosy)).accepted).toHaveLength(30);
    const d = await dashboard(w.ctx, as('organiser'), tree.wardA.id, 30);
    expect(d.canvassers.find((c) => c.name === 'Rosy Ruth')).toMatchObject({
      intentions: 20,
      calibration: 1,
      flags: ['intentions_unlike_others'],
    });
    // Fiona: 8 US and 4 LAB against the others' 4 LAB and 20 GRN; too few intentions to flag.
    const fiona = d.canvassers.find((c) => c.name === 'Fast Fiona');
    expect(fiona?.intentions).toBe(12);
    expect(fiona?.calibration).toBeCloseTo(0.83, 2);
    expect(fiona?.flags).not.toContain('intentions_unlike_others');
  });
});

describe('doorstep issues', () => {
  const conversationAt = async (branchId: string, title: string, access: 'branch' | 'link' = 'branch') => {
    const id = newId();
    await w.db.insert(conversations).values({
      id,
      branchId,
      title,
      question: 'What matters?',
      opensAt: new Date(Date.now() - 1000),
      access,
      moderation: 'post',
      linkToken: newId().replace(/-/g, ''),
    });
    return id;
  };
  const texts = ['We need more council housing in this ward.', 'Bring back the evening buses.'];

  it('counts issues by tag, as an independent count does', async () => {
    const [n] = await queryRows<{ housing: number; buses: number }>(
      w.db,
      sql`select count(*) filter (where 'housing' = any(issues))::int as housing,
            count(*) filter (where 'buses' = any(issues))::int as buses from canvass_records`,
    );
    expect((await topIssues(w.ctx, as('organiser'), tree.wardA.id, 90)).issues).toEqual([
      { issue: 'housing', raised: n?.housing },
      { issue: 'buses', raised: n?.buses },
    ]);
  });

  it('sends them as anonymous seed statements once, through Common Ground’s screen, to the ward’s conversations and those above it', async () => {
    const ward = await conversationAt(tree.wardA.id, 'Ward A');
    const send = (
      conversationId: string,
      statementTexts: string[],
      who = 'organiser',
      branchId = tree.wardA.id,
    ) => sendIssues(w.ctx, as(who), branchId, { conversationId, statements: statementTexts });
    expect(await send(ward, texts)).toMatchObject({ added: 2, skipped: 0 });
    expect(await send(ward, texts)).toMatchObject({ added: 0, skipped: 2 });
    const seeded = await w.db.select().from(statements).where(eq(statements.conversationId, ward));
    expect(seeded.map((s) => [s.text, s.seed, s.authorId, s.status]).sort()).toEqual(
      texts.map((text) => [text, true, null, 'accepted']).sort(),
    );
    // The abuse screen holds a flagged one for a moderator.
    const abusive = 'These fucking potholes need fixing.';
    expect(await send(ward, [abusive])).toMatchObject({ added: 1, pending: 1, skipped: 0 });
    const [held] = await w.db.select().from(statements).where(eq(statements.text, abusive));
    expect([held?.status, held?.flagged, held?.seed, held?.authorId]).toEqual(['pending', true, true, null]);
    await expect(send(ward, texts, 'outsider', tree.wardB.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    // Up the tree, never sideways, never to a conversation open to anyone with its link.
    const above = await conversationAt(tree.constituencyA.id, 'Constituency A');
    const sibling = await conversationAt(tree.wardA2.id, 'Ward A2');
    const byLink = await conversationAt(tree.constituencyA.id, 'By link', 'link');
    const offered = (await issueTargets(w.ctx, as('organiser'), tree.wardA.id)).conversations.map(
      (c) => c.id,
    );
    expect(offered).toEqual(expect.arrayContaining([ward, above]));
    expect(offered).not.toContain(sibling);
    expect(offered).not.toContain(byLink);
    expect(await send(above, texts)).toMatchObject({ added: 2, skipped: 0 });
    for (const refused of [sibling, byLink])
      await expect(send(refused, texts)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
