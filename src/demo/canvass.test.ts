import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../test/helpers/app.ts';
import { demoMemberEmail, seedDemo } from './index.ts';
import { DEMO_ELECTORS } from './canvass.ts';
import { ukNow } from '../polling-day/index.ts';

let t: TestApp;
let organiser = '';
let canvasser = '';

beforeAll(async () => {
  t = await startTestApp();
  await seedDemo(t.database.db);
  organiser = await t.signIn(demoMemberEmail(2));
  canvasser = await t.signIn(demoMemberEmail(8));
}, 120_000);
afterAll(() => t.close());

describe('the demo canvass', () => {
  it('gives one ward a register with turnout, a segment, walks, records and a session to try every screen', async () => {
    // A walk to canvass this week, and one to knock up on polling day.
    const canvassed = (await t.call(canvasser, 'GET', '/api/doorstep/walks')).body.walks as {
      id: string;
      branch: string;
    }[];
    expect(canvassed).toHaveLength(2);
    const wardId = (await t.call(canvasser, 'GET', '/api/me')).body.member as {
      homeWard: { id: string; name: string };
    };
    expect(canvassed[0]?.branch).toBe(wardId.homeWard.name);
    const ward = wardId.homeWard.id;
    const register = (await t.call(organiser, 'GET', `/api/canvass/branches/${ward}/register`)).body;
    expect(register.electors).toBe(DEMO_ELECTORS);
    // Two past elections with their turnout, and the by-election ahead.
    expect((register.elections as { voted: number }[]).map((e) => e.voted > 0)).toEqual([false, true, true]);
    const segments = (await t.call(organiser, 'GET', `/api/canvass/branches/${ward}/segments`)).body
      .segments as {
      electors: number;
      walks: number;
    }[];
    expect(segments).toHaveLength(1);
    const counted = await t.call(organiser, 'POST', `/api/canvass/branches/${ward}/segments/count`, {
      filter: { districts: ['AB1', 'AB2'], turnout: ['never_voted'] },
    });
    expect(counted.body.electors).toBe(segments[0]?.electors);
    expect(segments[0]?.walks).toBeGreaterThan(3);
    const dashboard = (await t.call(organiser, 'GET', `/api/canvass/branches/${ward}/dashboard`)).body;
    // Yesterday's 45 doors, and eight more walks over the last three weeks (a record for each elector),
    // and of the ten earlier weeks' canvassing (130 doors a week, from two weeks ago) the 30 days' worth.
    const walks = (await t.call(organiser, 'GET', `/api/canvass/branches/${ward}/walks`)).body.walks as {
      electors: number;
    }[];
    const walked = 45 + walks.slice(2, 10).reduce((s, w) => s + w.electors, 0);
    expect(dashboard.records).toBeGreaterThan(walked + 130);
    expect(dashboard.records).toBeLessThanOrEqual(walked + 3 * 130);
    expect((dashboard.walks as { doors: number }[]).every((w) => w.doors <= 75)).toBe(true);
    const sessions = (await t.call(organiser, 'GET', `/api/canvass/branches/${ward}/sessions`)).body.sessions;
    expect(sessions).toHaveLength(1);
    const download = await t.call(canvasser, 'GET', `/api/doorstep/walks/${canvassed[0]?.id}`);
    expect((download.body.electors as unknown[]).length).toBeGreaterThan(40);
  });
});

describe('the demo polling day', () => {
  it('gives Abbey a by-election today: two stations with a teller each, pledges, postal voters, numbers taken, a knock-up walk', async () => {
    const me = (await t.call(canvasser, 'GET', '/api/me')).body.member as { homeWard: { id: string } };
    const days = (await t.call(organiser, 'GET', `/api/canvass/branches/${me.homeWard.id}/polling-days`)).body
      .pollingDays as { id: string; heldOn: string; stations: number }[];
    expect(days).toHaveLength(1);
    const day = days[0];
    if (!day) throw new Error('no polling day');
    expect(day.heldOn).toBe(ukNow(new Date()).day);
    expect(day.stations).toBe(2);
    const full = (await t.call(organiser, 'GET', `/api/polling/${day.id}`)).body.stations as {
      tellers: unknown[];
    }[];
    expect(full.map((s) => s.tellers.length)).toEqual([1, 1]);
    const room = (await t.call(organiser, 'GET', `/api/polling/${day.id}/committee-room`)).body;
    const totals = room.totals as { pledges: number; voted: number; postal: number; unmatched: number };
    expect(totals.pledges).toBeGreaterThan(30);
    expect(totals.voted).toBe(4);
    expect(totals.postal).toBeGreaterThan(3);
    expect(totals.unmatched).toBe(1);
    const stations = (await t.call(canvasser, 'GET', '/api/polling/telling/stations')).body
      .stations as unknown[];
    expect(stations).toHaveLength(1);
    const walks = (await t.call(canvasser, 'GET', '/api/doorstep/walks')).body.walks as { id: string }[];
    const lists = await Promise.all(
      walks.map((w) => t.call(canvasser, 'GET', `/api/polling/${day.id}/knockup/${w.id}`)),
    );
    expect(lists.map((l) => (l.body.electors as unknown[]).length).some((n) => n > 5)).toBe(true);
  });
});
