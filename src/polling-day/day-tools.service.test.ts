/**
 * The committee room's tools against a real database: the presiding officers' turnout beside the pledges,
 * one count per station shared by its tellers, paper slips entered whole or not at all with the keypad's
 * checks and the hours no numbers came from, and lifts from the knockers-up to the day's drivers (one
 * driver a lift, even when two take it at once).
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pollingDayBody } from '../contract/polling-day.ts';
import { queryRows } from '../db/client.ts';
import { canvassRecords } from '../db/schema/index.ts';
import type { Actor } from '../core/permissions.ts';
import { openServiceWorld, type ServiceWorld } from '../../test/helpers/service.ts';
import { dayForm, makePollingWard, tellingEntry, type PollingWard } from '../../test/helpers/polling-ward.ts';
import * as room from './committee-room.service.ts';
import * as polling from './polling-day.service.ts';
import * as tools from './day-tools.service.ts';
import { ukNow } from './uk-clock.ts';

let w: ServiceWorld;
let ward: PollingWard;
let dayId = '';
let stations: { id: string; districts: string[] }[] = [];

const as = (who: keyof PollingWard['people']): Actor => ward.people[who].actor;
const stationOf = (district: string) => stations.find((s) => s.districts.includes(district))?.id ?? '';
const thisHour = () => `${ukNow(new Date()).clock.slice(0, 2)}:00`;

beforeAll(async () => {
  w = await openServiceWorld();
  ward = await makePollingWard(w.ctx);
  // Polls open all day, so that the tests hold at whatever hour they run.
  const made = await polling.createPollingDay(
    w.ctx,
    as('organiser'),
    ward.tree.wardA.id,
    pollingDayBody.parse(dayForm({ opens: '00:00', closes: '23:59' })),
  );
  dayId = made.id;
  stations = made.stations;
  for (const [who, district] of [
    ['tom', 'BW1'],
    ['ann', 'BW1'],
  ] as const)
    await polling.setTeller(
      w.ctx,
      as('organiser'),
      dayId,
      stationOf(district),
      ward.people[who].member.id,
      true,
    );
}, 120_000);
afterAll(() => w.close());

describe('the station', () => {
  it('every teller at a station sees the numbers all its tellers took, not only their own phone’s', async () => {
    const station = stationOf('BW1');
    await polling.syncTelling(w.ctx, as('tom'), [tellingEntry(station, '1'), tellingEntry(station, '2')]);
    const undone = tellingEntry(station, '4');
    await polling.syncTelling(w.ctx, as('ann'), [tellingEntry(station, '3'), undone]);
    await polling.syncTelling(w.ctx, as('ann'), [{ ...undone, undone: true }]);
    for (const who of ['tom', 'ann'] as const)
      expect(await tools.stationCount(w.ctx, as(who), station)).toMatchObject({ today: 3, thisHour: 3 });
    await expect(tools.stationCount(w.ctx, as('outsider'), station)).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    await expect(tools.stationCount(w.ctx, as('tom'), stationOf('BW2'))).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });

  it('the presiding officer’s turnout, entered through the day, stands beside the pledges; never of another day', async () => {
    const station = stationOf('BW2');
    await tools.recordTurnout(w.ctx, as('organiser'), dayId, station, {
      voted: 120,
      at: new Date(Date.now() - 60_000).toISOString(),
    });
    await tools.recordTurnout(w.ctx, as('organiser'), dayId, station, { voted: 187 });
    const r = await room.committeeRoom(w.ctx, as('organiser'), dayId);
    const s = r.stations.find((x) => x.id === station);
    expect(s?.turnout?.voted).toBe(187);
    expect(s?.pledges).toBeGreaterThan(0);
    expect(r.stations.find((x) => x.id === stationOf('BW1'))?.turnout).toBeNull();
    await expect(
      tools.recordTurnout(w.ctx, as('organiser'), dayId, station, {
        voted: 999,
        at: new Date(Date.now() + 2 * 86_400_000).toISOString(),
      }),
    ).rejects.toMatchObject({ code: 'OUT_OF_TIME' });
    await expect(
      tools.recordTurnout(w.ctx, as('elsewhere'), dayId, station, { voted: 1 }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(
      tools.recordTurnout(w.ctx, as('organiser'), dayId, randomUUID(), { voted: 1 }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('paper slips', () => {
  it('a slip is checked as the keypad checks, stored whole or not at all, and fills its station’s hour', async () => {
    const station = stationOf('BW1');
    const [a, b] = ward.register.filter((e) => e.district === 'BW1').slice(30, 32);
    const [c] = ward.register.filter((e) => e.district === 'BW2').slice(30, 31);
    if (!a || !b || !c) throw new Error('register too small');
    const count = async () =>
      (
        await queryRows<{ n: number }>(
          w.db,
          sql`select count(*)::int as n from telling_entries where election_id = ${dayId} and source = 'slip'`,
        )
      )[0]?.n;
    const slip = (numbers: string, otherDistricts = false) =>
      tools.enterSlip(w.ctx, as('organiser'), dayId, {
        stationId: station,
        hour: thisHour(),
        numbers,
        otherDistricts,
      });
    // A smudge and a number of the other district: nothing is stored, each is named by its place.
    const refused: unknown = await slip(`${a.number}, BW1-${b.number} smudge\nBW2-${c.number}`).catch(
      (e: unknown) => e,
    );
    expect(refused).toMatchObject({
      code: 'IMPORT_INVALID',
      issues: [{ field: 'numbers.3' }, { field: 'numbers.4' }],
    });
    expect((refused as { issues: { message: string }[] }).issues[1]?.message).toContain('district BW2');
    expect(await count()).toBe(0);
    // Asked and confirmed: the other district's number is recorded; one that matches no one is kept.
    const stored = await slip(`${a.number}, BW1-${b.number} 99999\nBW2-${c.number}`, true);
    expect(stored).toEqual({ stored: 4, unmatched: ['99999'] });
    const voted = await queryRows<{ id: string }>(
      w.db,
      sql`select elector_id as id from telling_entries where election_id = ${dayId} and source = 'slip'
            and elector_id is not null`,
    );
    expect(voted.map((r) => r.id).sort()).toEqual(
      [
        ward.idOf.get(`BW1-${a.number}`),
        ward.idOf.get(`BW1-${b.number}`),
        ward.idOf.get(`BW2-${c.number}`),
      ].sort(),
    );
    // The hour to come cannot have a slip yet.
    const next = Number(thisHour().slice(0, 2)) + 1;
    if (next < 24)
      await expect(
        tools.enterSlip(w.ctx, as('organiser'), dayId, {
          stationId: station,
          hour: `${String(next).padStart(2, '0')}:00`,
          numbers: '1',
          otherDistricts: false,
        }),
      ).rejects.toMatchObject({ code: 'OUT_OF_TIME' });
    // The hours so far, per station: this hour has the phones' numbers and the slip's; BW2's has none.
    const hours = await tools.tellingHours(w.ctx, as('organiser'), dayId);
    expect(hours.hours[0]).toBe('00:00');
    expect(hours.hours.at(-1)).toBe(thisHour());
    const bw1 = hours.stations.find((s) => s.id === station);
    expect(bw1?.slip.at(-1)).toBe(4);
    expect(bw1?.phone.at(-1)).toBe(3);
    const bw2 = hours.stations.find((s) => s.id === stationOf('BW2'));
    expect((bw2?.phone.at(-1) ?? 0) + (bw2?.slip.at(-1) ?? 0)).toBe(0);
    await expect(tools.tellingHours(w.ctx, as('tom'), dayId)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('the phone bank', () => {
  it('lists pledges not yet voted who gave a number, keeps each call’s outcome, and “voted” strikes them off', async () => {
    const listed = await tools.phoneBank(w.ctx, as('organiser'), dayId);
    const before = new Set(listed.electors.map((e) => e.id));
    const [a, b] = ward
      .pledgeIds()
      .filter((id) => !before.has(id))
      .slice(-2);
    if (!a || !b) throw new Error('not enough pledges');
    // A pledge gives a number at the door (still a firm pledge); another gives none.
    await w.db.insert(canvassRecords).values(
      [a, b].map((electorId, i) => ({
        id: randomUUID(),
        electorId,
        branchId: ward.tree.wardA.id,
        madeAt: new Date(),
        outcome: 'spoke' as const,
        intention: 'US',
        strength: 3,
        phone: i === 0 ? '07700 900123' : null,
      })),
    );
    const bank = await tools.phoneBank(w.ctx, as('organiser'), dayId);
    expect(bank.electors.find((e) => e.id === a)).toMatchObject({ phone: '07700 900123', last: null });
    expect(bank.electors.some((e) => e.id === b)).toBe(false);
    const noAnswer = await tools.recordCall(w.ctx, as('organiser'), dayId, {
      electorId: a,
      result: 'no_answer',
    });
    expect(noAnswer.electors.find((e) => e.id === a)?.last?.result).toBe('no_answer');
    const voted = await tools.recordCall(w.ctx, as('organiser'), dayId, { electorId: a, result: 'voted' });
    expect(voted.electors.some((e) => e.id === a)).toBe(false);
    // Struck off the knock-up lists too: voted is voted, however it was heard.
    const [told] = await queryRows<{ n: number }>(
      w.db,
      sql`select count(*)::int as n from knockup_records where election_id = ${dayId} and elector_id = ${a}
            and channel = 'phone' and result = 'voted'`,
    );
    expect(told?.n).toBe(1);
    await expect(
      tools.recordCall(w.ctx, as('organiser'), dayId, { electorId: b, result: 'called' }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(tools.phoneBank(w.ctx, as('tom'), dayId)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('lifts', () => {
  it('a knocker-up’s “needs a lift” reaches the committee room and the drivers; one driver takes it, even racing', async () => {
    const walkId = ward.walks[0]?.id ?? '';
    const [pledge, other] = (await room.knockupList(w.ctx, as('ann'), dayId, walkId)).electors;
    if (!pledge || !other) throw new Error('no pledges on the walk');
    const knock = (electorId: string, liftAt?: string) => ({
      id: randomUUID(),
      electionId: dayId,
      walkId,
      electorId,
      result: 'lift' as const,
      madeAt: new Date().toISOString(),
      ...(liftAt ? { liftAt } : {}),
    });
    await room.syncKnockups(w.ctx, as('ann'), [knock(pledge.id, '15:30'), knock(other.id)]);
    // Asked again, later: still one request, as first asked.
    await room.syncKnockups(w.ctx, as('ann'), [knock(pledge.id, '18:00')]);
    const listed = await tools.lifts(w.ctx, as('organiser'), dayId);
    expect(listed.lifts.map((l) => [l.electorId, l.wantedAt])).toEqual([
      [other.id, null],
      [pledge.id, '15:30'],
    ]);
    expect(listed.lifts[1]).toMatchObject({ name: pledge.name, number: pledge.number, driver: null });
    // Only the day's drivers (and its organisers) see them.
    await expect(tools.lifts(w.ctx, as('tom'), dayId)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await tools.setDriver(w.ctx, as('organiser'), dayId, ward.people.tom.member.id, true);
    await tools.setDriver(w.ctx, as('organiser'), dayId, ward.people.ann.member.id, true);
    await expect(
      tools.setDriver(w.ctx, as('organiser'), dayId, ward.people.outsider.member.id, true),
    ).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    expect((await tools.drivingDays(w.ctx, as('tom'))).days).toEqual([
      expect.objectContaining({ id: dayId, lifts: 2 }),
    ]);
    // Two drivers take the same lift at once: one has it, the other is told.
    const raced = await Promise.allSettled([
      tools.driveLift(w.ctx, as('tom'), dayId, pledge.id, 'take'),
      tools.driveLift(w.ctx, as('ann'), dayId, pledge.id, 'take'),
    ]);
    expect(raced.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const lost = raced.find((r) => r.status === 'rejected');
    expect(lost?.status === 'rejected' ? (lost.reason as { code: string }).code : '').toBe('LIFT_TAKEN');
    const winner = raced.findIndex((r) => r.status === 'fulfilled') === 0 ? 'tom' : 'ann';
    const loser = winner === 'tom' ? 'ann' : 'tom';
    await expect(tools.driveLift(w.ctx, as(loser), dayId, pledge.id, 'done')).rejects.toMatchObject({
      code: 'LIFT_TAKEN',
    });
    const done = await tools.driveLift(w.ctx, as(winner), dayId, pledge.id, 'done');
    expect(done.driver?.id).toBe(ward.people[winner].member.id);
    expect(done.doneAt).not.toBeNull();
    expect((await tools.drivingDays(w.ctx, as('tom'))).days[0]?.lifts).toBe(1);
    // Every read of the list is audited.
    const [audits] = await queryRows<{ n: number }>(
      w.db,
      sql`select count(*)::int as n from audit_log where subject_type = 'lift_requests' and action = 'view'`,
    );
    expect(audits?.n).toBe(1);
  });
});
