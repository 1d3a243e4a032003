/**
 * The doorstep's rules, called directly against a real database: records taken once however often they
 * are sent, refused with a reason when the canvasser may not write them, two devices on one elector (the
 * latest intention is the one made last, whatever order they arrive in), an assignment's end, and a
 * renumbered register keeping the records. HTTP's part is in doorstep.routes.test.ts.
 */
import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { count, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canvassRecord } from '../contract/canvass.ts';
import type { Actor } from '../core/permissions.ts';
import { queryRows } from '../db/client.ts';
import { canvassRecords, walkAssignments } from '../db/schema/index.ts';
import { makeTree, type Tree } from '../../test/helpers/factories.ts';
import { makeActor, openServiceWorld, type ServiceWorld } from '../../test/helpers/service.ts';
import { downloadWalk, electorOnWalk, myWalks, syncRecords } from './doorstep.service.ts';
import { importRegister } from './register.service.ts';
import { registerCsv, syntheticRegister } from './synthetic-register.ts';
import { assignWalk, countSegment, cutSegment, revokeAssignment, saveSegment } from './walk.service.ts';

let w: ServiceWorld;
let tree: Tree;
const actors: Record<string, Actor> = {};
const as = (who: string) => actors[who] as Actor;
const register = syntheticRegister({ electors: 400, districts: ['BW1', 'BW2'], seed: 3 });
let mine = '';
let other = '';
let doors: { id: string }[] = [];
const assignments: Record<string, string> = {};

const record = (walkId: string, electorId: string, over: Record<string, unknown> = {}) =>
  canvassRecord.parse({
    id: randomUUID(),
    walkId,
    electorId,
    madeAt: new Date().toISOString(),
    outcome: 'spoke',
    intention: 'US',
    strength: 2,
    flags: ['poster'],
    issues: ['potholes'],
    note: null,
    ...over,
  });
const load = (rows: typeof register) =>
  importRegister(w.ctx, as('organiser'), {
    branchId: tree.wardA.id,
    kind: 'full',
    input: Readable.from([registerCsv(rows)]),
    dryRun: false,
  });

beforeAll(async () => {
  w = await openServiceWorld();
  tree = await makeTree(w.db);
  actors.organiser = (await makeActor(w.db, tree.wardA, { roles: [['organiser', tree.wardA]] })).actor;
  for (const who of ['tom', 'ann']) actors[who] = (await makeActor(w.db, tree.wardA)).actor;
  await load(register);
  const segment = await saveSegment(w.ctx, as('organiser'), tree.wardA.id, {
    name: 'All of BW1',
    filter: { districts: ['BW1'] },
  });
  const walks = (await cutSegment(w.ctx, as('organiser'), segment.id, 40)).walks;
  mine = walks[0]?.id ?? '';
  other = walks[1]?.id ?? '';
  for (const who of ['tom', 'ann'])
    assignments[who] = (
      await assignWalk(w.ctx, as('organiser'), mine, { memberId: as(who).memberId, hours: 4 })
    ).id;
  doors = (await downloadWalk(w.ctx, as('tom'), mine)).electors;
});
afterAll(() => w.close());

describe('doorstep records', () => {
  it('are taken once however often they are sent; what the canvasser may not write is refused, each with its code', async () => {
    const batch = doors.slice(0, 3).map((d) => record(mine, d.id));
    for (let i = 0; i < 3; i++)
      expect((await syncRecords(w.ctx, as('tom'), batch)).accepted).toEqual(batch.map((r) => r.id));
    const [stored] = await w.db.select({ n: count() }).from(canvassRecords);
    expect(stored?.n).toBe(3);
    const [notMine] = await queryRows<{ id: string }>(
      w.db,
      sql`select elector_id as id from walk_electors where walk_id = ${other} limit 1`,
    );
    const refused = await syncRecords(w.ctx, as('tom'), [
      record(mine, notMine?.id ?? ''),
      record(other, notMine?.id ?? ''),
      record(mine, doors[0]?.id ?? '', { intention: 'ZZZ' }),
    ]);
    expect(refused.accepted).toEqual([]);
    expect(refused.refused.map((r) => r.code)).toEqual(['NOT_ON_WALK', 'NOT_ASSIGNED', 'UNKNOWN_CODE']);
  });

  it('from two devices on one elector are both kept; the latest intention is the one made last, not the last to arrive', async () => {
    const target = doors[5]?.id ?? '';
    // Ann's later record arrives first; Tom's earlier one arrives after it.
    await syncRecords(w.ctx, as('ann'), [
      record(mine, target, { madeAt: new Date().toISOString(), intention: 'GRN' }),
    ]);
    await syncRecords(w.ctx, as('tom'), [
      record(mine, target, { madeAt: new Date(Date.now() - 60_000).toISOString(), intention: 'LAB' }),
    ]);
    const both = await w.db.select().from(canvassRecords).where(eq(canvassRecords.electorId, target));
    expect(both.map((r) => r.intention).sort()).toEqual(['GRN', 'LAB']);
    const withIntention = async (intention: string) =>
      (await countSegment(w.ctx, as('organiser'), tree.wardA.id, { intention: [intention] })).electors;
    expect(await withIntention('GRN')).toBe(1);
    expect(await withIntention('LAB')).toBe(0);
  });

  it('after an assignment ends: no walk, no elector; records made while it ran are taken for a day, later ones refused', async () => {
    const madeWhileLive = record(mine, doors[7]?.id ?? '', {
      madeAt: new Date(Date.now() - 3_600_000).toISOString(),
    });
    await w.db
      .update(walkAssignments)
      .set({ createdAt: new Date(Date.now() - 7_200_000), expiresAt: new Date(Date.now() - 1_800_000) })
      .where(eq(walkAssignments.id, assignments.tom ?? ''));
    await expect(downloadWalk(w.ctx, as('tom'), mine)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(electorOnWalk(w.ctx, as('tom'), mine, doors[0]?.id ?? '')).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    expect((await myWalks(w.ctx, as('tom'))).walks).toEqual([]);
    const madeAfter = record(mine, doors[8]?.id ?? '');
    const res = await syncRecords(w.ctx, as('tom'), [madeWhileLive, madeAfter]);
    expect(res.accepted).toEqual([madeWhileLive.id]);
    expect(res.refused.map((r) => [r.id, r.code])).toEqual([[madeAfter.id, 'ASSIGNMENT_ENDED']]);
    // Ann's assignment is her own and still live; revoking it locks her out at once.
    await expect(downloadWalk(w.ctx, as('ann'), mine)).resolves.toBeDefined();
    await revokeAssignment(w.ctx, as('organiser'), assignments.ann ?? '');
    await expect(downloadWalk(w.ctx, as('ann'), mine)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('stay on their electors through a renumbered register', async () => {
    const tally = () =>
      queryRows<{ elector_id: string; n: number }>(
        w.db,
        sql`select r.elector_id, count(*)::int as n from canvass_records r join electors e on e.id = r.elector_id
            where e.removed_at is null group by r.elector_id order by r.elector_id`,
      );
    const before = await tally();
    expect(await load(register.map((e) => ({ ...e, number: e.number + 5000 })))).toMatchObject({
      matched: 400,
      added: 0,
      removed: 0,
    });
    expect(await tally()).toEqual(before);
  });
});
