/**
 * Demo content for polling day: the last three weeks' canvassing of eight more Abbey walks (so there are pledges to
 * get out), and a by-election today (so that telling, knocking-up and the committee room can be tried at once;
 * a number can only be taken on polling day) with two polling stations, a teller at each, a postal-vote list
 * and a few numbers already taken, and one walk out to the demo canvasser for knocking-up.
 */
import { randomUUID } from 'node:crypto';
import { electorNumberOf } from '../canvass/index.ts';
import {
  insertPollingDay,
  insertTeller,
  storeAbsentVoters,
  ukNow,
  upsertTelling,
} from '../polling-day/index.ts';
import type { Executor } from '../db/client.ts';
import type { ContactOutcome } from '../db/schema/index.ts';
import { newId } from '../lib/ids.ts';
import { rng } from '../math/random.ts';
import { insertAssignment, insertRecords } from './demo.repo.ts';

interface DemoWalk {
  id: string;
  walk: { electors: { elector: { id: string; district: string; number: number } }[] };
}

export async function seedDemoPollingDay(
  tx: Executor,
  opts: {
    wardId: string;
    organiserId: string;
    tellerIds: [string, string];
    knockerId: string;
    walks: DemoWalk[];
  },
): Promise<{ pledges: number }> {
  const rand = rng(2027);
  const now = Date.now();
  const codes = ['US', 'US', 'US', 'LAB', 'UND', 'CON', 'GRN'];
  // Canvassing of eight more walks over the last three weeks.
  const walked = opts.walks.slice(2, 10);
  const pledges: DemoWalk['walk']['electors'][number]['elector'][] = [];
  for (const [w, walk] of walked.entries()) {
    const start = now - (2 + 2.5 * w) * 86_400_000;
    const values = walk.walk.electors.map(({ elector }, i) => {
      const r = rand();
      const outcome: ContactOutcome = r < 0.5 ? 'spoke' : r < 0.9 ? 'not_in' : 'refused';
      const intention = outcome === 'spoke' ? (codes[Math.floor(rand() * codes.length)] ?? null) : null;
      const strength = intention ? 1 + Math.floor(rand() * 3) : null;
      if (intention === 'US' && (strength ?? 0) >= 2) pledges.push(elector);
      return {
        id: randomUUID(),
        electorId: elector.id,
        walkId: walk.id,
        branchId: opts.wardId,
        canvasserId: opts.organiserId,
        madeAt: new Date(start + i * 90_000),
        receivedAt: new Date(start + i * 90_000 + 60_000),
        outcome,
        intention,
        strength,
        flags: [],
        issues: [],
        note: null,
        // One pledge in three gave a number to be called on polling day (Ofcom's range for drama: nobody's).
        phone:
          intention === 'US' && (strength ?? 0) >= 2 && pledges.length % 3 === 0
            ? `07700 900${String(pledges.length).padStart(3, '0')}`
            : null,
      };
    });
    await insertRecords(tx, values);
  }
  const today = ukNow(new Date(now)).day;
  const stations = [
    { id: newId(), name: 'Abbey Community Centre', address: 'Church Street, Millbrook', districts: ['AB1'] },
    {
      id: newId(),
      name: 'St Peter’s Primary School',
      address: 'Mill Lane, Millbrook',
      districts: ['AB2', 'AB3'],
    },
  ];
  const electionId = await insertPollingDay(
    tx,
    {
      branchId: opts.wardId,
      name: 'Abbey ward by-election',
      heldOn: today,
      opens: '07:00',
      closes: '22:00',
      rule: { codes: ['US'], minStrength: 2 },
      target: Math.round(pledges.length * 0.7),
      retentionDays: 60,
      createdBy: opts.organiserId,
    },
    stations,
    newId(),
  );
  for (const [i, station] of stations.entries())
    await insertTeller(tx, station.id, opts.tellerIds[i] ?? opts.organiserId, opts.organiserId);
  // One pledge in six votes by post, one by proxy.
  await storeAbsentVoters(tx, electionId, [
    ...pledges.filter((_, i) => i % 6 === 5).map((e) => ({ electorId: e.id, kind: 'postal' })),
    ...pledges.slice(0, 1).map((e) => ({ electorId: e.id, kind: 'proxy' })),
  ]);
  // A few numbers already taken at the first station, one of them mistyped.
  const early = pledges.filter((e) => e.district === 'AB1').slice(1, 5);
  await upsertTelling(tx, electionId, opts.tellerIds[0], [
    ...early.map((e, i) => ({
      id: randomUUID(),
      stationId: stations[0]?.id ?? '',
      entered: electorNumberOf({ ...e, suffix: 0 }),
      electorId: e.id,
      takenAt: new Date(now - (5 - i) * 600_000).toISOString(),
      undone: false,
    })),
    {
      id: randomUUID(),
      stationId: stations[0]?.id ?? '',
      entered: '9999',
      electorId: null,
      takenAt: new Date(now - 60_000).toISOString(),
      undone: false,
    },
  ]);
  // A canvassed walk of the second station's districts goes to the demo canvasser (who tells there too)
  // for knocking-up.
  const knockup = walked.find((w) => w.walk.electors[0]?.elector.district === 'AB2');
  if (knockup)
    await insertAssignment(tx, {
      id: newId(),
      walkId: knockup.id,
      memberId: opts.knockerId,
      assignedBy: opts.organiserId,
      expiresAt: new Date(now + 2 * 86_400_000),
    });
  return { pledges: pledges.length };
}
