import { z } from 'zod';
/**
 * The logs of a run that signs in, searches members, follows a conversation link and an invitation, sends
 * doorstep-like data into a failing query, and fails inside a job: they must hold error codes and ids,
 * and nothing secret or special-category (names, emails, searches, codes, cookies, tokens, link secrets,
 * what was written or intended).
 */
import { DrizzleQueryError } from 'drizzle-orm';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { session } from '../../src/db/schema/index.ts';
import { safeErrorText } from '../../src/lib/safe-log.ts';
import { startTestApp, type TestApp, addTestRoute } from '../helpers/app.ts';
import { endpoint } from '../../src/contract/http.ts';
import { makeMember, makeTree, type Tree } from '../helpers/factories.ts';

const lines: string[] = [];
let t: TestApp;
let tree: Tree;
const NAME = 'Zebedee Quillfeather';
const NOTE = 'SECRET-NOTE: intends to vote LAB, lives alone';

function failingQuery(): DrizzleQueryError {
  const cause = Object.assign(
    new Error(`duplicate key value violates unique constraint; Key (note)=(${NOTE})`),
    {
      code: '23505',
      constraint: 'canvass_records_pkey',
      table: 'canvass_records',
      detail: `Key (note)=(${NOTE}) already exists.`,
    },
  );
  return new DrizzleQueryError(
    'insert into canvass_records (note, intention) values ($1, $2)',
    [NOTE, 'LAB'],
    cause,
  );
}

beforeAll(async () => {
  t = await startTestApp(
    { LOG_LEVEL: 'debug' },
    {
      log: (line) => lines.push(line),
      extend: (app) =>
        addTestRoute(
          app,
          endpoint({
            method: 'POST',
            path: '/api/test/failing-query',
            summary: 'fails',
            access: 'public',
            response: z.object({}),
            errors: [],
          }),
          () => {
            throw failingQuery();
          },
        ),
    },
  );
  tree = await makeTree(t.database.db);
});
afterAll(() => t.close());

describe('the logs', () => {
  it('hold codes and ids, never names, emails, searches, codes, tokens, link secrets or what was written', async () => {
    const admin = await makeMember(t.database.db, tree.party, {
      name: NAME,
      roles: [['admin', tree.party]],
    });
    // Sign-in: a wrong code, then the right one.
    const code = await t.requestCode(admin.email);
    await t.app.inject({
      method: 'POST',
      url: '/api/auth/sign-in/email-otp',
      payload: { email: admin.email, otp: code === '000000' ? '111111' : '000000' },
    });
    const cookie = await t.signIn(admin.email);
    const [s] = await t.database.db.select().from(session).where(eq(session.userId, admin.id));
    // A search for a member by name.
    expect((await t.call(cookie, 'GET', `/api/members?q=${encodeURIComponent('Quillfeather')}`)).status).toBe(
      200,
    );
    // A conversation open to anyone with its link, its link followed, and its stream with the link secret.
    const conv = await t.call(cookie, 'POST', '/api/conversations', {
      branchId: tree.party.id,
      title: 'Logs',
      question: 'Anything?',
      access: 'link',
    });
    const link = typeof conv.body.link === 'string' ? conv.body.link : '';
    const token = link.split('/').pop() ?? '';
    expect(token.length).toBeGreaterThan(15);
    await t.call(undefined, 'GET', `/api/join/${token}`);
    await t.call(undefined, 'GET', `/api/conversations/${crypto.randomUUID()}/stream?link=${token}`);
    // An invitation token in a path.
    await t.call(undefined, 'GET', `/api/invitations/${'i'.repeat(40)}`);
    // A query that fails carrying a doorstep note and an intention as its parameters.
    expect((await t.call(cookie, 'POST', '/api/test/failing-query', {})).status).toBe(500);
    // A background job that fails the same way.
    t.app.log.error({ err: failingQuery() }, 'job failed');

    const log = lines.join('');
    for (const secret of [
      NAME,
      'Quillfeather',
      admin.email,
      code,
      s?.token ?? 'no-session',
      cookie.split('=')[1]?.split(';')[0] ?? 'no-cookie',
      token,
      'i'.repeat(40),
      NOTE,
      'SECRET-NOTE',
      'LAB',
    ])
      expect(log, `the log holds ${secret}`).not.toContain(secret);
    // What it does hold: the failure's kind, its database code and constraint, and the redacted URLs.
    expect(log).toContain('"type":"DrizzleQueryError"');
    expect(log).toContain('"code":"23505"');
    expect(log).toContain('"constraint":"canvass_records_pkey"');
    expect(log).toContain('/api/join/[secret]');
    expect(log).toContain('link=[redacted]');
    expect(log).toContain('q=[redacted]');
  });

  it('errors printed by background work (the analysis runner) name their kind and code only', () => {
    const text = safeErrorText(failingQuery());
    expect(text).toMatch(/^DrizzleQueryError \(cause: Error 23505\)/);
    expect(text).not.toContain('SECRET');
    expect(text).not.toContain('LAB');
  });
});
