/**
 * The live map as Server-Sent Events: the current map at once, then a `map` event whenever a new analysis
 * is stored; pings keep a quiet stream open through idle timeouts and proxies. Streams are capped per
 * member (or visitor) and per address, and told to retry later when the server stops.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../core/errors.ts';
import { StreamLimits } from '../core/stream-limits.ts';
import type { App } from '../lib/http.ts';
import type { ServiceContext } from '../lib/context.ts';
import { latestAnalysis, type AnalysisRunner, type StoredAnalysis } from './analysis.service.ts';
import { conversationFor, type Caller } from './conversation.service.ts';
import { opinionMapJson } from './report.service.ts';

export type MapStream = (
  who: Caller,
  conversationId: string,
  request: FastifyRequest,
  reply: FastifyReply,
) => Promise<void>;

/** The stream handler of one app: its limits, and the streams to end when the app closes. */
export function mapStreams(app: App, ctx: ServiceContext, analysis: AnalysisRunner): MapStream {
  const streams = new StreamLimits(ctx.config.streams.perUser, ctx.config.streams.perAddress);
  const closing = new Set<() => void>();
  app.addHook('preClose', (done) => {
    for (const close of closing) close();
    done();
  });
  return async (who, conversationId, request, reply) => {
    const c = await conversationFor(ctx, who, conversationId);
    const current = await latestAnalysis(ctx, c.id);
    const release = streams.acquire(who.actor?.memberId ?? who.visitorKey, request.ip);
    if (!release)
      throw new AppError(
        'RATE_LIMITED',
        'Too many live maps are open for you or your network; close one and try again.',
      );
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    const send = async (stored: StoredAnalysis | null) => {
      try {
        const map = await opinionMapJson(ctx, who, c, stored);
        res.write(`event: map\nid: ${map.version}\ndata: ${map.json}\n\n`);
      } catch {
        res.end();
      }
    };
    res.write('retry: 2000\n\n');
    await send(current);
    const stop = analysis.watch(c.id, current?.version ?? 0, (stored) => void send(stored));
    // Often enough that neither the idle timeout nor a proxy's closes a quiet stream.
    const ping = setInterval(
      () => res.write(': ping\n\n'),
      Math.min(20_000, (ctx.config.http.idleSeconds * 1000) / 2),
    );
    // Told to retry later (a server stopping), the browser's EventSource reconnects by itself.
    const closeStream = () => res.end('retry: 5000\n\n');
    closing.add(closeStream);
    request.raw.on('close', () => {
      clearInterval(ping);
      stop();
      release();
      closing.delete(closeStream);
    });
  };
}
