/** Routes of Members: thin — the route table's endpoints (contract/members.api.ts), answered by services. */
import { membersApi } from '../contract/members.api.ts';
import { AppError } from '../core/errors.ts';
import { PERMISSIONS, scopeOf, type Permission } from '../core/permissions.ts';
import { implement, type App, type RouteDeps } from '../lib/http.ts';
import { exportAudit, readAudit } from './audit.service.ts';
import { branchTree, createBranch } from './branch.service.ts';
import * as erasure from './erasure.service.ts';
import { importMembersCsv } from './import.service.ts';
import { acceptInvitation, describeInvitation, invite } from './invitation.service.ts';
import * as members from './member.service.ts';

export function memberRoutes(app: App, deps: RouteDeps): void {
  const { ctx } = deps;
  implement(app, deps, membersApi, {
    me: async ({ actor }) => {
      const profile = await members.getMember(ctx, actor, actor.memberId);
      const capabilities = Object.fromEntries(
        (Object.keys(PERMISSIONS) as Permission[]).map((p) => [
          p,
          actor.assignments.filter((a) => scopeOf(actor, p).includes(a.branchPath)).map((a) => a.branchId),
        ]),
      );
      return { ...profile, capabilities };
    },
    updateMe: ({ actor, body }) => members.updateSelf(ctx, actor, body),
    myData: async ({ actor, reply }) => {
      const data = await members.exportMemberData(ctx, actor, actor.memberId);
      return reply
        .header('content-disposition', 'attachment; filename="broadchurch-my-data.json"')
        .send(data);
    },
    myErasureRequest: ({ actor }) => erasure.myErasureRequest(ctx, actor),
    requestErasure: ({ actor }) => erasure.requestErasure(ctx, actor),
    erasureQueue: ({ actor }) => erasure.erasureQueue(ctx, actor),
    confirmErasure: ({ actor, params }) => erasure.confirmErasure(ctx, actor, params.id),
    declineErasure: ({ actor, params, body }) => erasure.declineErasure(ctx, actor, params.id, body.reason),
    directory: ({ actor, query }) => members.listDirectory(ctx, actor, query),
    member: ({ actor, params }) => members.getMember(ctx, actor, params.id),
    updateMember: ({ actor, params, body }) => members.updateMember(ctx, actor, params.id, body),
    memberData: async ({ actor, params, reply }) => {
      const data = await members.exportMemberData(ctx, actor, params.id);
      return reply
        .header('content-disposition', `attachment; filename="member-${params.id}.json"`)
        .send(data);
    },
    eraseMember: ({ actor, params }) => members.eraseMember(ctx, actor, params.id),
    grantRole: ({ actor, params, body }) => members.grantRole(ctx, actor, params.id, body),
    revokeRole: ({ actor, params, body }) => members.revokeRole(ctx, actor, params.id, body),
    importMembers: {
      options: { bodyLimit: 20 * 1024 * 1024 },
      handle: ({ actor, query, body, request }) => {
        const type = request.headers['content-type'] ?? '';
        if (typeof body !== 'string' || (!type.startsWith('text/csv') && !type.startsWith('text/plain')))
          throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'Send the members file as text/csv');
        return importMembersCsv(ctx, actor, {
          branchId: query.branch,
          csv: body,
          dryRun: query.dryRun === 'true',
        });
      },
    },
    branches: async ({ actor }) => ({ branches: await branchTree(ctx, actor) }),
    createBranch: ({ actor, body }) => createBranch(ctx, actor, body),
    invite: ({ actor, body }) => invite(ctx, actor, body),
    invitation: ({ params }) => describeInvitation(ctx, params.token),
    acceptInvitation: {
      options: { config: { rateLimit: { max: 20, timeWindow: 60_000 } } },
      handle: ({ params, body }) => acceptInvitation(ctx, params.token, body),
    },
    audit: ({ actor, query }) => readAudit(ctx, actor, query),
    auditCsv: async ({ actor, query, reply }) => {
      const csv = await exportAudit(ctx, actor, query);
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', 'attachment; filename="audit-log.csv"')
        .send(csv);
    },
  });
}
