/** Routes of polling day: thin — parse, find the actor, call the service. */
import type { Readable } from 'node:stream';
import type { App, RouteDeps } from '../server/app.ts';
import { idParams } from '../contract/canvass.ts';
import * as P from '../contract/polling.ts';
import * as room from './committee-room.service.ts';
import * as polling from './polling.service.ts';
import * as shifts from './polling-shifts.service.ts';
import { knockupSheet } from './knockup-sheet.ts';

export function pollingRoutes(app: App, { ctx, actor }: RouteDeps): void {
  const params = { params: P.pollingParams };

  // Organisers: set-up, tellers, the absent voters list.
  app.post(
    '/api/canvass/branches/:id/pledges/count',
    { schema: { params: idParams, body: P.pledgeCountBody, response: { 200: P.pledgeCount } } },
    async (request) => polling.countPledges(ctx, await actor(request), request.params.id, request.body.rule),
  );

  app.post(
    '/api/canvass/branches/:id/polling-days',
    { schema: { params: idParams, body: P.pollingDayBody, response: { 201: P.pollingDay } } },
    async (request, reply) =>
      reply
        .status(201)
        .send(await polling.createPollingDay(ctx, await actor(request), request.params.id, request.body)),
  );

  app.get(
    '/api/canvass/branches/:id/polling-days',
    { schema: { params: idParams, response: { 200: P.pollingDayList } } },
    async (request) => polling.listPollingDays(ctx, await actor(request), request.params.id),
  );

  app.get('/api/polling/:id', { schema: { ...params, response: { 200: P.pollingDay } } }, async (request) =>
    polling.getPollingDay(ctx, await actor(request), request.params.id),
  );

  for (const [method, onDuty] of [
    ['put', true],
    ['delete', false],
  ] as const)
    app[method](
      '/api/polling/:id/stations/:stationId/tellers',
      { schema: { params: P.tellerParams, body: P.tellerBody, response: { 200: P.pollingDay } } },
      async (request) =>
        polling.setTeller(
          ctx,
          await actor(request),
          request.params.id,
          request.params.stationId,
          request.body.memberId,
          onDuty,
        ),
    );

  app.post(
    '/api/polling/:id/shifts',
    { schema: { ...params, body: P.shiftsBody, response: { 201: P.shiftsMade } } },
    async (request, reply) =>
      reply
        .status(201)
        .send(await shifts.makeShifts(ctx, await actor(request), request.params.id, request.body)),
  );

  app.post(
    '/api/polling/:id/postal-walks',
    { schema: { ...params, body: P.postalWalksBody, response: { 201: P.postalWalksMade } } },
    async (request, reply) =>
      reply
        .status(201)
        .send(
          await room.postalChaseWalks(
            ctx,
            await actor(request),
            request.params.id,
            request.body.doorsPerWalk,
          ),
        ),
  );

  app.post(
    '/api/polling/:id/absent-voters',
    { schema: { ...params, response: { 200: P.absentVotersImported } } },
    async (request) =>
      room.importAbsentVoters(ctx, await actor(request), request.params.id, request.body as Readable),
  );

  // The committee room.
  app.get(
    '/api/polling/:id/committee-room',
    { schema: { ...params, response: { 200: P.committeeRoom } } },
    async (request) => room.committeeRoom(ctx, await actor(request), request.params.id),
  );

  app.get(
    '/api/polling/:id/unmatched',
    { schema: { ...params, response: { 200: P.unmatchedList } } },
    async (request) => room.unmatched(ctx, await actor(request), request.params.id),
  );

  app.get(
    '/api/polling/:id/after',
    { schema: { ...params, response: { 200: P.afterThePoll } } },
    async (request) => room.afterThePoll(ctx, await actor(request), request.params.id),
  );

  app.get(
    '/api/polling/:id/knockup/:walkId/sheet.pdf',
    { schema: { params: P.knockupParams }, config: { raw: 'download' } },
    async (request, reply) => {
      const pdf = await knockupSheet(ctx, await actor(request), request.params.id, request.params.walkId);
      return reply
        .type('application/pdf')
        .header('content-disposition', 'attachment; filename="knock-up.pdf"')
        .header('cache-control', 'no-store')
        .send(pdf);
    },
  );

  app.get(
    '/api/polling/:id/knockup/:walkId',
    { schema: { params: P.knockupParams, response: { 200: P.knockupList } } },
    async (request) => room.knockupList(ctx, await actor(request), request.params.id, request.params.walkId),
  );

  // Phones: tellers' numbers and knockers-up's records.
  app.get(
    '/api/polling/telling/stations',
    { schema: { response: { 200: P.tellerStations } } },
    async (request) => polling.myStations(ctx, await actor(request)),
  );

  app.post(
    '/api/polling/telling',
    { schema: { body: P.tellingBody, response: { 200: P.tellingResult } } },
    async (request) => polling.syncTelling(ctx, await actor(request), request.body.entries),
  );

  app.get('/api/polling/knockup/walks', { schema: { response: { 200: P.knockupWalks } } }, async (request) =>
    polling.myKnockupWalks(ctx, await actor(request)),
  );

  app.post(
    '/api/polling/knockup',
    { schema: { body: P.knockupBody, response: { 200: P.knockupResult } } },
    async (request) => room.syncKnockups(ctx, await actor(request), request.body.records),
  );
}
