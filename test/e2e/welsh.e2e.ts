/**
 * Journey: a Welsh-speaking member. A browser that asks for Welsh gets the sign-in page in Welsh; the choice
 * of language is the member's and outlives the browser's; signed in, a tap on "Cymraeg" turns home, the
 * doorstep app and the public session page Welsh (dates too), with the page's language declared for screen
 * readers. The choice is kept on the member's record: another device opens in Welsh and news comes in Welsh.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { DEMO_ADMIN_EMAIL, demoMemberEmail } from '../../src/demo/index.ts';
import { launch, signedIn, signIn } from './pages.ts';
import { check, SIZES } from './axe.ts';

let browser: Browser;
const baseUrl = inject('baseUrl');
let sessionId = '';
let conversationId = '';
const NEWS = 'Bysiau i bawb';

async function api<T>(cookie: string, method: string, url: string, body?: unknown): Promise<T> {
  const res = await fetch(`${baseUrl}${url}`, {
    method,
    headers: {
      cookie,
      origin: baseUrl,
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const json = (await res.json()) as T;
  if (!res.ok) throw new Error(`${method} ${url}: ${res.status} ${JSON.stringify(json)}`);
  return json;
}

beforeAll(async () => {
  browser = await launch();
  const admin = await signIn(baseUrl, DEMO_ADMIN_EMAIL);
  const member = await signIn(baseUrl, demoMemberEmail(12));
  const me = await api<{ member: { homeWard: { id: string } } }>(member, 'GET', '/api/me');
  // A Saturday a week and a bit away, 10:00 to 12:00 UTC.
  const day = new Date(Date.now() + 9 * 86_400_000);
  day.setUTCHours(10, 0, 0, 0);
  const session = await api<{ id: string }>(
    admin,
    'POST',
    `/api/canvass/branches/${me.member.homeWard.id}/sessions`,
    {
      title: 'Canfasio’r stryd fawr',
      startsAt: day.toISOString(),
      endsAt: new Date(day.getTime() + 2 * 3_600_000).toISOString(),
      meetingPoint: 'Y llyfrgell',
    },
  );
  sessionId = session.id;
  // News for the member's ward, which they will read in Welsh.
  const made = await api<{ id: string }>(admin, 'POST', '/api/conversations', {
    branchId: me.member.homeWard.id,
    title: NEWS,
    question: 'Sut dylai bysiau redeg yn ein trefi?',
  });
  expect(made.id).toBeTruthy();
  const list = await api<{ conversations: { id: string; title: string }[] }>(
    member,
    'GET',
    '/api/conversations',
  );
  // The demo conversation by name: other journeys add conversations (a Polis import, news) of their own.
  conversationId =
    list.conversations.find((c) => c.title === 'What should our manifesto put first?')?.id ?? '';
  expect(conversationId).not.toBe('');
});
afterAll(() => browser.close());

describe('Cymraeg, in Chromium', () => {
  it('a browser asking for Welsh gets Welsh; the member’s own choice of English is kept', async () => {
    const context = await browser.newContext({ locale: 'cy-GB', viewport: SIZES.phone });
    const page = await context.newPage();
    await page.goto(`${baseUrl}/sign-in`);
    await page.getByText('Mewngofnodwch â chod a anfonir i’ch e-bost. Dim cyfrinair i’w gofio.').waitFor();
    expect(await page.getAttribute('html', 'lang')).toBe('cy');
    expect(await page.title()).toBe('Mewngofnodi · Broadchurch');
    await page.getByLabel('Cyfeiriad e-bost').waitFor();
    await check(page, 'welsh-sign-in-phone');
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByText('Sign in with a code sent to your email. No password to remember.').waitFor();
    expect(await page.getAttribute('html', 'lang')).toBe('en-GB');
    await page.reload();
    await page.getByRole('button', { name: 'Email me a sign-in code' }).waitFor();
    expect(await page.getByRole('button', { name: 'Cymraeg' }).getAttribute('lang')).toBe('cy');
    await context.close();
  });

  it('/doorstep opened first on a new device speaks the device’s language, or the member’s own choice', async () => {
    const email = demoMemberEmail(47);
    // A Welsh phone, the member's first page the doorstep app: Welsh from the first paint.
    const welsh = await signedIn(browser, baseUrl, email, SIZES.phone, {
      locale: 'cy-GB',
      first: '/doorstep',
    });
    await welsh.page.getByRole('heading', { name: 'Fy nheithiau' }).waitFor();
    expect(await welsh.page.getAttribute('html', 'lang')).toBe('cy');
    expect(await welsh.page.title()).toBe('Fy nheithiau · Stepen Drws · Broadchurch');
    await check(welsh.page, 'welsh-doorstep-first-phone');
    // The device's language is not a choice: nothing is written to the member's record.
    const me = async (page: Page) =>
      ((await (await page.request.get(`${baseUrl}/api/me`)).json()) as { language: string | null }).language;
    expect(await me(welsh.page)).toBeNull();
    // The member chooses Welsh (on another device, say): a new English phone follows the member's choice.
    const chose = await welsh.page.request.patch(`${baseUrl}/api/me`, {
      data: { language: 'cy' },
      headers: { origin: baseUrl },
    });
    expect(chose.status()).toBe(200);
    await welsh.context.close();
    const english = await signedIn(browser, baseUrl, email, SIZES.phone, {
      locale: 'en-GB',
      first: '/doorstep',
    });
    await english.page.getByRole('heading', { name: 'Fy nheithiau' }).waitFor();
    expect(await english.page.getAttribute('html', 'lang')).toBe('cy');
    // And the member's choice of English holds on a Welsh phone.
    await english.page.getByRole('button', { name: 'English' }).click();
    await english.page.getByRole('heading', { name: 'My walks' }).waitFor();
    await expect.poll(() => me(english.page)).toBe('en');
    await english.context.close();
    const again = await signedIn(browser, baseUrl, email, SIZES.phone, {
      locale: 'cy-GB',
      first: '/doorstep',
    });
    await again.page.getByRole('heading', { name: 'My walks' }).waitFor();
    expect(await again.page.getAttribute('html', 'lang')).toBe('en-GB');
    await again.context.close();
  });

  it('what goes wrong is said in Welsh too: a changed unsubscribe link', async () => {
    const context = await browser.newContext({ locale: 'cy-GB', viewport: SIZES.desktop });
    const page = await context.newPage();
    await page.goto(`${baseUrl}/unsubscribe?token=not-a-token`);
    await page
      .getByRole('alert')
      .getByText(
        'Nid yw’r ddolen hon yn gyfan neu mae wedi’i newid. Copïwch y ddolen gyfan a rhowch gynnig arall arni.',
      )
      .waitFor();
    // The server's own details stay English, and say so to screen readers.
    expect(await page.getByRole('alert').locator('[lang="en-GB"]').count()).toBeGreaterThan(0);
    await check(page, 'welsh-unsubscribe-error-desktop');
    await context.close();
  });

  it('signed in, one tap turns home, the doorstep app and the public session page Welsh', async () => {
    const { context, page } = await signedIn(browser, baseUrl, demoMemberEmail(12));
    await page.getByRole('button', { name: 'Cymraeg' }).click();
    await page.getByRole('heading', { name: /^Croeso, / }).waitFor();
    await page.getByRole('button', { name: /^Dewislen/ }).waitFor();
    expect(await page.title()).toBe('Hafan · Broadchurch');
    await page.getByRole('heading', { name: 'Y canfasio nesaf: Canfasio’r stryd fawr' }).waitFor();
    // The date is written in Welsh: a day of the week such as "dydd Sadwrn".
    await expect
      .poll(() => page.getByText(/cwrdd yn Y llyfrgell/).innerText())
      .toMatch(/^dydd \p{L}+, \d+ \p{L}+/iu);
    await check(page, 'welsh-home-phone');

    // The choice is kept on the member's record: another device opens in Welsh, and the news is in Welsh.
    await expect
      .poll(
        async () =>
          ((await (await page.request.get(`${baseUrl}/api/me`)).json()) as { language: string }).language,
      )
      .toBe('cy');
    const other = await signedIn(browser, baseUrl, demoMemberEmail(12), SIZES.desktop);
    await other.page.getByRole('heading', { name: /^Croeso, / }).waitFor();
    expect(await other.page.getAttribute('html', 'lang')).toBe('cy');
    await expect
      .poll(
        async () => {
          await other.page.goto(`${baseUrl}/`);
          await other.page.getByRole('heading', { name: /^Hysbysiadau/ }).waitFor();
          await other.page.getByText('Yn llwytho hysbysiadau…').waitFor({ state: 'hidden' });
          return other.page.getByRole('link', { name: new RegExp(`Sgwrs newydd: ${NEWS}`) }).count();
        },
        { timeout: 60_000, interval: 1_000 },
      )
      .toBe(1);
    await check(other.page, 'welsh-home-notifications-desktop');
    await other.context.close();

    // Voting, in Welsh.
    await page.goto(`${baseUrl}/conversations/${conversationId}`);
    await page.getByRole('heading', { name: 'Pleidleisio' }).waitFor();
    await page.getByText(/Mae eich pleidleisiau’n breifat/).waitFor();
    const statement = await page.getByTestId('statement-card').innerText();
    await page.getByRole('button', { name: /^Cytuno/ }).click();
    await page.getByText(`Fe wnaethoch gytuno â “${statement}”.`).waitFor();
    await page.getByRole('button', { name: 'Dadwneud (U)' }).click();
    await expect.poll(() => page.getByTestId('statement-card').innerText()).toBe(statement);
    await check(page, 'welsh-conversation-phone');
    await page.getByRole('link', { name: 'Adroddiad' }).click();
    await page.getByRole('heading', { name: /^Adroddiad: / }).waitFor();
    await page.getByRole('heading', { name: 'Tir cyffredin: yr hyn y mae pob grŵp yn ei gefnogi' }).waitFor();
    // The report refreshes itself as analyses land: wait for one, however slow the machine.
    await page.getByTestId('summary').getByRole('heading', { name: 'Yn gryno' }).waitFor({ timeout: 90_000 });
    await page
      .getByTestId('summary')
      .getByText(/^Mae pob grŵp yn cytuno bod “.+” \(\d+–\d+% o bob grŵp\)\.$/)
      .first()
      .waitFor();
    await page.getByText(/^\d+ cyfranogwr mewn \d+ grŵp/).waitFor();
    await check(page, 'welsh-report-phone');
    await page.goto(`${baseUrl}/conversations`);
    await page.getByRole('heading', { name: 'Tir Cyffredin' }).waitFor();
    await page
      .getByText(/· \d+ datganiad · ar agor$/)
      .first()
      .waitFor();

    await page.goto(`${baseUrl}/doorstep`);
    await page.getByRole('heading', { name: 'Fy nheithiau' }).waitFor();
    await page.getByTestId('sync-state').getByText('Pob cofnod wedi’i anfon').waitFor();
    expect(await page.title()).toBe('Fy nheithiau · Stepen Drws · Broadchurch');
    await check(page, 'welsh-doorstep-phone');

    await page.goto(`${baseUrl}/s/${sessionId}`);
    await page.getByRole('heading', { name: 'Canfasio’r stryd fawr' }).waitFor();
    await page.getByText('Cwrdd yn: Y llyfrgell').waitFor();
    await page.getByLabel('Eich enw').waitFor();
    await page.getByRole('button', { name: 'Cofrestrwch fi' }).waitFor();
    expect(await page.getAttribute('html', 'lang')).toBe('cy');
    await check(page, 'welsh-session-phone');
    // Signing up on the Welsh page: the confirmation mail is in Welsh.
    await page.getByLabel('Eich enw').fill('Siân Rali');
    await page.getByLabel('Cyfeiriad e-bost').fill('sian.rali@example.org');
    await page.getByRole('button', { name: 'Cofrestrwch fi' }).click();
    await page
      .getByText(/Rydych wedi cofrestru/)
      .first()
      .waitFor();
    // The outbox refreshes itself: wait for the mail to arrive there, however slow the queue.
    const mailPage = await page.context().newPage();
    await mailPage.goto(`${baseUrl}/dev/outbox`);
    const mail = mailPage
      .getByTestId('outbox-message')
      .filter({ hasText: 'sian.rali@example.org' })
      .filter({ hasText: 'Rydych wedi cofrestru: Canfasio’r stryd fawr' });
    await mail.first().waitFor({ timeout: 60_000 });
    expect(await mail.count()).toBe(1);
    await mailPage.close();

    // The manifesto: the drafts, a draft's clauses with their support, and its amendments.
    await page.goto(`${baseUrl}/manifestos`);
    await page.getByRole('heading', { name: 'Maniffesto', exact: true }).waitFor();
    await page
      .getByText(/· \d+ cymal · diweddarwyd /)
      .first()
      .waitFor();
    await page.getByRole('link', { name: 'Our manifesto (draft)', exact: true }).click();
    await page.getByRole('heading', { name: 'Gwelliannau' }).waitFor();
    await page.getByRole('heading', { name: 'Fersiynau cyhoeddedig' }).waitFor();
    await page.getByRole('heading', { name: 'Cadarnhau' }).waitFor();
    await page.getByText(/cyfnod gwelliannau ar (gau|agor)/).waitFor();
    await page
      .getByText(/^O .+ · \d+ yn cytuno · \d+ yn anghytuno · \d+ yn pasio$/)
      .first()
      .waitFor();
    expect(await page.title()).toBe('Our manifesto (draft) · Broadchurch');
    await check(page, 'welsh-manifesto-phone');

    // The profile: notification choices in Welsh, and the language chosen back to English there.
    await page.goto(`${baseUrl}/me`);
    await page.getByRole('heading', { name: 'Fy mhroffil' }).waitFor();
    await page.getByRole('group', { name: 'Pleidleisiau' }).getByLabel('Yn yr ap yn unig').waitFor();
    await check(page, 'welsh-profile-phone');
    await page.getByRole('radio', { name: 'English' }).check();
    await page.getByRole('heading', { name: 'My profile' }).waitFor();
    expect(await page.getAttribute('html', 'lang')).toBe('en-GB');
    await expect
      .poll(
        async () =>
          ((await (await page.request.get(`${baseUrl}/api/me`)).json()) as { language: string }).language,
      )
      .toBe('en');
    await context.close();
  });
});
