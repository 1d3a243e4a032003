/** Routes of elections: the route table's endpoints (contract/elections.api.ts). */
import { electionsApi } from '../contract/elections.api.ts';
import { implement, type App, type RouteDeps } from '../lib/http.ts';
import { countFile } from './count.service.ts';

export function electionRoutes(app: App, deps: RouteDeps): void {
  const { ctx } = deps;
  implement(app, deps, electionsApi, {
    count: ({ query, body }) => Promise.resolve(countFile(ctx, query, body)),
  });
}
