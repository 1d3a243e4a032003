/**
 * Polling day's rules, called directly against a real database: pledges, tellers' numbers in every form,
 * repeats and late arrivals, absent voters, knock-up lists, the committee room's figures, shifts, the
 * comparison with the marked register, and retention. HTTP's part (status codes, validation, who may call)
 * is in polling-day.routes.test.ts.
 */
import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runRetention } from '../canvass/index.ts';
import { importMarkedRegister } from '../canvass/marked-register.service.ts';
import { downloadWalk } from '../canvass/doorstep.service.ts';
import { listSessions, signUpMember } from '../canvass/session.service.ts';
import { countSegment, listWalks, saveSegment } from '../canvass/walk.service.ts';
import { pledgeRule, pollingDayBody, shiftsBody } from '../contract/polling-day.ts';
import { queryRows } from '../db/client.ts';
import type { Actor } from '../core/permissions.ts';
import { openServiceWorld, type ServiceWorld } from '../../test/helpers/service.ts';
import { dayForm, makePollingWard, tellingEntry, type PollingWard } from '../../test/helpers/polling-ward.ts';
import * as room from './committee-room.service.ts';
import * as polling from './polling-day.service.ts';
import { ukNow } from './uk-clock.ts';
import { makeShifts } from './shifts.service.ts';

let w: ServiceWorld;
let ward: PollingWard;
let dayId = '';
let stations: { id: string; name: string; districts: string[] }[] = [];

const as = (who: keyof PollingWard['people']): Actor => ward.people[who].actor;
const day = (over: Record<string, unknown> = {}) => pollingDayBody.parse(dayForm(over));
const rule = (r: Record<string, unknown>) => pledgeRule.parse(r);
const stationOf = (district: string) => {
  const s = stations.find((x) => x.districts.includes(district));
  if (!s) throw new Error(`no station for ${district}`);
  return s.id;
};
const tell = (who: keyof PollingWard['people'], entries: ReturnType<typeof tellingEntry>[]) =>
  polling.syncTelling(w.ctx, as(who), entries);
const told = async () =>
  new Set(
    (
      await queryRows<{ id: string }>(
        w.db,
        sql`select distinct elector_id as id from telling_entries where election_id = ${dayId} and not undone
            and elector_id is not null`,
      )
    ).map((r) => r.id),
  );
const knock = (walkId: string, electorId: string | undefined, result: string) => ({
  id: randomUUID(),
  electionId: dayId,
  walkId,
  electorId: electorId ?? '',
  result: result as 'voted',
  madeAt: new Date().toISOString(),
});

beforeAll(async () => {
  w = await openServiceWorld();
  ward = await makePollingWard(w.ctx);
}, 120_000);
afterAll(() => w.close());

describe('setting up polling day', () => {
  it('counts pledges before saving: the same as an independent count, by district, or a segment’s electors', async () => {
    const branchId = ward.tree.wardA.id;
    const counted = await polling.countPledges(w.ctx, as('organiser'), branchId, rule({}));
    const truth = ward.pledgeIds();
    expect(truth.length).toBeGreaterThan(20);
    expect(counted.pledges).toBe(truth.length);
    for (const d of ['BW1', 'BW2'])
      expect(counted.byDistrict.find((x) => x.district === d)?.pledges).toBe(
        truth.filter((id) => ward.districtOf.get(id) === d).length,
      );
    // A softer rule with two codes finds more, again exactly.
    const wider = await polling.countPledges(
      w.ctx,
      as('organiser'),
      branchId,
      rule({ codes: ['US', 'UND'], minStrength: 1 }),
    );
    expect(wider.pledges).toBe(
      [...ward.idOf.values()].filter((id) => ward.isPledge(id, ['US', 'UND'], 1)).length,
    );
    // Or a saved segment's electors, whatever their intentions: the segment's count.
    const filter = { districts: ['BW2'] };
    const everyone = await countSegment(w.ctx, as('organiser'), branchId, filter);
    const saved = await saveSegment(w.ctx, as('organiser'), branchId, { name: 'BW2 pledges', filter });
    const bySegment = await polling.countPledges(
      w.ctx,
      as('organiser'),
      branchId,
      rule({ segmentId: saved.id }),
    );
    expect(bySegment.pledges).toBe(everyone.electors);
    const segmentDay = await polling.createPollingDay(
      w.ctx,
      as('organiser'),
      branchId,
      day({ name: 'Segment day', rule: { segmentId: saved.id } }),
    );
    expect(segmentDay.rule).toMatchObject({ segmentId: saved.id });
    const segmentRoom = await room.committeeRoom(w.ctx, as('organiser'), segmentDay.id);
    expect(segmentRoom.totals.pledges).toBe(everyone.electors);
    // Another branch's segment is no rule here, and says so on its field.
    const other = await saveSegment(w.ctx, as('elsewhere'), ward.tree.wardB.id, {
      name: 'Not yours',
      filter: {},
    });
    await expect(
      polling.countPledges(w.ctx, as('organiser'), branchId, rule({ segmentId: other.id })),
    ).rejects.toMatchObject({ code: 'VALIDATION_FAILED', issues: [{ field: 'rule.segmentId' }] });
  });

  it('saves the day with its stations in district order and the default rounds; the same election twice is a clash', async () => {
    const made = await polling.createPollingDay(w.ctx, as('organiser'), ward.tree.wardA.id, day());
    dayId = made.id;
    stations = made.stations;
    expect(made.rounds).toEqual(['10:00', '14:00', '17:00', '19:30']);
    expect(stations.map((s) => s.districts)).toEqual([['BW2'], ['BW1']]);
    await expect(
      polling.createPollingDay(w.ctx, as('organiser'), ward.tree.wardA.id, day()),
    ).rejects.toMatchObject({ code: 'POLLING_DAY_EXISTS' });
    const listed = await polling.listPollingDays(w.ctx, as('organiser'), ward.tree.wardA.id);
    expect(listed.pollingDays.map((d) => d.name).sort()).toEqual(['By-election', 'Segment day']);
    expect(listed.pollingDays).toContainEqual(expect.objectContaining({ id: dayId, stations: 2 }));
  });

  it('puts members of the branch on duty as tellers, and only them; a teller sees only their stations', async () => {
    for (const [who, district] of [
      ['tom', 'BW1'],
      ['ann', 'BW1'],
      ['ann', 'BW2'],
    ] as const)
      await polling.setTeller(
        w.ctx,
        as('organiser'),
        dayId,
        stationOf(district),
        ward.people[who].member.id,
        true,
      );
    await expect(
      polling.setTeller(
        w.ctx,
        as('organiser'),
        dayId,
        stationOf('BW1'),
        ward.people.outsider.member.id,
        true,
      ),
    ).rejects.toMatchObject({ code: 'VALIDATION_FAILED', issues: [{ field: 'memberId' }] });
    expect((await polling.myStations(w.ctx, as('tom'))).stations.map((s) => s.id)).toEqual([
      stationOf('BW1'),
    ]);
    expect((await polling.myStations(w.ctx, as('outsider'))).stations).toEqual([]);
  });

  it('two set-ups of one election at once: one is made whole, the other is a clash, nothing doubled', async () => {
    const both = await Promise.allSettled([
      polling.createPollingDay(w.ctx, as('organiser'), ward.tree.wardA.id, day({ name: 'Raced' })),
      polling.createPollingDay(w.ctx, as('organiser'), ward.tree.wardA.id, day({ name: 'Raced' })),
    ]);
    const made = both.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
    const clash = both.flatMap((r) => (r.status === 'rejected' ? [r.reason as { code: string }] : []));
    expect(made).toHaveLength(1);
    expect(clash.map((c) => c.code)).toEqual(['POLLING_DAY_EXISTS']);
    const [n] = await queryRows<{ n: number }>(
      w.db,
      sql`select count(*)::int as n from polling_stations where election_id = ${made[0]?.id ?? ''}`,
    );
    expect(n?.n).toBe(2);
  });
});

describe('telling', () => {
  it('reads numbers in every form tellers type, and keeps the ones that match no one', async () => {
    const [a, b, c] = ward.register.filter((e) => e.district === 'BW1');
    if (!a || !b || !c) throw new Error('register too small');
    const entries = [
      tellingEntry(stationOf('BW1'), String(a.number)),
      tellingEntry(stationOf('BW1'), `BW1-${b.number}`),
      tellingEntry(stationOf('BW1'), `bw1 ${c.number}/0`),
      tellingEntry(stationOf('BW1'), `${a.number}/2`),
      tellingEntry(stationOf('BW1'), '99999'),
      tellingEntry(stationOf('BW1'), 'smudged'),
    ];
    const res = await tell('tom', entries);
    expect(res.accepted).toEqual(entries.map((e) => e.id));
    expect(res.unmatched).toEqual(entries.slice(3).map((e) => e.id));
    const stored = await queryRows<{ id: string; elector_id: string | null; entered: string }>(
      w.db,
      sql`select id, elector_id, entered from telling_entries where election_id = ${dayId}`,
    );
    const byId = new Map(stored.map((r) => [r.id, r]));
    expect(byId.get(entries[0]?.id ?? '')?.elector_id).toBe(ward.idOf.get(`BW1-${a.number}`));
    expect(byId.get(entries[1]?.id ?? '')?.elector_id).toBe(ward.idOf.get(`BW1-${b.number}`));
    expect(byId.get(entries[2]?.id ?? '')?.elector_id).toBe(ward.idOf.get(`BW1-${c.number}`));
    expect(byId.get(entries[5]?.id ?? '')).toMatchObject({ elector_id: null, entered: 'smudged' });
  });

  it('counts each voter once, whatever repeats, other tellers and late or undone entries', async () => {
    const [a, b, c, d] = ward.register.filter((e) => e.district === 'BW1').slice(10, 14);
    if (!a || !b || !c || !d) throw new Error('register too small');
    const before = await told();
    const first = tellingEntry(stationOf('BW1'), String(a.number));
    // Sent twice (an answer lost on the way back), and taken again by a second teller.
    await tell('tom', [first]);
    await tell('tom', [first]);
    await tell('ann', [tellingEntry(stationOf('BW1'), `BW1-${a.number}`)]);
    // Undone: sent again undone; sent once more as it was, it stays undone.
    const mistake = tellingEntry(stationOf('BW1'), String(b.number));
    await tell('tom', [mistake]);
    await tell('tom', [{ ...mistake, undone: true }]);
    await tell('tom', [mistake]);
    // The undo arriving before the entry it undoes.
    const late = tellingEntry(stationOf('BW1'), String(c.number));
    await tell('tom', [{ ...late, undone: true }]);
    await tell('tom', [late]);
    // Someone else's entry cannot be undone by another teller.
    const kept = tellingEntry(stationOf('BW1'), String(d.number));
    await tell('tom', [kept]);
    const forged = await tell('ann', [{ ...kept, undone: true }]);
    expect(forged.refused).toEqual([expect.objectContaining({ id: kept.id, code: 'NOT_TELLING_THERE' })]);
    const added = [...(await told())].filter((id) => !before.has(id));
    expect(added.sort()).toEqual([ward.idOf.get(`BW1-${a.number}`), ward.idOf.get(`BW1-${d.number}`)].sort());
    const [rows] = await queryRows<{ n: number }>(
      w.db,
      sql`select count(*)::int as n from telling_entries where id = ${first.id}`,
    );
    expect(rows?.n).toBe(1);
  });

  it('refuses numbers from a station the teller is not at, and from anyone not telling', async () => {
    const e = tellingEntry(stationOf('BW2'), '5');
    expect(await tell('tom', [e])).toMatchObject({
      accepted: [],
      refused: [{ id: e.id, code: 'NOT_TELLING_THERE' }],
    });
    expect((await tell('outsider', [e])).accepted).toEqual([]);
  });

  it('refuses a number taken on another day or ahead of the clock, and asks before one from another district', async () => {
    const [a, b] = ward.register.filter((e) => e.district === 'BW2').slice(20, 22);
    if (!a || !b) throw new Error('register too small');
    const now = new Date();
    const at = (ms: number) => ({ takenAt: new Date(now.getTime() + ms).toISOString() });
    const station = stationOf('BW1');
    const future = tellingEntry(station, '7', { takenAt: '2099-05-07T10:00:00Z' });
    const ahead = tellingEntry(station, '8', at(20 * 60_000));
    const yesterday = tellingEntry(station, '9', at(-36 * 3_600_000));
    const fewMinutesFast = tellingEntry(station, '10', at(2 * 60_000));
    const res = await polling.syncTelling(w.ctx, as('tom'), [future, ahead, yesterday, fewMinutesFast], now);
    expect(res.refused.map((r) => [r.id, r.code])).toEqual([
      [future.id, 'OUT_OF_TIME'],
      [ahead.id, 'OUT_OF_TIME'],
      [yesterday.id, 'OUT_OF_TIME'],
    ]);
    // Unless the day began less than two minutes ago, the phone two minutes fast is in time.
    if (ukNow(now).day === ukNow(new Date(now.getTime() + 2 * 60_000)).day)
      expect(res.accepted).toEqual([fewMinutesFast.id]);
    // A number of BW2 at BW1's station: the teller is asked, and records it once they confirm.
    const other = tellingEntry(station, `BW2-${a.number}`);
    const asked = await tell('tom', [other]);
    expect(asked.accepted).toEqual([]);
    expect(asked.refused).toHaveLength(1);
    expect(asked.refused[0]).toMatchObject({ id: other.id, code: 'OTHER_DISTRICT' });
    expect(asked.refused[0]?.message).toContain('district BW2');
    const confirmed = await tell('tom', [{ ...other, otherDistrict: true }]);
    expect(confirmed.accepted).toEqual([other.id]);
    expect(await told()).toContain(ward.idOf.get(`BW2-${a.number}`));
    // The station's own district needs no question.
    const own = tellingEntry(station, `BW1-${b.number}`);
    expect((await tell('tom', [own])).accepted).toEqual([own.id]);
  });

  it('a bare number at a station of two districts that both hold it is kept for checking, not guessed', async () => {
    const both = ward.register.find(
      (e) => e.district === 'BW1' && ward.register.some((o) => o.district === 'BW2' && o.number === e.number),
    );
    if (!both) throw new Error('no number in both districts');
    const made = await polling.createPollingDay(
      w.ctx,
      as('organiser'),
      ward.tree.wardA.id,
      day({ name: 'Two districts', stations: [{ name: 'Hall', address: 'x', districts: ['BW1', 'BW2'] }] }),
    );
    const station = made.stations[0]?.id ?? '';
    await polling.setTeller(w.ctx, as('organiser'), made.id, station, ward.people.tom.member.id, true);
    const bare = tellingEntry(station, String(both.number));
    const prefixed = tellingEntry(station, `BW2-${both.number}`);
    const res = await tell('tom', [bare, prefixed]);
    expect(res.unmatched).toEqual([bare.id]);
    expect(res.accepted).toEqual([bare.id, prefixed.id]);
  });

  it('the same batch from one phone twice at once, and one voter from two tellers at once: each stored once, counted once', async () => {
    const [a, b] = ward.register.filter((e) => e.district === 'BW1').slice(40, 42);
    if (!a || !b) throw new Error('register too small');
    const batch = [
      tellingEntry(stationOf('BW1'), String(a.number)),
      tellingEntry(stationOf('BW1'), String(b.number)),
    ];
    const answers = await Promise.all([
      tell('tom', batch),
      tell('tom', batch),
      tell('ann', [tellingEntry(stationOf('BW1'), `BW1-${a.number}`)]),
    ]);
    expect(answers[0]?.accepted).toEqual(batch.map((e) => e.id));
    expect(answers[1]?.accepted).toEqual(batch.map((e) => e.id));
    const [rows] = await queryRows<{ n: number; voters: number }>(
      w.db,
      sql`select count(*)::int as n, count(distinct elector_id)::int as voters from telling_entries
          where election_id = ${dayId}
            and elector_id in (${ward.idOf.get(`BW1-${a.number}`)}, ${ward.idOf.get(`BW1-${b.number}`)})`,
    );
    // Tom's two entries once each, and Ann's own: three rows, two voters.
    expect(rows).toEqual({ n: 3, voters: 2 });
  });
});

describe('absent voters, knock-up and the committee room', () => {
  const header = 'Elector Number Prefix,Elector Number,Elector Number Suffix,Type\n';
  const numberOf = () => new Map([...ward.idOf].map(([k, v]) => [v, k]));
  const line = (id: string | undefined, type: string) => {
    const [d, n] = (numberOf().get(id ?? '') ?? '').split('-');
    return `${d},${n},,${type}\n`;
  };
  const walkPledges = async () => {
    const onWalk = await queryRows<{ id: string }>(
      w.db,
      sql`select elector_id as id from walk_electors where walk_id = ${ward.walks[0]?.id ?? ''}`,
    );
    const pledges = ward.pledgeIds();
    return onWalk.map((r) => r.id).filter((id) => pledges.includes(id));
  };

  it('imports the absent voters list whole or not at all, flags it on the walk, and cuts the postal pledges into a chase walk', async () => {
    const [postal, proxy] = await walkPledges();
    await expect(
      room.importAbsentVoters(
        w.ctx,
        as('organiser'),
        dayId,
        Readable.from([`${header}${line(postal, 'P')}BW9,1,,P\n${line(proxy, 'Q')}`]),
      ),
    ).rejects.toMatchObject({ code: 'IMPORT_INVALID', issues: [{ line: 3 }, { line: 4 }] });
    const good = await room.importAbsentVoters(
      w.ctx,
      as('organiser'),
      dayId,
      Readable.from([`${header}${line(postal, 'P')}${line(proxy, 'PX')}`]),
    );
    expect(good).toEqual({ rows: 2, postal: 1, proxy: 1, postalProxy: 0 });
    // Both are flagged on the walk as the canvasser downloads it.
    const download = await downloadWalk(w.ctx, as('ann'), ward.walks[0]?.id ?? '');
    const marks = download.electors.filter((e) => e.absent);
    expect(marks.map((m) => [m.id, m.absent]).sort()).toEqual(
      [
        [postal, 'postal'],
        [proxy, 'proxy'],
      ].sort(),
    );
    // The postal-vote pledge is walked before the day; the proxy is not.
    expect(await room.postalChaseWalks(w.ctx, as('organiser'), dayId, 60)).toEqual({ walks: 1, electors: 1 });
    const all = await listWalks(w.ctx, as('organiser'), ward.tree.wardA.id);
    expect(all.walks.find((x) => x.name.includes('Postal chase'))?.electors).toBe(1);
  });

  it('a knock-up list holds exactly the walk’s pledges not reported as voted (nor voting by post), in order', async () => {
    const walkId = ward.walks[0]?.id ?? '';
    const mine = await polling.myKnockupWalks(w.ctx, as('ann'));
    expect(mine.walks).toContainEqual(expect.objectContaining({ electionId: dayId, walkId }));
    expect((await polling.myKnockupWalks(w.ctx, as('tom'))).walks).toEqual([]);
    const list = await room.knockupList(w.ctx, as('ann'), dayId, walkId);
    const onWalk = await queryRows<{ id: string }>(
      w.db,
      sql`select elector_id as id from walk_electors where walk_id = ${walkId} order by position`,
    );
    const voted = await told();
    const postal = new Set(
      (
        await queryRows<{ id: string }>(
          w.db,
          sql`select elector_id as id from absent_voters where election_id = ${dayId} and kind <> 'proxy'`,
        )
      ).map((r) => r.id),
    );
    const expected = onWalk
      .map((r) => r.id)
      .filter((id) => ward.isPledge(id) && !voted.has(id) && !postal.has(id));
    expect(list.electors.map((e) => e.id)).toEqual(expected);
    // Each door's street as its address writes it (for the round's map), never the register's key.
    expect(list.electors.every((e) => e.street !== '' && e.address.some((l) => l.includes(e.street)))).toBe(
      true,
    );
    expect(list.electors.filter((e) => e.proxy)).toHaveLength(1);
    // A teller reports one of them: the next round's list drops them.
    const [first, second, third] = list.electors;
    const number = [...ward.idOf].find(([, v]) => v === first?.id)?.[0] ?? '';
    await tell('ann', [tellingEntry(stationOf(number.split('-')[0] ?? ''), number)]);
    const next = await room.knockupList(w.ctx, as('ann'), dayId, walkId);
    expect(next.electors.map((e) => e.id)).toEqual(expected.slice(1));
    // A knocker hears "already voted" at the next door: dropped too; "needs a lift" keeps them, marked.
    const records = [knock(walkId, second?.id, 'voted'), knock(walkId, third?.id, 'lift')];
    expect((await room.syncKnockups(w.ctx, as('ann'), records)).accepted).toEqual(records.map((r) => r.id));
    const left = (await room.knockupList(w.ctx, as('ann'), dayId, walkId)).electors;
    expect(left.map((e) => e.id)).toEqual(expected.slice(2));
    expect(left[0]).toMatchObject({ id: third?.id, lastResult: 'lift' });
    // Only the assigned knocker and organisers of the branch see the list, or add to it.
    for (const who of ['tom', 'elsewhere'] as const)
      await expect(room.knockupList(w.ctx, as(who), dayId, walkId)).rejects.toMatchObject({
        code: 'NOT_FOUND',
      });
    expect((await room.knockupList(w.ctx, as('organiser'), dayId, walkId)).electors).toHaveLength(
      expected.length - 2,
    );
    const notMine = await room.syncKnockups(w.ctx, as('tom'), [knock(walkId, second?.id, 'voted')]);
    expect(notMine.refused).toEqual([expect.objectContaining({ code: 'NOT_ASSIGNED' })]);
    const elsewhere = await room.syncKnockups(w.ctx, as('ann'), [
      knock(ward.walks[1]?.id ?? '', first?.id, 'voted'),
    ]);
    expect(elsewhere.refused).toEqual([expect.objectContaining({ code: 'NOT_ASSIGNED' })]);
    // A knock-up "made" in 2099 is refused, not counted.
    const future = await room.syncKnockups(w.ctx, as('ann'), [
      { ...knock(walkId, second?.id, 'voted'), madeAt: '2099-05-07T10:00:00Z' },
    ]);
    expect(future).toMatchObject({ accepted: [], refused: [{ code: 'OUT_OF_TIME' }] });
    // Each list read is audited: three for the knocker, one for the organiser.
    const [audited] = await queryRows<{ n: number }>(
      w.db,
      sql`select count(*)::int as n from audit_log where subject_type = 'knockup_list' and subject_id = ${walkId}
            and action = 'view'`,
    );
    expect(audited?.n).toBe(4);
  });

  it('the committee room: pledges and their turnout by district and station, tellers, unmatched numbers', async () => {
    const r = await room.committeeRoom(w.ctx, as('organiser'), dayId);
    const pledges = ward.pledgeIds();
    const voted = await told();
    for (const { id } of await queryRows<{ id: string }>(
      w.db,
      sql`select elector_id as id from knockup_records where election_id = ${dayId} and result = 'voted'`,
    ))
      voted.add(id);
    expect(r.totals).toMatchObject({
      pledges: pledges.length,
      voted: pledges.filter((id) => voted.has(id)).length,
      postal: 1,
      unmatched: 3,
    });
    const bw1 = r.stations.find((s) => s.districts.includes('BW1'));
    const inBw1 = pledges.filter((id) => ward.districtOf.get(id) === 'BW1');
    expect(bw1).toMatchObject({ pledges: inBw1.length, voted: inBw1.filter((id) => voted.has(id)).length });
    expect(bw1?.numbersThisHour).toBeGreaterThan(5);
    expect(bw1?.tellers.map((x) => x.name).sort()).toEqual(['Ann Knocker', 'Tom Teller']);
    expect(bw1?.tellers.every((x) => x.lastSync !== null)).toBe(true);
    expect(r.walks.find((x) => x.id === ward.walks[0]?.id)?.out.map((o) => o.name)).toEqual(['Ann Knocker']);
    const entered = (await room.unmatched(w.ctx, as('organiser'), dayId)).entries.map((e) => e.entered);
    expect(entered).toHaveLength(3);
    expect(entered).toEqual(expect.arrayContaining(['smudged', '99999', expect.stringMatching(/^\d+\/2$/)]));
  });
});

describe('volunteers for the day', () => {
  it('makes telling shifts per station and hour, and knocking-up shifts, as sessions members join in one tap', async () => {
    const nextWeek = new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10);
    const later = await polling.createPollingDay(
      w.ctx,
      as('organiser'),
      ward.tree.wardA.id,
      day({ name: 'Next week', heldOn: nextWeek }),
    );
    // 07:00 to 22:00 in five-hour shifts, at each of the two stations.
    const telling = await makeShifts(
      w.ctx,
      as('organiser'),
      later.id,
      shiftsBody.parse({ kind: 'telling', hours: 5 }),
    );
    expect(telling.sessions).toBe(6);
    const knocking = await makeShifts(
      w.ctx,
      as('organiser'),
      later.id,
      shiftsBody.parse({ kind: 'knocking', hours: 3, meetingPoint: 'The committee room, 4 High Street' }),
    );
    expect(knocking.sessions).toBe(5);
    const listed = await listSessions(w.ctx, as('organiser'), ward.tree.wardA.id);
    const titles = listed.sessions.map((x) => x.title);
    expect(titles).toContain('Next week: Telling at Abbey School, 07:00–12:00');
    expect(titles).toContain('Next week: Knocking-up, 19:00–22:00');
    const shift = listed.sessions.find((x) => x.title.startsWith('Next week: Telling at St Mary'));
    await expect(signUpMember(w.ctx, as('tom'), shift?.id ?? '')).resolves.toBeDefined();
  });
});

describe('after the poll', () => {
  it('compares with the marked register: pledges who voted, and how many in-person voters tellers took', async () => {
    expect((await room.afterThePoll(w.ctx, as('organiser'), dayId)).marked).toBe(false);
    const bw1 = ward.register.filter((e) => e.district === 'BW1').slice(0, 60);
    await importMarkedRegister(w.ctx, as('organiser'), {
      branchId: ward.tree.wardA.id,
      election: 'By-election',
      heldOn: ukNow(new Date()).day,
      input: `Elector Number Prefix,Elector Number,Elector Number Suffix,Postal\n${bw1.map((e) => `BW1,${e.number},,`).join('\n')}\n`,
      dryRun: false,
    });
    const after = await room.afterThePoll(w.ctx, as('organiser'), dayId);
    const marked = new Set(bw1.map((e) => ward.idOf.get(`BW1-${e.number}`)));
    const voted = await told();
    const pledges = ward.pledgeIds().filter((id) => ward.districtOf.get(id) === 'BW1');
    expect(after.marked).toBe(true);
    expect(after.districts.find((d) => d.district === 'BW1')).toEqual({
      district: 'BW1',
      pledges: pledges.length,
      pledgesVoted: pledges.filter((id) => marked.has(id)).length,
      votedInPerson: 60,
      told: [...marked].filter((id) => id && voted.has(id)).length,
    });
  });

  it('the retention job deletes telling and knock-up records and the absent voters list once the organiser’s period has passed', async () => {
    const count = async () =>
      (
        await queryRows<{ n: number; k: number; a: number }>(
          w.db,
          sql`select (select count(*)::int from telling_entries where election_id = ${dayId}) as n,
                (select count(*)::int from knockup_records where election_id = ${dayId}) as k,
                (select count(*)::int from absent_voters where election_id = ${dayId}) as a`,
        )
      )[0];
    const before = await count();
    expect(before?.n).toBeGreaterThan(0);
    expect(before?.a).toBe(2);
    await runRetention(w.ctx, 730, new Date(Date.now() + 59 * 86_400_000));
    expect(await count()).toEqual(before);
    await runRetention(w.ctx, 730, new Date(Date.now() + 62 * 86_400_000));
    expect(await count()).toEqual({ n: 0, k: 0, a: 0 });
  });
});
