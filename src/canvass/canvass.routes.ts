/**
 * Routes of Doorstep: the route table's endpoints (contract/canvass.api.ts), answered by services. Register
 * files stream in: in this scope a CSV body is handed over as a stream and parsed as it arrives.
 */
import type { Readable } from 'node:stream';
import { canvassApi } from '../contract/canvass.api.ts';
import { implement, type App, type RouteDeps } from '../lib/http.ts';
import * as dash from './dashboard.service.ts';
import * as doorstep from './doorstep.service.ts';
import * as people from './electors.service.ts';
import * as register from './register.service.ts';
import * as sessions from './session.service.ts';
import * as walks from './walk.service.ts';

/** Files to download are never kept by a browser or a proxy: they hold electors. */
const NO_STORE = 'no-store';

export function streamCsvBodies(app: App): void {
  app.removeContentTypeParser(['text/csv', 'text/plain']);
  app.addContentTypeParser(['text/csv', 'text/plain'], (_request, payload, done) => {
    done(null, payload);
  });
}

export function canvassRoutes(app: App, deps: RouteDeps): void {
  const { ctx, signInLimit } = deps;
  streamCsvBodies(app);
  implement(app, deps, canvassApi, {
    register: ({ actor, params }) => register.registerSummary(ctx, actor, params.id),
    importRegister: ({ actor, params, query, body }) =>
      register.importRegister(ctx, actor, {
        branchId: params.id,
        kind: query.kind,
        input: body as Readable,
        dryRun: query.dryRun === 'true',
        ...(query.mapping ? { mapping: query.mapping } : {}),
      }),
    importMarkedRegister: ({ actor, params, query, body }) =>
      register.importMarkedRegister(ctx, actor, {
        branchId: params.id,
        election: query.election,
        heldOn: query.heldOn,
        input: body as Readable,
        dryRun: query.dryRun === 'true',
        ...(query.mapping ? { mapping: query.mapping } : {}),
      }),
    countSegment: ({ actor, params, body }) => walks.countSegment(ctx, actor, params.id, body.filter),
    segments: ({ actor, params }) => walks.listSegments(ctx, actor, params.id),
    saveSegment: ({ actor, params, body }) => walks.saveSegment(ctx, actor, params.id, body),
    changeScript: ({ actor, params, body }) => walks.changeScript(ctx, actor, params.id, body.script),
    cutWalks: ({ actor, params, body }) => walks.cutSegment(ctx, actor, params.id, body.doorsPerWalk),
    walks: ({ actor, params }) => walks.listWalks(ctx, actor, params.id),
    assign: ({ actor, params, body }) => walks.assignWalk(ctx, actor, params.id, body),
    revoke: ({ actor, params }) => walks.revokeAssignment(ctx, actor, params.id),
    walkSheet: async ({ actor, params, reply }) => {
      const sheet = await walks.walkSheet(ctx, actor, params.id);
      return reply
        .type('application/pdf')
        .header('content-disposition', 'attachment; filename="walk-sheet.pdf"')
        .header('cache-control', NO_STORE)
        .send(sheet.pdf);
    },
    // The canvasser's side: only through a live assignment.
    myWalks: ({ actor }) => doorstep.myWalks(ctx, actor),
    downloadWalk: ({ actor, params, reply }) => {
      void reply.header('cache-control', NO_STORE);
      return doorstep.downloadWalk(ctx, actor, params.id);
    },
    electorOnWalk: ({ actor, params, reply }) => {
      void reply.header('cache-control', NO_STORE);
      return doorstep.electorOnWalk(ctx, actor, params.id, params.electorId);
    },
    // A record with a NUL character is refused alone (syncRecords), not the whole batch.
    syncRecords: {
      options: { bodyLimit: 1024 * 1024, config: { nulPerItem: true } },
      handle: ({ actor, body }) => doorstep.syncRecords(ctx, actor, body.records),
    },
    codes: ({ actor, params }) => doorstep.codesAt(ctx, actor, params.id),
    setCodes: ({ actor, params, body }) => doorstep.setCodes(ctx, actor, params.id, body.codes),
    // Organisers: the dashboard, electors, doorstep issues, sessions.
    dashboard: ({ actor, params, query }) => dash.dashboard(ctx, actor, params.id, query.days),
    searchElectors: ({ actor, params, query }) => people.searchElectors(ctx, actor, params.id, query.q),
    elector: ({ actor, params, reply }) => {
      void reply.header('cache-control', NO_STORE);
      return people.electorDetail(ctx, actor, params.id);
    },
    electorData: async ({ actor, params, reply }) =>
      reply
        .header('cache-control', NO_STORE)
        .header('content-disposition', `attachment; filename="elector-${params.id}.json"`)
        .send(await people.exportElector(ctx, actor, params.id)),
    eraseElector: ({ actor, params }) => people.eraseElector(ctx, actor, params.id),
    retention: ({ actor }) => people.retentionStatus(ctx, actor),
    runRetention: ({ actor }) => people.retentionNow(ctx, actor),
    issues: ({ actor, params, query }) => people.topIssues(ctx, actor, params.id, query.days),
    issuesCsv: async ({ actor, params, query, reply }) => {
      const csv = await people.issuesCsv(ctx, actor, params.id, query.days);
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', 'attachment; filename="doorstep-issues.csv"')
        .send(csv);
    },
    issueTargets: ({ actor, params }) => people.issueTargets(ctx, actor, params.id),
    sendIssues: ({ actor, params, body }) => people.sendIssues(ctx, actor, params.id, body),
    sessions: ({ actor, params }) => sessions.listSessions(ctx, actor, params.id),
    createSession: ({ actor, params, body }) => sessions.createSession(ctx, actor, params.id, body),
    session: ({ actor, params }) => sessions.getSession(ctx, actor, params.id),
    changeSession: ({ actor, params, body }) => sessions.changeSession(ctx, actor, params.id, body),
    cancelSession: ({ actor, params }) => sessions.cancelSession(ctx, actor, params.id),
    mySessions: ({ actor }) => sessions.upcomingForMember(ctx, actor),
    signUpMember: ({ actor, params }) => sessions.signUpMember(ctx, actor, params.id),
    // Public: no sign-in. Sign-ups are rate-limited like sign-in attempts.
    publicSession: ({ params }) => sessions.publicSession(ctx, params.id),
    sessionCalendar: async ({ params, reply }) =>
      reply
        .type('text/calendar; charset=utf-8')
        .header('content-disposition', 'attachment; filename="canvass-session.ics"')
        .send(await sessions.sessionCalendar(ctx, params.id)),
    signUp: {
      options: { config: { rateLimit: signInLimit } },
      handle: ({ params, body }) => sessions.signUp(ctx, params.id, body),
    },
  });
}
