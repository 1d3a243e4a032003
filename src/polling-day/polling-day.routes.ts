/** Routes of polling day: the route table's endpoints (contract/polling-day.api.ts). */
import type { Readable } from 'node:stream';
import { streamCsvBodies } from '../canvass/index.ts';
import { pollingDayApi } from '../contract/polling-day.api.ts';
import { implement, type App, type RouteDeps } from '../lib/http.ts';
import * as room from './committee-room.service.ts';
import { knockupSheet } from './knockup-sheet.ts';
import * as polling from './polling-day.service.ts';
import * as shifts from './shifts.service.ts';
import * as tools from './day-tools.service.ts';

export function pollingDayRoutes(app: App, deps: RouteDeps): void {
  const { ctx } = deps;
  // The absent voters list streams in, as a register does.
  streamCsvBodies(app);
  implement(app, deps, pollingDayApi, {
    // Organisers: set-up, tellers, the absent voters list.
    countPledges: ({ actor, params, body }) => polling.countPledges(ctx, actor, params.id, body.rule),
    create: ({ actor, params, body }) => polling.createPollingDay(ctx, actor, params.id, body),
    list: ({ actor, params }) => polling.listPollingDays(ctx, actor, params.id),
    day: ({ actor, params }) => polling.getPollingDay(ctx, actor, params.id),
    putTeller: ({ actor, params, body }) =>
      polling.setTeller(ctx, actor, params.id, params.stationId, body.memberId, true),
    removeTeller: ({ actor, params, body }) =>
      polling.setTeller(ctx, actor, params.id, params.stationId, body.memberId, false),
    makeShifts: ({ actor, params, body }) => shifts.makeShifts(ctx, actor, params.id, body),
    postalWalks: ({ actor, params, body }) => room.postalChaseWalks(ctx, actor, params.id, body.doorsPerWalk),
    importAbsentVoters: ({ actor, params, body }) =>
      room.importAbsentVoters(ctx, actor, params.id, body as Readable),
    // The committee room.
    committeeRoom: ({ actor, params }) => room.committeeRoom(ctx, actor, params.id),
    unmatched: ({ actor, params }) => room.unmatched(ctx, actor, params.id),
    after: ({ actor, params }) => room.afterThePoll(ctx, actor, params.id),
    knockupSheet: async ({ actor, params, reply }) => {
      const pdf = await knockupSheet(ctx, actor, params.id, params.walkId);
      return reply
        .type('application/pdf')
        .header('content-disposition', 'attachment; filename="knock-up.pdf"')
        .header('cache-control', 'no-store')
        .send(pdf);
    },
    knockupList: ({ actor, params, reply }) => {
      void reply.header('cache-control', 'no-store');
      return room.knockupList(ctx, actor, params.id, params.walkId);
    },
    // Phones: tellers' numbers and knockers-up's records.
    myStations: ({ actor }) => polling.myStations(ctx, actor),
    syncTelling: ({ actor, body }) => polling.syncTelling(ctx, actor, body.entries),
    myKnockupWalks: ({ actor }) => polling.myKnockupWalks(ctx, actor),
    syncKnockups: ({ actor, body }) => room.syncKnockups(ctx, actor, body.records),
    stationCount: ({ actor, params, reply }) => {
      void reply.header('cache-control', 'no-store');
      return tools.stationCount(ctx, actor, params.stationId);
    },
    // The committee room's tools: turnout, paper slips, drivers; lifts for organisers and drivers.
    turnout: async ({ actor, params, body }) => {
      await tools.recordTurnout(ctx, actor, params.id, params.stationId, body);
      return room.committeeRoom(ctx, actor, params.id);
    },
    slip: ({ actor, params, body }) => tools.enterSlip(ctx, actor, params.id, body),
    tellingHours: ({ actor, params }) => tools.tellingHours(ctx, actor, params.id),
    drivers: ({ actor, params }) => tools.drivers(ctx, actor, params.id),
    putDriver: ({ actor, params, body }) => tools.setDriver(ctx, actor, params.id, body.memberId, true),
    removeDriver: ({ actor, params, body }) => tools.setDriver(ctx, actor, params.id, body.memberId, false),
    lifts: ({ actor, params, reply }) => {
      void reply.header('cache-control', 'no-store');
      return tools.lifts(ctx, actor, params.id);
    },
    takeLift: ({ actor, params }) => tools.driveLift(ctx, actor, params.id, params.electorId, 'take'),
    liftDone: ({ actor, params }) => tools.driveLift(ctx, actor, params.id, params.electorId, 'done'),
    drivingDays: ({ actor }) => tools.drivingDays(ctx, actor),
    organising: ({ actor }) => tools.organisingDays(ctx, actor),
    phoneBank: ({ actor, params, reply }) => {
      void reply.header('cache-control', 'no-store');
      return tools.phoneBank(ctx, actor, params.id);
    },
    phoneCall: ({ actor, params, body }) => tools.recordCall(ctx, actor, params.id, body),
  });
}
