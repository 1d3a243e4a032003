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
  scriptBody,
  sessionBody,
  sessionChangeBody,
  signupBody,
  syncBody,
} from '../contract/canvass.ts';
import * as C from '../contract/canvass.ts';
import * as dash from './dashboard.service.ts';
import * as doorstep from './doorstep.service.ts';
import * as people from './electors.service.ts';
import * as sessions from './session.service.ts';
import * as register from './register.service.ts';
import * as walks from './walk.service.ts';
import { pollingRoutes } from './polling.routes.ts';

export function canvassRoutes(app: App, deps: RouteDeps): void {
  const { ctx, actor, signInLimit } = deps;
  // Register files can be large: here a CSV body is handed over as a stream and parsed as it arrives.
  app.removeContentTypeParser(['text/csv', 'text/plain']);
  app.addContentTypeParser(['text/csv', 'text/plain'], (_request, payload, done) => {
    done(null, payload);
  });
  const params = { params: idParams };
  pollingRoutes(app, deps);

  app.get(
    '/api/canvass/branches/:id/register',
    { schema: { ...params, response: { 200: C.registerSummary } } },
    async (request) => register.registerSummary(ctx, await actor(request), request.params.id),
  );

  app.post(
    '/api/canvass/branches/:id/register',
    { schema: { ...params, querystring: registerQuery, response: { 200: C.registerImported } } },
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
    { schema: { ...params, querystring: markedQuery, response: { 200: C.registerImported } } },
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
    { schema: { ...params, body: countBody, response: { 200: C.segmentCount } } },
    async (request) => walks.countSegment(ctx, await actor(request), request.params.id, request.body.filter),
  );

  app.get(
    '/api/canvass/branches/:id/segments',
    { schema: { ...params, response: { 200: C.segmentList } } },
    async (request) => walks.listSegments(ctx, await actor(request), request.params.id),
  );

  app.post(
    '/api/canvass/branches/:id/segments',
    { schema: { ...params, body: segmentBody, response: { 201: C.savedSegment } } },
    async (request, reply) =>
      reply
        .status(201)
        .send(await walks.saveSegment(ctx, await actor(request), request.params.id, request.body)),
  );

  app.put(
    '/api/canvass/segments/:id/script',
    { schema: { ...params, body: scriptBody, response: { 200: C.segmentScript } } },
    async (request) => walks.changeScript(ctx, await actor(request), request.params.id, request.body.script),
  );

  app.post(
    '/api/canvass/segments/:id/walks',
    { schema: { ...params, body: cutBody, response: { 201: C.walksCut } } },
    async (request, reply) =>
      reply
        .status(201)
        .send(
          await walks.cutSegment(ctx, await actor(request), request.params.id, request.body.doorsPerWalk),
        ),
  );

  app.get(
    '/api/canvass/branches/:id/walks',
    { schema: { ...params, response: { 200: C.walkList } } },
    async (request) => walks.listWalks(ctx, await actor(request), request.params.id),
  );

  app.post(
    '/api/canvass/walks/:id/assignments',
    { schema: { ...params, body: assignBody, response: { 201: C.assigned } } },
    async (request, reply) =>
      reply
        .status(201)
        .send(await walks.assignWalk(ctx, await actor(request), request.params.id, request.body)),
  );

  app.delete(
    '/api/canvass/assignments/:id',
    { schema: { ...params, response: { 200: C.revoked } } },
    async (request) => walks.revokeAssignment(ctx, await actor(request), request.params.id),
  );

  app.get(
    '/api/canvass/walks/:id/sheet.pdf',
    { schema: { ...params }, config: { raw: 'download' } },
    async (request, reply) => {
      const sheet = await walks.walkSheet(ctx, await actor(request), request.params.id);
      return reply
        .type('application/pdf')
        .header('content-disposition', 'attachment; filename="walk-sheet.pdf"')
        .header('cache-control', 'no-store')
        .send(sheet.pdf);
    },
  );

  // The canvasser's side: only through a live assignment.
  app.get('/api/doorstep/walks', { schema: { response: { 200: C.assignedWalks } } }, async (request) =>
    doorstep.myWalks(ctx, await actor(request)),
  );

  app.get(
    '/api/doorstep/walks/:id',
    { schema: { ...params, response: { 200: C.walkDownload } } },
    async (request, reply) =>
      reply
        .header('cache-control', 'no-store')
        .send(await doorstep.downloadWalk(ctx, await actor(request), request.params.id)),
  );

  app.get(
    '/api/doorstep/walks/:id/electors/:electorId',
    { schema: { params: electorParams, response: { 200: C.electorAtDoor } } },
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
    {
      schema: { body: syncBody, response: { 200: C.syncResult } },
      bodyLimit: 1024 * 1024,
      config: { nulPerItem: true },
    },
    async (request) => doorstep.syncRecords(ctx, await actor(request), request.body.records),
  );

  app.get(
    '/api/doorstep/codes/:id',
    { schema: { ...params, response: { 200: C.intentionCodes } } },
    async (request) => doorstep.codesAt(ctx, await actor(request), request.params.id),
  );

  app.put(
    '/api/canvass/branches/:id/codes',
    { schema: { ...params, body: codesBody, response: { 200: C.intentionCodes } } },
    async (request) => doorstep.setCodes(ctx, await actor(request), request.params.id, request.body.codes),
  );

  // Organisers: the dashboard, electors, doorstep issues, sessions.
  app.get(
    '/api/canvass/branches/:id/dashboard',
    { schema: { ...params, querystring: daysQuery, response: { 200: C.dashboard } } },
    async (request) => dash.dashboard(ctx, await actor(request), request.params.id, request.query.days),
  );

  app.get(
    '/api/canvass/branches/:id/electors',
    { schema: { ...params, querystring: electorSearch, response: { 200: C.electorHits } } },
    async (request) => people.searchElectors(ctx, await actor(request), request.params.id, request.query.q),
  );

  app.get(
    '/api/canvass/electors/:id',
    { schema: { ...params, response: { 200: C.electorCard } } },
    async (request, reply) =>
      reply
        .header('cache-control', 'no-store')
        .send(await people.electorDetail(ctx, await actor(request), request.params.id)),
  );

  app.get(
    '/api/canvass/electors/:id/data',
    { schema: { ...params }, config: { raw: 'download' } },
    async (request, reply) =>
      reply
        .header('cache-control', 'no-store')
        .header('content-disposition', `attachment; filename="elector-${request.params.id}.json"`)
        .send(await people.exportElector(ctx, await actor(request), request.params.id)),
  );

  app.delete(
    '/api/canvass/electors/:id',
    { schema: { ...params, response: { 200: C.electorErased } } },
    async (request) => people.eraseElector(ctx, await actor(request), request.params.id),
  );

  app.get('/api/canvass/retention', { schema: { response: { 200: C.retentionStatus } } }, async (request) =>
    people.retentionStatus(ctx, await actor(request)),
  );
  app.post('/api/canvass/retention', { schema: { response: { 200: C.retentionRan } } }, async (request) =>
    people.retentionNow(ctx, await actor(request)),
  );

  app.get(
    '/api/canvass/branches/:id/issues',
    { schema: { ...params, querystring: daysQuery, response: { 200: C.topIssues } } },
    async (request) => people.topIssues(ctx, await actor(request), request.params.id, request.query.days),
  );

  app.get(
    '/api/canvass/branches/:id/issues.csv',
    { schema: { ...params, querystring: daysQuery }, config: { raw: 'download' } },
    async (request, reply) => {
      const csv = await people.issuesCsv(ctx, await actor(request), request.params.id, request.query.days);
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', 'attachment; filename="doorstep-issues.csv"')
        .send(csv);
    },
  );

  app.get(
    '/api/canvass/branches/:id/issues/targets',
    { schema: { ...params, response: { 200: C.issueTargets } } },
    async (request) => people.issueTargets(ctx, await actor(request), request.params.id),
  );

  app.post(
    '/api/canvass/branches/:id/issues/send',
    { schema: { ...params, body: issuesSendBody, response: { 200: C.issuesSent } } },
    async (request) => people.sendIssues(ctx, await actor(request), request.params.id, request.body),
  );

  app.get(
    '/api/canvass/branches/:id/sessions',
    { schema: { ...params, response: { 200: C.sessionList } } },
    async (request) => sessions.listSessions(ctx, await actor(request), request.params.id),
  );

  app.post(
    '/api/canvass/branches/:id/sessions',
    { schema: { ...params, body: sessionBody, response: { 201: C.sessionDetail } } },
    async (request, reply) =>
      reply
        .status(201)
        .send(await sessions.createSession(ctx, await actor(request), request.params.id, request.body)),
  );

  app.get(
    '/api/canvass/sessions/:id',
    { schema: { ...params, response: { 200: C.sessionDetail } } },
    async (request) => sessions.getSession(ctx, await actor(request), request.params.id),
  );

  app.patch(
    '/api/canvass/sessions/:id',
    { schema: { ...params, body: sessionChangeBody, response: { 200: C.sessionDetail } } },
    async (request) => sessions.changeSession(ctx, await actor(request), request.params.id, request.body),
  );

  app.post(
    '/api/canvass/sessions/:id/cancel',
    { schema: { ...params, response: { 200: C.sessionDetail } } },
    async (request) => sessions.cancelSession(ctx, await actor(request), request.params.id),
  );

  app.get('/api/canvass/my-sessions', { schema: { response: { 200: C.mySessions } } }, async (request) =>
    sessions.upcomingForMember(ctx, await actor(request)),
  );

  app.post(
    '/api/canvass/sessions/:id/signup',
    { schema: { ...params, response: { 200: C.signedUp } } },
    async (request) => sessions.signUpMember(ctx, await actor(request), request.params.id),
  );

  // Public: no sign-in. Sign-ups are rate-limited like sign-in attempts.
  app.get(
    '/api/public/canvass-sessions/:id',
    { schema: { ...params, response: { 200: C.publicSession } } },
    async (request) => sessions.publicSession(ctx, request.params.id),
  );

  app.get(
    '/api/public/canvass-sessions/:id/session.ics',
    { schema: { ...params }, config: { raw: 'download' } },
    async (request, reply) =>
      reply
        .type('text/calendar; charset=utf-8')
        .header('content-disposition', 'attachment; filename="canvass-session.ics"')
        .send(await sessions.sessionCalendar(ctx, request.params.id)),
  );

  app.post(
    '/api/public/canvass-sessions/:id/signups',
    {
      schema: { ...params, body: signupBody, response: { 201: C.signedUp } },
      config: { rateLimit: signInLimit },
    },
    async (request, reply) =>
      reply.status(201).send(await sessions.signUp(ctx, request.params.id, request.body)),
  );
}
