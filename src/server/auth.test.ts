import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { members, session } from '../db/schema/index.ts';
import { startTestApp, type TestApp } from '../../test/helpers/app.ts';
import { makeMember, makeTree, type Tree } from '../../test/helpers/factories.ts';

let t: TestApp;
let tree: Tree;

beforeAll(async () => {
  t = await startTestApp();
  tree = await makeTree(t.database.db);
});
afterAll(() => t.close());

describe('sign-in with an email code', () => {
  it('mails a six-digit code and signs the member in with a secure session cookie', async () => {
    const m = await makeMember(t.database.db, tree.wardA);
    const sent = await t.app.inject({
      method: 'POST',
      url: '/api/auth/email-otp/send-verification-otp',
      payload: { email: m.email, type: 'sign-in' },
    });
    expect(sent.statusCode).toBe(200);
    const mail = await t.lastMail(m.email);
    const code = /(\d{6})/.exec(mail?.subject ?? '')?.[1] ?? '';
    expect(code).toMatch(/^\d{6}$/);
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/auth/sign-in/email-otp',
      payload: { email: m.email, otp: code },
    });
    expect(res.statusCode).toBe(200);
    const setCookie = String(res.headers['set-cookie']);
    expect(setCookie).toMatch(/session_token=/);
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/Secure/);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    const cookie = setCookie.split(';')[0] ?? '';
    const me = await t.app.inject({ method: 'GET', url: '/api/me', headers: { cookie } });
    expect(me.statusCode).toBe(200);
    expect(me.json<{ member: { id: string } }>().member.id).toBe(m.id);
    // The session is held in the database.
    const rows = await t.database.db.select().from(session).where(eq(session.userId, m.id));
    expect(rows.length).toBeGreaterThan(0);
  });

  it('a code works once', async () => {
    const m = await makeMember(t.database.db, tree.wardA);
    const code = await t.requestCode(m.email);
    const first = await t.app.inject({
      method: 'POST',
      url: '/api/auth/sign-in/email-otp',
      payload: { email: m.email, otp: code },
    });
    expect(first.statusCode).toBe(200);
    const again = await t.app.inject({
      method: 'POST',
      url: '/api/auth/sign-in/email-otp',
      payload: { email: m.email, otp: code },
    });
    expect(again.statusCode).toBe(400);
    expect(again.json<{ error: { code: string } }>().error.code).toBe('BAD_REQUEST');
  });

  it('refuses wrong codes without a session; wrong guesses (counted by sign-in-guard) do not void the code', async () => {
    const m = await makeMember(t.database.db, tree.wardA);
    const code = await t.requestCode(m.email);
    const wrong = code === '000000' ? '111111' : '000000';
    for (let i = 0; i < 3; i++) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/auth/sign-in/email-otp',
        payload: { email: m.email, otp: wrong },
      });
      expect(res.statusCode).toBe(400);
      expect(res.headers['set-cookie']).toBeUndefined();
    }
    const right = await t.app.inject({
      method: 'POST',
      url: '/api/auth/sign-in/email-otp',
      payload: { email: m.email, otp: code },
    });
    expect(right.statusCode).toBe(200);
  });

  it('does not reveal whether an email belongs to a member, and mails nothing to strangers', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/auth/email-otp/send-verification-otp',
      payload: { email: 'stranger@example.org', type: 'sign-in' },
    });
    expect(res.statusCode).toBe(200);
    expect(await t.lastMail('stranger@example.org')).toBeUndefined();
  });

  it('a suspended member cannot sign in', async () => {
    const m = await makeMember(t.database.db, tree.wardA, { status: 'suspended' });
    await expect(t.signIn(m.email)).rejects.toThrow(/sign in: 403 .*FORBIDDEN/);
  });

  it('signing out ends the session', async () => {
    const m = await makeMember(t.database.db, tree.wardA);
    const cookie = await t.signIn(m.email);
    const out = await t.app.inject({
      method: 'POST',
      url: '/api/auth/sign-out',
      headers: { cookie },
      payload: {},
    });
    expect(out.statusCode).toBe(200);
    const me = await t.app.inject({ method: 'GET', url: '/api/me', headers: { cookie } });
    expect(me.statusCode).toBe(401);
    expect(me.json<{ error: { code: string } }>().error.code).toBe('UNAUTHENTICATED');
  });

  it('an erased member loses their sessions at once', async () => {
    const m = await makeMember(t.database.db, tree.wardA);
    const cookie = await t.signIn(m.email);
    await t.database.db.update(members).set({ status: 'suspended' }).where(eq(members.id, m.id));
    const me = await t.app.inject({ method: 'GET', url: '/api/me', headers: { cookie } });
    expect(me.statusCode).toBe(401);
  });
});

describe('rate limits on sign-in', () => {
  it('refuses more than SIGN_IN_RATE_LIMIT attempts a minute from one address with 429', async () => {
    const limited = await startTestApp({ SIGN_IN_RATE_LIMIT: '3' });
    try {
      const codes: number[] = [];
      for (let i = 0; i < 5; i++) {
        const res = await limited.app.inject({
          method: 'POST',
          url: '/api/auth/email-otp/send-verification-otp',
          payload: { email: 'someone@example.org', type: 'sign-in' },
        });
        codes.push(res.statusCode);
        if (res.statusCode === 429)
          expect(res.json<{ error: { code: string } }>().error.code).toBe('RATE_LIMITED');
      }
      expect(codes).toEqual([200, 200, 200, 429, 429]);
    } finally {
      await limited.close();
    }
  });
});
