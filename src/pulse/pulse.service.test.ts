/**
 * Pulse's rules, called directly against a real database: the reading a branch's members see (the real
 * Australian series of 2004–07 pooled, each house's lean, the branch's doorsteps as one more pollster, seats
 * under both swings), whose doorsteps count where, results merged by date and party, parties matched whatever
 * their case, and two imports at once. HTTP's part (files refused with their lines, who may import) is in
 * pulse.routes.test.ts.
 */
import fs from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertElectors, syntheticElectorValues, syntheticRegister } from '../canvass/index.ts';
import { pulseSettingsBody } from '../contract/pulse.ts';
import type { Actor } from '../core/permissions.ts';
import { canvassRecords } from '../db/schema/index.ts';
import { makeTree, type Tree } from '../../test/helpers/factories.ts';
import { makeActor, openServiceWorld, type ServiceWorld } from '../../test/helpers/service.ts';
import { importFile, pulseView, saveSettings } from './pulse.service.ts';

const POLLS = fs.readFileSync(
  path.resolve(import.meta.dirname, '../../../shared/data/polls/australia-2004-2007.csv'),
  'utf8',
);
const ELECTIONS = 'date,ALP,Lib\n2004-10-09,37.64,40.47\n2007-11-24,43.38,36.28\n';
// Three seats: ALP then 150/300 = 50% nationally.
const RESULTS = 'constituency,party,votes\nA,ALP,60\nA,Lib,40\nB,ALP,45\nB,Lib,55\nC,ALP,45\nC,Lib,55\n';

function must<T>(value: T | null | undefined): T {
  if (value === null || value === undefined) throw new Error('expected a value');
  return value;
}

let w: ServiceWorld;
let tree: Tree;
const actors: Record<string, Actor> = {};
const as = (who: string) => actors[who] as Actor;
const reading = async (who = 'member', branchId = tree.wardA.id) =>
  must((await pulseView(w.ctx, as(who), branchId)).reading);

/** Doorstep records on given days in a ward: [date, intentions] ('-' for not in). */
async function doorstep(wardId: string, days: [string, string[]][]) {
  const count = days.reduce((s, [, i]) => s + i.length, 0);
  const people = syntheticElectorValues(
    syntheticRegister({ electors: count, districts: ['ZZ1'], seed: count }),
    wardId,
  );
  await insertElectors(w.db, people);
  const rows: (typeof canvassRecords.$inferInsert)[] = [];
  let next = 0;
  for (const [date, intentions] of days)
    for (const intention of intentions)
      rows.push({
        id: randomUUID(),
        electorId: must(people[next++]).id,
        branchId: wardId,
        madeAt: new Date(`${date}T12:00:00Z`),
        outcome: intention === '-' ? 'not_in' : 'spoke',
        intention: intention === '-' ? null : intention,
        strength: null,
      });
  await w.db.insert(canvassRecords).values(rows);
}

beforeAll(async () => {
  w = await openServiceWorld();
  tree = await makeTree(w.db);
  actors.national = (await makeActor(w.db, tree.wardA, { roles: [['organiser', tree.party]] })).actor;
  actors.member = (await makeActor(w.db, tree.wardA)).actor;
  actors.outsider = (await makeActor(w.db, tree.wardB)).actor;
  await importFile(w.ctx, as('national'), 'polls', POLLS);
  await saveSettings(w.ctx, as('national'), pulseSettingsBody.parse({ party: 'ALP' }));
  await importFile(w.ctx, as('national'), 'elections', ELECTIONS);
  await importFile(w.ctx, as('national'), 'results', RESULTS);
  // Ward A's doorsteps in 2007: 9 giving a party (7 ours) on 1 June, 3 on 2 June (too few to show), and
  // undecided, won't vote and not-in answers that are no party's. Ward B's are not Ward A's.
  await doorstep(tree.wardA.id, [
    ['2007-06-01', ['US', 'US', 'US', 'US', 'US', 'US', 'US', 'LAB', 'CON', 'UND', 'NV', '-']],
    ['2007-06-02', ['US', 'US', 'LAB']],
  ]);
  await doorstep(tree.wardB.id, [['2007-06-01', ['LAB', 'LAB', 'LAB', 'LAB', 'LAB', 'LAB']]]);
}, 60_000);
afterAll(() => w.close());

describe('the reading', () => {
  it('pools the polls through both elections, with each house’s lean and the polls and elections shown', async () => {
    const r = await reading();
    expect(r.asOf).toBe('2007-11-24');
    const morgan = must(r.houses.find((h) => h.house === 'Morgan, F2F'));
    expect(morgan.points).toBeGreaterThan(2);
    expect(morgan.polls).toBe(94);
    const at = new Map(r.series.map((p) => [p.date, p.share]));
    expect(Math.abs(must(at.get('2004-10-09')) - 37.64)).toBeLessThanOrEqual(0.01);
    expect(Math.abs(must(at.get('2007-11-24')) - 43.38)).toBeLessThanOrEqual(0.01);
    expect(r.polls).toHaveLength(239);
    expect(r.elections).toEqual([
      { date: '2004-10-09', share: 37.64 },
      { date: '2007-11-24', share: 43.38 },
    ]);
  });

  it('puts the branch’s doorsteps beside the polls as one more pollster: party answers only, small days hidden', async () => {
    const r = await reading();
    expect(r.doorstep).toMatchObject({
      contacts: 12,
      hiddenDays: 1,
      days: [{ date: '2007-06-01', share: 77.78, n: 9 }],
    });
    expect(must(r.doorstep).lean).toBeGreaterThan(10);
    // Ward B's own; the region above both wards sees both.
    expect((await reading('outsider', tree.wardB.id)).doorstep).toMatchObject({
      contacts: 6,
      days: [{ date: '2007-06-01', share: 0, n: 6 }],
    });
    expect(must((await reading('member', tree.regionA.id)).doorstep).contacts).toBe(12);
    for (const [who, branch] of [
      ['outsider', tree.wardA.id],
      ['member', randomUUID()],
    ] as const)
      await expect(pulseView(w.ctx, as(who), branch)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('projects seats under uniform and proportional swing', async () => {
    // A swing of about −6.6 to Lib (50 → ~56.5). Uniform: A 60 → ~53.4 (ALP holds); B and C 45 → ~38.4 (Lib).
    // Proportional: A 60 × 0.868 = 52.1 against Lib 40 × 1.13 = 45.2 (ALP); B, C Lib.
    const seats = must((await reading()).seats);
    expect(seats.constituencies).toBe(3);
    const alp = must(seats.rows.find((x) => x.party === 'ALP'));
    expect(alp.previous).toBe(50);
    expect(alp.now).toBeCloseTo(43.38, 1);
    expect(alp.uniform.seats).toBe(1);
    expect(alp.proportional.seats).toBe(1);
    expect(must(seats.rows.find((x) => x.party === 'Lib')).uniform.seats).toBe(2);
  });
});

describe('imports', () => {
  it('a result entered for one party keeps the other parties’ results of that election', async () => {
    expect(
      await importFile(w.ctx, as('national'), 'elections', 'date,Green\n2004-10-09,7.19\n'),
    ).toMatchObject({
      rows: 1,
      added: 0,
      replaced: 1,
      parties: ['Green'],
    });
    expect((await reading()).elections).toEqual([
      { date: '2004-10-09', share: 37.64 },
      { date: '2007-11-24', share: 43.38 },
    ]);
  });

  it('two imports at once leave one file’s series whole, never both mixed', async () => {
    const short = POLLS.split('\n').slice(0, 101).join('\n');
    for (let round = 0; round < 3; round++) {
      await Promise.all([
        importFile(w.ctx, as('national'), 'polls', POLLS),
        importFile(w.ctx, as('national'), 'polls', short),
      ]);
      expect([239, 100]).toContain((await pulseView(w.ctx, as('member'), tree.wardA.id)).counts.polls);
    }
    await importFile(w.ctx, as('national'), 'polls', POLLS);
  });

  it('matches the results’ parties to the polls’ columns whatever the case, even one the first poll leaves blank', async () => {
    const lines = POLLS.split('\n');
    lines[1] = (lines[1] ?? '').replace(/^1,39\.5,44\.5,/, '1,39.5,,');
    await importFile(w.ctx, as('national'), 'polls', lines.join('\n'));
    await importFile(
      w.ctx,
      as('national'),
      'results',
      RESULTS.replace(/,ALP,/g, ',alp,').replace(/,Lib,/g, ',LIB,'),
    );
    const seats = must((await reading()).seats);
    expect(seats.rows.map((r) => [r.party, r.now !== null]).sort()).toEqual([
      ['LIB', true],
      ['alp', true],
    ]);
  });
});
