/**
 * Polling day over HTTP: pledges, tellers' numbers in every form, repeats and late arrivals, knock-up lists,
 * the absent voters list, the committee room, the comparison with the marked register, retention, and who
 * may reach each.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../db/client.ts';
import { canvassRecords } from '../db/schema/index.ts';
import { rng } from '../math/random.ts';
import { callAs, startTestApp, type TestApp } from '../../test/helpers/app.ts';
import { makeMember, makeTree, type TestMember, type Tree } from '../../test/helpers/factories.ts';
import { registerCsv, runRetention, syntheticRegister } from '../canvass/index.ts';
import { RETENTION } from '../server/app.ts';

let t: TestApp;
let tree: Tree;
const cookies: Record<string, string> = {};
const people: Record<string, TestMember> = {};
const call = callAs(() => t, cookies);
const register = syntheticRegister({ electors: 400, districts: ['BW1', 'BW2'], seed: 5 });

/** Elector id by "BW1-12"; the truth each test checks against, computed here, apart from the server. */
const idOf = new Map<string, string>();
const districtOf = new Map<string, string>();
/** Each elector's latest intention and strength as the records below make it. */
const latest = new Map<string, { intention: string; strength: number | null }>();
let walks: { id: string; name: string }[] = [];
let dayId = '';
let stations: { id: string; name: string; districts: string[] }[] = [];

const isPledge = (id: string, codes = ['US'], min = 2) => {
  const l = latest.get(id);
  return l !== undefined && codes.includes(l.intention) && (l.strength ?? 1) >= min;
};
const pledgeIds = () => [...idOf.values()].filter((id) => isPledge(id));
const entry = (stationId: string, entered: string, over: Record<string, unknown> = {}) => ({
  id: randomUUID(),
  stationId,
  entered,
  takenAt: new Date().toISOString(),
  ...over,
});

beforeAll(async () => {
  t = await startTestApp();
  tree = await makeTree(t.database.db);
  const db = t.database.db;
  people.organiser = await makeMember(db, tree.wardA, { roles: [['organiser', tree.wardA]] });
  people.tom = await makeMember(db, tree.wardA, { name: 'Tom Teller' });
  people.ann = await makeMember(db, tree.wardA, { name: 'Ann Knocker' });
  people.outsider = await makeMember(db, tree.wardB);
  people.elsewhere = await makeMember(db, tree.wardB, { roles: [['organiser', tree.wardB]] });
  for (const [k, m] of Object.entries(people)) cookies[k] = await t.signIn(m.email);
  const imported = await call(
    'organiser',
    'POST',
    `/api/canvass/branches/${tree.wardA.id}/register`,
    registerCsv(register),
    { 'content-type': 'text/csv' },
  );
  expect(imported.status).toBe(200);
  for (const row of await queryRows<{ id: string; district: string; number: number }>(
    db,
    sql`select id, district, number from electors where branch_id = ${tree.wardA.id}`,
  )) {
    idOf.set(`${row.district}-${row.number}`, row.id);
    districtOf.set(row.id, row.district);
  }
  // Doorstep records: up to three per elector at different times; the latest with an intention stands,
  // and a later "not in" does not change it.
  const rand = rng(11);
  const codes = ['US', 'US', 'LAB', 'CON', 'UND'];
  const rows: (typeof canvassRecords.$inferInsert)[] = [];
  const base = Date.now() - 30 * 86_400_000;
  for (const id of idOf.values()) {
    const n = Math.floor(rand() * 4);
    const times = Array.from({ length: n }, () => base + Math.floor(rand() * 20 * 86_400_000)).sort(
      (a, b) => a - b,
    );
    // Sent in shuffled order: arrival order must not matter.
    for (const at of [...times].reverse()) {
      const spoke = rand() < 0.8;
      const intention = spoke ? (codes[Math.floor(rand() * codes.length)] ?? 'US') : null;
      const strength = spoke ? (rand() < 0.15 ? null : 1 + Math.floor(rand() * 3)) : null;
      rows.push({
        id: randomUUID(),
        electorId: id,
        branchId: tree.wardA.id,
        canvasserId: people.organiser.id,
        madeAt: new Date(at),
        outcome: spoke ? 'spoke' : 'not_in',
        intention,
        strength,
      });
    }
  }
  await db.insert(canvassRecords).values(rows);
  for (const id of idOf.values()) {
    const mine = rows
      .filter((r) => r.electorId === id && r.intention)
      .sort((a, b) => a.madeAt.getTime() - b.madeAt.getTime());
    const last = mine.at(-1);
    if (last?.intention) latest.set(id, { intention: last.intention, strength: last.strength ?? null });
  }
  // Walks of the whole register, the first given to Ann for the day.
  await call('organiser', 'POST', `/api/canvass/branches/${tree.wardA.id}/segments`, {
    name: 'Everyone',
    filter: {},
  });
  const segments = await call('organiser', 'GET', `/api/canvass/branches/${tree.wardA.id}/segments`);
  const segmentId = String((segments.body.segments as { id: string }[])[0]?.id);
  const cut = await call('organiser', 'POST', `/api/canvass/segments/${segmentId}/walks`, {
    doorsPerWalk: 40,
  });
  walks = cut.body.walks as { id: string; name: string }[];
  const assigned = await call('organiser', 'POST', `/api/canvass/walks/${walks[0]?.id}/assignments`, {
    memberId: people.ann.id,
    hours: 12,
  });
  expect(assigned.status).toBe(201);
}, 120_000);
afterAll(() => t.close());

const day = (over: Record<string, unknown> = {}) => ({
  name: 'By-election',
  heldOn: new Date().toISOString().slice(0, 10),
  rule: { codes: ['US'], minStrength: 2 },
  target: 50,
  stations: [
    { name: 'St Mary’s Hall', address: '1 Church Lane', districts: ['BW1'] },
    { name: 'Abbey School', address: '2 School Road', districts: ['BW2'] },
  ],
  ...over,
});

describe('setting up polling day', () => {
  it('counts pledges before saving: the same as an independent count, by district', async () => {
    const counted = await call('organiser', 'POST', `/api/canvass/branches/${tree.wardA.id}/pledges/count`, {
      rule: { codes: ['US'], minStrength: 2 },
    });
    expect(counted.status).toBe(200);
    const truth = pledgeIds();
    expect(truth.length).toBeGreaterThan(20);
    expect(counted.body.pledges).toBe(truth.length);
    const byDistrict = counted.body.byDistrict as { district: string; pledges: number }[];
    for (const d of ['BW1', 'BW2'])
      expect(byDistrict.find((x) => x.district === d)?.pledges).toBe(
        truth.filter((id) => districtOf.get(id) === d).length,
      );
    // A softer rule with two codes finds more, again exactly.
    const wider = await call('organiser', 'POST', `/api/canvass/branches/${tree.wardA.id}/pledges/count`, {
      rule: { codes: ['US', 'UND'], minStrength: 1 },
    });
    expect(wider.body.pledges).toBe([...idOf.values()].filter((id) => isPledge(id, ['US', 'UND'], 1)).length);
    // Or a saved segment's electors, whatever their intentions: the segment's count.
    const everyone = await call(
      'organiser',
      'POST',
      `/api/canvass/branches/${tree.wardA.id}/segments/count`,
      {
        filter: { districts: ['BW2'] },
      },
    );
    const saved = await call('organiser', 'POST', `/api/canvass/branches/${tree.wardA.id}/segments`, {
      name: 'BW2 pledges',
      filter: { districts: ['BW2'] },
    });
    const bySegment = await call(
      'organiser',
      'POST',
      `/api/canvass/branches/${tree.wardA.id}/pledges/count`,
      {
        rule: { segmentId: saved.body.id },
      },
    );
    expect(bySegment.body.pledges).toBe(everyone.body.electors);
    const segmentDay = await call(
      'organiser',
      'POST',
      `/api/canvass/branches/${tree.wardA.id}/polling-days`,
      day({ name: 'Segment day', rule: { segmentId: saved.body.id } }),
    );
    expect(segmentDay.body.rule).toMatchObject({ segmentId: saved.body.id });
    const segmentRoom = await call(
      'organiser',
      'GET',
      `/api/polling/${String(segmentDay.body.id)}/committee-room`,
    );
    expect((segmentRoom.body.totals as { pledges: number }).pledges).toBe(everyone.body.electors);
    const other = await call('elsewhere', 'POST', `/api/canvass/branches/${tree.wardB.id}/segments`, {
      name: 'Not yours',
      filter: {},
    });
    const refused = await call('organiser', 'POST', `/api/canvass/branches/${tree.wardA.id}/pledges/count`, {
      rule: { segmentId: other.body.id },
    });
    expect(refused.status).toBe(400);
    expect(refused.body.error?.issues?.[0]?.field).toBe('rule.segmentId');
    // Only organisers of the branch count.
    for (const who of ['tom', 'elsewhere'])
      expect(
        (await call(who, 'POST', `/api/canvass/branches/${tree.wardA.id}/pledges/count`, { rule: {} }))
          .status,
      ).toBe(403);
  });

  it('refuses a set-up that cannot work, naming what is wrong', async () => {
    const url = `/api/canvass/branches/${tree.wardA.id}/polling-days`;
    const bad = [
      [day({ opens: '22:00', closes: '07:00' }), 'closes'],
      [day({ stations: [] }), 'stations'],
      [
        day({
          stations: [
            { name: 'A', address: 'a', districts: ['BW1'] },
            { name: 'B', address: 'b', districts: ['BW1'] },
          ],
        }),
        'stations',
      ],
      [day({ heldOn: '5 May' }), 'heldOn'],
      [day({ rule: { codes: ['US'], minStrength: 4 } }), 'rule.minStrength'],
      [day({ rounds: ['06:30', '10:00'] }), 'rounds'],
      [day({ rounds: ['10:00', '10:00'] }), 'rounds'],
    ] as const;
    for (const [body, field] of bad) {
      const res = await call('organiser', 'POST', url, body);
      expect(res.status).toBe(400);
      expect(res.body.error?.code).toBe('VALIDATION_FAILED');
      expect(res.body.error?.issues?.map((i) => i.field)).toContain(`body.${field}`);
    }
  });

  it('saves the day with its stations; the same election twice is a clash; tellers are members of the branch', async () => {
    const url = `/api/canvass/branches/${tree.wardA.id}/polling-days`;
    const made = await call('organiser', 'POST', url, day());
    expect(made.status).toBe(201);
    dayId = String(made.body.id);
    stations = made.body.stations as typeof stations;
    expect(made.body.rounds).toEqual(['10:00', '14:00', '17:00', '19:30']);
    expect(stations.map((s) => s.districts)).toEqual([['BW2'], ['BW1']]);
    const again = await call('organiser', 'POST', url, day());
    expect(again.status).toBe(409);
    expect(again.body.error?.code).toBe('POLLING_DAY_EXISTS');
    expect((await call('elsewhere', 'POST', url, day({ name: 'Other' }))).status).toBe(403);
    const listed = await call('organiser', 'GET', url);
    // This one, and the one counted from a segment above.
    expect((listed.body.pollingDays as { name: string }[]).map((d) => d.name).sort()).toEqual([
      'By-election',
      'Segment day',
    ]);
    expect(listed.body.pollingDays).toContainEqual(expect.objectContaining({ id: dayId, stations: 2 }));

    const bw1 = stations.find((s) => s.districts.includes('BW1'));
    const bw2 = stations.find((s) => s.districts.includes('BW2'));
    for (const [who, station] of [
      ['tom', bw1],
      ['ann', bw1],
      ['ann', bw2],
    ] as const) {
      const put = await call('organiser', 'PUT', `/api/polling/${dayId}/stations/${station?.id}/tellers`, {
        memberId: people[who]?.id,
      });
      expect(put.status).toBe(200);
    }
    const outsider = await call('organiser', 'PUT', `/api/polling/${dayId}/stations/${bw1?.id}/tellers`, {
      memberId: people.outsider?.id,
    });
    expect(outsider.status).toBe(400);
    expect(outsider.body.error?.issues?.[0]?.field).toBe('memberId');
    const mine = await call('tom', 'GET', '/api/polling/telling/stations');
    expect((mine.body.stations as { id: string }[]).map((s) => s.id)).toEqual([bw1?.id]);
    expect((await call('outsider', 'GET', '/api/polling/telling/stations')).body.stations).toEqual([]);
  });
});

const stationOf = (district: string) => {
  const s = stations.find((x) => x.districts.includes(district));
  if (!s) throw new Error(`no station for ${district}`);
  return s.id;
};
const told = async () =>
  new Set(
    (
      await queryRows<{ id: string }>(
        t.database.db,
        sql`select distinct elector_id as id from telling_entries where election_id = ${dayId} and not undone
            and elector_id is not null`,
      )
    ).map((r) => r.id),
  );

describe('telling', () => {
  it('reads numbers in every form tellers type, keeps the ones that match no one', async () => {
    const bw1 = register.filter((e) => e.district === 'BW1');
    const [a, b, c] = bw1;
    if (!a || !b || !c) throw new Error('register too small');
    const entries = [
      entry(stationOf('BW1'), String(a.number)),
      entry(stationOf('BW1'), `BW1-${b.number}`),
      entry(stationOf('BW1'), `bw1 ${c.number}/0`),
      entry(stationOf('BW1'), `${a.number}/2`),
      entry(stationOf('BW1'), '99999'),
      entry(stationOf('BW1'), 'smudged'),
    ];
    const res = await call('tom', 'POST', '/api/polling/telling', { entries });
    expect(res.status).toBe(200);
    expect(res.body.accepted).toEqual(entries.map((e) => e.id));
    expect(res.body.unmatched).toEqual(entries.slice(3).map((e) => e.id));
    const stored = await queryRows<{ id: string; elector_id: string | null; entered: string }>(
      t.database.db,
      sql`select id, elector_id, entered from telling_entries where election_id = ${dayId}`,
    );
    const byId = new Map(stored.map((r) => [r.id, r]));
    expect(byId.get(entries[0]?.id ?? '')?.elector_id).toBe(idOf.get(`BW1-${a.number}`));
    expect(byId.get(entries[1]?.id ?? '')?.elector_id).toBe(idOf.get(`BW1-${b.number}`));
    expect(byId.get(entries[2]?.id ?? '')?.elector_id).toBe(idOf.get(`BW1-${c.number}`));
    expect(byId.get(entries[5]?.id ?? '')).toMatchObject({ elector_id: null, entered: 'smudged' });
  });

  it('counts each voter once, whatever repeats, other tellers and late or undone entries', async () => {
    const bw1 = register.filter((e) => e.district === 'BW1').slice(10, 14);
    const [a, b, c, d] = bw1;
    if (!a || !b || !c || !d) throw new Error('register too small');
    const before = await told();
    const first = entry(stationOf('BW1'), String(a.number));
    // Sent twice (an answer lost on the way back), and taken again by a second teller.
    await call('tom', 'POST', '/api/polling/telling', { entries: [first] });
    await call('tom', 'POST', '/api/polling/telling', { entries: [first] });
    await call('ann', 'POST', '/api/polling/telling', {
      entries: [entry(stationOf('BW1'), `BW1-${a.number}`)],
    });
    // Undone: sent again undone; sent once more as it was, it stays undone.
    const mistake = entry(stationOf('BW1'), String(b.number));
    await call('tom', 'POST', '/api/polling/telling', { entries: [mistake] });
    await call('tom', 'POST', '/api/polling/telling', { entries: [{ ...mistake, undone: true }] });
    await call('tom', 'POST', '/api/polling/telling', { entries: [mistake] });
    // The undo arriving before the entry it undoes.
    const late = entry(stationOf('BW1'), String(c.number));
    await call('tom', 'POST', '/api/polling/telling', { entries: [{ ...late, undone: true }] });
    await call('tom', 'POST', '/api/polling/telling', { entries: [late] });
    // Someone else's entry cannot be undone by another teller.
    const kept = entry(stationOf('BW1'), String(d.number));
    await call('tom', 'POST', '/api/polling/telling', { entries: [kept] });
    const forged = await call('ann', 'POST', '/api/polling/telling', {
      entries: [{ ...kept, undone: true }],
    });
    expect(forged.body.refused).toEqual([
      expect.objectContaining({ id: kept.id, code: 'NOT_TELLING_THERE' }),
    ]);
    const after = await told();
    const added = [...after].filter((id) => !before.has(id));
    expect(added.sort()).toEqual([idOf.get(`BW1-${a.number}`), idOf.get(`BW1-${d.number}`)].sort());
    const [rows] = await queryRows<{ n: number }>(
      t.database.db,
      sql`select count(*)::int as n from telling_entries where id = ${first.id}`,
    );
    expect(rows?.n).toBe(1);
  });

  it('refuses numbers from a station the teller is not at, and from anyone not telling', async () => {
    const e = entry(stationOf('BW2'), '5');
    const res = await call('tom', 'POST', '/api/polling/telling', { entries: [e] });
    expect(res.body).toMatchObject({ accepted: [], refused: [{ id: e.id, code: 'NOT_TELLING_THERE' }] });
    const outsider = await call('outsider', 'POST', '/api/polling/telling', { entries: [e] });
    expect(outsider.body.accepted).toEqual([]);
    expect((await call(null, 'POST', '/api/polling/telling', { entries: [e] })).status).toBe(401);
    const bad = await call('tom', 'POST', '/api/polling/telling', {
      entries: [{ ...e, entered: 'x'.repeat(21) }],
    });
    expect(bad.status).toBe(400);
  });

  it('a bare number at a station of two districts that both hold it is kept for checking, not guessed', async () => {
    const both = register.find(
      (e) => e.district === 'BW1' && register.some((o) => o.district === 'BW2' && o.number === e.number),
    );
    if (!both) throw new Error('no number in both districts');
    const made = await call(
      'organiser',
      'POST',
      `/api/canvass/branches/${tree.wardA.id}/polling-days`,
      day({ name: 'Two districts', stations: [{ name: 'Hall', address: 'x', districts: ['BW1', 'BW2'] }] }),
    );
    const station = (made.body.stations as { id: string }[])[0]?.id ?? '';
    await call('organiser', 'PUT', `/api/polling/${String(made.body.id)}/stations/${station}/tellers`, {
      memberId: people.tom?.id,
    });
    const bare = entry(station, String(both.number));
    const prefixed = entry(station, `BW2-${both.number}`);
    const res = await call('tom', 'POST', '/api/polling/telling', { entries: [bare, prefixed] });
    expect(res.body.unmatched).toEqual([bare.id]);
    expect(res.body.accepted).toEqual([bare.id, prefixed.id]);
  });
});

describe('absent voters, knock-up and the committee room', () => {
  it('imports the absent voters list, refusing a bad file whole with its lines', async () => {
    const pledges = pledgeIds();
    const numberOf = new Map([...idOf].map(([k, v]) => [v, k]));
    const onWalk = await queryRows<{ id: string }>(
      t.database.db,
      sql`select elector_id as id from walk_electors where walk_id = ${walks[0]?.id}`,
    );
    const walkPledges = onWalk.map((r) => r.id).filter((id) => pledges.includes(id));
    expect(walkPledges.length).toBeGreaterThan(3);
    const [postal, proxy] = walkPledges;
    const line = (id: string | undefined, type: string) => {
      const [d, n] = (numberOf.get(id ?? '') ?? '').split('-');
      return `${d},${n},,${type}\n`;
    };
    const header = 'Elector Number Prefix,Elector Number,Elector Number Suffix,Type\n';
    const bad = await call(
      'organiser',
      'POST',
      `/api/polling/${dayId}/absent-voters`,
      `${header}${line(postal, 'P')}BW9,1,,P\n${line(proxy, 'Q')}`,
      { 'content-type': 'text/csv' },
    );
    expect(bad.status).toBe(422);
    expect(bad.body.error?.issues?.map((i) => i.line)).toEqual([3, 4]);
    const good = await call(
      'organiser',
      'POST',
      `/api/polling/${dayId}/absent-voters`,
      `${header}${line(postal, 'P')}${line(proxy, 'PX')}`,
      { 'content-type': 'text/csv' },
    );
    expect(good.body).toEqual({ rows: 2, postal: 1, proxy: 1, postalProxy: 0 });
    // Both are flagged on the walk as the canvasser downloads it.
    const download = await call('ann', 'GET', `/api/doorstep/walks/${walks[0]?.id}`);
    const marks = (download.body.electors as { id: string; absent: string | null }[]).filter((e) => e.absent);
    expect(marks).toEqual(
      expect.arrayContaining([
        { ...marks.find((m) => m.id === postal), absent: 'postal' },
        { ...marks.find((m) => m.id === proxy), absent: 'proxy' },
      ]),
    );
    expect(marks).toHaveLength(2);
    // The postal-vote pledge is walked before the day; the proxy is not.
    const chase = await call('organiser', 'POST', `/api/polling/${dayId}/postal-walks`, {});
    expect(chase.status).toBe(201);
    expect(chase.body).toEqual({ walks: 1, electors: 1 });
    const all = await call('organiser', 'GET', `/api/canvass/branches/${tree.wardA.id}/walks`);
    const chaseWalk = (all.body.walks as { name: string; electors: number }[]).find((w) =>
      w.name.includes('Postal chase'),
    );
    expect(chaseWalk?.electors).toBe(1);
    expect((await call('tom', 'POST', `/api/polling/${dayId}/postal-walks`, {})).status).toBe(404);
    expect(
      (
        await call('tom', 'POST', `/api/polling/${dayId}/absent-voters`, header, {
          'content-type': 'text/csv',
        })
      ).status,
    ).toBe(404);
  });

  it('a knock-up list holds exactly the walk’s pledges not reported as voted (nor voting by post), in order', async () => {
    const walkId = walks[0]?.id ?? '';
    const mine = await call('ann', 'GET', '/api/polling/knockup/walks');
    expect(mine.body.walks).toContainEqual(expect.objectContaining({ electionId: dayId, walkId }));
    expect((await call('tom', 'GET', '/api/polling/knockup/walks')).body.walks).toEqual([]);
    const list = await call('ann', 'GET', `/api/polling/${dayId}/knockup/${walkId}`);
    expect(list.status).toBe(200);
    const onWalk = await queryRows<{ id: string; position: number }>(
      t.database.db,
      sql`select elector_id as id, position from walk_electors where walk_id = ${walkId} order by position`,
    );
    const voted = await told();
    const postal = new Set(
      (
        await queryRows<{ id: string }>(
          t.database.db,
          sql`select elector_id as id from absent_voters where election_id = ${dayId} and kind <> 'proxy'`,
        )
      ).map((r) => r.id),
    );
    const expected = onWalk
      .map((r) => r.id)
      .filter((id) => isPledge(id) && !voted.has(id) && !postal.has(id));
    const electors = list.body.electors as { id: string; door: number; proxy: boolean }[];
    expect(electors.map((e) => e.id)).toEqual(expected);
    expect(electors.filter((e) => e.proxy)).toHaveLength(1);
    // A teller reports one of them: the next round's list drops them.
    const [first] = electors;
    const number = [...idOf].find(([, v]) => v === first?.id)?.[0] ?? '';
    await call('tom', 'POST', '/api/polling/telling', { entries: [entry(stationOf('BW1'), number)] });
    await call('ann', 'POST', '/api/polling/telling', {
      entries: [entry(stationOf(number.split('-')[0] ?? ''), number)],
    });
    const next = await call('ann', 'GET', `/api/polling/${dayId}/knockup/${walkId}`);
    expect((next.body.electors as { id: string }[]).map((e) => e.id)).toEqual(expected.slice(1));
    // A knocker hears "already voted" at the next door: dropped too; "needs a lift" keeps them, marked.
    const [, second, third] = electors;
    const records = [
      {
        id: randomUUID(),
        electionId: dayId,
        walkId,
        electorId: second?.id,
        result: 'voted',
        madeAt: new Date().toISOString(),
      },
      {
        id: randomUUID(),
        electionId: dayId,
        walkId,
        electorId: third?.id,
        result: 'lift',
        madeAt: new Date().toISOString(),
      },
    ];
    const sent = await call('ann', 'POST', '/api/polling/knockup', { records });
    expect(sent.body.accepted).toEqual(records.map((r) => r.id));
    const third2 = await call('ann', 'GET', `/api/polling/${dayId}/knockup/${walkId}`);
    const left = third2.body.electors as { id: string; lastResult: string | null }[];
    expect(left.map((e) => e.id)).toEqual(expected.slice(2));
    expect(left[0]).toMatchObject({ id: third?.id, lastResult: 'lift' });
    // Only the assigned knocker and organisers of the branch see the list.
    expect((await call('tom', 'GET', `/api/polling/${dayId}/knockup/${walkId}`)).status).toBe(404);
    expect((await call('elsewhere', 'GET', `/api/polling/${dayId}/knockup/${walkId}`)).status).toBe(404);
    expect((await call('organiser', 'GET', `/api/polling/${dayId}/knockup/${walkId}`)).status).toBe(200);
    // On paper for the committee room (the knocker has it on the phone): an export, audited.
    const sheet = await call('organiser', 'GET', `/api/polling/${dayId}/knockup/${walkId}/sheet.pdf`);
    expect(sheet.status).toBe(200);
    expect(sheet.raw.headers['content-type']).toBe('application/pdf');
    expect(sheet.raw.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    expect((await call('ann', 'GET', `/api/polling/${dayId}/knockup/${walkId}/sheet.pdf`)).status).toBe(404);
    const notMine = await call('tom', 'POST', '/api/polling/knockup', {
      records: [{ ...records[0], id: randomUUID() }],
    });
    expect(notMine.body.refused).toEqual([expect.objectContaining({ code: 'NOT_ASSIGNED' })]);
    const [audited] = await queryRows<{ n: number }>(
      t.database.db,
      sql`select count(*)::int as n from audit_log where subject_type = 'knockup_list' and subject_id = ${walkId}
            and action = 'view'`,
    );
    // Three lists for the knocker, one for the organiser, and the one the sheet was made from.
    expect(audited?.n).toBe(5);
  });

  it('the committee room: pledges and their turnout by district and station, tellers, unmatched numbers', async () => {
    const room = await call('organiser', 'GET', `/api/polling/${dayId}/committee-room`);
    expect(room.status).toBe(200);
    const pledges = pledgeIds();
    const voted = await told();
    const knockedVoted = (
      await queryRows<{ id: string }>(
        t.database.db,
        sql`select elector_id as id from knockup_records where election_id = ${dayId} and result = 'voted'`,
      )
    ).map((r) => r.id);
    for (const id of knockedVoted) voted.add(id);
    expect(room.body.totals).toMatchObject({
      pledges: pledges.length,
      voted: pledges.filter((id) => voted.has(id)).length,
      postal: 1,
      unmatched: 3,
    });
    const stationsSeen = room.body.stations as {
      districts: string[];
      pledges: number;
      voted: number;
      numbersThisHour: number;
      tellers: { name: string; lastSync: string | null }[];
    }[];
    const bw1 = stationsSeen.find((s) => s.districts.includes('BW1'));
    const inBw1 = pledges.filter((id) => districtOf.get(id) === 'BW1');
    expect(bw1).toMatchObject({ pledges: inBw1.length, voted: inBw1.filter((id) => voted.has(id)).length });
    expect(bw1?.numbersThisHour).toBeGreaterThan(5);
    expect(bw1?.tellers.map((x) => x.name).sort()).toEqual(['Ann Knocker', 'Tom Teller']);
    expect(bw1?.tellers.every((x) => x.lastSync !== null)).toBe(true);
    const walk = (room.body.walks as { id: string; out: { name: string }[]; left: number }[]).find(
      (w) => w.id === walks[0]?.id,
    );
    expect(walk?.out.map((o) => o.name)).toEqual(['Ann Knocker']);
    const unmatched = await call('organiser', 'GET', `/api/polling/${dayId}/unmatched`);
    const entered = (unmatched.body.entries as { entered: string }[]).map((e) => e.entered);
    expect(entered).toHaveLength(3);
    expect(entered).toEqual(expect.arrayContaining(['smudged', '99999', expect.stringMatching(/^\d+\/2$/)]));
    for (const who of ['tom', 'ann', 'elsewhere', 'outsider']) {
      expect((await call(who, 'GET', `/api/polling/${dayId}/committee-room`)).status).toBe(404);
      expect((await call(who, 'GET', `/api/polling/${dayId}/unmatched`)).status).toBe(404);
    }
    expect((await call(null, 'GET', `/api/polling/${dayId}/committee-room`)).status).toBe(401);
  });
});

describe('attacks', () => {
  it('two set-ups of one election at once: one is made whole, the other is a clash, nothing doubled', async () => {
    const body = day({ name: 'Raced' });
    const url = `/api/canvass/branches/${tree.wardA.id}/polling-days`;
    const both = await Promise.all([
      call('organiser', 'POST', url, body),
      call('organiser', 'POST', url, body),
    ]);
    expect(both.map((r) => r.status).sort()).toEqual([201, 409]);
    const made = both.find((r) => r.status === 201);
    const [stationsMade] = await queryRows<{ n: number }>(
      t.database.db,
      sql`select count(*)::int as n from polling_stations where election_id = ${String(made?.body.id)}`,
    );
    expect(stationsMade?.n).toBe(2);
  });

  it('the same batch from one phone twice at once, and one voter from two tellers at once: each stored once, counted once', async () => {
    const [a, b] = register.filter((e) => e.district === 'BW1').slice(40, 42);
    if (!a || !b) throw new Error('register too small');
    const batch = [entry(stationOf('BW1'), String(a.number)), entry(stationOf('BW1'), String(b.number))];
    const twice = await Promise.all([
      call('tom', 'POST', '/api/polling/telling', { entries: batch }),
      call('tom', 'POST', '/api/polling/telling', { entries: batch }),
      call('ann', 'POST', '/api/polling/telling', { entries: [entry(stationOf('BW1'), `BW1-${a.number}`)] }),
    ]);
    for (const r of twice) expect(r.status).toBe(200);
    expect(twice[0]?.body.accepted).toEqual(batch.map((e) => e.id));
    expect(twice[1]?.body.accepted).toEqual(batch.map((e) => e.id));
    const [rows] = await queryRows<{ n: number; voters: number }>(
      t.database.db,
      sql`select count(*)::int as n, count(distinct elector_id)::int as voters from telling_entries
          where election_id = ${dayId} and elector_id in (${idOf.get(`BW1-${a.number}`)}, ${idOf.get(`BW1-${b.number}`)})`,
    );
    // Tom's two entries once each, and Ann's own: three rows, two voters.
    expect(rows).toEqual({ n: 3, voters: 2 });
  });

  it('hostile input: a NUL, a huge batch, another teller’s station by id, a knock-up record on someone else’s walk', async () => {
    const nul = await call('tom', 'POST', '/api/polling/telling', {
      entries: [entry(stationOf('BW1'), '12\u0000')],
    });
    expect(nul.status).toBe(400);
    const huge = await call('tom', 'POST', '/api/polling/telling', {
      entries: Array.from({ length: 501 }, () => entry(stationOf('BW1'), '1')),
    });
    expect(huge.status).toBe(400);
    const notMine = await call('tom', 'POST', '/api/polling/telling', {
      entries: [entry(stationOf('BW2'), '1')],
    });
    expect(notMine.body.refused).toEqual([expect.objectContaining({ code: 'NOT_TELLING_THERE' })]);
    const otherWalk = walks[1]?.id ?? '';
    const knock = await call('ann', 'POST', '/api/polling/knockup', {
      records: [
        {
          id: randomUUID(),
          electionId: dayId,
          walkId: otherWalk,
          electorId: [...idOf.values()][0],
          result: 'voted',
          madeAt: new Date().toISOString(),
        },
      ],
    });
    expect(knock.body.refused).toEqual([expect.objectContaining({ code: 'NOT_ASSIGNED' })]);
    expect((await call('ann', 'GET', `/api/polling/${dayId}/knockup/${otherWalk}`)).status).toBe(404);
  });
});

describe('volunteers for the day', () => {
  it('makes telling shifts per station and hour, and knocking-up shifts, as sessions members join in one tap', async () => {
    const nextWeek = new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10);
    const later = await call(
      'organiser',
      'POST',
      `/api/canvass/branches/${tree.wardA.id}/polling-days`,
      day({ name: 'Next week', heldOn: nextWeek }),
    );
    const laterId = String(later.body.id);
    const made = await call('organiser', 'POST', `/api/polling/${laterId}/shifts`, {
      kind: 'telling',
      hours: 5,
    });
    expect(made.status).toBe(201);
    // 07:00 to 22:00 in five-hour shifts, at each of the two stations.
    expect(made.body.sessions).toBe(6);
    const knocking = await call('organiser', 'POST', `/api/polling/${laterId}/shifts`, {
      kind: 'knocking',
      hours: 3,
      meetingPoint: 'The committee room, 4 High Street',
    });
    expect(knocking.body.sessions).toBe(5);
    const listed = await call('organiser', 'GET', `/api/canvass/branches/${tree.wardA.id}/sessions`);
    const titles = (listed.body.sessions as { id: string; title: string }[]).map((x) => x.title);
    expect(titles).toContain('Next week: Telling at Abbey School, 07:00–12:00');
    expect(titles).toContain('Next week: Knocking-up, 19:00–22:00');
    const shift = (listed.body.sessions as { id: string; title: string }[]).find((x) =>
      x.title.startsWith('Next week: Telling at St Mary'),
    );
    expect((await call('tom', 'POST', `/api/canvass/sessions/${shift?.id}/signup`)).status).toBe(200);
    for (const who of ['tom', 'elsewhere'])
      expect((await call(who, 'POST', `/api/polling/${laterId}/shifts`, { kind: 'driving' })).status).toBe(
        404,
      );
  });
});

describe('after the poll', () => {
  it('compares with the marked register: pledges who voted, and how many in-person voters tellers took', async () => {
    expect((await call('organiser', 'GET', `/api/polling/${dayId}/after`)).body.marked).toBe(false);
    const bw1 = register.filter((e) => e.district === 'BW1').slice(0, 60);
    const csv = `Elector Number Prefix,Elector Number,Elector Number Suffix,Postal\n${bw1.map((e) => `BW1,${e.number},,`).join('\n')}\n`;
    const imported = await call(
      'organiser',
      'POST',
      `/api/canvass/branches/${tree.wardA.id}/marked-register?election=By-election&heldOn=${new Date().toISOString().slice(0, 10)}`,
      csv,
      { 'content-type': 'text/csv' },
    );
    expect(imported.status).toBe(200);
    const after = await call('organiser', 'GET', `/api/polling/${dayId}/after`);
    const marked = new Set(bw1.map((e) => idOf.get(`BW1-${e.number}`)));
    const voted = await told();
    const row = (after.body.districts as Record<string, number | string>[]).find((d) => d.district === 'BW1');
    const pledges = pledgeIds().filter((id) => districtOf.get(id) === 'BW1');
    expect(after.body.marked).toBe(true);
    expect(row).toEqual({
      district: 'BW1',
      pledges: pledges.length,
      pledgesVoted: pledges.filter((id) => marked.has(id)).length,
      votedInPerson: 60,
      told: [...marked].filter((id) => id && voted.has(id)).length,
    });
  });

  it('the retention job deletes telling and knock-up records and the absent voters list once the organiser’s period has passed', async () => {
    const [before] = await queryRows<{ n: number }>(
      t.database.db,
      sql`select count(*)::int as n from telling_entries where election_id = ${dayId}`,
    );
    expect(before?.n).toBeGreaterThan(0);
    await runRetention(
      { db: t.database.db, retention: RETENTION },
      730,
      new Date(Date.now() + 59 * 86_400_000),
    );
    const [kept] = await queryRows<{ n: number }>(
      t.database.db,
      sql`select count(*)::int as n from telling_entries where election_id = ${dayId}`,
    );
    expect(kept?.n).toBe(before?.n);
    const [absentKept] = await queryRows<{ n: number }>(
      t.database.db,
      sql`select count(*)::int as n from absent_voters where election_id = ${dayId}`,
    );
    expect(absentKept?.n).toBe(2);
    await runRetention(
      { db: t.database.db, retention: RETENTION },
      730,
      new Date(Date.now() + 62 * 86_400_000),
    );
    const [gone] = await queryRows<{ n: number; k: number; a: number }>(
      t.database.db,
      sql`select (select count(*)::int from telling_entries where election_id = ${dayId}) as n,
            (select count(*)::int from knockup_records where election_id = ${dayId}) as k,
            (select count(*)::int from absent_voters where election_id = ${dayId}) as a`,
    );
    expect(gone).toEqual({ n: 0, k: 0, a: 0 });
  });
});
