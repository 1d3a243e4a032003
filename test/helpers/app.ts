/**
 * An app on a test database, driven in-process with `inject()`, and a sign-in helper that goes through the
 * real email-code flow (reading the code from the outbox).
 */
import { desc, eq } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import type { Config } from '../../src/config.ts';
import { testConfig } from './config.ts';

export { testConfig };
import type { Database } from '../../src/db/client.ts';
import { mailOutbox } from '../../src/db/schema/index.ts';
import { AnalysisRunner } from '../../src/deliberation/analysis.service.ts';
import { buildApp, createProcessState, PERSONAL_DATA, RETENTION, type App } from '../../src/server/app.ts';
import type { ServiceContext } from '../../src/lib/context.ts';
import { createMailer, type Mailer } from '../../src/lib/mailer.ts';
import { openTestDatabase } from './db.ts';
import type { Endpoint } from '../../src/contract/http.ts';
import { implement, type Handler } from '../../src/lib/http.ts';

export { TEST_ORIGIN } from './config.ts';

/** A JSON answer as the tests read it: an error, or any fields. */
export interface ApiBody {
  error?: { code: string; message: string; issues?: { field: string; message: string; line?: number }[] };
  [k: string]: unknown;
}

export type ApiMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface ApiResult {
  status: number;
  body: ApiBody;
  raw: LightMyRequestResponse;
}

export interface TestApp {
  app: App;
  database: Database;
  /** The analysis runner, not started: `analysis.drain()` runs the queued recomputes now. */
  analysis: AnalysisRunner;
  config: Config;
  /** Asks for a sign-in code for an email and returns the code mailed (or '' when none was mailed). */
  requestCode(email: string): Promise<string>;
  /** Signs in through the email-code flow and returns the session cookie header. */
  signIn(email: string): Promise<string>;
  /** Sends a request with a session cookie (or none) and reads the answer (`body` when it is JSON). */
  call(
    cookie: string | undefined,
    method: ApiMethod,
    url: string,
    payload?: unknown,
    headers?: Record<string, string>,
  ): Promise<ApiResult>;
  /** The newest mail to an address, if any. */
  lastMail(to: string): Promise<{ subject: string; text: string } | undefined>;
  close(): Promise<void>;
}

/**
 * Ballots' key shares as their key holders keep them: remembered from the answer that opened each ballot,
 * and given when a test closes a ballot without saying what to give (see `callAs`).
 */
export const keySharesOf = new Map<string, string[]>();

/**
 * `TestApp.call` as one of the people whose session cookies are in `cookies` (null: signed out). A ballot
 * opened through it keeps its key shares in `keySharesOf`; closing one with no body gives them, as the key
 * holders would (a test of the shares themselves gives a body of its own).
 */
export const callAs =
  (app: () => TestApp, cookies: Record<string, string>) =>
  async (
    who: string | null,
    method: ApiMethod,
    url: string,
    payload?: unknown,
    headers?: Record<string, string>,
  ) => {
    const closing = method === 'POST' ? /^\/api\/ballots\/([^/]+)\/close$/.exec(url) : null;
    const body =
      closing && payload === undefined ? { shares: keySharesOf.get(closing[1] ?? '') ?? [] } : payload;
    const res = await app().call(who === null ? undefined : cookies[who], method, url, body, headers);
    const opened = res.body as { id?: unknown; keyShares?: unknown } | undefined;
    if (typeof opened?.id === 'string' && Array.isArray(opened.keyShares))
      keySharesOf.set(opened.id, opened.keyShares as string[]);
    return res;
  };

export const cookieOf = (res: LightMyRequestResponse): string => {
  const raw = res.headers['set-cookie'];
  const list = Array.isArray(raw) ? raw : raw ? [raw] : [];
  return list.map((c) => c.split(';')[0]).join('; ');
};

export interface TestAppOptions {
  /** Receives each log line (JSON); without it the app logs nothing. */
  log?: (line: string) => void;
  /** Called before the app is ready: tests may add routes of their own. */
  extend?: (app: App) => void;
  /** A database of one's own (migrated), instead of the test run's (benchmarks, outside vitest). */
  database?: Database;
  /** Wraps the outbox mail transport (to watch what is sent); mail still lands in the outbox. */
  mailer?: (outbox: Mailer, db: Database['db']) => Mailer;
}

export async function startTestApp(
  overrides: Record<string, string> = {},
  opts: TestAppOptions = {},
): Promise<TestApp> {
  const config = testConfig(overrides);
  const database = opts.database ?? (await openTestDatabase());
  const analysis = new AnalysisRunner(database.db);
  const log = opts.log;
  const app = await buildApp({
    config,
    db: database.db,
    serveWeb: false,
    logger: log !== undefined,
    ...(log ? { logStream: { write: log } } : {}),
    analysis,
    jobs: false,
    ...(opts.mailer ? { mailer: opts.mailer(createMailer(config, database.db), database.db) } : {}),
  });
  opts.extend?.(app);
  await app.ready();
  const lastMail = async (to: string) => {
    const rows = await database.db
      .select()
      .from(mailOutbox)
      .where(eq(mailOutbox.to, to))
      .orderBy(desc(mailOutbox.createdAt), desc(mailOutbox.id))
      .limit(1);
    return rows[0];
  };
  const requestCode = async (email: string) => {
    const sent = await app.inject({
      method: 'POST',
      url: '/api/auth/email-otp/send-verification-otp',
      payload: { email, type: 'sign-in' },
    });
    if (sent.statusCode !== 200) throw new Error(`send code: ${sent.statusCode} ${sent.body}`);
    return /code: (\d{6})/.exec((await lastMail(email))?.subject ?? '')?.[1] ?? '';
  };
  const signIn = async (email: string) => {
    const code = await requestCode(email);
    if (!code) throw new Error(`no code mailed to ${email}`);
    const res = await app.inject({
      method: 'POST',
      url: '/api/auth/sign-in/email-otp',
      payload: { email, otp: code },
    });
    if (res.statusCode !== 200) throw new Error(`sign in: ${res.statusCode} ${res.body}`);
    return cookieOf(res);
  };
  const call: TestApp['call'] = async (cookie, method, url, payload, headers = {}) => {
    const res = await app.inject({
      method,
      url,
      headers: { ...(cookie ? { cookie } : {}), ...headers },
      ...(payload !== undefined ? { payload: payload as object } : {}),
    });
    const json = res.body && String(res.headers['content-type']).includes('json');
    return { status: res.statusCode, body: json ? res.json<ApiBody>() : {}, raw: res };
  };
  return {
    app,
    database,
    analysis,
    config,
    requestCode,
    signIn,
    call,
    lastMail,
    async close() {
      await app.close();
      await database.close();
    },
  };
}

/**
 * A service context on a test app's database, as a background job gets it (with the outbox as its mail
 * transport, unless another is given): tests run the jobs through it.
 */
export function jobContext(t: TestApp, mailer?: Mailer): ServiceContext {
  return {
    db: t.database.db,
    mailer: mailer ?? createMailer(t.config, t.database.db),
    config: t.config,
    personalData: PERSONAL_DATA,
    retention: RETENTION,
    state: createProcessState(),
  };
}

/** A route of a test's own (public: no caller), declared as the route table declares endpoints. */
export function addTestRoute<E extends Endpoint>(app: App, e: E, handle: Handler<E>): void {
  const noCaller = () => Promise.reject(new Error('a test route has no caller'));
  implement(app, { actor: noCaller, maybeActor: noCaller }, { route: e }, { route: handle });
}
