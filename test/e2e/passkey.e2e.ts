/**
 * Journey: a member adds a passkey on their profile (where a refused change is shown on its field), signs
 * out, and signs back in with the passkey alone.
 * Chromium's virtual authenticator (DevTools protocol) stands in for the phone's fingerprint reader.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { launch, OutboxPage, SignInPage, goTo } from './pages.ts';

let browser: Browser;
const baseUrl = inject('baseUrl');
const email = 'priya.khan.20@demo.broadchurch.org';

beforeAll(async () => {
  browser = await launch();
});
afterAll(() => browser.close());

describe('passkeys, in Chromium', () => {
  it('adds a passkey, signs out, and signs in with it', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('WebAuthn.enable');
    const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
      options: {
        protocol: 'ctap2',
        transport: 'internal',
        hasResidentKey: true,
        hasUserVerification: true,
        isUserVerified: true,
      },
    });
    const outbox = new OutboxPage(await context.newPage(), baseUrl);

    // A demo member (not the admin), signed in by email code first.
    await page.goto(`${baseUrl}/sign-in`);
    const signIn = new SignInPage(page);
    await signIn.signInWithCode(email, outbox);
    // WebAuthn only answers a focused page; the outbox tab took the focus.
    await page.bringToFront();

    await goTo(page, 'My profile');
    await page.getByRole('button', { name: 'Add a passkey' }).click();
    await page.getByText('Passkey added').waitFor();
    const { credentials } = await cdp.send('WebAuthn.getCredentials', { authenticatorId });
    expect(credentials).toHaveLength(1);

    // A phone number the server refuses is marked on its own field, with the server's reason, and the
    // field is described by it (what a screen reader reads out there).
    const phone = page.getByLabel('Phone (optional)');
    await phone.fill('call me maybe');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    const reason = page.locator('#phone-error');
    await reason.waitFor();
    expect(await reason.textContent()).toContain('must be a phone number');
    expect(await phone.getAttribute('aria-invalid')).toBe('true');
    expect(await phone.getAttribute('aria-describedby')).toContain('phone-error');
    expect(await page.getByLabel('Name').getAttribute('aria-invalid')).toBeNull();
    // The note under the form points to the field instead of repeating the server's wording.
    expect(await page.getByRole('alert').textContent()).toContain('Correct the field marked above.');

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(/\/sign-in/);
    await page.getByRole('button', { name: 'Sign in with a passkey' }).click();
    await page.getByRole('heading', { name: /Welcome/ }).waitFor();
    expect(page.url()).toBe(`${baseUrl}/`);
    await context.close();
  });
});
