/** Routes of the Manifesto and its ballots: the route table's endpoints (contract/manifesto.api.ts). */
import { ballotsApi, manifestoApi } from '../contract/manifesto.api.ts';
import { implement, type App, type RouteDeps } from '../lib/http.ts';
import * as amend from './amendment.service.ts';
import * as ballot from './ratification.ts';
import * as svc from './manifesto.service.ts';
import * as prio from './priority.service.ts';
import * as pub from './publish.service.ts';

export function manifestoRoutes(app: App, deps: RouteDeps): void {
  const { ctx } = deps;
  implement(app, deps, manifestoApi, {
    list: ({ actor }) => svc.listManifestos(ctx, actor),
    create: ({ actor, body }) => svc.createManifesto(ctx, actor, body),
    draft: ({ actor, params }) => svc.getManifesto(ctx, actor, params.id),
    addSection: ({ actor, params, body }) => svc.addSection(ctx, actor, params.id, body),
    addClause: ({ actor, params, body }) => svc.addClause(ctx, actor, params.id, body),
    removeClause: ({ actor, params }) => svc.removeClause(ctx, actor, params.id, params.clauseId),
    nextPair: ({ actor, params, query }) =>
      prio.nextComparison(ctx, actor, params.id, query.skip?.split(',')),
    compare: ({ actor, params, body }) => prio.compare(ctx, actor, params.id, body),
    priorities: ({ actor, params }) => prio.priorities(ctx, actor, params.id),
    publish: ({ actor, params, body }) => pub.publish(ctx, actor, params.id, body.title),
    preview: async ({ actor, params }) => (await pub.publicationPreview(ctx, actor, params.id)).content,
    versions: ({ actor, params }) => pub.listVersions(ctx, actor, params.id),
    diff: ({ actor, params, query }) => pub.diffVersions(ctx, actor, params.id, query.from, query.to),
    openAmendments: ({ actor, params, body }) => amend.openWindow(ctx, actor, params.id, body),
    amendments: ({ actor, params }) => amend.listAmendments(ctx, actor, params.id),
    propose: ({ actor, params, body }) => amend.propose(ctx, actor, params.id, body),
    decide: ({ actor, params, body }) => amend.decide(ctx, actor, params.id, params.amendmentId, body),
    publicManifesto: ({ params }) => pub.publicManifesto(ctx, params.id),
    publicMarkdown: async ({ params, reply }) =>
      reply.type('text/markdown; charset=utf-8').send(await pub.publicMarkdown(ctx, params.id)),
    publicPdf: async ({ params, reply }) =>
      reply
        .type('application/pdf')
        .header('content-disposition', 'inline; filename="manifesto.pdf"')
        .send(await pub.publicPdf(ctx, params.id)),
  });
  implement(app, deps, ballotsApi, {
    open: ({ actor, params, body }) => ballot.openBallot(ctx, actor, params.id, body),
    list: ({ actor, params }) => ballot.listBallots(ctx, actor, params.id),
    view: ({ actor, params }) => ballot.getBallot(ctx, actor, params.id),
    vote: ({ actor, params, body }) => ballot.castVote(ctx, actor, params.id, body),
    verify: ({ actor, params, body }) => ballot.verifyReceipt(ctx, actor, params.id, body.receipt),
    close: ({ actor, params, body }) => ballot.closeBallot(ctx, actor, params.id, body),
  });
}
