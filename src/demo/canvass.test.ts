import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../test/helpers/app.ts';
import { demoMemberEmail, seedDemo } from './index.ts';
import { DEMO_ELECTORS } from './canvass.ts';

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
    const canvassed = (await t.call(canvasser, 'GET', '/api/doorstep/walks')).body.walks as {
      id: string;
      branch: string;
    }[];
    expect(canvassed).toHaveLength(1);
    const wardId = (await t.call(canvasser, 'GET', '/api/me')).body.member as {
      homeWard: { id: string; name: string };
    };
    expect(canvassed[0]?.branch).toBe(wardId.homeWard.name);
    const ward = wardId.homeWard.id;
    const register = (await t.call(organiser, 'GET', `/api/canvass/branches/${ward}/register`)).body;
    expect(register.electors).toBe(DEMO_ELECTORS);
    expect((register.elections as { voted: number }[]).map((e) => e.voted > 0)).toEqual([true, true]);
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
    expect(dashboard.records).toBe(45);
    expect((dashboard.walks as { doors: number }[]).every((w) => w.doors <= 75)).toBe(true);
    const sessions = (await t.call(organiser, 'GET', `/api/canvass/branches/${ward}/sessions`)).body.sessions;
    expect(sessions).toHaveLength(1);
    const download = await t.call(canvasser, 'GET', `/api/doorstep/walks/${canvassed[0]?.id}`);
    expect((download.body.electors as unknown[]).length).toBeGreaterThan(40);
  });
});
