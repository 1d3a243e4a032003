/**
 * Safe by default, as a careless administrator would find it: a server started on all addresses with no
 * NODE_ENV refuses to start and says what is missing; with a complete configuration it starts without the
 * demo party, the built-in secret or the mail outbox; and the outbox never answers a relayed request.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { count } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/client.ts';
import { members } from '../../src/db/schema/index.ts';
import { startTestApp } from '../helpers/app.ts';
import { onPostgres } from '../helpers/db.ts';
import { freshDatabase, serveRefused, startServer, stopServer } from '../helpers/voting.ts';

const dirs: string[] = [];
const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  for (const c of cleanups) await c();
});
const dataDir = () => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'bc-safe-'));
  dirs.push(d);
  return d;
};

describe.skipIf(onPostgres())('a server listening beyond this machine', () => {
  it(
    'refuses to start without a production configuration, listing every missing setting',
    { timeout: 120_000 },
    async () => {
      const { code, output } = await serveRefused({
        HOST: '0.0.0.0',
        NODE_ENV: '',
        AUTH_SECRET: '',
        PUBLIC_URL: '',
        MAIL_TRANSPORT: '',
        SEED_DEMO: '',
        DATABASE_URL: '',
        DATA_DIR: dataDir(),
      });
      expect(code).toBe(1);
      expect(output).toMatch(
        /AUTH_SECRET: is required when listening beyond this machine \(HOST=0\.0\.0\.0\)/,
      );
      expect(output).toMatch(/MAIL_TRANSPORT: must be smtp/);
      expect(output).toMatch(/PUBLIC_URL: is required/);
      expect(output).not.toMatch(/running/);
    },
  );

  it(
    'with a complete configuration, starts with no demo party, no outbox and no built-in secret',
    { timeout: 300_000 },
    async () => {
      const fresh = await freshDatabase('pglite', 'bc-safe');
      cleanups.push(fresh.drop);
      const dir = fresh.env.DATA_DIR ?? '';
      const served = await startServer(
        {
          NODE_ENV: '',
          AUTH_SECRET: 'a-secret-for-this-test-only-0123456789',
          MAIL_TRANSPORT: 'smtp',
          SMTP_URL: 'smtp://127.0.0.1:1',
          SEED_DEMO: '',
          DATABASE_URL: '',
          DATA_DIR: dir,
        },
        { seed: true, host: '0.0.0.0' },
      );
      try {
        expect((await fetch(`${served.base}/api/dev/outbox`)).status).toBe(404);
        expect(served.output()).not.toMatch(/Seeded demo content|demo admin/);
      } finally {
        await stopServer(served.child);
      }
      const db = await openDatabase({ kind: 'pglite', dataDir: dir });
      try {
        const [n] = await db.db.select({ n: count() }).from(members);
        expect(n?.n).toBe(0);
      } finally {
        await db.close();
      }
    },
  );
});

describe('the development mail outbox', () => {
  it('answers only requests made directly on this machine', async () => {
    const t = await startTestApp();
    try {
      const get = (remoteAddress: string, headers: Record<string, string> = {}) =>
        t.app.inject({ method: 'GET', url: '/api/dev/outbox', remoteAddress, headers });
      expect((await get('127.0.0.1')).statusCode).toBe(200);
      expect((await get('::1')).statusCode).toBe(200);
      // A reverse proxy on the same machine relays the world's requests from loopback.
      expect((await get('127.0.0.1', { 'x-forwarded-for': '203.0.113.7' })).statusCode).toBe(404);
      expect((await get('127.0.0.1', { forwarded: 'for=203.0.113.7' })).statusCode).toBe(404);
      expect((await get('127.0.0.1', { 'x-real-ip': '203.0.113.7' })).statusCode).toBe(404);
      expect((await get('203.0.113.7')).statusCode).toBe(404);
    } finally {
      await t.close();
    }
  });
});
