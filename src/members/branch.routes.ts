import type { App, RouteDeps } from '../server/app.ts';
import { branchTree, createBranch } from './branch.service.ts';
import { branchTree as branchTreeResponse, createBranchBody, createdBranch } from '../contract/members.ts';

export function branchRoutes(app: App, { ctx, actor }: RouteDeps): void {
  app.get('/api/branches', { schema: { response: { 200: branchTreeResponse } } }, async (request) => ({
    branches: await branchTree(ctx, await actor(request)),
  }));
  app.post(
    '/api/branches',
    { schema: { body: createBranchBody, response: { 201: createdBranch } } },
    async (request, reply) =>
      reply.status(201).send(await createBranch(ctx, await actor(request), request.body)),
  );
}
