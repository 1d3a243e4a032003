/**
 * Journey: a party elects its leader. The returning officer (at a desk) creates an election from the
 * Elections page; a member stands on her phone with a statement; members nominate her publicly (one from
 * the candidate's card); the hustings opens as a Common Ground conversation whose best-supported question
 * the candidate answers on her phone; when nominations close the returning officer opens voting and the
 * key shares are shown once; members rank the candidates on a phone and at a desk and get receipts; the
 * returning officer counts with the shares; members read the result round by round with turnout, and can
 * download the papers. Each screen is checked with axe at its size.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { demoMemberEmail } from '../../src/demo/index.ts';
import { check, noSidewaysScroll, SIZES } from './axe.ts';
import { launch, signedIn, signIn } from './pages.ts';

let browser: Browser;
const baseUrl = inject('baseUrl');
// Demo members no other journey signs in as: the returning officer (22), two candidates, nominators, voters.
const RO = demoMemberEmail(22);
const ANA = demoMemberEmail(23);
const BEN = demoMemberEmail(24);
const MEMBERS = [25, 26, 27, 28, 29, 34, 35].map(demoMemberEmail);

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

interface Election {
  id: string;
  phase: string;
  nominating: { needed: number };
  hustings: { conversationId: string; questions: { id: string }[] } | null;
  paper: { id: string; name: string }[] | null;
  me: { id: string };
}

/** Reloads until `ready` holds: the server's state is what the page shows, so a reload is the wait. */
async function reloadUntil(page: Page, ready: () => Promise<boolean>, what: string): Promise<void> {
  const until = Date.now() + 120_000;
  while (!(await ready())) {
    if (Date.now() > until) throw new Error(`gave up waiting for ${what}`);
    await page.waitForTimeout(500);
    await page.reload();
    await page.getByTestId('election-phase').waitFor();
  }
}

beforeAll(async () => {
  browser = await launch();
});
afterAll(() => browser.close());

describe('an election from nomination to result, in Chromium', () => {
  it('nominate → hustings → vote → count → result, at a desk and on a phone', async () => {
    const cookie: Record<string, string> = {};
    for (const email of [RO, ANA, BEN, ...MEMBERS]) cookie[email] = await signIn(baseUrl, email);
    const party = (await api<{ mayRunIn: { id: string }[] }>(cookie[RO] ?? '', 'GET', '/api/elections'))
      .mayRunIn[0];
    if (!party) throw new Error('the demo returning officer runs no branch');

    // The returning officer creates an election from the Elections page.
    const ro = await signedIn(browser, baseUrl, RO, SIZES.desktop);
    await ro.page.getByRole('link', { name: /^Elections/ }).click();
    await ro.page.getByRole('heading', { name: 'Hold an election' }).waitFor();
    await ro.page.getByLabel('Post', { exact: true }).fill('Branch secretary');
    await ro.page.getByLabel('Counting method').selectOption({ label: 'Scottish STV' });
    await ro.page.getByLabel('Seats').fill('2');
    await ro.page.getByLabel('At least this many of those elected must be women (0: no quota)').fill('3');
    await ro.page.getByRole('button', { name: 'Create the election' }).click();
    await ro.page.getByText('cannot be more than the seats', { exact: true }).waitFor();
    await ro.page.getByLabel('At least this many of those elected must be women (0: no quota)').fill('1');
    await ro.page.getByRole('button', { name: 'Create the election' }).click();
    await ro.page.getByRole('heading', { name: 'Branch secretary', level: 1 }).waitFor();
    await ro.page.getByText('Nobody is standing yet.').waitFor();
    await check(ro.page, 'election-new-desktop');

    // The leadership election itself, whose nominations close in a minute (created through the API:
    // the form's times are to the minute).
    const closes = new Date(Date.now() + 60_000).toISOString();
    const e = await api<Election>(cookie[RO] ?? '', 'POST', '/api/elections', {
      branchId: party.id,
      post: 'Party leader',
      seats: 1,
      method: 'av',
      nominationsCloseAt: closes,
      votingClosesAt: new Date(Date.now() + 86_400_000).toISOString(),
      nominatingBody: 'members',
      nominationPercent: 5,
      freezeOn: new Date().toLocaleDateString('en-CA', { timeZone: 'Europe/London' }),
    });
    const url = `/elections/${e.id}`;

    // Ana stands, on her phone.
    const ana = await signedIn(browser, baseUrl, ANA, SIZES.phone, { first: url });
    await ana.page.getByText('Stand for this post').click();
    await ana.page
      .getByLabel('Your statement to members')
      .fill('I will hold this party together: every branch heard.');
    await ana.page.getByRole('button', { name: 'Stand', exact: true }).click();
    await ana.page
      .getByTestId('candidates')
      .getByText('I will hold this party together: every branch heard.')
      .waitFor();
    const anaId = (await api<Election>(cookie[ANA] ?? '', 'GET', `/api/elections/${e.id}`)).me.id;
    await api(cookie[BEN] ?? '', 'POST', `/api/elections/${e.id}/candidates`, {
      statement: 'Win back the voters we lost.',
      woman: false,
    });
    const benId = (await api<Election>(cookie[BEN] ?? '', 'GET', `/api/elections/${e.id}`)).me.id;

    // A member nominates Ana from her card, on a desk; the rest of the nominations arrive meanwhile.
    const m0 = await signedIn(browser, baseUrl, MEMBERS[0] ?? '', SIZES.desktop, { first: url });
    await m0.page
      .getByRole('button', { name: /^Nominate .+/ })
      .first()
      .waitFor();
    const anaName = (await api<{ member: { name: string } }>(cookie[ANA] ?? '', 'GET', '/api/me')).member
      .name;
    await m0.page.getByRole('button', { name: `Nominate ${anaName}` }).click();
    await m0.page.getByText(`You nominated ${anaName}`).waitFor();
    for (const email of MEMBERS.slice(1, e.nominating.needed))
      await api(cookie[email] ?? '', 'POST', `/api/elections/${e.id}/nominations`, { candidateId: anaId });
    for (const email of MEMBERS.slice(e.nominating.needed, 2 * e.nominating.needed))
      await api(cookie[email] ?? '', 'POST', `/api/elections/${e.id}/nominations`, { candidateId: benId });
    await m0.page.reload();
    await m0.page.getByTestId('candidates').getByText('On the paper').first().waitFor();
    expect(
      await m0.page
        .getByTestId('candidates')
        .getByText(/^Nominated by /)
        .count(),
    ).toBe(2);
    await check(m0.page, 'election-nominations-desktop');

    // The hustings: the returning officer opens it; members ask and vote; Ana answers the top question.
    await ro.page.goto(`${baseUrl}${url}`);
    await ro.page.getByRole('button', { name: 'Open the hustings' }).click();
    await ro.page.getByRole('link', { name: 'Ask and vote on questions' }).waitFor();
    const h = await api<Election>(cookie[RO] ?? '', 'GET', `/api/elections/${e.id}`);
    const conversation = h.hustings?.conversationId ?? '';
    const asked = await api<{ statement: { id: string } }>(
      cookie[MEMBERS[1] ?? ''] ?? '',
      'POST',
      `/api/conversations/${conversation}/statements`,
      { text: 'How will you stop the factions attacking each other in public?' },
    );
    for (const email of MEMBERS)
      await api(cookie[email] ?? '', 'POST', `/api/conversations/${conversation}/votes`, {
        statementId: asked.statement.id,
        value: 1,
      });
    await ana.page.reload();
    await reloadUntil(
      ana.page,
      async () => (await ana.page.getByTestId('hustings-questions').count()) > 0,
      'the question to rank',
    );
    await ana.page
      .getByText('Question 1: How will you stop the factions attacking each other in public?')
      .waitFor();
    await ana.page
      .getByLabel('Your answer')
      .fill('One code of conduct, enforced the same for every faction.');
    await ana.page.getByRole('button', { name: 'Save my answer' }).click();
    await ana.page
      .getByTestId('hustings-questions')
      .locator('p', { hasText: 'One code of conduct, enforced the same for every faction.' })
      .waitFor();
    await check(ana.page, 'election-hustings-phone');
    expect(await noSidewaysScroll(ana.page)).toBe(0);

    // Nominations close at their time; the returning officer opens voting and sees the shares once.
    await reloadUntil(
      ro.page,
      async () => (await ro.page.getByTestId('election-phase').innerText()) === 'Nominations closed',
      'nominations to close',
    );
    await ro.page.getByLabel('Key holders').fill('2');
    await ro.page.getByLabel('Key shares needed to count').fill('2');
    await ro.page.getByRole('button', { name: 'Open voting' }).click();
    await ro.page.getByRole('heading', { name: 'The key holders’ shares' }).waitFor();
    const shares = await ro.page.getByTestId('key-share').allInnerTexts();
    expect(shares).toHaveLength(2);

    // Ana ranks on her phone: herself first, Ben second.
    await ana.page.reload();
    await ana.page.getByRole('heading', { name: 'Vote' }).waitFor();
    await ana.page.getByText(/members are on the roll\. You are on it\./).waitFor();
    const benName = (await api<{ member: { name: string } }>(cookie[BEN] ?? '', 'GET', '/api/me')).member
      .name;
    await ana.page.getByLabel(`Preference for ${anaName}`).selectOption('2');
    await ana.page.getByLabel(`Preference for ${benName}`).selectOption('2');
    await ana.page.getByRole('button', { name: 'Cast my vote' }).click();
    await ana.page.getByRole('alert').getByText('Each number can be given once: 2 is given twice.').waitFor();
    await ana.page.getByLabel(`Preference for ${anaName}`).selectOption('1');
    await check(ana.page, 'election-vote-phone');
    await ana.page.getByRole('button', { name: 'Cast my vote' }).click();
    const shown = await ana.page.getByTestId('election-receipt').innerText();
    const receipt = /Your receipt: ([0-9A-Z-]+)/.exec(shown)?.[1] ?? '';
    expect(receipt).toMatch(/^[0-9A-Z-]{26,}$/);
    // She checks it: her paper is in the box.
    await ana.page.getByRole('textbox', { name: 'Your receipt' }).fill(receipt);
    await ana.page.getByRole('button', { name: 'Check', exact: true }).click();
    await ana.page
      .getByTestId('receipt-status')
      .getByText(/^Your paper is in the ballot box, sealed\./)
      .waitFor();
    // A member at a desk ranks Ben first; the others vote through the API.
    await m0.page.reload();
    await m0.page.getByLabel(`Preference for ${benName}`).selectOption('1');
    await m0.page.getByRole('button', { name: 'Cast my vote' }).click();
    await m0.page.getByTestId('election-receipt').waitFor();
    for (const email of MEMBERS.slice(1, 5))
      await api(cookie[email] ?? '', 'POST', `/api/elections/${e.id}/votes`, { ranking: [anaId, benId] });

    // The returning officer counts with both shares.
    await ro.page.reload();
    await ro.page.getByLabel('Key share 1').fill(shares[0] ?? '');
    await ro.page.getByLabel('Key share 2').fill(shares[1] ?? '');
    await ro.page.getByRole('button', { name: 'Count the votes' }).click();
    await ro.page.getByTestId('election-elected').getByText(`Elected: ${anaName}`).waitFor();
    await check(ro.page, 'election-result-desktop');

    // Members read the result on a phone: the count round by round, turnout, the papers to re-count.
    await ana.page.reload();
    await ana.page
      .getByTestId('election-turnout')
      .getByText(/^6 of \d+ members voted \(\d+(\.\d)?%\)\.$/)
      .waitFor();
    await ana.page.getByRole('table', { name: 'The count, round by round' }).waitFor();
    await ana.page.getByRole('textbox', { name: 'Your receipt' }).fill(receipt);
    await ana.page.getByRole('button', { name: 'Check', exact: true }).click();
    await ana.page.getByTestId('receipt-status').getByText('Your paper was counted.').waitFor();
    const blt = await ana.page
      .getByRole('link', { name: 'Download the papers (BLT) to count them again' })
      .getAttribute('href');
    const file = await (
      await fetch(`${baseUrl}${blt ?? ''}`, { headers: { cookie: cookie[ANA] ?? '' } })
    ).text();
    expect(file.split('\n')[0]).toBe('2 1');
    await check(ana.page, 'election-result-phone');
    expect(await noSidewaysScroll(ana.page)).toBe(0);
    for (const c of [ro, ana, m0]) await c.context.close();
  });
});
