/**
 * Demo content for Doorstep: a synthetic register for one ward (3,000 electors on its streets, nobody
 * real), turnout at two elections, a segment of non-voters, its walks, one walk assigned to a demo
 * canvasser, a morning's doorstep records, and ten weeks of earlier canvassing across the ward (soft
 * intentions only, so they make no pledges), so that every screen, Pulse's doorstep weeks included, has
 * something to show.
 */
import { randomUUID } from 'node:crypto';
import {
  cutWalks,
  syntheticElectorValues,
  insertElectors,
  storeTurnout,
  storeWalks,
  syntheticRegister,
  walkablesOf,
  type SegmentFilter,
} from '../canvass/index.ts';
import type { Executor } from '../db/client.ts';
import type { ContactOutcome } from '../db/schema/index.ts';
import { newId } from '../lib/ids.ts';
import { rng } from '../math/random.ts';
import { insertAssignment, insertRecords, insertSegment, insertSession } from './demo.repo.ts';
import { seedDemoPollingDay } from './polling.ts';

export const DEMO_ELECTORS = 3000;

export async function seedDemoCanvass(
  tx: Executor,
  opts: { wardId: string; wardPath: string; organiserId: string; canvasserId: string; town: string },
): Promise<{ electors: number; walks: number; records: number; pledges: number }> {
  const rand = rng(2026);
  const people = syntheticRegister({
    electors: DEMO_ELECTORS,
    districts: ['AB1', 'AB2', 'AB3'],
    town: opts.town,
    outward: 'MB4',
    seed: 2026,
    withUprn: true,
  });
  const rows = syntheticElectorValues(people, opts.wardId);
  await insertElectors(tx, rows);

  // Turnout: the local elections of 2024 and 2026, drawn from each elector's propensity.
  for (const [name, heldOn] of [
    ['Local elections 2024', '2024-05-02'],
    ['Local elections 2026', '2026-05-07'],
  ] as const) {
    const voted = rows
      .filter((_, i) => rand() < (people[i]?.propensity ?? 0))
      .map((r) => ({ electorId: r.id, postal: rand() < 0.2 }));
    await storeTurnout(tx, opts.wardId, name, heldOn, voted);
  }

  // A segment of electors who have never voted, in AB1 and AB2, cut into walks of 60 doors.
  const filter: SegmentFilter = { districts: ['AB1', 'AB2'], turnout: ['never_voted'] };
  const walkables = await walkablesOf(tx, opts.wardPath, filter);
  const segmentId = newId();
  await insertSegment(tx, {
    id: segmentId,
    branchId: opts.wardId,
    name: 'Never voted, AB1 and AB2',
    filter,
    script:
      "Hello, I'm from the party, calling on everyone in the street. Are you registered and do you know where to vote?\n" +
      'What is the one thing you would change round here?',
    electors: walkables.length,
    createdBy: opts.organiserId,
  });
  const created = await storeWalks(tx, opts.wardId, segmentId, cutWalks(walkables, 60));

  // The first walk is assigned to the demo canvasser for a week; the second was walked yesterday morning.
  const now = Date.now();
  const [first, second] = created;
  if (first)
    await insertAssignment(tx, {
      id: newId(),
      walkId: first.id,
      memberId: opts.canvasserId,
      assignedBy: opts.organiserId,
      expiresAt: new Date(now + 7 * 86_400_000),
    });
  let records = 0;
  if (second) {
    const start = now - 86_400_000;
    await insertAssignment(tx, {
      id: newId(),
      walkId: second.id,
      memberId: opts.organiserId,
      assignedBy: opts.organiserId,
      createdAt: new Date(start - 600_000),
      expiresAt: new Date(start + 3 * 3_600_000),
    });
    const codes = ['US', 'US', 'LAB', 'UND', 'GRN', 'CON', 'NV'];
    const issues = [
      'housing',
      'potholes',
      'buses',
      'gp appointments',
      'cost of living',
      'antisocial behaviour',
    ];
    const electorsOfWalk = second.walk.electors.slice(0, 45);
    const values = electorsOfWalk.map(({ elector }, i) => {
      const r = rand();
      const outcome: ContactOutcome =
        r < 0.45 ? 'spoke' : r < 0.85 ? 'not_in' : r < 0.95 ? 'refused' : 'moved';
      const spoke = outcome === 'spoke';
      return {
        id: randomUUID(),
        electorId: elector.id,
        walkId: second.id,
        branchId: opts.wardId,
        canvasserId: opts.organiserId,
        madeAt: new Date(start + i * 150_000),
        receivedAt: new Date(start + i * 150_000 + 60_000),
        outcome,
        intention: spoke ? (codes[Math.floor(rand() * codes.length)] ?? null) : null,
        strength: spoke ? 1 + Math.floor(rand() * 3) : null,
        flags: spoke && rand() < 0.15 ? ['poster'] : spoke && rand() < 0.1 ? ['volunteer'] : [],
        issues: spoke && rand() < 0.6 ? [issues[Math.floor(rand() * issues.length)] ?? 'housing'] : [],
        note: null,
      };
    });
    await insertRecords(tx, values);
    records = values.length;
  }
  const saturday = new Date(now + ((6 - new Date(now).getUTCDay() + 7) % 7 || 7) * 86_400_000);
  saturday.setUTCHours(10, 0, 0, 0);
  await insertSession(tx, {
    id: newId(),
    branchId: opts.wardId,
    title: 'Saturday canvass',
    startsAt: saturday,
    endsAt: new Date(saturday.getTime() + 2 * 3_600_000),
    meetingPoint: 'The Abbey Tavern, Church Street',
    createdBy: opts.organiserId,
  });
  records += await seedDemoHistory(tx, rows, opts, rand);
  const polling = await seedDemoPollingDay(tx, {
    wardId: opts.wardId,
    organiserId: opts.organiserId,
    tellerIds: [opts.organiserId, opts.canvasserId],
    knockerId: opts.canvasserId,
    walks: created,
  });
  return { electors: rows.length, walks: created.length, records, pledges: polling.pledges };
}

/**
 * Ten weeks of canvassing before the last two: about 130 doors a week across the ward, half of them
 * answering, each with an intention of strength 1 (soft: never a pledge).
 */
async function seedDemoHistory(
  tx: Executor,
  electors: { id: string }[],
  opts: { wardId: string; organiserId: string },
  rand: () => number,
): Promise<number> {
  const codes = ['US', 'US', 'US', 'LAB', 'LAB', 'CON', 'GRN', 'UND'];
  const now = Date.now();
  const values = [];
  for (let week = 2; week < 12; week++)
    for (let i = 0; i < 130; i++) {
      const elector = electors[Math.floor(rand() * electors.length)];
      if (!elector) continue;
      const madeAt = new Date(now - (week * 7 + rand() * 7) * 86_400_000);
      const spoke = rand() < 0.5;
      values.push({
        id: randomUUID(),
        electorId: elector.id,
        branchId: opts.wardId,
        canvasserId: opts.organiserId,
        madeAt,
        receivedAt: new Date(madeAt.getTime() + 3_600_000),
        outcome: (spoke ? 'spoke' : 'not_in') as ContactOutcome,
        intention: spoke ? (codes[Math.floor(rand() * codes.length)] ?? null) : null,
        strength: spoke ? 1 : null,
        flags: [],
        issues: [],
        note: null,
      });
    }
  await insertRecords(tx, values);
  return values.length;
}
