/**
 * The screens that changed with "safe to run for a real party", at desktop and phone sizes, each checked by
 * axe-core (no serious or critical violation) and photographed (into $TMPDIR/bc-screens, to look at):
 * the sign-in page, a ballot (its opening form, a sealed vote and its receipt, the count), a conversation
 * as its organiser sees it (members and visitors taking part), and the members import page.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { DEMO_ADMIN_EMAIL } from '../../src/demo/index.ts';
import { BallotPage, launch, signedIn, goTo } from './pages.ts';
import { check, SIZES } from './axe.ts';

let browser: Browser;
const baseUrl = inject('baseUrl');

beforeAll(async () => {
  browser = await launch();
});
afterAll(() => browser.close());

describe('screens, at desktop and phone sizes', () => {
  for (const [size, viewport] of Object.entries(SIZES)) {
    it(`sign-in, a sealed ballot, a conversation's organiser view and the import page (${size})`, async () => {
      const anonymous = await browser.newContext({ viewport });
      const signInPage = await anonymous.newPage();
      await signInPage.goto(`${baseUrl}/sign-in`);
      await signInPage.getByText('Trying the demo?').waitFor();
      await check(signInPage, `${size}-sign-in`);
      await anonymous.close();

      const { context, page } = await signedIn(browser, baseUrl, DEMO_ADMIN_EMAIL, viewport);
      // A ballot: the opening form says the electorate is fixed when it opens.
      await goTo(page, 'Manifesto');
      await page.getByRole('link', { name: 'Our manifesto (draft)', exact: true }).click();
      await page.getByText('Who may vote is fixed when the ballot opens').waitFor();
      await check(page, `${size}-ballot-open-form`);
      const ballot = new BallotPage(page);
      await ballot.openOnDocument();
      await ballot.checkReceipt(await ballot.approve(), 'This paper is in the ballot box, sealed.');
      await check(page, `${size}-ballot-sealed`);
      await ballot.closeAndCount();
      await check(page, `${size}-ballot-counted`);

      // The conversation as its organiser sees it: how many take part, as members and as visitors.
      await goTo(page, 'Common Ground');
      await page.getByRole('link', { name: /What should our manifesto put first/ }).click();
      await expect
        .poll(() => page.getByTestId('taking-part').innerText())
        .toMatch(/\d+ taking part: \d+ members?, 300 imported or since erased/);
      await check(page, `${size}-conversation-organiser`);

      await page.goto(`${baseUrl}/members/import`);
      await page.getByRole('heading', { name: /Import/ }).waitFor();
      await check(page, `${size}-members-import`);
      await context.close();
    });
  }
});
