/**
 * Page objects for the browser tests: each wraps one screen's controls, found by role and label as a
 * screen-reader user would find them.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { signIn as signInByApi } from '../helpers/voting.ts';

export const CHROMIUM = '/usr/bin/chromium';

export function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/**
 * Follows a link of the main navigation, as a member would: on a phone (or any width under 1280 CSS px)
 * the navigation is folded behind the Menu button, opened first.
 */
export async function goTo(page: Page, label: string): Promise<void> {
  const menu = page.getByRole('button', { name: /^Menu/ });
  if (await menu.isVisible()) await menu.click();
  // The label alone, or with the count of unread notifications after it ("Home 2 unread notifications").
  const escaped = label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const name = new RegExp(`^${escaped}( ?\\d+ unread notifications?)?$`);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name }).click();
}

export class OutboxPage {
  private readonly page: Page;
  private readonly baseUrl: string;
  constructor(page: Page, baseUrl: string) {
    this.page = page;
    this.baseUrl = baseUrl;
  }

  /** Opens the outbox and returns the text of the newest message to `to` whose subject matches. */
  async latest(to: string, subject: RegExp): Promise<{ subject: string; text: string }> {
    await this.page.goto(`${this.baseUrl}/dev/outbox`);
    const message = this.page
      .getByTestId('outbox-message')
      .filter({ hasText: to })
      .filter({ hasText: subject })
      .first();
    await message.waitFor();
    return {
      subject: await message.getByRole('heading').innerText(),
      text: await message.locator('pre').innerText(),
    };
  }

  async signInCode(to: string): Promise<string> {
    const { subject } = await this.latest(to, /sign-in code/);
    const code = /(\d{6})/.exec(subject)?.[1];
    if (!code) throw new Error(`no code in "${subject}"`);
    return code;
  }
}

export class SignInPage {
  private readonly page: Page;
  constructor(page: Page) {
    this.page = page;
  }

  async requestCode(email: string): Promise<void> {
    await this.page.getByLabel('Email address').fill(email);
    await this.page.getByRole('button', { name: 'Email me a sign-in code' }).click();
    await this.page.getByLabel('Sign-in code').waitFor();
  }

  async enterCode(code: string): Promise<void> {
    await this.page.getByLabel('Sign-in code').fill(code);
    await this.page.getByRole('button', { name: 'Sign in', exact: true }).click();
  }

  /** The whole email-code sign-in, the code read from the outbox; done once the welcome shows. */
  async signInWithCode(email: string, outbox: OutboxPage): Promise<void> {
    await signingIn(email, async () => {
      await this.requestCode(email);
      await this.enterCode(await outbox.signInCode(email));
      // Welcome, or Croeso for a member who chose Welsh.
      await this.page.getByRole('heading', { name: /^(Welcome|Croeso), / }).waitFor();
    });
  }
}

export class BranchesPage {
  private readonly page: Page;
  constructor(page: Page) {
    this.page = page;
  }

  async open(): Promise<void> {
    await goTo(this.page, 'Branches');
    await this.page.getByRole('heading', { name: 'Branches' }).waitFor();
  }

  async expand(name: string): Promise<void> {
    const button = this.page.getByRole('button', { name: `Expand ${name}` });
    if (await button.isVisible()) await button.click();
  }

  async invite(ward: string, email: string): Promise<string> {
    await this.page.getByRole('button', { name: `Invite to ${ward}` }).click();
    const form = this.page.getByRole('form', { name: `Invite to ${ward}` });
    await form.getByLabel(`Email address to invite to ${ward}`).fill(email);
    await form.getByRole('button', { name: 'Send invitation' }).click();
    return form.getByRole('status').innerText();
  }
}

/**
 * Runs `fn` (a sign-in as `email`) while no other test file signs in as `email`: the browser tier runs two
 * files at once against one server, and a new sign-in code replaces the last, so two files signing in as one member at once would
 * each read the other's code. The lock is a directory (made atomically); one left by a killed run is
 * taken over once it is older than any sign-in could take.
 */
export async function signingIn<T>(email: string, fn: () => Promise<T>): Promise<T> {
  const dir = path.join(os.tmpdir(), 'bc-e2e-locks');
  fs.mkdirSync(dir, { recursive: true });
  const lock = path.join(dir, createHash('sha256').update(email).digest('hex').slice(0, 16));
  for (;;) {
    try {
      fs.mkdirSync(lock);
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const age = Date.now() - (fs.statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      if (age > 180_000) fs.rmSync(lock, { recursive: true, force: true });
      else await new Promise((r) => setTimeout(r, 100));
    }
  }
  try {
    return await fn();
  } finally {
    fs.rmSync(lock, { recursive: true, force: true });
  }
}

/**
 * A session cookie for `email`, made through the email-code endpoints while no other test file signs in as
 * `email` (a code read from the outbox must be the one this sign-in asked for).
 */
export const signIn = (baseUrl: string, email: string): Promise<string> =>
  signingIn(email, () => signInByApi(baseUrl, email));

/**
 * A new browser context signed in as `email` (on a phone-sized screen unless told), on the home page (or on
 * `first`, the first page this device opens, in the device language `locale` if given). The
 * session is made by the same email-code endpoints the sign-in page calls, without the page: journeys that
 * are not about signing in start signed in. The sign-in page itself is driven, code read from the outbox,
 * in sign-in.e2e.ts and by `SignInPage` where a journey goes through it.
 */
export async function signedIn(
  browser: Browser,
  baseUrl: string,
  email: string,
  viewport: { width: number; height: number } | null = { width: 390, height: 844 },
  device: { locale?: string; first?: string } = {},
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    ...(viewport ? { viewport } : {}),
    ...(device.locale ? { locale: device.locale } : {}),
  });
  const cookies = await signingIn(email, () => signInByApi(baseUrl, email));
  await context.addCookies(
    cookies.split('; ').map((pair) => {
      const at = pair.indexOf('=');
      return {
        name: pair.slice(0, at),
        value: pair.slice(at + 1),
        domain: new URL(baseUrl).hostname,
        path: '/',
        httpOnly: true,
        secure: true,
        sameSite: 'Lax' as const,
      };
    }),
  );
  const page = await context.newPage();
  if (device.first) {
    await page.goto(`${baseUrl}${device.first}`);
    return { context, page };
  }
  await page.goto(`${baseUrl}/`);
  // Welcome, or Croeso for a member who chose Welsh.
  await page.getByRole('heading', { name: /^(Welcome|Croeso), / }).waitFor();
  return { context, page };
}

/** A draft's ratification ballot, from opening it on the draft's page to its count. */
export class BallotPage {
  private readonly page: Page;
  /** The key shares shown when the ballot opened (kept here as its key holders would keep theirs). */
  shares: string[] = [];
  constructor(page: Page) {
    this.page = page;
  }

  /** On the draft's page: opens a ballot on the whole document and waits for the ballot's page. */
  async openOnDocument(opts: { quorum?: number } = {}): Promise<void> {
    await this.page.getByLabel('Members vote on').selectOption('document');
    if (opts.quorum !== undefined) await this.page.getByLabel(/Quorum/).fill(String(opts.quorum));
    await this.page.getByRole('button', { name: 'Open a ballot' }).click();
    await this.page.getByRole('heading', { name: 'Ratification ballot' }).waitFor();
    // The key shares, shown this once: one here (one key holder, the opener).
    await this.page.getByRole('heading', { name: 'Key shares: hand them out now' }).waitFor();
    this.shares = (await this.page.getByTestId('key-share').allInnerTexts()).map((s) => s.trim());
  }

  /** Approves the document (or gives another answer); returns the receipt shown once. */
  async approve(answer: 'Approve' | 'Reject' | 'Abstain' = 'Approve'): Promise<string> {
    await this.page.getByRole('radio', { name: answer }).check();
    await this.page.getByRole('button', { name: 'Cast my vote' }).click();
    return (await this.page.getByTestId('receipt').innerText()).trim();
  }

  /** Checks a receipt and waits for the answer that starts with `answer`. */
  async checkReceipt(receipt: string, answer: string): Promise<void> {
    await this.page.getByLabel('Check a receipt').fill(receipt);
    await this.page.getByRole('button', { name: 'Check', exact: true }).click();
    await this.page.getByText(answer).waitFor();
  }

  /** Closes and counts; returns the turnout line. */
  async closeAndCount(): Promise<string> {
    await this.page.getByRole('button', { name: 'Close the ballot and count' }).click();
    // Closing asks first.
    const dialog = this.page.getByRole('alertdialog', { name: 'Close the ballot now and count it?' });
    await dialog.waitFor();
    // Counting opens the box with the key holders' shares.
    for (const [i, share] of this.shares.entries())
      await dialog.getByLabel(`Key share ${i + 1} of ${this.shares.length}`).fill(share);
    await this.page.getByRole('button', { name: 'Yes, close and count' }).click();
    return this.page.getByTestId('turnout').innerText();
  }
}
