import type { App, RouteDeps } from '../server/app.ts';
import { acceptInvitation, describeInvitation, invite } from './invitation.service.ts';
import {
  accepted,
  acceptInvitationBody,
  invitation,
  invitationParams,
  invitationPreview,
  inviteBody,
} from '../contract/members.ts';

export function invitationRoutes(app: App, { ctx, actor }: RouteDeps): void {
  app.post(
    '/api/invitations',
    { schema: { body: inviteBody, response: { 201: invitation } } },
    async (request, reply) => reply.status(201).send(await invite(ctx, await actor(request), request.body)),
  );

  app.get(
    '/api/invitations/:token',
    { schema: { params: invitationParams, response: { 200: invitationPreview } } },
    async (request) => describeInvitation(ctx, request.params.token),
  );

  app.post(
    '/api/invitations/:token/accept',
    {
      schema: { params: invitationParams, body: acceptInvitationBody, response: { 201: accepted } },
      config: { rateLimit: { max: 20, timeWindow: 60_000 } },
    },
    async (request, reply) =>
      reply.status(201).send(await acceptInvitation(ctx, request.params.token, request.body)),
  );
}
