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
import { check, noSidewaysScroll, SIZES } from './axe.ts';

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
    await check(page, 'canvassing-register-phone');

    await nav.getByRole('link', { name: 'Targeting' }).click();
    const count = page.getByTestId('segment-count');
    await expect.poll(() => count.innerText()).toMatch(/^3,000 electors at [\d,]+ doors$/);
    // One filter, then the other: each count is waited for, so the second is never read as the first.
    await page.getByLabel('Never voted').check();
    await expect.poll(() => count.innerText()).not.toMatch(/^(3,000 electors|Counting)/);
    const neverVoted = await count.innerText();
    await page.getByLabel('AB3').check();
    await expect.poll(() => count.innerText()).not.toMatch(new RegExp(`^(${neverVoted}|Counting)`));
    const before = await count.innerText();
    await page.getByLabel('Name').fill('Never voted, AB3');
    await page
      .getByRole('form', { name: 'Build a segment' })
      .getByLabel('Script for the door (optional)')
      .fill('Hello from the party. Do you know where to vote?');
    await page.getByRole('button', { name: 'Save the segment' }).click();
    await page.getByText('Saved. Cut it into walks under Walks.').waitFor();
    const saved = page.getByRole('listitem').filter({ hasText: 'Never voted, AB3' });
    expect(await saved.innerText()).toContain(before.split(' at ')[0]);
    await saved.getByRole('button', { name: 'Cut into walks' }).click();
    await page.getByText(/^Cut [\d,]+ electors into \d+ walks\.$/).waitFor();
    // The script was saved with the segment, and can be changed.
    await saved.getByText('Change the script').click();
    expect(await saved.getByLabel('Script for the door (optional)').inputValue()).toBe(
      'Hello from the party. Do you know where to vote?',
    );
    expect(await noSidewaysScroll(page)).toBe(0);
    await check(page, 'canvassing-targeting-phone');

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
    await check(page, 'canvassing-dashboard-phone');

    // Issues raised on the ward's doorsteps go to a conversation of the ward or a branch above it.
    await nav.getByRole('link', { name: 'Issues' }).click();
    await page.getByRole('heading', { name: 'Raised on the doorstep (last 90 days)' }).waitFor();
    const firstIssue = page.getByRole('checkbox').first();
    await firstIssue.check();
    const statement = page.getByRole('textbox', { name: /^Statement for / }).first();
    expect(await statement.inputValue()).toMatch(/^We should act on .+ in our area\.$/);
    await statement.fill(`${await statement.inputValue()} (${Date.now()})`);
    const target = page.getByLabel('Conversation');
    await expect.poll(() => target.locator('option').count()).toBeGreaterThan(1);
    await target.selectOption({ index: 1 });
    await page.getByRole('button', { name: 'Send 1 as statements' }).click();
    await page.getByText(/^1 added(, 1 waiting for a moderator)?\.$/).waitFor();
    await check(page, 'canvassing-issues-phone');

    await nav.getByRole('link', { name: 'Electors' }).click();
    await page.getByLabel('Name, address or postcode').fill('Smith');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByRole('button', { name: 'View' }).first().click();
    await page.getByText(/^Latest intention:/).waitFor();
    await check(page, 'canvassing-elector-phone');
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
    await v.getByRole('heading', { name: 'Saturday canvass' }).waitFor();
    await check(v, 'canvass-session-public-phone');
    expect(await v.title()).toBe('Saturday canvass · Broadchurch');
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

  it('a register in another layout: its columns picked on a form; "never voted" warns with no marked register', async () => {
    const { context, page } = await signedIn(browser, baseUrl, demoMemberEmail(2), SIZES.desktop);
    await goTo(page, 'Canvassing');
    await page.getByRole('link', { name: /^Hillcrest/ }).click();
    await page.getByRole('heading', { name: 'Canvassing: Hillcrest' }).waitFor();
    const nav = page.getByRole('navigation', { name: 'Canvassing' });
    await nav.getByRole('link', { name: 'Register' }).click();
    await page.getByRole('heading', { name: 'Import the register' }).waitFor();
    const csv = [
      'Poll Dist,Elector No,Family Name,Given Name,Line 1,Line 2,Post code',
      'HC1,1,Jones,Megan,1 Hill Road,Hillcrest,HD1 2AB',
      'HC1,2,Jones,Rhys,1 Hill Road,Hillcrest,HD1 2AB',
      'HC1,3,Okafor,Ada,2 Hill Road,Hillcrest,HD1 2AB',
    ].join('\n');
    await page
      .getByLabel('Register CSV', { exact: true })
      .setInputFiles({ name: 'council-export.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    // Without a mapping the file's columns are not the usual ones: it is refused, nothing written.
    await page.getByRole('button', { name: 'Check the file' }).click();
    await page
      .getByRole('alert')
      .filter({ hasText: 'Line 1: Elector Number Prefix column is missing' })
      .waitFor();
    await page.getByText('Another layout? Pick its columns').click();
    await page.getByText('The file has 7 columns.', { exact: false }).waitFor();
    // A column found by its usual name is offered as it is.
    expect(await page.getByLabel('Postcode', { exact: true }).locator('option').first().innerText()).toBe(
      'As found: “Post code”',
    );
    for (const [field, column] of [
      ['Polling district (elector number prefix)', 'Poll Dist'],
      ['Elector number', 'Elector No'],
      ['Surname', 'Family Name'],
      ['Forename', 'Given Name'],
      ['Address line 1', 'Line 1'],
      ['Address line 2', 'Line 2'],
    ] as const)
      await page.getByLabel(field, { exact: true }).selectOption(column);
    await check(page, 'canvassing-register-mapping-desktop');
    await page.getByRole('button', { name: 'Check the file' }).click();
    // A check writes nothing (another journey may have given this ward electors of its own).
    await page.getByText(/^The file is good: 3 rows; 3 new/).waitFor();

    await nav.getByRole('link', { name: 'Targeting' }).click();
    await page.getByLabel('Never voted').check();
    await page
      .getByRole('alert')
      .filter({ hasText: 'No marked register has been imported for this branch' })
      .waitFor();
    await check(page, 'canvassing-targeting-no-marked-desktop');
    expect(await page.title()).toBe('Targeting · Canvassing: Hillcrest · Broadchurch');
    await page.setViewportSize({ width: 320, height: 700 });
    expect(await noSidewaysScroll(page)).toBe(0);
    await context.close();
  });
});
