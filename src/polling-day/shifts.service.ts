/**
 * Volunteers for polling day: its shifts — telling at each station, knocking-up, driving — made as canvass
 * sessions of the branch, so members sign up in one tap and anyone can on the session's public page, with
 * the reminders and changes sessions already have.
 */
import type { z } from 'zod';
import type { ServiceContext } from '../lib/context.ts';
import { notFound } from '../core/errors.ts';
import type { Actor } from '../core/permissions.ts';
import type { shiftsBody } from '../contract/polling-day.ts';
import { stationsOf } from './polling-day.repo.ts';
import { dayFor } from './polling-day.service.ts';
import { createSession } from '../canvass/index.ts';
import { ukTime } from './uk-clock.ts';

const KIND_TITLE = { telling: 'Telling', knocking: 'Knocking-up', driving: 'Driving voters' } as const;

/** Makes the day's shifts of one kind, `hours` long from the polls' opening to their close. */
export async function makeShifts(
  ctx: ServiceContext,
  actor: Actor,
  electionId: string,
  body: z.infer<typeof shiftsBody>,
) {
  const day = await dayFor(ctx, actor, electionId);
  const stations = await stationsOf(ctx.db, electionId);
  const at =
    body.kind === 'telling' ? stations.filter((s) => !body.stationId || s.id === body.stationId) : [null];
  if (body.kind === 'telling' && at.length === 0) throw notFound('Polling station');
  const opens = ukTime(day.heldOn, day.day.opens).getTime();
  const closes = ukTime(day.heldOn, day.day.closes).getTime();
  const made: string[] = [];
  for (const station of at)
    for (let start = opens; start < closes; start += body.hours * 3_600_000) {
      const end = Math.min(closes, start + body.hours * 3_600_000);
      const clock = (t: number) =>
        new Intl.DateTimeFormat('en-GB', {
          timeZone: 'Europe/London',
          hour: '2-digit',
          minute: '2-digit',
        }).format(t);
      const session = await createSession(ctx, actor, day.branch.id, {
        title: `${day.name}: ${KIND_TITLE[body.kind]}${station ? ` at ${station.name}` : ''}, ${clock(start)}–${clock(end)}`,
        startsAt: new Date(start).toISOString(),
        endsAt: new Date(end).toISOString(),
        meetingPoint: station
          ? `${station.name}, ${station.address}`
          : body.meetingPoint || 'The committee room',
        walkIds: [],
      });
      made.push(session.id);
    }
  return { sessions: made.length };
}
