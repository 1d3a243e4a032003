import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type App } from './app.ts';
import { testConfig } from '../../test/helpers/app.ts';
import { openTestDatabase } from '../../test/helpers/db.ts';
import type { Database } from '../db/client.ts';

let app: App;
let database: Database;
beforeAll(async () => {
  database = await openTestDatabase();
  app = await buildApp({ config: testConfig(), db: database.db, serveWeb: false, logger: false });
  app.get('/api/test/explode', () => {
    throw new Error('secret internals: password=hunter2 at /srv/app.ts:42');
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
  it('sends security headers', async () => {
    const r = await app.inject({ method: 'GET', url: '/api/health' });
    expect(r.headers['content-security-policy']).toContain("default-src 'self'");
    expect(r.headers['x-content-type-options']).toBe('nosniff');
  });
});
