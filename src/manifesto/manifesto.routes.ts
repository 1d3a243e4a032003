/** Routes of the Manifesto: thin — parse, find the actor, call the service. */
import type { App, RouteDeps } from '../server/app.ts';
import {
  addClauseBody,
  addSectionBody,
  amendmentParams,
  decideBody,
  openWindowBody,
  proposeBody,
  ballotParams,
  castBody,
  clauseParams,
  compareBody,
  diffQuery,
  openBallotBody,
  receiptBody,
  createManifestoBody,
  manifestoParams,
} from './manifesto.schema.ts';
import * as svc from './manifesto.service.ts';
import * as prio from './priority.service.ts';
import * as ballot from './ballot.service.ts';
import * as pub from './publish.service.ts';
import * as amend from './amendment.service.ts';

export function manifestoRoutes(app: App, { ctx, actor }: RouteDeps): void {
  const params = { params: manifestoParams };

  app.get('/api/manifestos', async (request) => svc.listManifestos(ctx, await actor(request)));

  app.post('/api/manifestos', { schema: { body: createManifestoBody } }, async (request, reply) =>
    reply.status(201).send(await svc.createManifesto(ctx, await actor(request), request.body)),
  );

  app.get('/api/manifestos/:id', { schema: params }, async (request) =>
    svc.getManifesto(ctx, await actor(request), request.params.id),
  );

  app.post(
    '/api/manifestos/:id/sections',
    { schema: { ...params, body: addSectionBody } },
    async (request, reply) =>
      reply
        .status(201)
        .send(await svc.addSection(ctx, await actor(request), request.params.id, request.body)),
  );

  app.post(
    '/api/manifestos/:id/clauses',
    { schema: { ...params, body: addClauseBody } },
    async (request, reply) =>
      reply.status(201).send(await svc.addClause(ctx, await actor(request), request.params.id, request.body)),
  );

  app.delete('/api/manifestos/:id/clauses/:clauseId', { schema: { params: clauseParams } }, async (request) =>
    svc.removeClause(ctx, await actor(request), request.params.id, request.params.clauseId),
  );

  app.get('/api/manifestos/:id/priorities/next', { schema: params }, async (request) =>
    prio.nextComparison(ctx, await actor(request), request.params.id),
  );

  app.post('/api/manifestos/:id/priorities', { schema: { ...params, body: compareBody } }, async (request) =>
    prio.compare(ctx, await actor(request), request.params.id, request.body),
  );

  app.get('/api/manifestos/:id/priorities', { schema: params }, async (request) =>
    prio.priorities(ctx, await actor(request), request.params.id),
  );

  app.post(
    '/api/manifestos/:id/ballots',
    { schema: { ...params, body: openBallotBody } },
    async (request, reply) =>
      reply
        .status(201)
        .send(await ballot.openBallot(ctx, await actor(request), request.params.id, request.body)),
  );

  app.get('/api/manifestos/:id/ballots', { schema: params }, async (request) =>
    ballot.listBallots(ctx, await actor(request), request.params.id),
  );

  const ballotId = { params: ballotParams };

  app.get('/api/ballots/:id', { schema: ballotId }, async (request) =>
    ballot.getBallot(ctx, await actor(request), request.params.id),
  );

  app.post('/api/ballots/:id/votes', { schema: { ...ballotId, body: castBody } }, async (request) =>
    ballot.castVote(ctx, await actor(request), request.params.id, request.body),
  );

  app.post('/api/ballots/:id/verify', { schema: { ...ballotId, body: receiptBody } }, async (request) =>
    ballot.verifyReceipt(ctx, await actor(request), request.params.id, request.body.receipt),
  );

  app.post('/api/ballots/:id/close', { schema: ballotId }, async (request) =>
    ballot.closeBallot(ctx, await actor(request), request.params.id),
  );

  app.post('/api/manifestos/:id/versions', { schema: params }, async (request, reply) =>
    reply.status(201).send(await pub.publish(ctx, await actor(request), request.params.id)),
  );

  app.get('/api/manifestos/:id/versions', { schema: params }, async (request) =>
    pub.listVersions(ctx, await actor(request), request.params.id),
  );

  app.get('/api/manifestos/:id/diff', { schema: { ...params, querystring: diffQuery } }, async (request) =>
    pub.diffVersions(ctx, await actor(request), request.params.id, request.query.from, request.query.to),
  );

  // Published versions are public: no sign-in.
  app.get('/api/public/manifestos/:id', { schema: params }, async (request) =>
    pub.publicManifesto(ctx, request.params.id),
  );

  app.get('/api/public/manifestos/:id/manifesto.md', { schema: params }, async (request, reply) =>
    reply.type('text/markdown; charset=utf-8').send(await pub.publicMarkdown(ctx, request.params.id)),
  );

  app.get('/api/public/manifestos/:id/manifesto.pdf', { schema: params }, async (request, reply) =>
    reply
      .type('application/pdf')
      .header('content-disposition', 'inline; filename="manifesto.pdf"')
      .send(await pub.publicPdf(ctx, request.params.id)),
  );

  app.post(
    '/api/manifestos/:id/amendment-window',
    { schema: { ...params, body: openWindowBody } },
    async (request, reply) =>
      reply
        .status(201)
        .send(await amend.openWindow(ctx, await actor(request), request.params.id, request.body)),
  );

  app.get('/api/manifestos/:id/amendments', { schema: params }, async (request) =>
    amend.listAmendments(ctx, await actor(request), request.params.id),
  );

  app.post(
    '/api/manifestos/:id/amendments',
    { schema: { ...params, body: proposeBody } },
    async (request, reply) =>
      reply.status(201).send(await amend.propose(ctx, await actor(request), request.params.id, request.body)),
  );

  app.post(
    '/api/manifestos/:id/amendments/:amendmentId/decision',
    { schema: { params: amendmentParams, body: decideBody } },
    async (request) =>
      amend.decide(ctx, await actor(request), request.params.id, request.params.amendmentId, request.body),
  );
}
