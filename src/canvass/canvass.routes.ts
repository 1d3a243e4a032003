/** Routes of Doorstep: thin — parse, find the actor, call the service. Register files stream in. */
import type { Readable } from 'node:stream';
import type { App, RouteDeps } from '../server/app.ts';
import {
  assignBody,
  codesBody,
  countBody,
  cutBody,
  daysQuery,
  electorParams,
  electorSearch,
  idParams,
  issuesSendBody,
  markedQuery,
  registerQuery,
  segmentBody,
  sessionBody,
  signupBody,
  syncBody,
} from './canvass.schema.ts';
import * as dash from './dashboard.service.ts';
import * as doorstep from './doorstep.service.ts';
import * as people from './electors.service.ts';
import * as sessions from './session.service.ts';
import * as register from './register.service.ts';
import * as walks from './walk.service.ts';

export function canvassRoutes(app: App, { ctx, actor, signInLimit }: RouteDeps): void {
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
    const sheet = await walks.walkSheet(ctx, await actor(request), request.params.id);
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

  app.post(
    '/api/doorstep/records',
    // A record with a NUL character is refused alone (syncRecords), not the whole batch.
    { schema: { body: syncBody }, bodyLimit: 1024 * 1024, config: { nulPerItem: true } },
    async (request) => doorstep.syncRecords(ctx, await actor(request), request.body.records),
  );

  app.get('/api/doorstep/codes/:id', { schema: params }, async (request) =>
    doorstep.codesAt(ctx, await actor(request), request.params.id),
  );

  app.put('/api/canvass/branches/:id/codes', { schema: { ...params, body: codesBody } }, async (request) =>
    doorstep.setCodes(ctx, await actor(request), request.params.id, request.body.codes),
  );

  // Organisers: the dashboard, electors, doorstep issues, sessions.
  app.get(
    '/api/canvass/branches/:id/dashboard',
    { schema: { ...params, querystring: daysQuery } },
    async (request) => dash.dashboard(ctx, await actor(request), request.params.id, request.query.days),
  );

  app.get(
    '/api/canvass/branches/:id/electors',
    { schema: { ...params, querystring: electorSearch } },
    async (request) => people.searchElectors(ctx, await actor(request), request.params.id, request.query.q),
  );

  app.get('/api/canvass/electors/:id', { schema: params }, async (request, reply) =>
    reply
      .header('cache-control', 'no-store')
      .send(await people.electorDetail(ctx, await actor(request), request.params.id)),
  );

  app.get('/api/canvass/electors/:id/data', { schema: params }, async (request, reply) =>
    reply
      .header('cache-control', 'no-store')
      .header('content-disposition', `attachment; filename="elector-${request.params.id}.json"`)
      .send(await people.exportElector(ctx, await actor(request), request.params.id)),
  );

  app.delete('/api/canvass/electors/:id', { schema: params }, async (request) =>
    people.eraseElector(ctx, await actor(request), request.params.id),
  );

  app.get('/api/canvass/retention', async (request) => people.retentionStatus(ctx, await actor(request)));
  app.post('/api/canvass/retention', async (request) => people.retentionNow(ctx, await actor(request)));

  app.get(
    '/api/canvass/branches/:id/issues',
    { schema: { ...params, querystring: daysQuery } },
    async (request) => people.topIssues(ctx, await actor(request), request.params.id, request.query.days),
  );

  app.get(
    '/api/canvass/branches/:id/issues.csv',
    { schema: { ...params, querystring: daysQuery } },
    async (request, reply) => {
      const csv = await people.issuesCsv(ctx, await actor(request), request.params.id, request.query.days);
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', 'attachment; filename="doorstep-issues.csv"')
        .send(csv);
    },
  );

  app.post(
    '/api/canvass/branches/:id/issues/send',
    { schema: { ...params, body: issuesSendBody } },
    async (request) => people.sendIssues(ctx, await actor(request), request.params.id, request.body),
  );

  app.get('/api/canvass/branches/:id/sessions', { schema: params }, async (request) =>
    sessions.listSessions(ctx, await actor(request), request.params.id),
  );

  app.post(
    '/api/canvass/branches/:id/sessions',
    { schema: { ...params, body: sessionBody } },
    async (request, reply) =>
      reply
        .status(201)
        .send(await sessions.createSession(ctx, await actor(request), request.params.id, request.body)),
  );

  app.get('/api/canvass/sessions/:id', { schema: params }, async (request) =>
    sessions.getSession(ctx, await actor(request), request.params.id),
  );

  app.get('/api/canvass/my-sessions', async (request) =>
    sessions.upcomingForMember(ctx, await actor(request)),
  );

  app.post('/api/canvass/sessions/:id/signup', { schema: params }, async (request) =>
    sessions.signUpMember(ctx, await actor(request), request.params.id),
  );

  // Public: no sign-in. Sign-ups are rate-limited like sign-in attempts.
  app.get('/api/public/canvass-sessions/:id', { schema: params }, async (request) =>
    sessions.publicSession(ctx, request.params.id),
  );

  app.post(
    '/api/public/canvass-sessions/:id/signups',
    { schema: { ...params, body: signupBody }, config: { rateLimit: signInLimit } },
    async (request, reply) =>
      reply.status(201).send(await sessions.signUp(ctx, request.params.id, request.body)),
  );
}
