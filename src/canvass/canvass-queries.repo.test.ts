/**
 * The Doorstep's hard queries, at the repository level on a real database (both PGlite and PostgreSQL, as
 * the tiers run it), no HTTP: a segment's filters over the register and the dashboard's counts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database, Db } from '../db/client.ts';
import {
  canvassRecords,
  elections,
  electorTurnout,
  electors,
  walkElectors,
  walks,
} from '../db/schema/index.ts';
import { openTestDatabase } from '../../test/helpers/db.ts';
import { makeMember, makeTree, type Tree } from '../../test/helpers/factories.ts';
import { newId } from '../lib/ids.ts';
import type { SegmentFilter } from '../contract/canvass.ts';
import { countByDistrict } from './segment.repo.ts';
import { dashboardRows } from './dashboard.repo.ts';
import { walksWithin } from './walk.repo.ts';

let database: Database;
let tree: Tree;
/** Electors by a short name, all of ward A unless said otherwise. */
const e: Record<string, string> = {};

const DAY = 86_400_000;
const ago = (days: number) => new Date(Date.now() - days * DAY);

async function elector(
  db: Db,
  name: string,
  opts: {
    district?: string;
    door?: string;
    dob?: string | null;
    postal?: boolean;
    ward?: 'A' | 'B';
    removed?: boolean;
  },
) {
  const id = newId();
  const door = opts.door ?? `${name} house`;
  await db.insert(electors).values({
    id,
    branchId: (opts.ward === 'B' ? tree.wardB : tree.wardA).id,
    district: opts.district ?? 'AA',
    number: Object.keys(e).length + 1,
    surname: name,
    forename: 'Test',
    postcode: 'AB1 2CD',
    address: [door],
    matchKey: `${name}-${id}`,
    street: 'High Street',
    door,
    building: door,
    dob: opts.dob ?? null,
    postal: opts.postal ?? false,
    removedAt: opts.removed ? new Date() : null,
  });
  e[name] = id;
}

async function record(
  db: Db,
  name: string,
  madeDaysAgo: number,
  outcome: 'spoke' | 'not_in',
  intention: string | null,
  canvasserId: string,
  walkId: string | null = null,
) {
  await db.insert(canvassRecords).values({
    id: newId(),
    electorId: e[name] ?? '',
    walkId,
    branchId: tree.wardA.id,
    canvasserId,
    madeAt: ago(madeDaysAgo),
    outcome,
    intention,
  });
}

let walkId = '';
let canvasser = '';

beforeAll(async () => {
  database = await openTestDatabase();
  const db = database.db;
  tree = await makeTree(db);
  canvasser = (await makeMember(db, tree.wardA)).id;
  await elector(db, 'ann', { district: 'AA', door: '1 High St' });
  await elector(db, 'bob', { district: 'AA', door: '1 High St', postal: true });
  await elector(db, 'cat', {
    district: 'AB',
    door: '2 High St',
    dob: new Date(Date.now() - 19 * 365 * DAY).toISOString().slice(0, 10),
  });
  await elector(db, 'dan', { district: 'AB', door: '3 High St' });
  await elector(db, 'eve', { district: 'AB', door: '4 High St', removed: true });
  await elector(db, 'fay', { district: 'BA', ward: 'B' });
  // Turnout: two elections, ann voted in the last, bob only in the earlier one.
  const [older, last] = [newId(), newId()];
  await db.insert(elections).values([
    { id: older, branchId: tree.wardA.id, name: 'Locals 2022', heldOn: '2022-05-05' },
    { id: last, branchId: tree.wardA.id, name: 'Locals 2026', heldOn: '2026-05-07' },
  ]);
  await db.insert(electorTurnout).values([
    { electorId: e.ann ?? '', electionId: last },
    { electorId: e.bob ?? '', electionId: older },
  ]);
  walkId = newId();
  await db
    .insert(walks)
    .values({ id: walkId, branchId: tree.wardA.id, name: 'Walk 1', doors: 3, electors: 4 });
  await db.insert(walkElectors).values(
    ['ann', 'bob', 'cat', 'dan'].map((n, position) => ({
      walkId,
      electorId: e[n] ?? '',
      position,
      door: position < 2 ? 0 : position - 1,
    })),
  );
  // ann said LAB, then US later: her latest intention is US. bob was not in; cat spoke, no intention.
  await record(db, 'ann', 5, 'spoke', 'LAB', canvasser, walkId);
  await record(db, 'ann', 2, 'spoke', 'US', canvasser, walkId);
  await record(db, 'bob', 2, 'not_in', null, canvasser, walkId);
  await record(db, 'cat', 40, 'spoke', null, canvasser, walkId);
});
afterAll(async () => {
  await database.close();
});

const count = async (filter: SegmentFilter, path = tree.wardA.path) => {
  const rows = await countByDistrict(database.db, path, filter);
  return Object.fromEntries(rows.map((r) => [r.district, [r.electors, r.doors]]));
};

describe('segment filters over the register', () => {
  it('everyone on the register of the branch and below, removed electors left out', async () => {
    expect(await count({})).toEqual({ AA: [2, 1], AB: [2, 2] });
    expect(await count({}, tree.party.path)).toEqual({ AA: [2, 1], AB: [2, 2], BA: [1, 1] });
  });

  it('turnout: never voted, voted at the last election, lapsed', async () => {
    expect(await count({ turnout: ['never_voted'] })).toEqual({ AB: [2, 2] });
    expect(await count({ turnout: ['voted_last'] })).toEqual({ AA: [1, 1] });
    expect(await count({ turnout: ['lapsed'] })).toEqual({ AA: [1, 1] });
    expect(await count({ turnout: ['lapsed', 'voted_last'] })).toEqual({ AA: [2, 1] });
  });

  it('new attainers, postal voters and districts', async () => {
    expect(await count({ newAttainers: true })).toEqual({ AB: [1, 1] });
    expect(await count({ postal: true })).toEqual({ AA: [1, 1] });
    expect(await count({ districts: ['AB'], postal: false })).toEqual({ AB: [2, 2] });
  });

  it('the last outcome and the latest intention are the ones made last', async () => {
    expect(await count({ lastOutcome: ['not_in'] })).toEqual({ AA: [1, 1] });
    expect(await count({ lastOutcome: ['not_canvassed'] })).toEqual({ AB: [1, 1] });
    expect(await count({ intention: ['US'] })).toEqual({ AA: [1, 1] });
    expect(await count({ intention: ['LAB'] })).toEqual({});
  });
});

describe("the dashboard's counts", () => {
  it('counts records, doors and contacts within the period, and each elector by their latest intention', async () => {
    const d = await dashboardRows(database.db, tree.wardA.path, 30);
    // cat's record is 40 days old: outside the 30 days.
    expect(d.totals).toEqual({ records: 3, doors: 1, contacted: 1, electors: 2 });
    expect(d.intentions).toEqual([{ district: 'AA', intention: 'US', electors: 1 }]);
    expect(d.districtTotals).toEqual([
      { district: 'AA', electors: 2, canvassed: 2 },
      { district: 'AB', electors: 2, canvassed: 0 },
    ]);
    const walk = d.walkProgress.find((w) => w.id === walkId);
    expect(walk).toMatchObject({ doors: 3, visited: 2, records: 4 });
    // Each canvasser's mix of intentions (for calibration): every record with one, not only the latest.
    expect([...d.mixes].sort((a, b) => a.intention.localeCompare(b.intention))).toEqual([
      { canvasser_id: canvasser, intention: 'LAB', n: 1 },
      { canvasser_id: canvasser, intention: 'US', n: 1 },
    ]);
  });

  it('sees nothing of another branch', async () => {
    const d = await dashboardRows(database.db, tree.wardB.path, 30);
    expect(d.totals).toEqual({ records: 0, doors: 0, contacted: 0, electors: 0 });
    expect(d.knocks).toEqual([]);
  });
});

describe('walks in the order people count them', () => {
  it('lists Walk 2 before Walk 10, in the branch list and on the dashboard', async () => {
    const db = database.db;
    const names = ['Walk 10', 'Walk 2', 'Walk 11', 'Walk 1', 'Walk 3'];
    const createdAt = new Date();
    await db.insert(walks).values(
      names.map((name) => ({
        id: newId(),
        branchId: tree.wardA2.id,
        name,
        doors: 1,
        electors: 1,
        createdAt,
      })),
    );
    const listed = (await walksWithin(db, tree.wardA2.path)).map((w) => w.name);
    expect(listed).toEqual(['Walk 1', 'Walk 2', 'Walk 3', 'Walk 10', 'Walk 11']);
    const dashboard = (await dashboardRows(db, tree.wardA2.path, 30)).walkProgress.map((w) => w.name);
    expect(dashboard).toEqual(['Walk 1', 'Walk 2', 'Walk 3', 'Walk 10', 'Walk 11']);
  });

  it('orders walks as cut ("N. district · streets") by their number first, not by their streets', async () => {
    const db = database.db;
    const names = [
      '10. AB2 · Willow Road',
      '2. AB1 · Linton Terrace',
      '1. AB1 · Bridge Gardens',
      '12. AB2 · Willow Street',
      '3. AB1 · Tannery Lane',
      '11. AB10 · Abbey Row',
    ];
    const createdAt = new Date();
    await db.insert(walks).values(
      names.map((name) => ({
        id: newId(),
        branchId: tree.wardB.id,
        name,
        doors: 1,
        electors: 1,
        createdAt,
      })),
    );
    const listed = (await walksWithin(db, tree.wardB.path)).map((w) => w.name);
    expect(listed).toEqual([
      '1. AB1 · Bridge Gardens',
      '2. AB1 · Linton Terrace',
      '3. AB1 · Tannery Lane',
      '10. AB2 · Willow Road',
      '11. AB10 · Abbey Row',
      '12. AB2 · Willow Street',
    ]);
  });
});
