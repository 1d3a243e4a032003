/**
 * Journey: a branch organiser (the demo organiser of Millbrook) opens the demo ward's register, builds a
 * segment and sees its count before saving, cuts it into walks, assigns one, reads the dashboard, and
 * shares a canvass session's public page, where a newcomer signs up without an account.
 */
import fs from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { demoMemberEmail } from '../../src/demo/index.ts';
import { launch, signedIn, goTo } from './pages.ts';

let browser: Browser;
const baseUrl = inject('baseUrl');

beforeAll(async () => {
  browser = await launch();
});
afterAll(() => browser.close());

describe('Canvassing console, in Chromium', () => {
  it('an organiser targets non-voters, cuts walks, assigns one and reads the dashboard', async () => {
    const { context, page } = await signedIn(browser, baseUrl, demoMemberEmail(2));
    await goTo(page, 'Canvassing');
    await page.getByRole('link', { name: /^Abbey/ }).click();
    await page.getByRole('heading', { name: 'Canvassing: Abbey' }).waitFor();

    const nav = page.getByRole('navigation', { name: 'Canvassing' });
    await nav.getByRole('link', { name: 'Register' }).click();
    await page.getByText(/3,000 electors/).waitFor();
    await page.getByText(/Local elections 2026, 2026-05-07: [\d,]+ voted/).waitFor();

    await nav.getByRole('link', { name: 'Targeting' }).click();
    const count = page.getByTestId('segment-count');
    await expect.poll(() => count.innerText()).toMatch(/^3,000 electors at [\d,]+ doors$/);
    await page.getByLabel('Never voted').check();
    await page.getByLabel('AB3').check();
    await expect.poll(() => count.innerText()).not.toMatch(/^(3,000 electors|Counting)/);
    const before = await count.innerText();
    await page.getByLabel('Name').fill('Never voted, AB3');
    await page.getByRole('button', { name: 'Save the segment' }).click();
    await page.getByText('Saved. Cut it into walks under Walks.').waitFor();
    const saved = page.getByRole('listitem').filter({ hasText: 'Never voted, AB3' });
    expect(await saved.innerText()).toContain(before.split(' at ')[0]);
    await saved.getByRole('button', { name: 'Cut into walks' }).click();
    await page.getByText(/^Cut [\d,]+ electors into \d+ walks\.$/).waitFor();

    await nav.getByRole('link', { name: 'Walks' }).click();
    const walk = page
      .getByRole('listitem')
      .filter({ has: page.getByRole('heading', { name: /AB3/ }) })
      .first();
    await walk.getByRole('combobox').selectOption({ index: 1 });
    await walk.getByRole('button', { name: 'Assign' }).click();
    await walk.getByRole('button', { name: 'End assignment' }).waitFor();
    expect(await walk.getByRole('link', { name: 'Walk sheet (PDF)' }).getAttribute('href')).toMatch(
      /sheet\.pdf$/,
    );

    await nav.getByRole('link', { name: 'Dashboard' }).click();
    await page.getByRole('heading', { name: 'Voting intention by polling district' }).waitFor();
    await page.getByRole('table').first().getByRole('rowheader', { name: 'AB1' }).waitFor();
    await page.getByRole('heading', { name: 'Canvassers' }).waitFor();

    await nav.getByRole('link', { name: 'Electors' }).click();
    await page.getByLabel('Name, address or postcode').fill('Smith');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByRole('button', { name: 'View' }).first().click();
    await page.getByText(/^Latest intention:/).waitFor();
    // Organisers look (audited) but only data officers export or erase.
    expect(await page.getByRole('button', { name: 'Erase' }).count()).toBe(0);

    await nav.getByRole('link', { name: 'Sessions' }).click();
    await page.getByRole('link', { name: 'public sign-up page' }).first().click();
    await page.getByRole('heading', { name: 'Saturday canvass' }).waitFor();
    const publicUrl = page.url();
    const goingBefore = Number(/^(\d+)/.exec(await page.getByTestId('going').innerText())?.[1]);

    // A newcomer from the rally, with no account, signs up on the public page, phone and all.
    const visitor = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const v = await visitor.newPage();
    await v.goto(publicUrl);
    await v.getByLabel('Your name').fill('Rally Newcomer');
    await v.getByLabel('Email address').fill('newcomer@example.org');
    await v.getByLabel('Phone (optional)').fill('07700 900999');
    await v.getByRole('button', { name: 'Sign me up' }).click();
    await v.getByText(/You're signed up/).waitFor();
    expect(await v.getByTestId('going').innerText()).toBe(`${goingBefore + 1} going.`);
    await v.reload();
    await expect.poll(() => v.getByTestId('going').innerText()).toBe(`${goingBefore + 1} going.`);
    const [ics] = await Promise.all([
      v.waitForEvent('download'),
      v.getByRole('link', { name: 'Add to my calendar (.ics)' }).click(),
    ]);
    expect(fs.readFileSync(await ics.path(), 'utf8')).toContain('SUMMARY:Saturday canvass');
    await visitor.close();

    // The organiser moves the meeting point; then cancels; the public page says so.
    await page.goBack();
    const listed = page.getByRole('listitem').filter({ hasText: 'Saturday canvass' }).first();
    await listed.getByRole('button', { name: 'Change the meeting point' }).click();
    await listed.getByLabel('New meeting point').fill('The station forecourt');
    await listed.getByRole('button', { name: 'Save and tell everyone' }).click();
    await listed.getByText(/The station forecourt/).waitFor();
    await listed.getByRole('button', { name: 'Cancel the session' }).click();
    await listed.getByRole('button', { name: 'Yes, cancel it' }).click();
    await listed.getByText('Cancelled').waitFor();
    await page.goto(publicUrl);
    await page.getByText('This session has been cancelled.').waitFor();
    await context.close();
  });
});
