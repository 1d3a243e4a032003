/**
 * `npm run bench -- page-weight`: the JavaScript the first pages load, as a browser fetches it. The built web
 * app is served by the real server (a fresh embedded database with the demo), and Chromium opens the sign-in
 * page signed out and the home page signed in as a demo member; every script it loads is counted as it came
 * over the wire (brotli, from the build's precompressed copies) and as it is (raw), until the page is idle.
 * Prints one JSON line per page; the target is at most 150 kB of brotli.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Response } from 'playwright-core';
import { demoMemberEmail } from '../src/demo/index.ts';
import { startServer, stopServer } from '../test/helpers/voting.ts';

const root = path.resolve(import.meta.dirname, '..');
const TARGET_BYTES = 150_000;

/** A session cookie for `email`, signed in through the email code the outbox shows. */
async function sessionCookie(base: string, email: string): Promise<{ name: string; value: string }> {
  const post = (url: string, body: unknown) =>
    fetch(`${base}${url}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: base },
      body: JSON.stringify(body),
    });
  const sent = await post('/api/auth/email-otp/send-verification-otp', { email, type: 'sign-in' });
  if (!sent.ok) throw new Error(`no sign-in code sent to ${email}: ${sent.status} ${await sent.text()}`);
  const outbox = (await (await fetch(`${base}/api/dev/outbox?to=${encodeURIComponent(email)}`)).json()) as {
    messages: { subject: string }[];
  };
  const code = /(\d{6})/.exec(outbox.messages[0]?.subject ?? '')?.[1];
  if (!code) throw new Error(`no sign-in code for ${email}`);
  const signedIn = await post('/api/auth/sign-in/email-otp', { email, otp: code });
  const cookie = signedIn.headers.getSetCookie().find((c) => c.includes('session_token'));
  const [name = '', value = ''] = (cookie?.split(';')[0] ?? '').split(/=(.*)/s);
  if (!value) throw new Error('no session cookie');
  return { name, value };
}

async function weigh(context: BrowserContext, url: string, ready: string) {
  const page = await context.newPage();
  const scripts: Response[] = [];
  page.on('response', (r) => {
    if (r.request().resourceType() === 'script') scripts.push(r);
  });
  await page.goto(url, { waitUntil: 'networkidle' });
  await page.getByRole('heading', { level: 1, name: new RegExp(ready) }).waitFor();
  let brotli = 0;
  let raw = 0;
  const files: string[] = [];
  for (const r of scripts) {
    const sizes = await r.request().sizes();
    brotli += sizes.responseBodySize;
    raw += (await r.body()).length;
    files.push(`${new URL(r.url()).pathname} ${r.headers()['content-encoding'] ?? 'identity'}`);
  }
  await page.close();
  return { scripts: scripts.length, brotli, raw, files };
}

export async function run(): Promise<void> {
  execFileSync(
    path.join(root, 'node_modules/.bin/vite'),
    ['build', '--config', 'web/vite.config.ts', '--logLevel', 'warn'],
    {
      cwd: root,
      stdio: 'inherit',
    },
  );
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bc-weight-'));
  const server = await startServer(
    { DATA_DIR: dataDir, DATABASE_URL: '', NODE_ENV: 'development', SEED_DEMO: 'true' },
    { seed: true },
  );
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  try {
    for (const [pagePath, ready, who] of [
      ['/sign-in', 'Broadchurch', null],
      ['/', 'Welcome', demoMemberEmail(30)],
    ] as const) {
      const context = await browser.newContext({ serviceWorkers: 'block' });
      if (who) {
        const cookie = await sessionCookie(server.base, who);
        // The session cookie is __Secure-: Chromium takes it over plain HTTP from loopback, as the app sets it.
        const host = new URL(server.base).hostname;
        await context.addCookies([
          { ...cookie, domain: host, path: '/', secure: true, httpOnly: true, sameSite: 'Lax' },
        ]);
      }
      const w = await weigh(context, `${server.base}${pagePath}`, ready);
      await context.close();
      process.stdout.write(
        `${JSON.stringify({
          name: 'page-weight',
          page: pagePath,
          signedIn: who !== null,
          scripts: w.scripts,
          jsBrotliBytes: w.brotli,
          jsRawBytes: w.raw,
          files: w.files,
          target: { jsBrotliBytes: TARGET_BYTES },
        })}\n`,
      );
    }
  } finally {
    await browser.close();
    await stopServer(server.child);
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
