/**
 * Routes' rate limits hold across server processes: counted in the database, an address's requests to a
 * limited route are counted together whichever process answers them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AnalysisRunner } from '../deliberation/analysis.service.ts';
import { startTestApp, TEST_ORIGIN, type TestApp } from '../../test/helpers/app.ts';
import { buildApp, type App } from './app.ts';

let t: TestApp;
let other: App;

beforeAll(async () => {
  t = await startTestApp();
  // A second app on the same database stands for a second server process.
  other = await buildApp({
    config: t.config,
    db: t.database.db,
    serveWeb: false,
    logger: false,
    analysis: new AnalysisRunner(t.database.db),
    jobs: false,
  });
});
afterAll(async () => {
  await other.close();
  await t.close();
});

const accept = (app: App, remoteAddress: string) =>
  app.inject({
    method: 'POST',
    url: '/api/invitations/not-a-real-token/accept',
    payload: { name: 'Someone', email: 'someone@example.org' },
    headers: { origin: TEST_ORIGIN },
    remoteAddress,
  });

describe('rate limits across processes', () => {
  it('20 invitation answers a minute from one address, however they are spread over two processes', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 30; i++)
      statuses.push((await accept(i % 2 ? other : t.app, '198.51.100.77')).statusCode);
    expect(statuses.slice(0, 20).every((s) => s !== 429)).toBe(true);
    expect(statuses.slice(20)).toEqual(Array<number>(10).fill(429));
    // Another address has its own count, on either process.
    expect((await accept(other, '198.51.100.78')).statusCode).not.toBe(429);
  });
});
