/**
 * Journey: members are told. One member turns new-conversation news off on their profile (phone); another
 * keeps mail. An organiser starts a conversation for the whole party. The second member sees it on their
 * home page with an unread count (desktop), opens it, and it is read; their mail has a link that stops
 * that kind of mail in one click without signing in. The first member is told nothing. Each screen is
 * scanned by axe-core at desktop and phone sizes; no page scrolls sideways at 320 CSS px.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { DEMO_ADMIN_EMAIL, demoMemberEmail } from '../../src/demo/index.ts';
import { goTo, launch, OutboxPage, signedIn } from './pages.ts';
import { check, noSidewaysScroll, SIZES } from './axe.ts';

let browser: Browser;
const baseUrl = inject('baseUrl');
const TITLE = 'Buses for everyone';
const quiet = demoMemberEmail(41);
const told = demoMemberEmail(42);

beforeAll(async () => {
  browser = await launch();
});
afterAll(() => browser.close());

/** Reloads the home page until the notification shows (the job expands fan-outs each second). */
async function waitForNotification(page: Page): Promise<void> {
  await expect
    .poll(
      async () => {
        await page.goto(`${baseUrl}/`);
        await page.getByRole('heading', { name: /Notifications/ }).waitFor();
        // Counted once the list has loaded, not while it is on its way.
        await page.getByText('Loading notifications…').waitFor({ state: 'hidden' });
        return page.getByRole('link', { name: new RegExp(`New conversation: ${TITLE}`) }).count();
      },
      { timeout: 60_000, interval: 1_000 },
    )
    .toBe(1);
}

describe('notifications, in Chromium', () => {
  it('a member turns a kind of news off on their profile (phone)', async () => {
    const { context, page } = await signedIn(browser, baseUrl, quiet);
    await goTo(page, 'My profile');
    const topic = page.getByRole('group', { name: 'New conversations' });
    await topic.getByRole('radio', { name: 'Off' }).check();
    await page.getByText('Saved.').first().waitFor();
    await page.reload();
    expect(
      await page
        .getByRole('group', { name: 'New conversations' })
        .getByRole('radio', { name: 'Off' })
        .isChecked(),
    ).toBe(true);
    await check(page, 'phone-profile-notifications');
    await context.close();
  });

  it('a conversation opens; a member is told in the app and by mail, and stops the mail in one click', async () => {
    const admin = await signedIn(browser, baseUrl, DEMO_ADMIN_EMAIL, SIZES.desktop);
    const me = await admin.page.request.get(`${baseUrl}/api/me`);
    const party = ((await me.json()) as { roles: { role: string; branch: { id: string } }[] }).roles.find(
      (r) => r.role === 'admin',
    )?.branch.id;
    const made = await admin.page.request.post(`${baseUrl}/api/conversations`, {
      data: { branchId: party, title: TITLE, question: 'How should buses run in our towns?' },
      headers: { origin: baseUrl },
    });
    expect(made.status()).toBe(201);
    await admin.context.close();

    const { context, page } = await signedIn(browser, baseUrl, told, SIZES.desktop);
    await waitForNotification(page);
    const panel = page.getByRole('region', { name: /Notifications/ });
    await panel.getByText(/\d+ new/).waitFor();
    const badge = page.getByRole('navigation', { name: 'Main' }).getByText(/unread notifications?$/);
    expect(await badge.count()).toBe(1);
    await check(page, 'desktop-home-notifications');
    await panel.getByRole('link', { name: new RegExp(`New conversation: ${TITLE}`) }).click();
    await page.getByRole('heading', { name: TITLE }).waitFor();
    expect(await page.title()).toBe(`${TITLE} · Broadchurch`);
    await goTo(page, 'Home');
    await expect
      .poll(() => panel.getByRole('link', { name: new RegExp(`^New: New conversation: ${TITLE}`) }).count())
      .toBe(0);

    // The mail: one click on its link, signed out, stops this kind of mail.
    const outbox = new OutboxPage(page, baseUrl);
    const mail = await outbox.latest(told, new RegExp(`New conversation: ${TITLE}`));
    const link = /Stop these mails: (\S+)/.exec(mail.text)?.[1];
    expect(link).toMatch(/\/unsubscribe\?token=/);
    await context.close();
    for (const [size, viewport] of Object.entries(SIZES)) {
      const stranger = await browser.newContext({ viewport });
      const p = await stranger.newPage();
      await p.goto(link ?? '');
      await p.getByText(/Stop emails about new conversations\?/).waitFor();
      await check(p, `${size}-unsubscribe`);
      if (size === 'phone') {
        await p.getByRole('button', { name: 'Stop these emails' }).click();
        await p.getByText(/You will get no more emails about new conversations/).waitFor();
      }
      await stranger.close();
    }
    const again = await signedIn(browser, baseUrl, told);
    await goTo(again.page, 'My profile');
    const topic = again.page.getByRole('group', { name: 'New conversations' });
    expect(await topic.getByRole('radio', { name: 'In the app only' }).isChecked()).toBe(true);
    await again.context.close();

    // A link altered by hand says so in words.
    const stranger = await browser.newContext();
    const p = await stranger.newPage();
    await p.goto(`${link ?? ''}x`);
    await p
      .getByRole('alert')
      .getByText(/not whole or has been changed/)
      .waitFor();
    await stranger.close();

    // The member who turned this news off was told nothing.
    const q = await signedIn(browser, baseUrl, quiet, SIZES.phone);
    await q.page.getByRole('heading', { name: /Notifications/ }).waitFor();
    // Asserted on the loaded list (another notification may be in it), never on a page still loading.
    await q.page.getByText('Loading notifications…').waitFor({ state: 'hidden' });
    expect(await q.page.getByRole('link', { name: new RegExp(`New conversation: ${TITLE}`) }).count()).toBe(
      0,
    );
    await check(q.page, 'phone-home-notifications');
    await q.context.close();
  });

  it('the menu folds on a phone and no page scrolls sideways at 320 px', async () => {
    const { context, page } = await signedIn(browser, baseUrl, told, { width: 320, height: 700 });
    expect(await page.getByRole('navigation', { name: 'Main' }).isVisible()).toBe(false);
    const menu = page.getByRole('button', { name: /^Menu/ });
    expect(await menu.getAttribute('aria-expanded')).toBe('false');
    await menu.click();
    expect(await menu.getAttribute('aria-expanded')).toBe('true');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Common Ground' }).click();
    await page.getByRole('heading', { name: 'Common Ground' }).first().waitFor();
    expect(await page.getByRole('navigation', { name: 'Main' }).isVisible()).toBe(false);
    for (const path of [
      '/',
      '/me',
      '/conversations',
      '/manifestos',
      '/branches',
      '/pulse',
      '/elections',
      '/elections/count',
    ]) {
      await page.goto(`${baseUrl}${path}`);
      await page.getByRole('heading', { level: 1 }).first().waitFor();
      expect(await noSidewaysScroll(page), path).toBe(0);
    }
    await context.close();
    // At 1280 px every item of the menu is visible, with no menu button.
    const wide = await signedIn(browser, baseUrl, DEMO_ADMIN_EMAIL, { width: 1280, height: 800 });
    expect(await wide.page.getByRole('button', { name: /^Menu/ }).isVisible()).toBe(false);
    const links = wide.page.getByRole('navigation', { name: 'Main' }).getByRole('link');
    expect(await links.count()).toBe(10);
    for (const l of await links.all()) expect(await l.isVisible()).toBe(true);
    const header = await wide.page.getByRole('banner').boundingBox();
    expect(header?.height ?? 999).toBeLessThan(80);
    await wide.context.close();
  });
});
