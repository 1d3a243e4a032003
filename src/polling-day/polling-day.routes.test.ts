/**
 * Polling day over HTTP: what is HTTP's — status codes, validation naming the fields, who may call each
 * endpoint, files in and out. The rules themselves are tested in polling-day.service.test.ts.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callAs, jobContext, startTestApp, type TestApp } from '../../test/helpers/app.ts';
import { dayForm, makePollingWard, tellingEntry, type PollingWard } from '../../test/helpers/polling-ward.ts';

let t: TestApp;
let ward: PollingWard;
const cookies: Record<string, string> = {};
const call = callAs(() => t, cookies);
let dayId = '';
let stations: { id: string; districts: string[] }[] = [];
const stationOf = (district: string) => stations.find((s) => s.districts.includes(district))?.id ?? '';
const csv = { 'content-type': 'text/csv' };

beforeAll(async () => {
  t = await startTestApp();
  ward = await makePollingWard(jobContext(t));
  for (const [who, p] of Object.entries(ward.people)) cookies[who] = await t.signIn(p.member.email);
}, 120_000);
afterAll(() => t.close());

describe('setting up polling day', () => {
  const url = () => `/api/canvass/branches/${ward.tree.wardA.id}/polling-days`;

  it('refuses a set-up that cannot work with 400, naming each field at fault', async () => {
    const bad = [
      [dayForm({ opens: '22:00', closes: '07:00' }), 'closes'],
      [dayForm({ stations: [] }), 'stations'],
      [
        dayForm({
          stations: [
            { name: 'A', address: 'a', districts: ['BW1'] },
            { name: 'B', address: 'b', districts: ['BW1'] },
          ],
        }),
        'stations',
      ],
      [dayForm({ heldOn: '5 May' }), 'heldOn'],
      [dayForm({ rule: { codes: ['US'], minStrength: 4 } }), 'rule.minStrength'],
      [dayForm({ rounds: ['06:30', '10:00'] }), 'rounds'],
      [dayForm({ rounds: ['10:00', '10:00'] }), 'rounds'],
    ] as const;
    for (const [body, field] of bad) {
      const res = await call('organiser', 'POST', url(), body);
      expect(res.status).toBe(400);
      expect(res.body.error?.code).toBe('VALIDATION_FAILED');
      expect(res.body.error?.issues?.map((i) => i.field)).toContain(`body.${field}`);
    }
  });

  it('201 for the day, 409 POLLING_DAY_EXISTS for the same election again, 403 to another branch’s organiser', async () => {
    const made = await call('organiser', 'POST', url(), dayForm());
    expect(made.status).toBe(201);
    dayId = String(made.body.id);
    stations = made.body.stations as typeof stations;
    const again = await call('organiser', 'POST', url(), dayForm());
    expect(again.status).toBe(409);
    expect(again.body.error?.code).toBe('POLLING_DAY_EXISTS');
    expect((await call('elsewhere', 'POST', url(), dayForm({ name: 'Other' }))).status).toBe(403);
    expect((await call('organiser', 'GET', url())).body.pollingDays).toContainEqual(
      expect.objectContaining({ id: dayId, stations: 2 }),
    );
    expect((await call(null, 'GET', url())).status).toBe(401);
  });

  it('counts pledges for organisers of the branch only; another branch’s segment is a 400 on its field', async () => {
    const count = `/api/canvass/branches/${ward.tree.wardA.id}/pledges/count`;
    const counted = await call('organiser', 'POST', count, { rule: {} });
    expect(counted.status).toBe(200);
    expect(counted.body.pledges).toBe(ward.pledgeIds().length);
    for (const who of ['tom', 'elsewhere'])
      expect((await call(who, 'POST', count, { rule: {} })).status).toBe(403);
    const other = await call('elsewhere', 'POST', `/api/canvass/branches/${ward.tree.wardB.id}/segments`, {
      name: 'Not yours',
      filter: {},
    });
    const refused = await call('organiser', 'POST', count, { rule: { segmentId: other.body.id } });
    expect(refused.status).toBe(400);
    expect(refused.body.error?.issues?.[0]?.field).toBe('rule.segmentId');
  });

  it('tellers: PUT and DELETE for members of the branch (400 naming memberId for anyone else)', async () => {
    const teller = (who: string, district: string, method: 'PUT' | 'DELETE' = 'PUT') =>
      call('organiser', method, `/api/polling/${dayId}/stations/${stationOf(district)}/tellers`, {
        memberId: ward.people[who as keyof PollingWard['people']].member.id,
      });
    expect((await teller('tom', 'BW1')).status).toBe(200);
    expect((await teller('ann', 'BW1')).status).toBe(200);
    expect((await teller('ann', 'BW2')).status).toBe(200);
    const outsider = await teller('outsider', 'BW1');
    expect(outsider.status).toBe(400);
    expect(outsider.body.error?.issues?.[0]?.field).toBe('memberId');
    expect(
      (
        await call('tom', 'PUT', `/api/polling/${dayId}/stations/${stationOf('BW1')}/tellers`, {
          memberId: ward.people.tom.member.id,
        })
      ).status,
    ).toBe(404);
    const mine = await call('tom', 'GET', '/api/polling/telling/stations');
    expect((mine.body.stations as { id: string }[]).map((s) => s.id)).toEqual([stationOf('BW1')]);
  });
});

describe('phones', () => {
  it('telling: each entry answered as accepted, unmatched or refused; 401 signed out; 400 for what cannot be an entry', async () => {
    const [a] = ward.register.filter((e) => e.district === 'BW1');
    const good = tellingEntry(stationOf('BW1'), String(a?.number));
    const smudged = tellingEntry(stationOf('BW1'), 'smudged');
    const elsewhere = tellingEntry(stationOf('BW2'), '5');
    const res = await call('tom', 'POST', '/api/polling/telling', { entries: [good, smudged, elsewhere] });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      accepted: [good.id, smudged.id],
      unmatched: [smudged.id],
      refused: [
        { id: elsewhere.id, code: 'NOT_TELLING_THERE', message: 'You are not telling at this station' },
      ],
    });
    expect((await call(null, 'POST', '/api/polling/telling', { entries: [good] })).status).toBe(401);
    for (const entries of [
      [{ ...good, entered: 'x'.repeat(21) }],
      [tellingEntry(stationOf('BW1'), '12\u0000')],
      Array.from({ length: 501 }, () => tellingEntry(stationOf('BW1'), '1')),
      [{ ...good, id: 'not-an-id' }],
    ])
      expect((await call('tom', 'POST', '/api/polling/telling', { entries })).status).toBe(400);
  });

  it('knock-up: the list for the knocker with the walk and organisers (404 for others), records refused alone', async () => {
    const walkId = ward.walks[0]?.id ?? '';
    expect((await call('ann', 'GET', '/api/polling/knockup/walks')).body.walks).toContainEqual(
      expect.objectContaining({ electionId: dayId, walkId }),
    );
    const list = await call('ann', 'GET', `/api/polling/${dayId}/knockup/${walkId}`);
    expect(list.status).toBe(200);
    // Pledges and how they vote: never kept by a browser or a proxy.
    expect(list.raw.headers['cache-control']).toBe('no-store');
    for (const who of ['tom', 'elsewhere'])
      expect((await call(who, 'GET', `/api/polling/${dayId}/knockup/${walkId}`)).status).toBe(404);
    expect((await call('organiser', 'GET', `/api/polling/${dayId}/knockup/${walkId}`)).status).toBe(200);
    const record = {
      id: randomUUID(),
      electionId: dayId,
      walkId,
      electorId: (list.body.electors as { id: string }[])[0]?.id,
      result: 'voted',
      madeAt: new Date().toISOString(),
    };
    const notMine = await call('tom', 'POST', '/api/polling/knockup', { records: [record] });
    expect(notMine.status).toBe(200);
    expect(notMine.body.refused).toEqual([expect.objectContaining({ id: record.id, code: 'NOT_ASSIGNED' })]);
    expect((await call('ann', 'POST', '/api/polling/knockup', { records: [record] })).body.accepted).toEqual([
      record.id,
    ]);
    expect(
      (await call('ann', 'POST', '/api/polling/knockup', { records: [{ ...record, result: 'maybe' }] }))
        .status,
    ).toBe(400);
  });
});

describe('the committee room', () => {
  it('prints a walk’s knock-up list as a PDF for organisers, never stored by the browser (404 for the knocker)', async () => {
    const walkId = ward.walks[0]?.id ?? '';
    const sheet = await call('organiser', 'GET', `/api/polling/${dayId}/knockup/${walkId}/sheet.pdf`);
    expect(sheet.status).toBe(200);
    expect(sheet.raw.headers['content-type']).toBe('application/pdf');
    expect(sheet.raw.headers['cache-control']).toBe('no-store');
    expect(sheet.raw.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    expect((await call('ann', 'GET', `/api/polling/${dayId}/knockup/${walkId}/sheet.pdf`)).status).toBe(404);
  });

  it('takes the absent voters list as text/csv: 422 naming each bad line, 200 when whole; 404 to non-organisers', async () => {
    const url = `/api/polling/${dayId}/absent-voters`;
    const header = 'Elector Number Prefix,Elector Number,Elector Number Suffix,Type\n';
    const [a, b] = ward.register.filter((e) => e.district === 'BW1');
    const bad = await call(
      'organiser',
      'POST',
      url,
      `${header}BW1,${a?.number},,P\nBW9,1,,P\nBW1,${b?.number},,Q\n`,
      csv,
    );
    expect(bad.status).toBe(422);
    expect(bad.body.error?.code).toBe('IMPORT_INVALID');
    expect(bad.body.error?.issues?.map((i) => i.line)).toEqual([3, 4]);
    const good = await call('organiser', 'POST', url, `${header}BW1,${a?.number},,P\n`, csv);
    expect(good.status).toBe(200);
    expect(good.body).toEqual({ rows: 1, postal: 1, proxy: 0, postalProxy: 0 });
    expect((await call('tom', 'POST', url, header, csv)).status).toBe(404);
    const chase = await call('organiser', 'POST', `/api/polling/${dayId}/postal-walks`, {});
    expect(chase.status).toBe(201);
    expect((await call('tom', 'POST', `/api/polling/${dayId}/postal-walks`, {})).status).toBe(404);
  });

  it('the room, numbers to check and the comparison answer organisers of the branch alone', async () => {
    for (const path of ['committee-room', 'unmatched', 'after']) {
      expect((await call('organiser', 'GET', `/api/polling/${dayId}/${path}`)).status).toBe(200);
      for (const who of ['tom', 'ann', 'elsewhere', 'outsider'])
        expect((await call(who, 'GET', `/api/polling/${dayId}/${path}`)).status).toBe(404);
      expect((await call(null, 'GET', `/api/polling/${dayId}/${path}`)).status).toBe(401);
    }
    expect((await call('organiser', 'GET', `/api/polling/${randomUUID()}/committee-room`)).status).toBe(404);
    expect((await call('organiser', 'GET', '/api/polling/not-an-id/committee-room')).status).toBe(400);
  });

  it('shifts: 201 for the organiser, 404 to anyone else, 400 for a kind there is not', async () => {
    const url = `/api/polling/${dayId}/shifts`;
    const made = await call('organiser', 'POST', url, { kind: 'driving', hours: 4 });
    expect(made.status).toBe(201);
    expect(made.body.sessions).toBeGreaterThan(0);
    for (const who of ['tom', 'elsewhere'])
      expect((await call(who, 'POST', url, { kind: 'driving' })).status).toBe(404);
    expect((await call('organiser', 'POST', url, { kind: 'juggling' })).status).toBe(400);
  });

  it('the room’s tools: organisers enter turnout and slips (400 naming the field, 422 naming each bad number)', async () => {
    const turnout = `/api/polling/${dayId}/stations/${stationOf('BW1')}/turnout`;
    const bad = await call('organiser', 'POST', turnout, { voted: -3 });
    expect(bad.status).toBe(400);
    expect(bad.body.error?.issues?.map((i) => i.field)).toEqual(['body.voted']);
    expect((await call('organiser', 'POST', turnout, { voted: 10 })).status).toBe(200);
    expect((await call('tom', 'POST', turnout, { voted: 10 })).status).toBe(404);
    const future = await call('organiser', 'POST', turnout, { voted: 10, at: '2099-05-07T10:00:00Z' });
    expect([future.status, future.body.error?.code]).toEqual([422, 'OUT_OF_TIME']);
    const slips = `/api/polling/${dayId}/slips`;
    const slip = { stationId: stationOf('BW1'), hour: '9:00', numbers: '1 2' };
    const badHour = await call('organiser', 'POST', slips, slip);
    expect(badHour.body.error?.issues?.map((i) => i.field)).toEqual(['body.hour']);
    // An hour before the polls open (07:00) has no slip.
    const early = await call('organiser', 'POST', slips, { ...slip, hour: '06:00' });
    expect([early.status, early.body.error?.code]).toEqual([422, 'OUT_OF_TIME']);
    for (const path of ['telling-hours', 'drivers'])
      expect((await call('tom', 'GET', `/api/polling/${dayId}/${path}`)).status).toBe(404);
  });

  it('lifts: organisers and the day’s drivers only; a lift nobody asked for is 404', async () => {
    const lifts = `/api/polling/${dayId}/lifts`;
    expect((await call('organiser', 'GET', lifts)).status).toBe(200);
    expect((await call('tom', 'GET', lifts)).status).toBe(404);
    expect((await call(null, 'GET', lifts)).status).toBe(401);
    const on = await call('organiser', 'PUT', `/api/polling/${dayId}/drivers`, {
      memberId: ward.people.tom.member.id,
    });
    expect(on.body).toEqual({ drivers: [{ id: ward.people.tom.member.id, name: 'Tom Teller' }] });
    expect((await call('tom', 'GET', lifts)).status).toBe(200);
    expect((await call('tom', 'GET', '/api/polling/driving')).body.days).toHaveLength(1);
    expect((await call('tom', 'POST', `${lifts}/${randomUUID()}/take`)).status).toBe(404);
    // The organiser's home page is told of the day; a member who organises nothing hears of none.
    const organising = await call('organiser', 'GET', '/api/polling/organising');
    expect(organising.body.days).toContainEqual(expect.objectContaining({ id: dayId }));
    expect((await call('tom', 'GET', '/api/polling/organising')).body.days).toEqual([]);
    expect((await call('elsewhere', 'GET', '/api/polling/organising')).body.days).toEqual([]);
    expect((await call('ann', 'POST', `${lifts}/${randomUUID()}/take`)).status).toBe(404);
  });
});
