import type { App, RouteDeps } from '../server/app.ts';
import { branchTree, createBranch } from './branch.service.ts';
import { createBranchBody } from './member.schema.ts';

export function branchRoutes(app: App, { ctx, actor }: RouteDeps): void {
  app.get('/api/branches', async (request) => ({ branches: await branchTree(ctx, await actor(request)) }));
  app.post('/api/branches', { schema: { body: createBranchBody } }, async (request, reply) =>
    reply.status(201).send(await createBranch(ctx, await actor(request), request.body)),
  );
}
