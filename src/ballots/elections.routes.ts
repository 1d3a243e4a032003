/** Routes of elections: the route table's endpoints (contract/elections.api.ts). */
import { electionsApi } from '../contract/elections.api.ts';
import { implement, type App, type RouteDeps } from '../lib/http.ts';
import { countFile } from './count.service.ts';
import { createElection, getElection, listElections } from './election.service.ts';
import { answer, nominate, openHustings, stand } from './nomination.service.ts';
import { closeAndCount, openVoting, papersBlt, verifyReceipt, vote } from './election-vote.service.ts';

export function electionRoutes(app: App, deps: RouteDeps): void {
  const { ctx } = deps;
  implement(app, deps, electionsApi, {
    count: ({ query, body }) => Promise.resolve(countFile(ctx, query, body)),
    list: ({ actor }) => listElections(ctx, actor),
    create: ({ actor, body }) => createElection(ctx, actor, body),
    view: ({ actor, params }) => getElection(ctx, actor, params.id),
    stand: ({ actor, params, body }) => stand(ctx, actor, params.id, body),
    nominate: ({ actor, params, body }) => nominate(ctx, actor, params.id, body),
    hustings: ({ actor, params }) => openHustings(ctx, actor, params.id),
    answer: ({ actor, params, body }) => answer(ctx, actor, params.id, body),
    open: ({ actor, params, body }) => openVoting(ctx, actor, params.id, body),
    vote: ({ actor, params, body }) => vote(ctx, actor, params.id, body),
    verify: ({ actor, params, body }) => verifyReceipt(ctx, actor, params.id, body.receipt),
    close: ({ actor, params, body }) => closeAndCount(ctx, actor, params.id, body),
    papers: async ({ actor, params, reply }) =>
      reply
        .type('text/plain; charset=utf-8')
        .header('content-disposition', `attachment; filename="election-${params.id}.blt"`)
        .header('cache-control', 'no-store')
        .send(await papersBlt(ctx, actor, params.id)),
  });
}
