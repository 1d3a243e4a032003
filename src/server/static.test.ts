import { z } from 'zod';
/**
 * Responses go out compressed and cached as they should: the web app's fingerprinted files as the build's
 * brotli or gzip copies, kept a year as immutable; the page and the service worker never cached without
 * asking; JSON compressed as it is sent.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AnalysisRunner } from '../deliberation/analysis.service.ts';
import { openTestDatabase } from '../../test/helpers/db.ts';
import { endpoint } from '../contract/http.ts';
import { addTestRoute, testConfig } from '../../test/helpers/app.ts';
import type { Database } from '../db/client.ts';
import { buildApp, type App } from './app.ts';

let app: App;
let database: Database;
let root = '';
const script = `console.log(${JSON.stringify('Broadchurch '.repeat(400))});\n`;

const big = z.object({ items: z.array(z.object({ id: z.number(), name: z.string() })) });
beforeAll(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'bc-web-'));
  fs.mkdirSync(path.join(root, 'assets'));
  fs.writeFileSync(
    path.join(root, 'index.html'),
    `<!doctype html><title>Broadchurch</title>${' '.repeat(2000)}`,
  );
  fs.writeFileSync(path.join(root, 'sw.js'), script);
  const asset = path.join(root, 'assets', 'main-AbC123xy.js');
  fs.writeFileSync(asset, script);
  fs.writeFileSync(`${asset}.br`, zlib.brotliCompressSync(script));
  fs.writeFileSync(`${asset}.gz`, zlib.gzipSync(script));
  database = await openTestDatabase();
  app = await buildApp({
    config: testConfig(),
    db: database.db,
    webRoot: root,
    logger: false,
    analysis: new AnalysisRunner(database.db),
    jobs: false,
  });
  addTestRoute(
    app,
    endpoint({
      method: 'GET',
      path: '/api/test/big',
      summary: 'big',
      access: 'public',
      response: big,
      errors: [],
    }),
    () => ({ items: Array.from({ length: 300 }, (_, i) => ({ id: i, name: 'Broadchurch' })) }),
  );
  await app.ready();
});
afterAll(async () => {
  await app.close();
  await database.close();
  fs.rmSync(root, { recursive: true, force: true });
});

const get = (url: string, encoding: string) =>
  app.inject({ method: 'GET', url, headers: { 'accept-encoding': encoding } });

describe('compression and caching', () => {
  it('fingerprinted assets: the precompressed copy, cached a year as immutable', async () => {
    const br = await get('/assets/main-AbC123xy.js', 'gzip, deflate, br');
    expect(br.statusCode).toBe(200);
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(String(br.headers.vary)).toMatch(/accept-encoding/i);
    expect(zlib.brotliDecompressSync(br.rawPayload).toString()).toBe(script);
    expect(br.rawPayload.length).toBeLessThan(script.length / 5);
    const gz = await get('/assets/main-AbC123xy.js', 'gzip');
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(zlib.gunzipSync(gz.rawPayload).toString()).toBe(script);
    const plain = await get('/assets/main-AbC123xy.js', 'identity');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body).toBe(script);
  });

  it('the page and the service worker are never cached without asking', async () => {
    for (const url of ['/', '/conversations/123', '/sw.js']) {
      const res = await get(url, 'br');
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['cache-control'], url).toBe('no-cache');
    }
  });

  it('JSON answers are compressed as they are sent', async () => {
    const res = await get('/api/test/big', 'gzip, br');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-encoding']).toBe('br');
    const body = JSON.parse(zlib.brotliDecompressSync(res.rawPayload).toString()) as { items: unknown[] };
    expect(body.items).toHaveLength(300);
    const gz = await get('/api/test/big', 'gzip');
    expect(gz.headers['content-encoding']).toBe('gzip');
  });
});
