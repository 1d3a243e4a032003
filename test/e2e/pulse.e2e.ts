/**
 * Pulse as members see it: a canvasser of the demo ward opens it from the menu on a phone and reads the
 * pooled polls, how far our doorsteps run above them, each pollster's lean and the seats, and the numbers
 * behind the chart as a table; the national organiser (the demo admin) on a desktop has a bad poll file
 * refused line by line and turns drifting leans on and off. Each screen checked by axe-core and photographed.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { DEMO_ADMIN_EMAIL, demoMemberEmail } from '../../src/demo/index.ts';
import { DEMO_HOUSES } from '../../src/demo/pulse.ts';
import { check, noSidewaysScroll, SIZES } from './axe.ts';
import { goTo, launch, signedIn } from './pages.ts';

let browser: Browser;
const baseUrl = inject('baseUrl');

beforeAll(async () => {
  browser = await launch();
});
afterAll(() => browser.close());

describe('Pulse', () => {
  it('a canvasser reads support, our doorsteps’ lean, the pollsters’ leans and seats on a phone', async () => {
    const { context, page } = await signedIn(browser, baseUrl, demoMemberEmail(8), SIZES.phone);
    await goTo(page, 'Pulse');
    await page.getByRole('heading', { name: /^Us: \d+\.\d%/ }).waitFor();
    // The demo ward's canvassing finds us far more support than the polls do, and the page says so.
    await expect
      .poll(() => page.getByText(/Our doorsteps in .* run \d+\.\d points above the pooled polls/).count())
      .toBe(1);
    const chart = page.getByRole('img', { name: /Us’s pooled support from .* to .*: \d+\.\d% at the end/ });
    await chart.waitFor();
    expect(await chart.locator('circle').count()).toBeGreaterThan(50);
    // Every demo pollster has a row in the leans' table, with its number of polls.
    const leans = page
      .getByRole('table')
      .filter({ has: page.getByRole('columnheader', { name: 'Lean (points)' }) });
    for (const [house] of DEMO_HOUSES)
      await expect.poll(() => leans.getByRole('rowheader', { name: house }).count()).toBe(1);
    const seats = page
      .getByRole('table')
      .filter({ has: page.getByRole('columnheader', { name: 'Uniform swing' }) });
    expect(await seats.getByRole('row').count()).toBe(7);
    expect(await noSidewaysScroll(page)).toBe(0);
    await check(page, 'phone-pulse');
    // The table alternative, a week a row; "Everything" shows the whole two years.
    await page.getByText('The numbers behind the chart').click();
    const weekly = page.getByRole('table', { name: 'Pooled support, one row a week' });
    const year = await weekly.getByRole('row').count();
    expect(year).toBeGreaterThan(50);
    // And our doorsteps week by week: only closed weeks of 30 contacts or more, contacts to the nearest five,
    // support in whole percent (published once, with noise: no door can be read from them).
    const weeks = page.getByRole('table', { name: /Our doorsteps, one row a week/ });
    const counts = await weeks.locator('tbody td:nth-child(3)').allInnerTexts();
    expect(counts.length).toBeGreaterThan(5);
    for (const n of counts) {
      expect(Number(n)).toBeGreaterThanOrEqual(30);
      expect(Number(n) % 5).toBe(0);
    }
    for (const share of await weeks.locator('tbody td:nth-child(2)').allInnerTexts())
      expect(share).toMatch(/^\d+%$/);
    await expect
      .poll(() => page.getByText(/a week at a time, on the Wednesday after the week ends/).count())
      .toBe(1);
    await page.getByRole('button', { name: 'Everything' }).click();
    await expect.poll(() => weekly.getByRole('row').count()).toBeGreaterThan(100);
    await check(page, 'phone-pulse-table');
    await context.close();
  });

  it('the national organiser has a bad poll file refused by line, and turns drifting leans on and off', async () => {
    const { context, page } = await signedIn(browser, baseUrl, DEMO_ADMIN_EMAIL, SIZES.desktop);
    await page.goto(`${baseUrl}/pulse`);
    await page.getByRole('heading', { name: 'Polls and results (national organisers)' }).waitFor();
    const held = await page.getByText(/Held now: \d+ polls/).innerText();
    await page.getByLabel('Poll series (CSV)').setInputFiles({
      name: 'polls.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(
        'pollster,start,end,n,Us,Labour\nAcme,2026-01-01,2026-01-02,1000,31,29\nAcme,2026-01-05,2026-01-04,1000,31,29\nAcme,2026-01-08,2026-01-09,lots,31,29\n',
      ),
    });
    await page.getByRole('button', { name: 'Import poll series' }).click();
    const alert = page.getByRole('alert');
    await alert.getByText('2 lines of the file could not be read; nothing was imported').waitFor();
    await alert.getByText(/Line 3:/).waitFor();
    await alert.getByText(/Line 4:/).waitFor();
    expect(await page.getByText(/Held now: \d+ polls/).innerText()).toBe(held);
    await check(page, 'desktop-pulse-organiser');

    await page.getByLabel('Let each pollster’s lean drift slowly over time').check();
    await page.getByRole('button', { name: 'Save the model' }).click();
    await page.getByText(/Pollsters’ leans may drift too/).waitFor();
    await page.getByLabel('Let each pollster’s lean drift slowly over time').uncheck();
    await page.getByRole('button', { name: 'Save the model' }).click();
    await expect.poll(() => page.getByText(/Pollsters’ leans may drift too/).count()).toBe(0);
    await context.close();
  });
});
