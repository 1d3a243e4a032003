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
import { pulseSettingsBody, type PulseView } from '../contract/pulse.ts';
import type { Actor } from '../core/permissions.ts';
import { rng } from '../math/random.ts';
import { insertDoorstep, times } from '../../test/helpers/doorstep.ts';
import { makeTree, type Tree } from '../../test/helpers/factories.ts';
import { makeActor, openServiceWorld, type ServiceWorld } from '../../test/helpers/service.ts';
import { lastPublishableWeek, PUBLISH_AFTER_DAYS } from './doorstep-weeks.ts';
import { unpublishedWeekCounts } from './pulse.repo.ts';
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
  // The noise the doorstep weeks are published with, seeded so that a failure can be replayed.
  const noise = rng(20070528);
  w.ctx.state.pulse.uniform = () => 1 - noise();
  // Ward A's doorsteps in 2007. The week of Monday 28 May: 160 giving a party (120 ours), and undecided,
  // won't-vote and not-in answers that are no party's; 5 more made that week reached the server only on
  // Thursday 7 June, after the week was published. The week of 4 June: 3, too few to show. Ward B's week
  // of 28 May: 100 for another party.
  await insertDoorstep(w.db, tree.wardA.id, [
    ['2007-05-29', [...times(120, 'US'), ...times(20, 'LAB'), ...times(20, 'CON')]],
    ['2007-05-31', [...times(10, 'UND'), ...times(5, 'NV'), ...times(10, '-')]],
    ['2007-06-01', times(5, 'LAB'), new Date('2007-06-07T09:00:00Z')],
    ['2007-06-05', ['US', 'US', 'LAB']],
  ]);
  await insertDoorstep(w.db, tree.wardB.id, [['2007-05-30', times(100, 'LAB')]]);
}, 60_000);
afterAll(() => w.close());

describe('the reading', () => {
  // First: once a reading has been asked for today, every 2007 week is published.
  it('publishes a week from the Wednesday after it, counting the records that had reached the server by then', async () => {
    const counts = (now: string) =>
      unpublishedWeekCounts(
        w.db,
        tree.wardA.path,
        lastPublishableWeek(new Date(now)),
        PUBLISH_AFTER_DAYS,
        'US',
        ['UND', 'NV'],
      );
    // Tuesday 5 June, late evening in London: the week of 28 May is not out yet, and Pulse shows no doorsteps.
    expect(await counts('2007-06-05T22:30:00Z')).toEqual([]);
    expect(
      (await pulseView(w.ctx, as('member'), tree.wardA.id, new Date('2007-06-05T22:30:00Z'))).reading
        ?.doorstep,
    ).toBeNull();
    // Wednesday 6 June: its true counts are those that had reached the server; the 5 that came on 7 June never count.
    expect(await counts('2007-06-06T08:00:00Z')).toEqual([
      { branchId: tree.wardA.id, week: '2007-05-28', ours: 120, others: 40 },
    ]);
  });

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

  it('puts the branch’s doorsteps beside the polls as one more pollster: weeks of party answers, with noise; small weeks hidden', async () => {
    const a = must((await reading()).doorstep);
    expect(a.hiddenWeeks).toBe(1);
    expect(a.weeks).toHaveLength(1);
    const [week] = a.weeks;
    expect(week?.week).toBe('2007-05-28');
    // 75 % of 160 before noise; noise of about 5½ contacts a count leaves it within a few points.
    expect(week?.share).toBeGreaterThanOrEqual(66);
    expect(week?.share).toBeLessThanOrEqual(84);
    expect(Number.isInteger(week?.share)).toBe(true);
    expect(a.contacts % 5).toBe(0);
    expect(Math.abs(a.contacts - 160)).toBeLessThanOrEqual(25);
    expect(a.contacts).toBe(week?.contacts);
    expect(a.lean).toBeGreaterThan(10);
    // Ward B's own; the party above both wards sees both, summed from the same published weeks.
    const b = must((await reading('outsider', tree.wardB.id)).doorstep);
    expect(b.weeks[0]?.share).toBeLessThanOrEqual(12);
    expect(Math.abs(b.contacts - 100)).toBeLessThanOrEqual(25);
    const both = must((await reading('national', tree.party.id)).doorstep);
    expect(Math.abs(both.contacts - (a.contacts + b.contacts))).toBeLessThanOrEqual(5);
    const shareBoth = must(both.weeks[0]).share;
    expect(shareBoth).toBeGreaterThan(must(b.weeks[0]).share);
    expect(shareBoth).toBeLessThan(must(week).share);
    for (const [who, branch] of [
      ['outsider', tree.wardA.id],
      ['member', randomUUID()],
    ] as const)
      await expect(pulseView(w.ctx, as(who), branch)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('one more door, late for a published week or in the week under way, changes nothing a member can read', async () => {
    const views = async (): Promise<PulseView[]> => [
      await pulseView(w.ctx, as('member'), tree.wardA.id),
      await pulseView(w.ctx, as('member'), tree.regionA.id),
      await pulseView(w.ctx, as('national'), tree.party.id),
    ];
    const before = await views();
    const today = new Date().toISOString().slice(0, 10);
    await insertDoorstep(w.db, tree.wardA.id, [
      ['2007-05-29', ['LAB'], new Date()],
      [today, ['LAB']],
    ]);
    expect(await views()).toEqual(before);
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
