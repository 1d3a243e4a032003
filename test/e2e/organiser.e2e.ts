/**
 * Journey: an organiser (the demo admin) finds members in the directory and imports a members file — a
 * file with a bad row is refused with the row's line, a good one is imported.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { launch, OutboxPage, SignInPage, goTo } from './pages.ts';

let browser: Browser;
const baseUrl = inject('baseUrl');

beforeAll(async () => {
  browser = await launch();
});
afterAll(() => browser.close());

describe('member directory and import, in Chromium', () => {
  it('searches the directory and imports a members CSV, refusing bad rows by line', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const outbox = new OutboxPage(await context.newPage(), baseUrl);
    await page.goto(`${baseUrl}/sign-in`);
    const signIn = new SignInPage(page);
    await signIn.signInWithCode('admin@demo.broadchurch.org', outbox);

    await goTo(page, 'Members');
    await page.getByText(/members · page 1/).waitFor();
    await page.getByLabel('Search by name or email').fill('priya');
    await page.getByText(/^\d+ members · page 1 of 1$/).waitFor();
    const names = await page.getByRole('table', { name: 'Members' }).getByRole('link').allInnerTexts();
    expect(names.length).toBeGreaterThan(0);
    expect(names.every((n) => n.toLowerCase().includes('priya'))).toBe(true);

    await page.getByRole('link', { name: 'Import CSV' }).click();
    await page
      .getByLabel('Into branch')
      .locator('option', { hasText: 'Millbrook' })
      .waitFor({ state: 'attached' });
    await page.getByLabel('Into branch').selectOption({ label: 'Millbrook (constituency)' });
    const bad = 'name,email,ward\nAmy Good,amy.good@example.org,N-MIL-1\nBen Bad,not-an-email,N-MIL-1\n';
    await page
      .getByLabel('CSV file')
      .setInputFiles({ name: 'members.csv', mimeType: 'text/csv', buffer: Buffer.from(bad) });
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.innerText()).toContain('Line 3: email');
    expect(await alert.innerText()).toContain('nothing was imported');

    const good =
      'name,email,ward\nAmy Good,amy.good@example.org,N-MIL-1\nBen Better,ben.better@example.org,N-MIL-2\n';
    await page
      .getByLabel('CSV file')
      .setInputFiles({ name: 'members.csv', mimeType: 'text/csv', buffer: Buffer.from(good) });
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await page.getByText('Imported 2 members.').waitFor();
    await context.close();
  });
});
