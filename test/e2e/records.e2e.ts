/**
 * Journey: records people can read. The admin (a data officer of the party) opens the audit log: entries
 * name who did what (never an id prefix), filter by action and by a person chosen in the table, and export
 * as CSV with the same filters. On a phone the table becomes stacked cards. Scanned by axe-core.
 */
import fs from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { DEMO_ADMIN_EMAIL, demoMemberEmail } from '../../src/demo/index.ts';
import { goTo, launch, signedIn } from './pages.ts';
import { check, noSidewaysScroll, SIZES } from './axe.ts';

let browser: Browser;
const baseUrl = inject('baseUrl');

beforeAll(async () => {
  browser = await launch();
});
afterAll(() => browser.close());

describe('the audit log, in Chromium', () => {
  it('a member asks to be erased on their profile (phone); the data officer erases them', async () => {
    const leaver = demoMemberEmail(45);
    const m = await signedIn(browser, baseUrl, leaver);
    await goTo(m.page, 'My profile');
    await m.page.getByRole('button', { name: 'Ask to be erased' }).click();
    await m.page.getByRole('button', { name: 'Yes, ask to be erased' }).click();
    await m.page.getByText(/You asked to be erased on/).waitFor();
    await check(m.page, 'phone-profile-erasure-asked');
    await m.context.close();

    const { context, page } = await signedIn(browser, baseUrl, DEMO_ADMIN_EMAIL, SIZES.desktop);
    await goTo(page, 'Audit log');
    const queue = page.getByRole('region', { name: /Members asking to be erased/ });
    const name = (await queue.getByRole('listitem').first().locator('strong').innerText()).trim();
    await check(page, 'desktop-erasure-queue');
    await queue.getByRole('button', { name: `Erase now: ${name}` }).click();
    await expect
      .poll(() => page.getByRole('region', { name: /Members asking to be erased/ }).count())
      .toBe(0);
    // The log says so, and names the erased member as a deleted member.
    await page.getByLabel('Action').selectOption({ label: 'Erased' });
    await page
      .getByRole('table', { name: 'Audit entries, newest first' })
      .getByText('member: deleted member')
      .first()
      .waitFor();
    await context.close();
  });

  for (const [size, viewport] of Object.entries(SIZES)) {
    it(`names people, filters and exports (${size})`, async () => {
      const { context, page } = await signedIn(browser, baseUrl, DEMO_ADMIN_EMAIL, viewport);
      await goTo(page, 'Audit log');
      await page.getByRole('heading', { name: 'Audit log' }).waitFor();
      const table = page.getByRole('table', { name: 'Audit entries, newest first' });
      // Reading the log is itself recorded, by name.
      await table.getByRole('button', { name: 'Ada Admin' }).first().waitFor();
      expect(await table.innerText()).not.toMatch(/[0-9a-f]{8}…/);
      await page.getByLabel('Action').selectOption({ label: 'Viewed' });
      await expect
        .poll(async () =>
          (await table.getByRole('row').allInnerTexts()).slice(1).every((r) => /Viewed/.test(r)),
        )
        .toBe(true);
      await table.getByRole('button', { name: 'Ada Admin' }).first().click();
      await page.getByText(/Only what Ada Admin did\./).waitFor();
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('link', { name: 'Export these entries (CSV)' }).click(),
      ]);
      const csv = fs
        .readFileSync(await download.path(), 'utf8')
        .trim()
        .split('\n');
      expect(csv[0]).toBe('when,who,action,subject,subject id,member,branch');
      for (const line of csv.slice(1)) expect(line).toMatch(/,Ada Admin,view,/);
      expect(await noSidewaysScroll(page)).toBe(0);
      await check(page, `${size}-audit-log`);
      await context.close();
    });
  }
});
