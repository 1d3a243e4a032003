/** Routes of Common Ground: thin — parse, find the caller, call the service, present. */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import multipart from '@fastify/multipart';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { App, RouteDeps } from '../server/app.ts';
import { cookieValue } from '../core/cookies.ts';
import { AppError } from '../core/errors.ts';
import { StreamLimits } from '../core/stream-limits.ts';
import { latestAnalysis, type StoredAnalysis } from './analysis.service.ts';
import {
  conversationParams,
  createConversationBody,
  exportParams,
  importPolisFields,
  MAX_POLIS_FILE_BYTES,
  linkParams,
  mergeBody,
  nextQuery,
  moderateBody,
  postStatementBody,
  queueQuery,
  similarQuery,
  undoBody,
  updateConversationBody,
  voteBody,
} from '../contract/deliberation.ts';
import * as C from '../contract/deliberation.ts';
import { extractPolisZip } from './polis-zip.ts';

/** Files of a Polis export folder that an import does not need: skipped when they come with it. */
const POLIS_EXTRAS: readonly string[] = ['summary.csv', 'stats-history.csv', 'comment-groups.csv'];
import * as conv from './conversation.service.ts';
import type { Caller } from './conversation.service.ts';
import { conversationReport, opinionMap, opinionMapJson } from './report.service.ts';
import * as polis from './polis.service.ts';
import * as polisGroups from './polis-groups.service.ts';
import * as topics from './topics.service.ts';
import { POLIS_FILES } from '../math/io/polis-csv.ts';
import * as st from './statement.service.ts';
import * as vote from './vote.service.ts';

const VISITOR_COOKIE = 'bc_visitor';
const LINK_HEADER = 'x-conversation-link';
const KEY_RE = /^[A-Za-z0-9_-]{20,64}$/;

export function conversationRoutes(app: App, { ctx, actor, maybeActor, analysis }: RouteDeps): void {
  void app.register(multipart);
  const streams = new StreamLimits(ctx.config.streams.perUser, ctx.config.streams.perAddress);
  // Open streams, ended with a retry hint when the server stops.
  const closing = new Set<() => void>();
  app.addHook('preClose', (done) => {
    for (const close of closing) close();
    done();
  });
  const secure = ctx.config.publicUrl.startsWith('https:');

  /** Who is calling. With `write`, a signed-out link visitor is given a visitor key (a cookie). */
  async function caller(request: FastifyRequest, reply?: FastifyReply, link?: string): Promise<Caller> {
    const a = await maybeActor(request);
    const header = request.headers[LINK_HEADER];
    const linkToken =
      typeof header === 'string' && KEY_RE.test(header) ? header : link && KEY_RE.test(link) ? link : null;
    let visitorKey = cookieValue(request.headers.cookie, VISITOR_COOKIE);
    if (visitorKey && !KEY_RE.test(visitorKey)) visitorKey = null;
    if (!a && !visitorKey && linkToken && reply) {
      visitorKey = crypto.randomBytes(24).toString('base64url');
      void reply.header(
        'set-cookie',
        `${VISITOR_COOKIE}=${visitorKey}; Path=/; HttpOnly; SameSite=Lax; Max-Age=31536000${secure ? '; Secure' : ''}`,
      );
    }
    return { actor: a, linkToken, visitorKey: a ? null : visitorKey, address: request.ip };
  }

  const params = { params: conversationParams };

  app.get('/api/conversations', { schema: { response: { 200: C.conversationList } } }, async (request) =>
    conv.listConversations(ctx, await actor(request)),
  );

  app.post(
    '/api/conversations',
    { schema: { body: createConversationBody, response: { 201: C.conversationSummary } } },
    async (request, reply) =>
      reply.status(201).send(await conv.createConversation(ctx, await actor(request), request.body)),
  );

  // A Polis export as multipart/form-data — its files (the whole folder Polis gives: files that are not
  // needed are skipped), or the folder as one .zip — streamed to a private temporary folder as they
  // arrive (never held in memory), read from there, and deleted.
  app.post(
    '/api/conversations/import',
    { schema: { response: { 201: C.polisImported } } },
    async (request, reply) => {
      const me = await actor(request);
      polis.mayImportAnywhere(me);
      if (!request.isMultipart())
        throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'Send the Polis export as multipart/form-data');
      const dir = await fs.promises.mkdtemp(path.join(os.tmpdir(), 'bc-polis-'));
      try {
        const fields: Record<string, string> = {};
        const parts = request.parts({
          limits: { fileSize: MAX_POLIS_FILE_BYTES, files: 8, fields: 8, fieldSize: 8 * 1024, parts: 16 },
        });
        for await (const part of parts) {
          if (part.type === 'field') {
            if (typeof part.value === 'string') fields[part.fieldname] = part.value;
            continue;
          }
          const name = part.filename || part.fieldname;
          if (POLIS_EXTRAS.includes(name)) {
            // The rest of the folder Polis exports: not needed here.
            part.file.resume();
            continue;
          }
          if (name.toLowerCase().endsWith('.zip')) {
            await extractPolisZip(part.file, dir, POLIS_FILES, MAX_POLIS_FILE_BYTES);
            if (part.file.truncated)
              throw new AppError(
                'PAYLOAD_TOO_LARGE',
                `${name} is larger than ${MAX_POLIS_FILE_BYTES / 1024 / 1024} MB`,
              );
            continue;
          }
          if (!(POLIS_FILES as readonly string[]).includes(name)) {
            part.file.resume();
            throw new AppError(
              'VALIDATION_FAILED',
              `"${name.slice(0, 40)}" is not a file of a Polis export`,
              [{ field: name.slice(0, 40), message: `must be one of ${POLIS_FILES.join(', ')}` }],
            );
          }
          const target = path.join(dir, name);
          if (fs.existsSync(target)) {
            part.file.resume();
            throw new AppError('VALIDATION_FAILED', `${name} was sent twice`, [
              { field: name, message: 'was sent twice' },
            ]);
          }
          await pipeline(part.file, fs.createWriteStream(target));
          if (part.file.truncated)
            throw new AppError(
              'PAYLOAD_TOO_LARGE',
              `${name} is larger than ${MAX_POLIS_FILE_BYTES / 1024 / 1024} MB`,
            );
        }
        const body = importPolisFields.safeParse(fields);
        if (!body.success)
          throw new AppError(
            'VALIDATION_FAILED',
            'The import form is not complete',
            body.error.issues.map((i) => ({ field: String(i.path[0] ?? 'form'), message: i.message })),
          );
        const imported = await polis.importPolis(ctx, me, body.data, dir);
        return await reply.status(201).send(imported);
      } finally {
        await fs.promises.rm(dir, { recursive: true, force: true });
      }
    },
  );

  app.get(
    '/api/conversations/:id/export/polis/:file',
    { schema: { params: exportParams }, config: { raw: 'download' } },
    async (request, reply) => {
      const files = await polis.exportPolis(ctx, await actor(request), request.params.id);
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${request.params.file}"`)
        .send(files[request.params.file]);
    },
  );

  app.get(
    '/api/conversations/:id/topics',
    { schema: { ...params, response: { 200: C.conversationTopics } } },
    async (request) => topics.conversationTopics(ctx, await caller(request), request.params.id),
  );

  app.patch(
    '/api/conversations/:id/topics/:topic',
    { schema: { params: C.topicParams, body: C.renameTopicBody, response: { 200: C.topicRenamed } } },
    async (request) =>
      topics.renameTopic(
        ctx,
        await actor(request),
        request.params.id,
        request.params.topic,
        request.body.name,
      ),
  );

  app.get(
    '/api/conversations/:id/polis-groups',
    { schema: { ...params, response: { 200: C.polisComparison } } },
    async (request) => polisGroups.polisComparison(ctx, await actor(request), request.params.id),
  );

  app.get(
    '/api/conversations/:id/export/analysis.json',
    { schema: params, config: { raw: 'download' } },
    async (request, reply) => {
      const report = await polis.exportAnalysis(ctx, await actor(request), request.params.id);
      return reply.header('content-disposition', 'attachment; filename="analysis.json"').send(report);
    },
  );

  app.get(
    '/api/join/:token',
    { schema: { params: linkParams, response: { 200: C.conversationSummary } } },
    async (request) => conv.joinByLink(ctx, await maybeActor(request), request.params.token),
  );

  app.get(
    '/api/conversations/:id',
    { schema: { ...params, response: { 200: C.conversationView } } },
    async (request) => conv.getConversation(ctx, await caller(request), request.params.id),
  );

  app.patch(
    '/api/conversations/:id',
    { schema: { ...params, body: updateConversationBody, response: { 200: C.conversationSummary } } },
    async (request) => conv.updateConversation(ctx, await actor(request), request.params.id, request.body),
  );

  app.get(
    '/api/conversations/:id/next',
    { schema: { ...params, querystring: nextQuery, response: { 200: C.nextCard } } },
    async (request) =>
      vote.nextStatement(ctx, await caller(request), request.params.id, request.query.statement),
  );

  app.post(
    '/api/conversations/:id/votes',
    { schema: { ...params, body: voteBody, response: { 200: C.voteAnswer } } },
    async (request, reply) =>
      vote.castVote(
        ctx,
        await caller(request, reply),
        request.params.id,
        request.body.statementId,
        request.body.value,
      ),
  );

  app.post(
    '/api/conversations/:id/votes/undo',
    { schema: { ...params, body: undoBody, response: { 200: C.undoAnswer } } },
    async (request) => vote.undoVote(ctx, await caller(request), request.params.id, request.body.statementId),
  );

  app.get(
    '/api/conversations/:id/my-votes',
    { schema: { ...params, response: { 200: C.myVotes } } },
    async (request) => vote.myVotes(ctx, await caller(request), request.params.id),
  );

  app.get(
    '/api/conversations/:id/similar',
    { schema: { ...params, querystring: similarQuery, response: { 200: C.similar } } },
    async (request) =>
      st.similarStatements(ctx, await caller(request), request.params.id, request.query.text),
  );

  app.post(
    '/api/conversations/:id/statements',
    { schema: { ...params, body: postStatementBody, response: { 200: C.posted, 201: C.posted } } },
    async (request, reply) => {
      const result = await st.postStatement(
        ctx,
        await caller(request, reply),
        request.params.id,
        request.body.text,
      );
      return reply.status(result.created ? 201 : 200).send(result);
    },
  );

  app.get(
    '/api/conversations/:id/my-statements',
    { schema: { ...params, response: { 200: C.ownStatements } } },
    async (request) => st.myStatements(ctx, await caller(request), request.params.id),
  );

  app.get(
    '/api/conversations/:id/map',
    { schema: { ...params, response: { 200: C.opinionMap } } },
    async (request) => opinionMap(ctx, await caller(request), request.params.id),
  );

  app.get(
    '/api/conversations/:id/report',
    { schema: { ...params, response: { 200: C.report } } },
    async (request) => conversationReport(ctx, await caller(request), request.params.id),
  );

  // Server-Sent Events: a `map` event whenever a new analysis is stored. EventSource cannot send headers,
  // so a link visitor passes the link secret as `?link=`.
  app.get(
    '/api/conversations/:id/stream',
    {
      schema: { ...params, querystring: z.strictObject({ link: z.string().max(64).optional() }) },
      config: { raw: 'stream' },
    },
    async (request, reply) => {
      const who = await caller(request, undefined, request.query.link);
      const c = await conv.conversationFor(ctx, who, request.params.id);
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
      const closeStream = () => {
        // Told to retry later (a server stopping), the browser's EventSource reconnects by itself.
        res.end('retry: 5000\n\n');
      };
      closing.add(closeStream);
      request.raw.on('close', () => {
        clearInterval(ping);
        stop();
        release();
        closing.delete(closeStream);
      });
    },
  );

  app.get(
    '/api/conversations/:id/moderation',
    { schema: { ...params, querystring: queueQuery, response: { 200: C.moderationQueue } } },
    async (request) => st.moderationQueue(ctx, await actor(request), request.params.id, request.query.status),
  );

  app.post(
    '/api/conversations/:id/moderation',
    { schema: { ...params, body: moderateBody, response: { 200: C.moderated } } },
    async (request) => st.moderate(ctx, await actor(request), request.params.id, request.body),
  );

  app.post(
    '/api/conversations/:id/moderation/merge',
    { schema: { ...params, body: mergeBody, response: { 200: C.merged } } },
    async (request) => st.mergeStatement(ctx, await actor(request), request.params.id, request.body),
  );

  app.get(
    '/api/conversations/:id/moderation/log',
    { schema: { ...params, response: { 200: C.moderationLog } } },
    async (request) => st.moderationHistory(ctx, await actor(request), request.params.id),
  );
}
