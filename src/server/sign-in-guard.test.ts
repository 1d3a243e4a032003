/**
 * Sign-in attacked: concurrent guessing at a code, strangers locking a member out, mail bombing, forged
 * session cookies, Better Auth endpoints the app does not use, and proxies naming the client's address.
 */
import { and, eq } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mailOutbox, mailQueue, session, signInGuard } from '../db/schema/index.ts';
import { deliverMail } from '../notifications/index.ts';
import { serviceContext } from './context.ts';
import { AnalysisRunner } from '../deliberation/analysis.service.ts';
import { cookieOf, startTestApp, type TestApp } from '../../test/helpers/app.ts';
import { makeMember, makeTree, type Tree } from '../../test/helpers/factories.ts';
import { buildApp, type App } from './app.ts';
import { useBudget } from '../core/budgets.repo.ts';
import { SignInGuard } from './sign-in-guard.ts';

// The production defaults: 5 codes and 10 wrong guesses an email an hour, 60 wrong guesses an address.
// (Codes per address: 30 in production; this file's members all sign in from one address, so its own test
// below has an app of its own with the default.)
const DEFAULTS = {
  SIGN_IN_CODES_PER_EMAIL: '5',
  SIGN_IN_CODES_PER_ADDRESS: '1000',
  SIGN_IN_GUESSES_PER_EMAIL: '10',
  SIGN_IN_GUESSES_PER_ADDRESS: '60',
};

let t: TestApp;
let tree: Tree;

beforeAll(async () => {
  t = await startTestApp(DEFAULTS);
  tree = await makeTree(t.database.db);
});
afterAll(() => t.close());

const sendCode = (app: App, email: string, remoteAddress = '127.0.0.1', cookie?: string) =>
  app.inject({
    method: 'POST',
    url: '/api/auth/email-otp/send-verification-otp',
    payload: { email, type: 'sign-in' },
    remoteAddress,
    ...(cookie ? { headers: { cookie } } : {}),
  });
/** When a refusal says to try again, in hours from now (the device shows it in its own zone). */
const retryInHours = (res: LightMyRequestResponse) =>
  (Date.parse(res.json<{ error: { retryAt?: string } }>().error.retryAt ?? '') - Date.now()) / 3_600_000;

const guess = (app: App, email: string, otp: string, remoteAddress = '127.0.0.1', cookie?: string) =>
  app.inject({
    method: 'POST',
    url: '/api/auth/sign-in/email-otp',
    payload: { email, otp },
    remoteAddress,
    ...(cookie ? { headers: { cookie } } : {}),
  });

const codeIn = async (email: string) =>
  /code: (\d{6})/.exec((await t.lastMail(email))?.subject ?? '')?.[1] ?? '';
const wrongCodes = (right: string, n: number) =>
  Array.from({ length: n }, (_, i) => String((Number(right) + 1 + i) % 1_000_000).padStart(6, '0'));
const errorCode = (res: LightMyRequestResponse) => res.json<{ error?: { code: string } }>().error?.code;

const queuedWarnings = async (email: string) =>
  (
    await t.database.db
      .select()
      .from(mailQueue)
      .where(and(eq(mailQueue.toAddress, email), eq(mailQueue.kind, 'sign_in_paused')))
  ).length;

async function mailsTo(email: string) {
  return t.database.db.select().from(mailOutbox).where(eq(mailOutbox.to, email));
}

describe('guessing a sign-in code', () => {
  it('200 concurrent guesses from two server processes and 200 addresses: at most 10 are checked, the code is not found, the owner is told', async () => {
    const admin = await makeMember(t.database.db, tree.party, { roles: [['admin', tree.party]] });
    expect((await sendCode(t.app, admin.email)).statusCode).toBe(200);
    const right = await codeIn(admin.email);
    const attempts = wrongCodes(right, 200);
    attempts[170] = right;
    // A second app on the same database stands for a second server process.
    const other = await buildApp({
      config: t.config,
      db: t.database.db,
      serveWeb: false,
      logger: false,
      analysis: new AnalysisRunner(t.database.db),
      jobs: false,
    });
    try {
      const answers = await Promise.all(
        attempts.map((otp, i) => guess(i % 2 ? other : t.app, admin.email, otp, `198.51.100.${i % 250}`)),
      );
      expect(answers.filter((a) => a.statusCode === 200)).toHaveLength(0);
      expect(answers.every((a) => a.headers['set-cookie'] === undefined)).toBe(true);
      const checked = answers.filter((a) => a.statusCode !== 429);
      expect(checked.length).toBeLessThanOrEqual(10);
      expect(answers.filter((a) => errorCode(a) === 'SIGN_IN_PAUSED').length).toBeGreaterThanOrEqual(190);
    } finally {
      await other.close();
    }
    // The owner is told once, through the mail queue; the right code, from a device that never signed in as
    // them, now waits too.
    expect(await queuedWarnings(admin.email)).toBe(1);
    await deliverMail(serviceContext({ config: t.config, db: t.database.db }));
    const warnings = (await mailsTo(admin.email)).filter((m) => m.subject.startsWith('Someone tried'));
    expect(warnings).toHaveLength(1);
    const late = await guess(t.app, admin.email, right, '203.0.113.9');
    expect(late.statusCode).toBe(429);
    expect(errorCode(late)).toBe('SIGN_IN_PAUSED');
    // When it ends is sent as a time for the member's device to show in their zone, not written in UTC.
    expect(late.json<{ error: { message: string } }>().error.message).not.toMatch(/UTC/);
    expect(retryInHours(late)).toBeGreaterThan(0.9);
    expect(retryInHours(late)).toBeLessThanOrEqual(1);
  });

  it("strangers' wrong guesses neither void a member's code nor lock out a device that signed in before", async () => {
    const m = await makeMember(t.database.db, tree.wardA);
    // The member signed in on this laptop once: it keeps a device cookie.
    const laptop = cookieOf(
      await guess(t.app, m.email, (await sendCode(t.app, m.email), await codeIn(m.email))),
    );
    expect(laptop).toMatch(/__Secure-bc\.device=/);
    const device = laptop.split('; ').find((c) => c.startsWith('__Secure-bc.device=')) ?? '';

    // A stranger's three wrong guesses do not void the member's new code (it used to die after three).
    await sendCode(t.app, m.email);
    const code = await codeIn(m.email);
    for (const wrong of wrongCodes(code, 3))
      expect((await guess(t.app, m.email, wrong, '192.0.2.1')).statusCode).toBe(400);
    const fresh = await guess(t.app, m.email, code, '192.0.2.77');
    expect(fresh.statusCode).toBe(200);

    // Strangers then spend the email's whole budget: new devices wait...
    await sendCode(t.app, m.email);
    const next = await codeIn(m.email);
    for (const wrong of wrongCodes(next, 11)) await guess(t.app, m.email, wrong, '192.0.2.2');
    expect(errorCode(await guess(t.app, m.email, next, '192.0.2.3'))).toBe('SIGN_IN_PAUSED');
    // ...but the member's own laptop signs in with the same code.
    const own = await guess(t.app, m.email, next, '192.0.2.4', device);
    expect(own.statusCode).toBe(200);
    expect(String(own.headers['set-cookie'])).toMatch(/session_token=/);
  });

  it('a forged device cookie, or one issued for another email, counts as a new device', async () => {
    const a = await makeMember(t.database.db, tree.wardA);
    const b = await makeMember(t.database.db, tree.wardA);
    await sendCode(t.app, a.email);
    const signedIn = cookieOf(await guess(t.app, a.email, await codeIn(a.email)));
    const aDevice = signedIn.split('; ').find((c) => c.startsWith('__Secure-bc.device=')) ?? '';
    await sendCode(t.app, b.email);
    const bCode = await codeIn(b.email);
    for (const wrong of wrongCodes(bCode, 11)) await guess(t.app, b.email, wrong, '192.0.2.20');
    // a's device is not b's, and a cookie with a made-up signature is nobody's.
    expect(errorCode(await guess(t.app, b.email, bCode, '192.0.2.21', aDevice))).toBe('SIGN_IN_PAUSED');
    const forged = `__Secure-bc.device=${aDevice.split('=')[1]?.split('.')[0] ?? ''}.AAAA`;
    expect(errorCode(await guess(t.app, b.email, bCode, '192.0.2.22', forged))).toBe('SIGN_IN_PAUSED');
  });

  it('each time the budget runs out again, the pause is twice as long', async () => {
    const m = await makeMember(t.database.db, tree.wardA);
    await sendCode(t.app, m.email);
    const code = await codeIn(m.email);
    for (const wrong of wrongCodes(code, 11)) await guess(t.app, m.email, wrong, '192.0.2.30');
    const key = `guess:${new SignInGuard(t.database.db, t.config.authSecret, t.config.signIn).emailKey(m.email)}`;
    const [first] = await t.database.db.select().from(signInGuard).where(eq(signInGuard.key, key));
    expect(first?.strikes).toBe(1);
    expect(first?.lockedUntil).toBeTruthy();
    const hours = (d: Date | null | undefined) => ((d?.getTime() ?? 0) - Date.now()) / 3_600_000;
    expect(hours(first?.lockedUntil)).toBeGreaterThan(0.9);
    expect(hours(first?.lockedUntil)).toBeLessThanOrEqual(1);
    // An hour later (the window and the pause moved into the past), it runs out again.
    await t.database.db
      .update(signInGuard)
      .set({ lockedUntil: new Date(Date.now() - 1000), windowStart: new Date(Date.now() - 3_700_000) })
      .where(eq(signInGuard.key, key));
    for (const wrong of wrongCodes(code, 11)) await guess(t.app, m.email, wrong, '192.0.2.31');
    const [second] = await t.database.db.select().from(signInGuard).where(eq(signInGuard.key, key));
    expect(second?.strikes).toBe(2);
    expect(hours(second?.lockedUntil)).toBeGreaterThan(1.9);
    expect(hours(second?.lockedUntil)).toBeLessThanOrEqual(2);
  });

  it('one address gets 60 wrong guesses an hour, whatever the emails', async () => {
    const results: number[] = [];
    for (let i = 0; i < 62; i++) {
      const res = await guess(t.app, `nobody${i}@example.org`, '123456', '203.0.113.200');
      results.push(res.statusCode);
    }
    expect(results.slice(0, 60).every((s) => s === 400)).toBe(true);
    expect(results.slice(60)).toEqual([429, 429]);
  });

  it('budgets are counted atomically: 200 concurrent uses of one budget see 1..200', async () => {
    const key = `test:${Math.random()}`;
    const uses = await Promise.all(Array.from({ length: 200 }, () => useBudget(t.database.db, key, 3600)));
    expect(uses.map((u) => u.used).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 200 }, (_, i) => i + 1),
    );
  });

  it('the guard holds no email addresses', async () => {
    const rows = await t.database.db.select({ key: signInGuard.key }).from(signInGuard);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.filter((r) => r.key.includes('@'))).toEqual([]);
  });
});

describe('mailing codes', () => {
  it('mails at most 5 codes an email an hour asked for from one network, and asking again mails the same code', async () => {
    const m = await makeMember(t.database.db, tree.wardA);
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) statuses.push((await sendCode(t.app, m.email, `198.18.0.${i}`)).statusCode);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429, 429]);
    const mails = await mailsTo(m.email);
    expect(mails).toHaveLength(5);
    expect(new Set(mails.map((x) => /code: (\d{6})/.exec(x.subject)?.[1])).size).toBe(1);
  });

  it('a stranger asking for codes again and again spends their own network’s budget, not the member’s', async () => {
    const m = await makeMember(t.database.db, tree.wardA);
    // The member signed in on their phone once.
    const phone = cookieOf(
      await guess(
        t.app,
        m.email,
        (await sendCode(t.app, m.email, '198.19.9.9'), await codeIn(m.email)),
        '198.19.9.9',
      ),
    );
    const device = phone.split('; ').find((c) => c.startsWith('__Secure-bc.device=')) ?? '';
    expect(device).not.toBe('');
    // A stranger's network (one /24, any of its addresses) has its 5 codes an hour, then waits an hour.
    const stranger: number[] = [];
    for (let i = 0; i < 8; i++)
      stranger.push((await sendCode(t.app, m.email, `203.0.113.${10 + i}`)).statusCode);
    expect(stranger).toEqual([200, 200, 200, 200, 200, 429, 429, 429]);
    const refused = await sendCode(t.app, m.email, '203.0.113.99');
    expect(retryInHours(refused)).toBeGreaterThan(0.9);
    expect(retryInHours(refused)).toBeLessThanOrEqual(1);
    // The member, from home, still gets a code, and signs in with it.
    expect((await sendCode(t.app, m.email, '198.51.7.20')).statusCode).toBe(200);
    expect((await guess(t.app, m.email, await codeIn(m.email), '198.51.7.20')).statusCode).toBe(200);
    // Strangers on three more networks: 20 codes an hour from all networks together, then no more...
    const more: number[] = [];
    for (const net of ['192.0.2', '198.18.77', '100.64.3'])
      for (let i = 0; i < 5; i++) more.push((await sendCode(t.app, m.email, `${net}.${i + 1}`)).statusCode);
    expect(more.filter((s) => s === 200)).toHaveLength(20 - 5 - 1 - 1);
    expect(errorCode(await sendCode(t.app, m.email, '198.51.7.20'))).toBe('RATE_LIMITED');
    // ...except for the member's phone, which signed in before: its budget is its own.
    expect((await sendCode(t.app, m.email, '172.16.0.1', device)).statusCode).toBe(200);
  });

  it('one address asks for codes for at most 30 emails an hour (mail bombing many members)', async () => {
    const own = await startTestApp({ ...DEFAULTS, SIGN_IN_CODES_PER_ADDRESS: '30' });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 32; i++)
        statuses.push((await sendCode(own.app, `target${i}@example.org`, '198.18.5.5')).statusCode);
      expect(statuses.slice(0, 30).every((s) => s === 200)).toBe(true);
      expect(statuses.slice(30)).toEqual([429, 429]);
      // Another address is not affected.
      expect((await sendCode(own.app, 'target0@example.org', '198.18.5.6')).statusCode).toBe(200);
    } finally {
      await own.close();
    }
  });

  it('only sign-in codes can be asked for', async () => {
    const m = await makeMember(t.database.db, tree.wardA);
    for (const type of ['forget-password', 'email-verification', 'change-email']) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/auth/email-otp/send-verification-otp',
        payload: { email: m.email, type },
      });
      expect(res.statusCode).toBe(400);
      expect(errorCode(res)).toBe('VALIDATION_FAILED');
    }
    expect(await mailsTo(m.email)).toHaveLength(0);
  });
});

describe('the auth endpoints the app does not use are refused', () => {
  it.each([
    ['POST', '/api/auth/email-otp/check-verification-otp'],
    ['POST', '/api/auth/forget-password/email-otp'],
    ['POST', '/api/auth/email-otp/request-password-reset'],
    ['POST', '/api/auth/email-otp/reset-password'],
    ['POST', '/api/auth/email-otp/verify-email'],
    ['POST', '/api/auth/sign-up/email'],
    ['POST', '/api/auth/sign-in/email'],
    ['GET', '/api/auth/get-session'],
    ['GET', '/api/auth/list-sessions'],
    ['POST', '/api/auth/revoke-sessions'],
    ['POST', '/api/auth/update-user'],
    ['POST', '/api/auth/change-email'],
    ['POST', '/api/auth/delete-user'],
    ['GET', '/api/auth/passkey/list-user-passkeys'],
    ['POST', '/api/auth/passkey/delete-passkey'],
  ] as const)('%s %s → 404', async (method, url) => {
    const m = await makeMember(t.database.db, tree.wardA);
    const cookie = await t.signIn(m.email);
    const res = await t.app.inject({
      method,
      url,
      headers: { cookie },
      ...(method === 'POST' ? { payload: { email: m.email, otp: '123456', type: 'sign-in' } } : {}),
    });
    expect(res.statusCode).toBe(404);
    expect(errorCode(res)).toBe('NOT_FOUND');
    expect(await mailsTo(m.email)).toHaveLength(1);
  });

  it('every auth route is rate-limited per address', async () => {
    const limited = await startTestApp({ SIGN_IN_RATE_LIMIT: '3' });
    try {
      for (const [method, url] of [
        ['POST', '/api/auth/sign-out'],
        ['GET', '/api/auth/passkey/generate-authenticate-options'],
        ['POST', '/api/auth/passkey/verify-authentication'],
        ['GET', '/api/auth/no-such-thing'],
      ] as const) {
        const statuses: number[] = [];
        for (let i = 0; i < 4; i++)
          statuses.push(
            (
              await limited.app.inject({
                method,
                url,
                // An address of its own: the counts are in the database, which other tests here share.
                remoteAddress: '192.0.2.201',
                ...(method === 'POST' ? { payload: {} } : {}),
              })
            ).statusCode,
          );
        expect(statuses.slice(0, 3)).not.toContain(429);
        expect(statuses[3]).toBe(429);
      }
    } finally {
      await limited.close();
    }
  });
});

describe('session tokens', () => {
  it('never appear in a response body', async () => {
    const m = await makeMember(t.database.db, tree.wardA);
    await sendCode(t.app, m.email);
    const res = await guess(t.app, m.email, await codeIn(m.email));
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ ok: true });
    const [row] = await t.database.db.select().from(session).where(eq(session.userId, m.id));
    expect(row?.token).toBeTruthy();
    expect(res.body).not.toContain(row?.token ?? 'none');
  });

  it("another cookie carrying a victim's token, or the session cookie with a forged signature, is nobody", async () => {
    const victim = await makeMember(t.database.db, tree.party, { roles: [['admin', tree.party]] });
    const attacker = await makeMember(t.database.db, tree.wardB);
    await t.signIn(victim.email);
    const own = await t.signIn(attacker.email);
    const [row] = await t.database.db.select().from(session).where(eq(session.userId, victim.id));
    const token = row?.token ?? '';
    const me = async (cookie: string) => {
      const res = await t.app.inject({ method: 'GET', url: '/api/me', headers: { cookie } });
      return res.statusCode === 200 ? res.json<{ member: { id: string } }>().member.id : res.statusCode;
    };
    // Several times over, so a cache filled by the first try would serve the next ones.
    for (let i = 0; i < 3; i++) {
      expect(await me(`zz_session_token=${token}.x; ${own}`)).toBe(attacker.id);
      expect(await me(`zz_session_token=${token}.x`)).toBe(401);
      expect(await me(`__Secure-bc.session_token=${token}.x`)).toBe(401);
      expect(await me(`__Secure-bc.session_token=${encodeURIComponent(`${token}.${'A'.repeat(43)}=`)}`)).toBe(
        401,
      );
      expect(await me(`__Secure-bc.session_token=${token}`)).toBe(401);
    }
  });
});

describe('TRUST_PROXY', () => {
  const hits = async (app: App, forwarded: string[], remoteAddress: string) => {
    const statuses: number[] = [];
    for (const xff of forwarded)
      statuses.push(
        (
          await app.inject({
            method: 'GET',
            url: '/api/auth/passkey/generate-authenticate-options',
            remoteAddress,
            headers: { 'x-forwarded-for': xff },
          })
        ).statusCode,
      );
    return statuses;
  };

  it('unset: X-Forwarded-For is ignored, so it cannot dodge the per-address limit', async () => {
    const app = await startTestApp({ SIGN_IN_RATE_LIMIT: '2' });
    try {
      expect(await hits(app.app, ['1.1.1.1', '2.2.2.2', '3.3.3.3'], '10.0.0.5')).toEqual([200, 200, 429]);
    } finally {
      await app.close();
    }
  });

  it('a number of hops: the address the proxy saw is the client', async () => {
    const app = await startTestApp({ SIGN_IN_RATE_LIMIT: '2', TRUST_PROXY: '1' });
    try {
      expect(await hits(app.app, ['1.1.1.1', '2.2.2.2', '3.3.3.3'], '10.0.0.5')).toEqual([200, 200, 200]);
      expect(await hits(app.app, ['4.4.4.4', '4.4.4.4', '4.4.4.4'], '10.0.0.5')).toEqual([200, 200, 429]);
    } finally {
      await app.close();
    }
  });

  it("proxies' addresses: believed only from those proxies", async () => {
    const app = await startTestApp({ SIGN_IN_RATE_LIMIT: '2', TRUST_PROXY: '10.0.0.1, 10.1.0.0/16' });
    try {
      expect(await hits(app.app, ['1.1.1.1', '2.2.2.2', '3.3.3.3'], '10.1.2.3')).toEqual([200, 200, 200]);
      expect(await hits(app.app, ['5.5.5.5', '6.6.6.6', '7.7.7.7'], '192.0.2.99')).toEqual([200, 200, 429]);
    } finally {
      await app.close();
    }
  });
});
