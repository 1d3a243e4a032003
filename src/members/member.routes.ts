/** Routes of the members API: thin — parse, authorise through the service, present. */
import { z } from 'zod';
import type { App, RouteDeps } from '../server/app.ts';
import { AppError } from '../core/errors.ts';
import { importMembersCsv } from './import.service.ts';
import * as members from './member.service.ts';
import * as erasure from './erasure.service.ts';
import {
  directoryQuery,
  importQuery,
  memberParams,
  roleBody,
  updateMemberBody,
  updateSelfBody,
  directory,
  importResult,
  me as meResponse,
  profile,
  myErasureRequest,
  erasureQueue,
  erasureRequestParams,
  declineErasureBody,
  erasureDecided,
} from '../contract/members.ts';
import { PERMISSIONS, scopeOf, type Permission } from '../core/permissions.ts';

export function memberRoutes(app: App, { ctx, actor }: RouteDeps): void {
  app.get('/api/me', { schema: { response: { 200: meResponse } } }, async (request) => {
    const me = await actor(request);
    const profile = await members.getMember(ctx, me, me.memberId);
    const capabilities = Object.fromEntries(
      (Object.keys(PERMISSIONS) as Permission[]).map((p) => [
        p,
        me.assignments.filter((a) => scopeOf(me, p).includes(a.branchPath)).map((a) => a.branchId),
      ]),
    );
    return { ...profile, capabilities };
  });

  app.patch('/api/me', { schema: { body: updateSelfBody, response: { 200: profile } } }, async (request) =>
    members.updateSelf(ctx, await actor(request), request.body),
  );

  app.get('/api/me/data', { config: { raw: 'download' } }, async (request, reply) => {
    const me = await actor(request);
    const data = await members.exportMemberData(ctx, me, me.memberId);
    return reply.header('content-disposition', 'attachment; filename="broadchurch-my-data.json"').send(data);
  });

  app.get('/api/me/erasure-request', { schema: { response: { 200: myErasureRequest } } }, async (request) =>
    erasure.myErasureRequest(ctx, await actor(request)),
  );

  app.post(
    '/api/me/erasure-request',
    { schema: { response: { 201: myErasureRequest } } },
    async (request, reply) => reply.status(201).send(await erasure.requestErasure(ctx, await actor(request))),
  );

  app.get('/api/erasure-requests', { schema: { response: { 200: erasureQueue } } }, async (request) =>
    erasure.erasureQueue(ctx, await actor(request)),
  );

  app.post(
    '/api/erasure-requests/:id/confirm',
    { schema: { params: erasureRequestParams, response: { 200: erasureDecided } } },
    async (request) => erasure.confirmErasure(ctx, await actor(request), request.params.id),
  );

  app.post(
    '/api/erasure-requests/:id/decline',
    { schema: { params: erasureRequestParams, body: declineErasureBody, response: { 200: erasureDecided } } },
    async (request) =>
      erasure.declineErasure(ctx, await actor(request), request.params.id, request.body.reason),
  );

  app.get(
    '/api/members',
    { schema: { querystring: directoryQuery, response: { 200: directory } } },
    async (request) => members.listDirectory(ctx, await actor(request), request.query),
  );

  app.get(
    '/api/members/:id',
    { schema: { params: memberParams, response: { 200: profile } } },
    async (request) => members.getMember(ctx, await actor(request), request.params.id),
  );

  app.patch(
    '/api/members/:id',
    { schema: { params: memberParams, body: updateMemberBody, response: { 200: profile } } },
    async (request) => members.updateMember(ctx, await actor(request), request.params.id, request.body),
  );

  app.get(
    '/api/members/:id/data',
    { schema: { params: memberParams }, config: { raw: 'download' } },
    async (request, reply) => {
      const data = await members.exportMemberData(ctx, await actor(request), request.params.id);
      return reply
        .header('content-disposition', `attachment; filename="member-${request.params.id}.json"`)
        .send(data);
    },
  );

  app.delete(
    '/api/members/:id',
    { schema: { params: memberParams }, config: { raw: 'empty' } },
    async (request, reply) => {
      await members.eraseMember(ctx, await actor(request), request.params.id);
      return reply.status(204).send();
    },
  );

  app.post(
    '/api/members/:id/roles',
    { schema: { params: memberParams, body: roleBody, response: { 200: profile } } },
    async (request) => members.grantRole(ctx, await actor(request), request.params.id, request.body),
  );

  app.delete(
    '/api/members/:id/roles',
    { schema: { params: memberParams, body: roleBody, response: { 200: profile } } },
    async (request) => members.revokeRole(ctx, await actor(request), request.params.id, request.body),
  );

  app.post(
    '/api/members/import',
    {
      schema: { querystring: importQuery, body: z.string(), response: { 200: importResult } },
      bodyLimit: 20 * 1024 * 1024,
    },
    async (request) => {
      const type = request.headers['content-type'] ?? '';
      if (!type.startsWith('text/csv') && !type.startsWith('text/plain')) {
        throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'Send the members file as text/csv');
      }
      return importMembersCsv(ctx, await actor(request), {
        branchId: request.query.branch,
        csv: request.body,
        dryRun: request.query.dryRun === 'true',
      });
    },
  );
}
