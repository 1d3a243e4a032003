/**
 * Journey: polling day in the demo's Abbey ward. A teller at St Peter’s Primary School (a phone) opens the
 * station, loses the signal, reloads, and takes 30 numbers on the keypad (one undone); back online they
 * reach the server once, and the organiser's committee room (a desktop) shows the new turnout; the
 * knocker's list for the walk drops those who voted. Each screen is checked with axe at its size.
 */
import type { Browser, CDPSession, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { demoMemberEmail } from '../../src/demo/index.ts';
import { check, noSidewaysScroll, SIZES } from './axe.ts';
import { goTo, launch, signedIn, signIn } from './pages.ts';
import { enRoom } from '../../web/src/i18n/en-room.ts';

let browser: Browser;
const baseUrl = inject('baseUrl');
/** The demo's organiser of Abbey's constituency, and its canvasser (teller at the second station, knocker). */
const ORGANISER = demoMemberEmail(2);
const TELLER = demoMemberEmail(8);

async function api<T>(cookie: string, url: string): Promise<T> {
  const res = await fetch(`${baseUrl}${url}`, { headers: { cookie, origin: baseUrl } });
  const json = (await res.json()) as T;
  if (!res.ok) throw new Error(`GET ${url}: ${res.status} ${JSON.stringify(json)}`);
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

interface Room {
  totals: { pledges: number; voted: number; numbers: number };
  walks: { id: string; name: string; left: number }[];
}
interface List {
  electors: { id: string; number: string }[];
}
interface Lifts {
  lifts: { name: string; wantedAt: string | null }[];
}

let organiser = '';
let dayId = '';
/** Numbers the teller will take: pledges on the knock-up walk first, then other pledges of AB2. */
let numbers: string[] = [];
let knockWalk = { id: '', name: '' };
/** The knock-up walk's pledges the teller will not take: its list after the round. */
let walkLeft: string[] = [];
let before: Room;

beforeAll(async () => {
  browser = await launch();
  organiser = await signIn(baseUrl, ORGANISER);
  const teller = await signIn(baseUrl, TELLER);
  const me = await api<{ member: { homeWard: { id: string } } }>(teller, '/api/me');
  const days = await api<{ pollingDays: { id: string }[] }>(
    organiser,
    `/api/canvass/branches/${me.member.homeWard.id}/polling-days`,
  );
  dayId = days.pollingDays[0]?.id ?? '';
  const walks = await api<{ walks: { walkId: string; walk: string }[] }>(
    teller,
    '/api/polling/knockup/walks',
  );
  before = await api<Room>(organiser, `/api/polling/${dayId}/committee-room`);
  // Of the canvasser's walks (one to canvass this week, one to knock up), the one with pledges to knock up.
  const left = (id: string) => before.walks.find((w) => w.id === id)?.left ?? 0;
  const mine = [...walks.walks].sort((a, b) => left(b.walkId) - left(a.walkId))[0];
  if (!mine || left(mine.walkId) < 4) throw new Error('the demo canvasser has no knock-up walk');
  knockWalk = { id: mine.walkId, name: mine.walk };
  const lists = await Promise.all(
    [mine.walkId, ...before.walks.map((w) => w.id).filter((id) => id !== mine.walkId)].map((id) =>
      api<List>(organiser, `/api/polling/${dayId}/knockup/${id}`),
    ),
  );
  // Half the knock-up walk's pledges vote, then others: the walk keeps some to knock up.
  const onWalk = (lists[0]?.electors ?? []).map((e) => e.number);
  walkLeft = onWalk.slice(Math.ceil(onWalk.length / 2));
  numbers = [
    ...new Set([
      ...onWalk.slice(0, Math.ceil(onWalk.length / 2)),
      ...lists.slice(1).flatMap((l) => l.electors.map((e) => e.number)),
    ]),
  ]
    .filter((n) => n.startsWith('AB2-'))
    .slice(0, 31);
  if (numbers.length < 31) throw new Error(`only ${numbers.length} AB2 pledges to take`);
});
afterAll(() => browser.close());

const waiting = (page: Page) => page.getByTestId('sync-state');

/** Types a number on the keypad ("AB2-123" → 1, 2, 3; AB2 is the station's first district) and adds it. */
async function key(page: Page, number: string): Promise<void> {
  const keypad = page.getByRole('group', { name: 'Keypad' });
  for (const digit of number.replace(/^AB2-/, ''))
    await keypad.getByRole('button', { name: digit, exact: true }).click();
  await page.getByRole('button', { name: 'Add number' }).click();
}

describe('Polling day, in Chromium', () => {
  it('a teller offline takes 30 numbers; back online the committee room shows them and the knock-up list drops them', async () => {
    const { context, page } = await signedIn(browser, baseUrl, TELLER);
    await goTo(page, 'Doorstep');
    await page.getByRole('heading', { name: 'Polling day' }).waitFor();
    await page.getByRole('button', { name: 'Open telling at St Peter’s Primary School' }).click();
    await page.getByRole('heading', { name: 'St Peter’s Primary School' }).waitFor();
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
    });
    await check(page, 'telling-phone');
    expect(await noSidewaysScroll(page)).toBe(0);
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await setNetwork(cdp, true);
    // No signal: the page opens again from the service worker and the phone's own store.
    await page.reload();
    await page.getByRole('heading', { name: 'St Peter’s Primary School' }).waitFor();
    // 31 numbers, the last a mistake undone: 30 stand.
    for (const [i, n] of numbers.entries()) {
      // The last is typed on a keyboard as the card prints it, district first, and Enter adds it.
      if (i === numbers.length - 1) {
        await page.getByLabel('Elector number').fill(n.toLowerCase());
        await page.getByLabel('Elector number').press('Enter');
      } else await key(page, n);
      await expect
        .poll(() => waiting(page).innerText())
        .toBe(`${i + 1} ${i === 0 ? 'record' : 'records'} waiting`);
    }
    // A number of another district (AB1 votes at the Abbey Community Centre): the phone asks first.
    await page.getByLabel('Elector number').fill('AB1-5');
    await page.getByLabel('Elector number').press('Enter');
    const ask = page.getByRole('alertdialog', {
      name: /AB1-5 is in district AB1, not this station’s \(AB2, AB3\)/,
    });
    await ask.waitFor();
    await check(page, 'telling-other-district-phone');
    await ask.getByRole('button', { name: 'No, check the card' }).click();
    await ask.waitFor({ state: 'detached' });
    expect(await waiting(page).innerText()).toBe(`${numbers.length} records waiting`);
    await page.getByRole('button', { name: `Undo ${numbers.at(-1)}` }).click();
    await expect.poll(() => page.getByTestId('this-hour').innerText()).toBe('30 numbers taken this hour');
    await check(page, 'telling-offline-phone');
    const still = await api<Room>(organiser, `/api/polling/${dayId}/committee-room`);
    expect(still.totals.voted).toBe(before.totals.voted);
    await setNetwork(cdp, false);
    await expect.poll(() => waiting(page).innerText(), { timeout: 30_000 }).toBe('All records sent');
    await context.close();

    // The committee room (desktop) refreshes itself to the new turnout.
    const desk = await signedIn(browser, baseUrl, ORGANISER, SIZES.desktop);
    await desk.page.goto(`${baseUrl}/canvass`);
    await desk.page.getByRole('link', { name: /Abbey/ }).first().click();
    await desk.page.getByRole('link', { name: 'Polling day' }).click();
    await desk.page.getByRole('heading', { name: /Committee room/ }).waitFor();
    await expect
      .poll(() => desk.page.getByTestId('pledges-voted').innerText(), { timeout: 30_000 })
      .toBe(`${before.totals.voted + 30} of ${before.totals.pledges}`);
    await check(desk.page, 'committee-room-desktop');
    // The same room on a phone: nothing runs off the side.
    await desk.page.setViewportSize(SIZES.phone);
    await desk.page.getByRole('heading', { name: /Committee room/ }).waitFor();
    await check(desk.page, 'committee-room-phone');
    expect(await noSidewaysScroll(desk.page)).toBe(0);
    await desk.context.close();

    // The knocker's list drops the voters the teller reported.
    const phone = await signedIn(browser, baseUrl, TELLER);
    await goTo(phone.page, 'Doorstep');
    await phone.page.getByRole('link', { name: `Open the knock-up list of ${knockWalk.name}` }).click();
    await phone.page.getByRole('heading', { name: `Knock-up: ${knockWalk.name}` }).waitFor();
    // The round's map above the list: its streets in walking order, a dot a door.
    const map = phone.page.getByRole('img', {
      name: /^Map of the round: \d+ doors? to knock on \d+ streets?, in this order: /,
    });
    await map.waitFor();
    expect(await map.locator('circle').count()).toBeGreaterThan(0);
    const shown = await phone.page.locator('li[data-elector-id]').allInnerTexts();
    expect(walkLeft.length).toBeGreaterThan(0);
    expect(shown.map((text) => /AB2-\d+/.exec(text)?.[0])).toEqual(walkLeft);
    // A knocker hears "already voted": that pledge leaves the list at once.
    const first = phone.page.locator('li[data-elector-id]').first();
    const firstId = await first.getAttribute('data-elector-id');
    await first.getByRole('button', { name: 'Already voted' }).click();
    await expect.poll(() => phone.page.locator(`li[data-elector-id="${firstId}"]`).count()).toBe(0);
    // The record reaches the server before the phone is put away (closing it would lose a record not yet
    // sent; the line that says so can read "all sent" before the tap's record is on the phone at all).
    await expect
      .poll(
        async () =>
          (await api<List>(organiser, `/api/polling/${dayId}/knockup/${knockWalk.id}`)).electors.some(
            (e) => e.id === firstId,
          ),
        { timeout: 30_000 },
      )
      .toBe(false);
    await check(phone.page, 'knockup-phone');
    expect(await noSidewaysScroll(phone.page)).toBe(0);
    await phone.context.close();
  });
  it('the committee room takes turnout, a paper slip and a driver; a knocker asks for a lift and the driver takes it', async () => {
    const teller = await signIn(baseUrl, TELLER);
    const tellerName = (await api<{ member: { name: string } }>(teller, '/api/me')).member.name;
    // The knocker hears "needs a lift at 15:30" at a pledge's door.
    const knocker = await signedIn(browser, baseUrl, TELLER);
    await goTo(knocker.page, 'Doorstep');
    await knocker.page.getByRole('link', { name: `Open the knock-up list of ${knockWalk.name}` }).click();
    const door = knocker.page.locator('li[data-elector-id]').first();
    await door.waitFor();
    const voter = (await door.getAttribute('aria-label')) ?? '';
    await door.getByRole('button', { name: 'Needs a lift' }).click();
    await door.getByLabel(/When do they want to go/).fill('15:30');
    await check(knocker.page, 'knockup-lift-phone');
    await door.getByRole('button', { name: 'Ask for a lift' }).click();
    // The request reaches the server (as above, "all sent" alone may be read before the tap is recorded).
    await expect
      .poll(
        async () =>
          (await api<Lifts>(organiser, `/api/polling/${dayId}/lifts`)).lifts.find((l) => l.name === voter)
            ?.wantedAt,
        { timeout: 30_000 },
      )
      .toBe('15:30');
    await expect.poll(() => waiting(knocker.page).innerText(), { timeout: 30_000 }).toBe('All records sent');
    await knocker.context.close();

    // The organiser, at a desk: the presiding officer's turnout, a slip, a driver on duty.
    const desk = await signedIn(browser, baseUrl, ORGANISER, SIZES.desktop);
    const page = desk.page;
    // Their home page says the day is today, one tap from the committee room.
    await page.getByText(/^Abbey ward by-election \(.+\) is today\.$/).waitFor();
    await page.getByRole('link', { name: 'Open the committee room' }).click();
    await page.getByRole('heading', { name: /Committee room/ }).waitFor();
    const station = page.getByRole('listitem', { name: 'St Peter’s Primary School' });
    await station.getByLabel('Turnout now at St Peter’s Primary School').fill('250');
    await station.getByRole('button', { name: 'Record turnout' }).click();
    await expect
      .poll(() => station.getByTestId('station-turnout').innerText())
      .toMatch(/^Presiding officer: 250 voted by .*; our pledges are \d+ of them/);
    const slips = page.getByRole('region', { name: 'Paper telling slips' });
    if ((await slips.getByLabel('Hour the slip covers').locator('option').count()) > 0) {
      await slips
        .getByLabel('Station', { exact: true })
        .selectOption({ label: 'Abbey Community Centre (AB1)' });
      await slips.getByLabel('Numbers on the slip').fill('1 2, smudge');
      await slips.getByRole('button', { name: 'Record the slip' }).click();
      await slips.getByText('“smudge” is not an elector number').waitFor();
      await slips.getByLabel('Numbers on the slip').fill('1 2');
      await slips.getByRole('button', { name: 'Record the slip' }).click();
      await slips.getByText(/^Recorded 2 numbers/).waitFor();
    } else await slips.getByText('The polls have not opened yet').waitFor();
    const lifts = page.getByRole('region', { name: 'Drivers and lifts' });
    await lifts.getByLabel('Put a driver on duty').selectOption({ label: tellerName });
    await lifts.getByRole('button', { name: 'Put on duty' }).click();
    await lifts.getByText(`On duty: ${tellerName}`).waitFor();
    const row = lifts.getByRole('row', { name: new RegExp(voter) });
    await expect.poll(() => row.innerText()).toMatch(/15:30\s+Not taken/);
    // The phone bank: pledges not yet voted who gave a number; a call's outcome in one click.
    const bank = page.getByRole('region', { name: 'Phone bank' });
    const callee = bank.getByRole('listitem').first();
    await callee.getByRole('link', { name: /^Call 07700 900\d{3}$/ }).waitFor();
    await callee.getByRole('button', { name: 'No answer' }).click();
    await bank
      .getByText(/Last call \d\d:\d\d: no answer/)
      .first()
      .waitFor();
    await check(page, 'committee-room-tools-desktop');
    await page.setViewportSize(SIZES.phone);
    // Opened on a phone, the tab bar scrolls to the open tab (the last, "Polling day").
    await page.reload();
    await page.getByRole('heading', { name: /Committee room/ }).waitFor();
    const tabsBar = page.getByRole('navigation', { name: 'Canvassing' });
    await expect
      .poll(() =>
        tabsBar.evaluate((bar) => {
          const open = bar.querySelector('[aria-current="page"]');
          if (!open) return 'no open tab';
          const b = bar.getBoundingClientRect();
          const r = open.getBoundingClientRect();
          return r.left >= b.left - 1 && r.right <= b.right + 1 ? 'in view' : 'out of view';
        }),
      )
      .toBe('in view');
    await check(page, 'committee-room-tools-phone');
    expect(await noSidewaysScroll(page)).toBe(0);
    const roomUrl = page.url().slice(baseUrl.length);
    await desk.context.close();

    // The same committee room on a Welsh desktop: in Welsh, with no English of its own left.
    const welsh = await signedIn(browser, baseUrl, ORGANISER, SIZES.desktop, {
      locale: 'cy-GB',
      first: roomUrl,
    });
    await welsh.page.getByRole('heading', { name: /^Ystafell bwyllgor: / }).waitFor();
    for (const region of ['Slipiau rhifo papur', 'Gyrwyr a lifftiau', 'Banc ffôn', 'Ar ôl y bleidlais'])
      await welsh.page.getByRole('region', { name: region }).waitFor();
    await welsh.page.getByRole('heading', { name: 'Trefnu diwrnod pleidleisio' }).waitFor();
    await welsh.page.getByText('Yn llwytho…').first().waitFor({ state: 'hidden' });
    const shown = await welsh.page.getByRole('region', { name: /^Ystafell bwyllgor/ }).innerText();
    const english = Object.values(enRoom).filter((m) => !/[{<]/.test(m) && m.length > 8);
    expect(english.filter((m) => shown.includes(m))).toEqual([]);
    await check(welsh.page, 'committee-room-welsh-desktop');
    await welsh.context.close();

    // The driver, on the phone: the lift is theirs in one tap, and done in another.
    const driver = await signedIn(browser, baseUrl, TELLER);
    await goTo(driver.page, 'Doorstep');
    await driver.page.getByText('Drive for Abbey ward by-election').waitFor();
    await driver.page.getByRole('link', { name: 'Open the lifts' }).click();
    const lift = driver.page.getByRole('listitem', { name: voter });
    await lift.getByText('Wants to go at 15:30 · Nobody has it yet').waitFor();
    await lift.getByRole('button', { name: 'Take this lift' }).click();
    await lift.getByText(/Yours/).waitFor();
    await check(driver.page, 'lifts-phone');
    expect(await noSidewaysScroll(driver.page)).toBe(0);
    await lift.getByRole('button', { name: 'Done: they are at the polls' }).click();
    await lift.getByText(/Done at/).waitFor();
    await driver.context.close();
  });
});
