/**
 * Journey: a returning officer counts an election held on paper, or checks a declared one. On a phone and
 * at a desk, a member opens Elections, chooses the ballot file of a real Scottish ward (2017) and Scottish
 * STV, and reads the count: who was elected, in order; the chart; every figure round by round; who was
 * excluded when. A bad file is refused with the line that is wrong. Each screen is checked with axe.
 */
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { demoMemberEmail } from '../../src/demo/index.ts';
import { check, noSidewaysScroll, SIZES } from './axe.ts';
import { launch, signedIn } from './pages.ts';

let browser: Browser;
const baseUrl = inject('baseUrl');
const WARD = path.resolve(
  import.meta.dirname,
  '../../../shared/data/elections/scottish-council-2017/fife_2017_ward15.blt',
);

beforeAll(async () => {
  browser = await launch();
});
afterAll(() => browser.close());

describe('counting an election, in Chromium', () => {
  it.each(['phone', 'desktop'] as const)('a ward counted by Scottish STV on a %s', async (size) => {
    const { context, page } = await signedIn(browser, baseUrl, demoMemberEmail(30), SIZES[size]);
    // From the home page's list of what a member can do, through Elections.
    await page.getByRole('link', { name: /^Elections/ }).click();
    await page.getByRole('link', { name: 'Count a ballot file instead' }).click();
    await page.getByRole('heading', { name: 'Count an election' }).waitFor();
    await page.getByLabel('Ballot file (.blt)').setInputFiles(WARD);
    await page.getByLabel('Method').selectOption({ label: 'Scottish STV' });
    await page.getByRole('button', { name: 'Count', exact: true }).click();
    await page
      .getByTestId('count-elected')
      .getByText('Elected, in order: Ross VETTRAINO (SNP), Derek NOBLE (Lab), Vikki WILTON (SNP)')
      .waitFor();
    await page.getByRole('heading', { name: /3 seats, counted by Scottish STV; quota 1,212\.$/ }).waitFor();
    const table = page.getByRole('table', { name: 'The count, round by round' });
    expect(await table.getByRole('columnheader', { name: /^Round \d+$/ }).count()).toBe(10);
    const noble = table.getByRole('row', { name: /^Derek NOBLE \(Lab\) \(elected\)/ });
    expect((await noble.innerText()).replace(/\s+/g, ' ')).toContain('1,370.63429 1,212 1,212');
    await page
      .getByText('Round 2: Bert THOMSON (Ind) excluded with the fewest votes; their papers move in round 3.')
      .waitFor();
    await page
      .getByRole('img', { name: /A line a candidate: their votes at each of the 10 rounds/ })
      .waitFor();
    await check(page, `count-${size}`);
    if (size === 'phone') expect(await noSidewaysScroll(page)).toBe(0);

    // A file with a bad line is refused whole, naming the line.
    const bad = path.join(path.dirname(WARD), 'shetland_2017_ward6.blt');
    await page.getByLabel('Method').selectOption({ label: 'Alternative vote (one seat)' });
    await page.getByLabel('Ballot file (.blt)').setInputFiles(bad);
    await page.getByRole('button', { name: 'Count', exact: true }).click();
    await page
      .getByRole('alert')
      .getByText(/the alternative vote fills one seat, not 3/)
      .waitFor();
    await page.getByLabel('Ballot file (.blt)').setInputFiles({
      name: 'broken.blt',
      mimeType: 'text/plain',
      buffer: Buffer.from('2 1\n1 1 0\n1 3 0\n0\n"A"\n"B"\n"Test"\n'),
    });
    await page.getByRole('button', { name: 'Count', exact: true }).click();
    await page
      .getByRole('alert')
      .getByText(/preference "3" is not a candidate \(1 to 2\)/)
      .waitFor();
    await context.close();
  });
});
