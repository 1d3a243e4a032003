/**
 * Routes of Common Ground: thin — the route table's endpoints (contract/deliberation.api.ts), answered by
 * services. Link visitors are told apart from members here (`caller`), once per request.
 */
import crypto from 'node:crypto';
import multipart from '@fastify/multipart';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { deliberationApi } from '../contract/deliberation.api.ts';
import { cookieValue } from '../core/cookies.ts';
import type { Actor } from '../core/permissions.ts';
import { implement, type App, type RouteDeps } from '../lib/http.ts';
import type { AnalysisRunner } from './analysis.service.ts';
import * as conv from './conversation.service.ts';
import type { Caller } from './conversation.service.ts';
import { mapStreams } from './map-stream.ts';
import * as polisGroups from './polis-groups.service.ts';
import * as polis from './polis.service.ts';
import { withPolisUpload } from './polis-upload.ts';
import { conversationReport, opinionMap } from './report.service.ts';
import * as st from './statement.service.ts';
import * as topics from './topics.service.ts';
import * as vote from './vote.service.ts';

const VISITOR_COOKIE = 'bc_visitor';
const LINK_HEADER = 'x-conversation-link';
const KEY_RE = /^[A-Za-z0-9_-]{20,64}$/;

export function conversationRoutes(app: App, deps: RouteDeps, analysis: AnalysisRunner): void {
  const { ctx } = deps;
  void app.register(multipart);
  const stream = mapStreams(app, ctx, analysis);
  const secure = ctx.config.publicUrl.startsWith('https:');

  /**
   * Who is calling: the member, or a link visitor. With `reply` (a write), a signed-out visitor holding the
   * link is given a visitor key (a cookie).
   */
  function caller(request: FastifyRequest, a: Actor | null, reply?: FastifyReply, link?: string): Caller {
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

  implement(app, deps, deliberationApi, {
    list: ({ actor }) => conv.listConversations(ctx, actor),
    create: ({ actor, body }) => conv.createConversation(ctx, actor, body),
    importPolis: ({ actor, request }) => {
      polis.mayImportAnywhere(actor);
      return withPolisUpload(request, (fields, dir) => polis.importPolis(ctx, actor, fields, dir));
    },
    exportPolis: async ({ actor, params, reply }) => {
      const files = await polis.exportPolis(ctx, actor, params.id);
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${params.file}"`)
        .send(files[params.file]);
    },
    exportAnalysis: async ({ actor, params, reply }) => {
      const report = await polis.exportAnalysis(ctx, actor, params.id);
      return reply.header('content-disposition', 'attachment; filename="analysis.json"').send(report);
    },
    topics: ({ actor, params, request }) => topics.conversationTopics(ctx, caller(request, actor), params.id),
    renameTopic: ({ actor, params, body }) =>
      topics.renameTopic(ctx, actor, params.id, params.topic, body.name),
    polisGroups: ({ actor, params }) => polisGroups.polisComparison(ctx, actor, params.id),
    join: ({ actor, params }) => conv.joinByLink(ctx, actor, params.token),
    view: ({ actor, params, request }) => conv.getConversation(ctx, caller(request, actor), params.id),
    update: ({ actor, params, body }) => conv.updateConversation(ctx, actor, params.id, body),
    next: ({ actor, params, query, request }) =>
      vote.nextStatement(ctx, caller(request, actor), params.id, query.statement),
    vote: ({ actor, params, body, request, reply }) =>
      vote.castVote(ctx, caller(request, actor, reply), params.id, body.statementId, body.value),
    undoVote: ({ actor, params, body, request }) =>
      vote.undoVote(ctx, caller(request, actor), params.id, body.statementId),
    myVotes: ({ actor, params, request }) => vote.myVotes(ctx, caller(request, actor), params.id),
    similar: ({ actor, params, query, request }) =>
      st.similarStatements(ctx, caller(request, actor), params.id, query.text),
    post: async ({ actor, params, body, request, reply }) => {
      const result = await st.postStatement(ctx, caller(request, actor, reply), params.id, body.text);
      if (result.created) void reply.status(201);
      return result;
    },
    myStatements: ({ actor, params, request }) => st.myStatements(ctx, caller(request, actor), params.id),
    map: ({ actor, params, request }) => opinionMap(ctx, caller(request, actor), params.id),
    report: ({ actor, params, request }) => conversationReport(ctx, caller(request, actor), params.id),
    stream: ({ actor, params, query, request, reply }) =>
      stream(caller(request, actor, undefined, query.link), params.id, request, reply),
    moderationQueue: ({ actor, params, query }) => st.moderationQueue(ctx, actor, params.id, query.status),
    moderate: ({ actor, params, body }) => st.moderate(ctx, actor, params.id, body),
    merge: ({ actor, params, body }) => st.mergeStatement(ctx, actor, params.id, body),
    moderationLog: ({ actor, params }) => st.moderationHistory(ctx, actor, params.id),
  });
}
