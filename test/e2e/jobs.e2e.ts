/**
 * The dead-letter view as a national admin reaches it: from the home page's tasks to the background jobs,
 * on a desktop and on a phone (none failing on a fresh instance: the empty state says so). A member
 * without the role is refused. Each screen checked by axe-core and photographed.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { DEMO_ADMIN_EMAIL, demoMemberEmail } from '../../src/demo/index.ts';
import { check, noSidewaysScroll, SIZES } from './axe.ts';
import { launch, signedIn } from './pages.ts';

let browser: Browser;
const baseUrl = inject('baseUrl');

beforeAll(async () => {
  browser = await launch();
});
afterAll(() => browser.close());

describe('Background jobs', () => {
  for (const [size, viewport] of [
    ['desktop', SIZES.desktop],
    ['phone', SIZES.phone],
  ] as const) {
    it(`a national admin opens the failing jobs from the home page (${size})`, async () => {
      const { context, page } = await signedIn(browser, baseUrl, DEMO_ADMIN_EMAIL, viewport);
      await page.getByRole('link', { name: /^Background jobs/ }).click();
      await page.getByRole('heading', { name: 'Background jobs', level: 1 }).waitFor();
      await page.getByText('No background job is failing.').waitFor();
      expect(await noSidewaysScroll(page)).toBe(0);
      await check(page, `${size}-jobs`);
      await context.close();
    });
  }

  it('a member without the role is told they may not see it', async () => {
    const { context, page } = await signedIn(browser, baseUrl, demoMemberEmail(8), SIZES.phone);
    expect(await page.getByRole('link', { name: /^Background jobs/ }).count()).toBe(0);
    await page.goto(`${baseUrl}/jobs`);
    await page
      .getByRole('alert')
      .getByText(/national admin/)
      .waitFor();
    await context.close();
  });
});
