/** Routes of Doorstep: thin — parse, find the actor, call the service. Register files stream in. */
import type { Readable } from 'node:stream';
import type { App, RouteDeps } from '../server/app.ts';
import {
  assignBody,
  countBody,
  cutBody,
  idParams,
  markedQuery,
  registerQuery,
  segmentBody,
  syncBody,
} from './canvass.schema.ts';
import * as doorstep from './doorstep.service.ts';
import * as register from './register.service.ts';
import * as walks from './walk.service.ts';
import { z } from 'zod';
import { uuid } from '../members/member.schema.ts';

const electorParams = z.strictObject({ id: uuid, electorId: uuid });

export function canvassRoutes(app: App, { ctx, actor }: RouteDeps): void {
  // Register files can be large: here a CSV body is handed over as a stream and parsed as it arrives.
  app.removeContentTypeParser(['text/csv', 'text/plain']);
  app.addContentTypeParser(['text/csv', 'text/plain'], (_request, payload, done) => {
    done(null, payload);
  });
  const params = { params: idParams };

  app.get('/api/canvass/branches/:id/register', { schema: params }, async (request) =>
    register.registerSummary(ctx, await actor(request), request.params.id),
  );

  app.post(
    '/api/canvass/branches/:id/register',
    { schema: { ...params, querystring: registerQuery } },
    async (request) => {
      const me = await actor(request);
      return register.importRegister(ctx, me, {
        branchId: request.params.id,
        kind: request.query.kind,
        input: request.body as Readable,
        dryRun: request.query.dryRun === 'true',
        ...(request.query.mapping ? { mapping: request.query.mapping } : {}),
      });
    },
  );

  app.post(
    '/api/canvass/branches/:id/marked-register',
    { schema: { ...params, querystring: markedQuery } },
    async (request) => {
      const me = await actor(request);
      return register.importMarkedRegister(ctx, me, {
        branchId: request.params.id,
        election: request.query.election,
        heldOn: request.query.heldOn,
        input: request.body as Readable,
        dryRun: request.query.dryRun === 'true',
        ...(request.query.mapping ? { mapping: request.query.mapping } : {}),
      });
    },
  );

  app.post(
    '/api/canvass/branches/:id/segments/count',
    { schema: { ...params, body: countBody } },
    async (request) => walks.countSegment(ctx, await actor(request), request.params.id, request.body.filter),
  );

  app.get('/api/canvass/branches/:id/segments', { schema: params }, async (request) =>
    walks.listSegments(ctx, await actor(request), request.params.id),
  );

  app.post(
    '/api/canvass/branches/:id/segments',
    { schema: { ...params, body: segmentBody } },
    async (request, reply) =>
      reply
        .status(201)
        .send(await walks.saveSegment(ctx, await actor(request), request.params.id, request.body)),
  );

  app.post(
    '/api/canvass/segments/:id/walks',
    { schema: { ...params, body: cutBody } },
    async (request, reply) =>
      reply
        .status(201)
        .send(
          await walks.cutSegment(ctx, await actor(request), request.params.id, request.body.doorsPerWalk),
        ),
  );

  app.get('/api/canvass/branches/:id/walks', { schema: params }, async (request) =>
    walks.listWalks(ctx, await actor(request), request.params.id),
  );

  app.post(
    '/api/canvass/walks/:id/assignments',
    { schema: { ...params, body: assignBody } },
    async (request, reply) =>
      reply
        .status(201)
        .send(await walks.assignWalk(ctx, await actor(request), request.params.id, request.body)),
  );

  app.delete('/api/canvass/assignments/:id', { schema: params }, async (request) =>
    walks.revokeAssignment(ctx, await actor(request), request.params.id),
  );

  app.get('/api/canvass/walks/:id/sheet.pdf', { schema: params }, async (request, reply) => {
    const sheet = await walks.walkSheet(ctx, await actor(request), request.params.id, false);
    return reply
      .type('application/pdf')
      .header('content-disposition', 'attachment; filename="walk-sheet.pdf"')
      .header('cache-control', 'no-store')
      .send(sheet.pdf);
  });

  // The canvasser's side: only through a live assignment.
  app.get('/api/doorstep/walks', async (request) => doorstep.myWalks(ctx, await actor(request)));

  app.get('/api/doorstep/walks/:id', { schema: params }, async (request, reply) =>
    reply
      .header('cache-control', 'no-store')
      .send(await doorstep.downloadWalk(ctx, await actor(request), request.params.id)),
  );

  app.get(
    '/api/doorstep/walks/:id/electors/:electorId',
    { schema: { params: electorParams } },
    async (request, reply) =>
      reply
        .header('cache-control', 'no-store')
        .send(
          await doorstep.electorOnWalk(
            ctx,
            await actor(request),
            request.params.id,
            request.params.electorId,
          ),
        ),
  );

  app.get('/api/doorstep/walks/:id/sheet.pdf', { schema: params }, async (request, reply) => {
    const sheet = await walks.walkSheet(ctx, await actor(request), request.params.id, true);
    return reply
      .type('application/pdf')
      .header('content-disposition', 'attachment; filename="walk-sheet.pdf"')
      .header('cache-control', 'no-store')
      .send(sheet.pdf);
  });

  app.post('/api/doorstep/records', { schema: { body: syncBody }, bodyLimit: 1024 * 1024 }, async (request) =>
    doorstep.syncRecords(ctx, await actor(request), request.body.records),
  );
}
