/**
 * Journey: a canvasser on Saturday. The organiser (here the demo admin, through the API) adds electors to a
 * ward, cuts a walk and assigns it to two canvassers. On their phones (Chromium, phone-sized) the app is
 * installable and each downloads the walk; the network is cut with the DevTools protocol; the app still opens and records are
 * made with no signal, the count of waiting records always shown; back online they sync.
 * - 50 records made offline reach the server exactly once, even when an upload's answer is lost.
 * - Two devices record the same elector offline: both records are kept, and the latest intention is the
 *   one made last, although it reached the server first.
 */
import type { Browser, BrowserContext, CDPSession, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { syntheticRegister, REGISTER_HEADER, registerFields } from '../../src/canvass/synthetic-register.ts';
import { csvLine } from '../../src/math/io/polis-csv.ts';
import { DEMO_ADMIN_EMAIL, demoMemberEmail } from '../../src/demo/index.ts';
import { goTo, launch, signedIn, signIn } from './pages.ts';
import { check, noSidewaysScroll } from './axe.ts';

let browser: Browser;
const baseUrl = inject('baseUrl');
let admin = '';
let wardId = '';
let walk = { id: '', name: '' };
const TOM = demoMemberEmail(10);
const SCRIPT = 'Hello, I am calling for the party. What would you change round here?';
const ANN = demoMemberEmail(18);

async function api<T>(
  cookie: string,
  method: string,
  url: string,
  body?: unknown,
  type = 'application/json',
): Promise<T> {
  const res = await fetch(`${baseUrl}${url}`, {
    method,
    headers: { cookie, origin: baseUrl, ...(body !== undefined ? { 'content-type': type } : {}) },
    ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
  });
  const json = (await res.json()) as T;
  if (!res.ok) throw new Error(`${method} ${url}: ${res.status} ${JSON.stringify(json)}`);
  return json;
}

async function setNetwork(cdp: CDPSession, offline: boolean): Promise<void> {
  await cdp.send('Network.emulateNetworkConditions', {
    offline,
    latency: 0,
    downloadThroughput: -1,
    uploadThroughput: -1,
  });
}

/** A phone signed in as `email`, with the walk downloaded and the app shell in the service worker. */
async function phoneWithWalk(
  email: string,
): Promise<{ context: BrowserContext; page: Page; cdp: CDPSession }> {
  const { context, page } = await signedIn(browser, baseUrl, email);
  await goTo(page, 'Doorstep');
  await page.getByRole('heading', { name: 'My walks' }).waitFor();
  await page.getByRole('button', { name: `Download ${walk.name}` }).click();
  await page.getByRole('link', { name: walk.name }).waitFor();
  // The service worker has the app shell once it is active.
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  return { context, page, cdp };
}

beforeAll(async () => {
  browser = await launch();
  admin = await signIn(baseUrl, DEMO_ADMIN_EMAIL);
  const tom = await signIn(baseUrl, TOM);
  const me = await api<{ member: { id: string; homeWard: { id: string } } }>(tom, 'GET', '/api/me');
  wardId = me.member.homeWard.id;
  const ann = await api<{ member: { id: string; homeWard: { id: string } } }>(
    await signIn(baseUrl, ANN),
    'GET',
    '/api/me',
  );
  expect(ann.member.homeWard.id).toBe(wardId);
  // A monthly update file adding 70 electors in a new polling district of the ward.
  const people = syntheticRegister({ electors: 70, districts: ['EZ1'], seed: 5 });
  const csv = [[...REGISTER_HEADER, 'Change Type'], ...people.map((e) => [...registerFields(e), 'A'])]
    .map(csvLine)
    .join('');
  await api(admin, 'POST', `/api/canvass/branches/${wardId}/register?kind=update`, csv, 'text/csv');
  const segment = await api<{ id: string }>(admin, 'POST', `/api/canvass/branches/${wardId}/segments`, {
    name: 'EZ1 for the browser test',
    filter: { districts: ['EZ1'] },
    script: SCRIPT,
  });
  const cut = await api<{ walks: { id: string; name: string; electors: number }[] }>(
    admin,
    'POST',
    `/api/canvass/segments/${segment.id}/walks`,
    { doorsPerWalk: 100 },
  );
  const first = cut.walks[0];
  if (!first || first.electors < 52) throw new Error(`the walk is too small: ${JSON.stringify(cut.walks)}`);
  walk = first;
  for (const m of [me, ann])
    await api(admin, 'POST', `/api/canvass/walks/${walk.id}/assignments`, {
      memberId: m.member.id,
      hours: 4,
    });
});
afterAll(() => browser.close());

const waiting = (page: Page) => page.getByTestId('sync-state');
const recordsOnServer = async () => {
  const d = await api<{ walks: { id: string; records: number }[] }>(
    admin,
    'GET',
    `/api/canvass/branches/${wardId}/dashboard`,
  );
  return d.walks.find((w) => w.id === walk.id)?.records ?? -1;
};

describe('Doorstep, offline, in Chromium', () => {
  it('50 records made with no signal reach the server exactly once, even when an answer is lost', async () => {
    const { context, page, cdp } = await phoneWithWalk(TOM);
    // Installable: Chrome finds nothing missing (test browsers are always incognito, which it notes).
    const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
    expect(installabilityErrors.map((e) => e.errorId).filter((id) => id !== 'in-incognito')).toEqual([]);
    await setNetwork(cdp, true);
    // No signal: the app still opens, from the service worker and IndexedDB.
    await page.reload();
    await page.getByRole('link', { name: walk.name }).click();
    await page.getByRole('heading', { name: walk.name }).waitFor();
    const groups = page.getByRole('group', { name: /^Outcome for / });
    for (let i = 0; i < 50; i++) {
      await groups
        .nth(i)
        .getByRole('button', { name: i % 5 === 0 ? 'Refused' : 'Not in' })
        .click();
      await expect
        .poll(() => waiting(page).innerText())
        .toBe(`${i + 1} ${i === 0 ? 'record' : 'records'} waiting`);
    }
    expect(await recordsOnServer()).toBe(0);
    // Tries while offline fail and are retried with backoff; nothing is lost or sent.
    await page.getByText(/trying again in/).waitFor();
    // Back online, the server is first busy (503, as in a database outage): the phone says the records
    // are safe and keeps them. Then an upload reaches the server but its answer is lost on the way back:
    // the phone sends the batch again, and the server stores nothing twice.
    let busyAnswers = 0;
    let lostAnswers = 0;
    await page.route('**/api/doorstep/records', async (route) => {
      if (busyAnswers < 3) {
        busyAnswers++;
        await route.fulfill({
          status: 503,
          headers: { 'content-type': 'application/json', 'retry-after': '5' },
          body: JSON.stringify({
            error: { code: 'UNAVAILABLE', message: 'The service is briefly unavailable.' },
          }),
        });
      } else if (lostAnswers === 0) {
        lostAnswers++;
        await route.fetch();
        await route.abort('connectionreset');
      } else await route.continue();
    });
    await setNetwork(cdp, false);
    await page.getByText(/The server is busy: your records are safe on this phone/).waitFor();
    expect(await waiting(page).innerText()).toBe('50 records waiting');
    expect(await recordsOnServer()).toBe(0);
    await expect.poll(() => waiting(page).innerText(), { timeout: 30_000 }).toBe('All records sent');
    expect(busyAnswers).toBe(3);
    expect(lostAnswers).toBe(1);
    expect(await recordsOnServer()).toBe(50);
    await page.unroute('**/api/doorstep/records');
    // A later sync (and a reload) sends nothing again.
    await page.reload();
    await page.getByRole('heading', { name: walk.name }).waitFor();
    await page.getByTestId('sync-state').getByText('All records sent').waitFor();
    expect(await recordsOnServer()).toBe(50);
    await context.close();
  });

  it('two phones on one elector: both records kept; the intention made last wins', async () => {
    const tom = await phoneWithWalk(TOM);
    const ann = await phoneWithWalk(ANN);
    for (const p of [tom, ann]) {
      await p.page.getByRole('link', { name: walk.name }).click();
      await p.page.getByRole('heading', { name: walk.name }).waitFor();
      await setNetwork(p.cdp, true);
    }
    const target = (p: Page) => p.locator('li[data-elector-id]').nth(51);
    const electorId = (await target(tom.page).getAttribute('data-elector-id')) ?? '';
    expect(await target(ann.page).getAttribute('data-elector-id')).toBe(electorId);
    const speak = async (p: Page, intention: string) => {
      const card = target(p);
      await card.getByRole('button', { name: 'Spoke' }).click();
      await card.getByLabel('Voting intention').selectOption(intention);
      await card.getByText('Firm', { exact: true }).click();
      await card.getByLabel('Poster').check();
      await card.getByLabel(/Issues raised/).fill('Housing, buses');
      await card.getByRole('button', { name: 'Save' }).click();
      await expect.poll(() => waiting(p).innerText()).toBe('1 record waiting');
    };
    await speak(tom.page, 'LAB'); // made first
    await new Promise((r) => setTimeout(r, 50));
    await speak(ann.page, 'GRN'); // made last
    // Ann's phone finds a signal first; Tom's earlier record arrives after hers.
    await setNetwork(ann.cdp, false);
    await expect.poll(() => waiting(ann.page).innerText(), { timeout: 30_000 }).toBe('All records sent');
    await setNetwork(tom.cdp, false);
    await expect.poll(() => waiting(tom.page).innerText(), { timeout: 30_000 }).toBe('All records sent');
    const elector = await api<{
      records: { intention: string; flags: string[]; issues: string[] }[];
      latestIntention: { intention: string; strength: number };
    }>(admin, 'GET', `/api/canvass/electors/${electorId}`);
    expect(elector.records.map((r) => r.intention)).toEqual(['GRN', 'LAB']);
    expect(elector.records[0]?.issues).toEqual(['housing', 'buses']);
    expect(elector.records[0]?.flags).toEqual(['poster']);
    expect(elector.latestIntention).toMatchObject({ intention: 'GRN', strength: 3 });
    await tom.context.close();
    await ann.context.close();
  });

  it('one door at a time on the phone: the script above, the next door not done, done doors folded away', async () => {
    const { context, page } = await phoneWithWalk(ANN);
    await page.getByRole('link', { name: walk.name }).click();
    await page.getByRole('heading', { name: walk.name }).waitFor();
    await expect.poll(() => page.getByTestId('script').innerText()).toBe(SCRIPT);
    await page.getByText('One door at a time').click();
    const current = page.locator('#current-door');
    await expect.poll(() => current.innerText()).toMatch(/^Door 1 of \d+$/);
    // Only one door is shown.
    expect(await page.getByRole('listitem', { name: /^Door \d+:/ }).count()).toBe(1);
    const firstDoor = await page.getByRole('listitem', { name: /^Door \d+:/ }).getAttribute('aria-label');
    await page.getByRole('button', { name: 'Nobody in' }).click();
    // The door stays in view once recorded (someone else may answer); the canvasser moves on.
    await expect.poll(() => current.innerText()).toMatch(/^Door 1 of \d+ · done$/);
    await page.getByRole('button', { name: 'Next door' }).click();
    await expect.poll(() => current.innerText()).toMatch(/^Door 2 of \d+$/);
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('current-door');
    expect(await page.getByRole('listitem', { name: firstDoor ?? '' }).count()).toBe(0);
    expect(await noSidewaysScroll(page)).toBe(0);
    await check(page, 'doorstep-one-door-phone');
    expect(await page.title()).toBe(`${walk.name} · Doorstep · Broadchurch`);
    // The done door is folded away, and can be opened again.
    await page.getByText('1 door done').click();
    await page.getByRole('button', { name: new RegExp(`^1\\. `) }).click();
    await expect.poll(() => current.innerText()).toMatch(/^Door 1 of \d+ · done$/);
    // The choice of view is kept on the phone.
    await page.reload();
    await page.getByRole('heading', { name: walk.name }).waitFor();
    expect(await page.getByRole('radio', { name: 'One door at a time' }).isChecked()).toBe(true);
    await context.close();
  });
});
