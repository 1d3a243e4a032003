import { z } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type App } from './app.ts';
import { toAppError } from './error-handler.ts';
import { AppError } from '../core/errors.ts';
import { endpoint } from '../contract/http.ts';
import { addTestRoute, testConfig } from '../../test/helpers/app.ts';
import { openTestDatabase } from '../../test/helpers/db.ts';
import type { Database } from '../db/client.ts';

let app: App;
const inner = new Error('relation "members" does not exist');
let database: Database;
/** The test routes only throw. */
const nothing = z.object({});
beforeAll(async () => {
  database = await openTestDatabase();
  app = await buildApp({ config: testConfig(), db: database.db, serveWeb: false, logger: false });
  const route = (path: `/api/${string}`) =>
    endpoint({
      method: 'GET',
      path,
      summary: 'throws',
      access: 'public',
      response: nothing,
      errors: ['NO_ANALYSIS_YET'],
    });
  addTestRoute(app, route('/api/test/explode'), () => {
    throw new Error('secret internals: password=hunter2 at /srv/app.ts:42');
  });
  addTestRoute(app, route('/api/test/caused'), () => {
    throw new AppError('NO_ANALYSIS_YET', 'There is no analysis yet', undefined, { cause: inner });
  });
  addTestRoute(app, route('/api/test/undeclared'), () => {
    throw new AppError('BALLOT_CLOSED', 'The ballot is closed');
  });
  await app.ready();
});
afterAll(async () => {
  await app.close();
  await database.close();
});

describe('the error handler', () => {
  it('turns an unknown error into a plain 500 with no internals', async () => {
    const r = await app.inject({ method: 'GET', url: '/api/test/explode' });
    expect(r.statusCode).toBe(500);
    expect(r.json()).toEqual({
      error: {
        code: 'INTERNAL',
        message: 'Something went wrong on our side. It has been logged; please try again.',
      },
    });
    expect(r.body).not.toContain('hunter2');
    expect(r.body).not.toContain('app.ts');
  });
  it('keeps the error behind a refusal as its cause, for the log, and never sends it', async () => {
    expect(toAppError(inner).cause).toBe(inner);
    const r = await app.inject({ method: 'GET', url: '/api/test/caused' });
    expect(r.statusCode).toBe(409);
    expect(r.json()).toEqual({ error: { code: 'NO_ANALYSIS_YET', message: 'There is no analysis yet' } });
    expect(r.body).not.toContain('relation');
  });
  it('answers a code the route does not declare as a server error, outside production', async () => {
    const r = await app.inject({ method: 'GET', url: '/api/test/undeclared' });
    expect(r.statusCode).toBe(500);
    expect(r.json<{ error: { code: string; message: string } }>().error).toEqual({
      code: 'INTERNAL',
      message: 'BALLOT_CLOSED is not among the codes GET /api/test/undeclared declares',
    });
  });
  it('sends security headers', async () => {
    const r = await app.inject({ method: 'GET', url: '/api/health' });
    expect(r.headers['content-security-policy']).toContain("default-src 'self'");
    expect(r.headers['x-content-type-options']).toBe('nosniff');
  });
});

describe('small endpoints', () => {
  it('GET /api/health answers', async () => {
    const r = await app.inject({ method: 'GET', url: '/api/health' });
    expect(r.json()).toEqual({ ok: true });
  });
  it('GET /api/openapi.json is the route table as OpenAPI 3.1, to anyone', async () => {
    const r = await app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toContain('application/json');
    const doc = r.json<{ openapi: string; paths: Record<string, Record<string, { operationId: string }>> }>();
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.paths['/api/pulse/branches/{id}']?.get?.operationId).toBe('pulse.view');
    // The development outbox is in the document where it answers (here: test, loopback, outbox mail).
    expect(doc.paths['/api/dev/outbox']?.get?.operationId).toBe('dev.outbox');
  });
  it('GET /api/dev/outbox lists mail newest first, filtered by address', async () => {
    await app.inject({
      method: 'POST',
      url: '/api/auth/email-otp/send-verification-otp',
      payload: { email: 'nobody@example.org', type: 'sign-in' },
    });
    const r = await app.inject({ method: 'GET', url: '/api/dev/outbox?to=nobody@example.org' });
    expect(r.statusCode).toBe(200);
    // Strangers get no mail: no code is sent to an address that is not a member's.
    expect(r.json<{ messages: unknown[] }>().messages).toEqual([]);
  });
  it('the outbox does not exist when mail goes out by SMTP', async () => {
    const smtpApp = await buildApp({
      config: testConfig({ MAIL_TRANSPORT: 'smtp', SMTP_URL: 'smtp://127.0.0.1:1' }),
      db: database.db,
      serveWeb: false,
      logger: false,
    });
    const r = await smtpApp.inject({ method: 'GET', url: '/api/dev/outbox' });
    expect(r.statusCode).toBe(404);
    await smtpApp.close();
  });
});
