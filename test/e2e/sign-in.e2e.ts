/**
 * Journey: the demo admin signs in with the code from the outbox, opens the branch tree and invites a
 * member; the invited member accepts and signs in.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { BranchesPage, launch, OutboxPage, SignInPage, signingIn } from './pages.ts';

let browser: Browser;
const baseUrl = inject('baseUrl');

beforeAll(async () => {
  browser = await launch();
});
afterAll(() => browser.close());

describe('sign-in and invitation, in Chromium', () => {
  it('admin signs in, invites from the branch tree, and the invited member signs in', async () => {
    const admin = await browser.newContext();
    const page = await admin.newPage();
    const outbox = new OutboxPage(await admin.newPage(), baseUrl);

    await page.goto(`${baseUrl}/`);
    await page.waitForURL(/\/sign-in/);
    const signIn = new SignInPage(page);
    await signingIn('admin@demo.broadchurch.org', async () => {
      await signIn.requestCode('admin@demo.broadchurch.org');
      await signIn.enterCode(await outbox.signInCode('admin@demo.broadchurch.org'));
      await page.getByRole('heading', { name: /Welcome, Ada/ }).waitFor();
    });

    const branches = new BranchesPage(page);
    await branches.open();
    await branches.expand('Millbrook');
    const status = await branches.invite('Abbey', 'priya.new@example.org');
    expect(status).toContain('Invitation sent to priya.new@example.org');

    const invitation = await outbox.latest('priya.new@example.org', /invites you/);
    const link = /(http\S+\/invite\/\S+)/.exec(invitation.text)?.[1];
    expect(link).toBeDefined();

    const priya = await browser.newContext();
    const p = await priya.newPage();
    await p.goto(link ?? '');
    await p.getByText('invited priya.new@example.org to join Abbey').waitFor();
    await p.getByLabel('Your name').fill('Priya Newmember');
    await p.getByRole('button', { name: 'Join and sign in' }).click();
    await p.getByLabel('Sign-in code').waitFor();
    await new SignInPage(p).enterCode(await outbox.signInCode('priya.new@example.org'));
    await p.getByRole('heading', { name: 'Welcome, Priya' }).waitFor();
    expect(await p.getByText('Your ward: Abbey').isVisible()).toBe(true);
    // A new member sees no member directory.
    expect(await p.getByRole('link', { name: 'Members' }).count()).toBe(0);
    await admin.close();
    await priya.close();
  });
});
