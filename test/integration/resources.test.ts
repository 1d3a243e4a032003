/**
 * Bounded resources, attacked: thousands of idle sockets, and thousands of live-map streams from one
 * client. The server keeps a cap on connections, closes sockets that send nothing, and caps streams per
 * person and per address.
 */
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp } from '../helpers/app.ts';
import { startStreamingApp, type StreamingApp } from '../helpers/streams.ts';

describe('idle sockets', () => {
  it(
    'are capped, and closed when they send nothing, so new visitors get in again',
    { timeout: 120_000 },
    async () => {
      const t = await startTestApp({ HTTP_MAX_CONNECTIONS: '20', HTTP_IDLE_SECONDS: '2' });
      try {
        const base = await t.app.listen({ port: 0, host: '127.0.0.1' });
        const port = Number(new URL(base).port);
        const sockets = Array.from({ length: 20 }, () => net.connect(port, '127.0.0.1'));
        const closed = sockets.map(
          (s) =>
            new Promise<number>((resolve) => {
              const opened = Date.now();
              s.on('error', () => undefined);
              s.on('close', () => resolve(Date.now() - opened));
            }),
        );
        await Promise.all(sockets.map((s) => new Promise((r) => s.once('connect', r))));
        // Twenty idle sockets fill the cap: a real visitor's request is turned away...
        await expect(fetch(`${base}/api/health`)).rejects.toThrow();
        // ...until the server closes the idle ones, after HTTP_IDLE_SECONDS (2 here; Node's own header
        // timeout would wait a minute or more).
        const lifetimes = await Promise.all(closed);
        expect(Math.max(...lifetimes)).toBeLessThan(30_000);
        expect((await fetch(`${base}/api/health`)).status).toBe(200);
      } finally {
        await t.close();
      }
    },
  );
});

describe('live map streams', () => {
  let s: StreamingApp;
  beforeAll(async () => {
    s = await startStreamingApp({ SSE_STREAMS_PER_USER: '2', SSE_STREAMS_PER_ADDRESS: '3' });
  });
  afterAll(() => s.t.close());

  it('are capped per person and per address, and a closed stream frees its place', async () => {
    const { tree, cookies, base, call } = s;
    const conv = await call('org', 'POST', '/api/conversations', {
      branchId: tree.wardA.id,
      title: 'Streams',
      question: 'Anything?',
      seedStatements: ['One', 'Two'],
    });
    const id = String(conv.body.id);
    const open = async (who: string) => {
      const controller = new AbortController();
      const res = await fetch(`${base}/api/conversations/${id}/stream`, {
        headers: { cookie: cookies[who] ?? '' },
        signal: controller.signal,
      });
      if (res.status === 200) {
        // Read the first event, so the stream is really open.
        const reader = res.body?.getReader();
        let text = '';
        while (reader && !text.includes('event: map'))
          text += new TextDecoder().decode((await reader.read()).value as Uint8Array | undefined);
        expect(text).toContain('"version":0');
      }
      return { status: res.status, close: () => controller.abort() };
    };
    const a1 = await open('a');
    const a2 = await open('a');
    const a3 = await open('a');
    expect([a1.status, a2.status, a3.status]).toEqual([200, 200, 429]);
    const b1 = await open('b');
    expect(b1.status).toBe(200);
    // Three streams from this address: a fourth person is refused too.
    expect((await open('c')).status).toBe(429);
    a1.close();
    // The server sees the close and frees the place.
    let again = await open('c');
    for (let i = 0; again.status !== 200 && i < 100; i++) {
      await new Promise((r) => setTimeout(r, 50));
      again = await open('c');
    }
    expect(again.status).toBe(200);
    for (const s of [a2, b1, again]) s.close();
  });
});
