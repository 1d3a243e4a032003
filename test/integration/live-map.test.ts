/**
 * The live map's news carries the map: when a vote makes a new analysis, every open stream is sent it,
 * each with its own place on it, and what is sent is the contract's opinion map.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { opinionMap } from '../../src/contract/deliberation.ts';
import { startStreamingApp, type StreamingApp } from '../helpers/streams.ts';

/** An open stream: the map events read so far, parsed. */
interface Stream {
  maps: unknown[];
  close: () => void;
}

async function openStream(base: string, id: string, cookie: string): Promise<Stream> {
  const controller = new AbortController();
  const res = await fetch(`${base}/api/conversations/${id}/stream`, {
    headers: { cookie },
    signal: controller.signal,
  });
  expect(res.status).toBe(200);
  const stream: Stream = { maps: [], close: () => controller.abort() };
  const reader = res.body?.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  void (async () => {
    try {
      for (;;) {
        const chunk = await reader?.read();
        if (!chunk || chunk.done) return;
        buffer += decoder.decode(chunk.value as Uint8Array, { stream: true });
        let end = buffer.indexOf('\n\n');
        while (end >= 0) {
          const event = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const data = /^data: (.*)$/m.exec(event);
          if (event.startsWith('event: map') && data?.[1]) stream.maps.push(JSON.parse(data[1]));
          end = buffer.indexOf('\n\n');
        }
      }
    } catch {
      // Closed by the test.
    }
  })();
  return stream;
}

async function until(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 600 && !check(); i++) await new Promise((r) => setTimeout(r, 50));
  if (!check()) throw new Error(`timed out waiting for ${what}`);
}

describe('live map streams', () => {
  let s: StreamingApp;
  beforeAll(async () => {
    s = await startStreamingApp();
  });
  afterAll(() => s.t.close());

  it(
    'a new analysis reaches every open stream, each with its own place, in the contract',
    { timeout: 90_000 },
    async () => {
      const { t, tree, cookies, base, call } = s;
      const conv = await call('org', 'POST', '/api/conversations', {
        branchId: tree.wardA.id,
        title: 'Live',
        question: 'What matters?',
        seedStatements: ['Buses', 'Libraries', 'Parks'],
      });
      const id = String(conv.body.id);
      const streams = {
        a: await openStream(base, id, cookies.a ?? ''),
        b: await openStream(base, id, cookies.b ?? ''),
        c: await openStream(base, id, cookies.c ?? ''),
      };
      await until(() => Object.values(streams).every((s) => s.maps.length > 0), 'the first maps');

      const next = await call('a', 'GET', `/api/conversations/${id}/next`);
      const statementId = (next.body.statement as { id: string }).id;
      expect(
        (await call('a', 'POST', `/api/conversations/${id}/votes`, { statementId, value: 1 })).status,
      ).toBe(200);

      // The recompute the vote asked for (the runner is not started here: this runs it now).
      await t.analysis.drain({ all: true });
      const withA = (s: Stream) =>
        s.maps.some((m) => opinionMap.parse(m).participants >= 1 && opinionMap.parse(m).version > 0);
      await until(() => Object.values(streams).every(withA), 'the new map on every stream');
      for (const [who, s] of Object.entries(streams)) {
        const last = opinionMap.parse(s.maps.at(-1));
        expect(last.participants).toBeGreaterThanOrEqual(1);
        // Only the one who voted has a place; the others watch.
        if (who === 'a') expect(last.me?.votes).toBe(1);
        else expect(last.me).toBeNull();
        // Nothing beyond the contract's fields goes out.
        expect(Object.keys(last).sort()).toEqual(Object.keys(opinionMap.shape).sort());
      }
      for (const s of Object.values(streams)) s.close();
    },
  );
});
