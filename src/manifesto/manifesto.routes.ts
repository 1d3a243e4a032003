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
} from '../contract/manifesto.ts';
import * as C from '../contract/manifesto.ts';
import * as svc from './manifesto.service.ts';
import * as prio from './priority.service.ts';
import * as ballot from './ballot.service.ts';
import * as pub from './publish.service.ts';
import * as amend from './amendment.service.ts';

export function manifestoRoutes(app: App, { ctx, actor }: RouteDeps): void {
  const params = { params: manifestoParams };

  app.get('/api/manifestos', { schema: { response: { 200: C.manifestoList } } }, async (request) =>
    svc.listManifestos(ctx, await actor(request)),
  );

  app.post(
    '/api/manifestos',
    { schema: { body: createManifestoBody, response: { 201: C.manifestoDraft } } },
    async (request, reply) =>
      reply.status(201).send(await svc.createManifesto(ctx, await actor(request), request.body)),
  );

  app.get(
    '/api/manifestos/:id',
    { schema: { ...params, response: { 200: C.manifestoDraft } } },
    async (request) => svc.getManifesto(ctx, await actor(request), request.params.id),
  );

  app.post(
    '/api/manifestos/:id/sections',
    { schema: { ...params, body: addSectionBody, response: { 201: C.manifestoDraft } } },
    async (request, reply) =>
      reply
        .status(201)
        .send(await svc.addSection(ctx, await actor(request), request.params.id, request.body)),
  );

  app.post(
    '/api/manifestos/:id/clauses',
    { schema: { ...params, body: addClauseBody, response: { 201: C.manifestoDraft } } },
    async (request, reply) =>
      reply.status(201).send(await svc.addClause(ctx, await actor(request), request.params.id, request.body)),
  );

  app.delete(
    '/api/manifestos/:id/clauses/:clauseId',
    { schema: { params: clauseParams, response: { 200: C.manifestoDraft } } },
    async (request) =>
      svc.removeClause(ctx, await actor(request), request.params.id, request.params.clauseId),
  );

  app.get(
    '/api/manifestos/:id/priorities/next',
    { schema: { ...params, querystring: C.nextPairQuery, response: { 200: C.nextPair } } },
    async (request) =>
      prio.nextComparison(ctx, await actor(request), request.params.id, request.query.skip?.split(',')),
  );

  app.post(
    '/api/manifestos/:id/priorities',
    { schema: { ...params, body: compareBody, response: { 200: C.nextPair } } },
    async (request) => prio.compare(ctx, await actor(request), request.params.id, request.body),
  );

  app.get(
    '/api/manifestos/:id/priorities',
    { schema: { ...params, response: { 200: C.priorities } } },
    async (request) => prio.priorities(ctx, await actor(request), request.params.id),
  );

  app.post(
    '/api/manifestos/:id/ballots',
    { schema: { ...params, body: openBallotBody, response: { 201: C.ballotView } } },
    async (request, reply) =>
      reply
        .status(201)
        .send(await ballot.openBallot(ctx, await actor(request), request.params.id, request.body)),
  );

  app.get(
    '/api/manifestos/:id/ballots',
    { schema: { ...params, response: { 200: C.ballotList } } },
    async (request) => ballot.listBallots(ctx, await actor(request), request.params.id),
  );

  const ballotId = { params: ballotParams };

  app.get('/api/ballots/:id', { schema: { ...ballotId, response: { 200: C.ballotView } } }, async (request) =>
    ballot.getBallot(ctx, await actor(request), request.params.id),
  );

  app.post(
    '/api/ballots/:id/votes',
    { schema: { ...ballotId, body: castBody, response: { 200: C.receipt } } },
    async (request) => ballot.castVote(ctx, await actor(request), request.params.id, request.body),
  );

  app.post(
    '/api/ballots/:id/verify',
    { schema: { ...ballotId, body: receiptBody, response: { 200: C.receiptStatus } } },
    async (request) =>
      ballot.verifyReceipt(ctx, await actor(request), request.params.id, request.body.receipt),
  );

  app.post(
    '/api/ballots/:id/close',
    { schema: { ...ballotId, response: { 200: C.ballotView } } },
    async (request) => ballot.closeBallot(ctx, await actor(request), request.params.id),
  );

  app.post(
    '/api/manifestos/:id/versions',
    { schema: { ...params, body: C.publishBody, response: { 201: C.published } } },
    async (request, reply) =>
      reply
        .status(201)
        .send(await pub.publish(ctx, await actor(request), request.params.id, request.body.title)),
  );

  app.get(
    '/api/manifestos/:id/publication-preview',
    { schema: { ...params, response: { 200: C.publishedContent } } },
    async (request) => (await pub.publicationPreview(ctx, await actor(request), request.params.id)).content,
  );

  app.get(
    '/api/manifestos/:id/versions',
    { schema: { ...params, response: { 200: C.versionList } } },
    async (request) => pub.listVersions(ctx, await actor(request), request.params.id),
  );

  app.get(
    '/api/manifestos/:id/diff',
    { schema: { ...params, querystring: diffQuery, response: { 200: C.versionDiff } } },
    async (request) =>
      pub.diffVersions(ctx, await actor(request), request.params.id, request.query.from, request.query.to),
  );

  // Published versions are public: no sign-in.
  app.get(
    '/api/public/manifestos/:id',
    { schema: { ...params, response: { 200: C.publicManifesto } } },
    async (request) => pub.publicManifesto(ctx, request.params.id),
  );

  app.get(
    '/api/public/manifestos/:id/manifesto.md',
    { schema: params, config: { raw: 'download' } },
    async (request, reply) =>
      reply.type('text/markdown; charset=utf-8').send(await pub.publicMarkdown(ctx, request.params.id)),
  );

  app.get(
    '/api/public/manifestos/:id/manifesto.pdf',
    { schema: params, config: { raw: 'download' } },
    async (request, reply) =>
      reply
        .type('application/pdf')
        .header('content-disposition', 'inline; filename="manifesto.pdf"')
        .send(await pub.publicPdf(ctx, request.params.id)),
  );

  app.post(
    '/api/manifestos/:id/amendment-window',
    { schema: { ...params, body: openWindowBody, response: { 201: C.amendmentWindow } } },
    async (request, reply) =>
      reply
        .status(201)
        .send(await amend.openWindow(ctx, await actor(request), request.params.id, request.body)),
  );

  app.get(
    '/api/manifestos/:id/amendments',
    { schema: { ...params, response: { 200: C.amendmentList } } },
    async (request) => amend.listAmendments(ctx, await actor(request), request.params.id),
  );

  app.post(
    '/api/manifestos/:id/amendments',
    { schema: { ...params, body: proposeBody, response: { 201: C.amendmentList } } },
    async (request, reply) =>
      reply.status(201).send(await amend.propose(ctx, await actor(request), request.params.id, request.body)),
  );

  app.post(
    '/api/manifestos/:id/amendments/:amendmentId/decision',
    { schema: { params: amendmentParams, body: decideBody, response: { 200: C.amendmentList } } },
    async (request) =>
      amend.decide(ctx, await actor(request), request.params.id, request.params.amendmentId, request.body),
  );
}
