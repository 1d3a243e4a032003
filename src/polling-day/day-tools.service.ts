/**
 * What the committee room needs beyond the tellers' phones and the knock-up lists: the presiding officers'
 * turnout through the day, paper telling slips entered by hand (with the keypad's checks) and the
 * station-hours no numbers came from, a count per station that every teller there shares, and drivers
 * taking the lifts knockers-up were asked for.
 */
import type { z } from 'zod';
import type { ServiceContext } from '../lib/context.ts';
import { newId } from '../lib/ids.ts';
import { AppError, notFound, type FieldIssue } from '../core/errors.ts';
import { audited } from '../core/audited.ts';
import { isWithin } from '../core/branch-tree.ts';
import { can, scopeOf, type Actor } from '../core/permissions.ts';
import { memberById } from '../members/index.ts';
import { electorNumber } from '../canvass/index.ts';
import type { Lift, PhoneBank, phoneCallBody, slipBody, turnoutBody } from '../contract/polling-day.ts';
import * as repo from './day-tools.repo.ts';
import { phoneBankElectors } from './figures.repo.ts';
import {
  electorsByKeys,
  insertKnockups,
  stationsOf,
  stationsOfTeller,
  upsertTelling,
} from './polling-day.repo.ts';
import { dayFor, dayRow } from './polling-day.service.ts';
import { candidateKeys, parseTyped } from './telling-number.ts';
import { CLOCK_SKEW_MS, ukNow, ukTime } from './uk-clock.ts';

const HOUR_MS = 3_600_000;

/** The presiding officer's figure at a station, entered by an organiser: only of polling day, never ahead. */
export async function recordTurnout(
  ctx: ServiceContext,
  actor: Actor,
  electionId: string,
  stationId: string,
  body: z.infer<typeof turnoutBody>,
  now = new Date(),
): Promise<void> {
  const day = await dayFor(ctx, actor, electionId);
  const stations = await stationsOf(ctx.db, electionId);
  if (!stations.some((s) => s.id === stationId)) throw notFound('Polling station');
  const at = body.at ? new Date(body.at) : now;
  if (ukNow(at).day !== day.heldOn || at.getTime() > now.getTime() + CLOCK_SKEW_MS)
    throw new AppError(
      'OUT_OF_TIME',
      `A turnout figure is of polling day (${day.heldOn}), and not later than now`,
    );
  await audited(ctx.db, async (tx, record) => {
    await repo.insertTurnout(tx, {
      id: newId(),
      stationId,
      at,
      voted: body.voted,
      enteredBy: actor.memberId,
    });
    record({
      actorId: actor.memberId,
      action: 'create',
      subjectType: 'station_turnout',
      subjectId: stationId,
      branchId: day.branch.id,
      detail: { voted: body.voted },
    });
  });
}

/** The numbers every teller at a station has taken: this hour (UK clock) and today. For its tellers. */
export async function stationCount(ctx: ServiceContext, actor: Actor, stationId: string, now = new Date()) {
  const mine = await stationsOfTeller(ctx.db, actor.memberId);
  if (!mine.some((s) => s.id === stationId)) throw notFound('Polling station');
  const clock = ukNow(now);
  const hourStart = ukTime(clock.day, `${clock.clock.slice(0, 2)}:00`);
  return { at: now.toISOString(), ...(await repo.stationNumbers(ctx.db, stationId, hourStart)) };
}

/** The hours of the day ("07", "08", …) from the polls' opening to the hour under way (or the close). */
function hoursSoFar(heldOn: string, opens: string, closes: string, now: Date): string[] {
  const first = ukTime(heldOn, `${opens.slice(0, 2)}:00`).getTime();
  const end = Math.min(now.getTime(), ukTime(heldOn, closes).getTime() - 1);
  const hours: string[] = [];
  for (let t = first; t <= end; t += HOUR_MS) hours.push(ukNow(new Date(t)).clock.slice(0, 2));
  return hours;
}

/**
 * A paper slip's numbers, as the committee room types them: the keypad's checks for each (a number of the
 * station's districts, or of another district only when the organiser has said so), stored whole or not at
 * all, every bad number named by its place on the slip. They count as taken in the middle of the slip's
 * hour (or now, if that is still to come).
 */
export async function enterSlip(
  ctx: ServiceContext,
  actor: Actor,
  electionId: string,
  body: z.infer<typeof slipBody>,
  now = new Date(),
) {
  const day = await dayFor(ctx, actor, electionId);
  const station = (await stationsOf(ctx.db, electionId)).find((s) => s.id === body.stationId);
  if (!station) throw notFound('Polling station');
  const hourStart = ukTime(day.heldOn, body.hour);
  if (!hoursSoFar(day.heldOn, day.day.opens, day.day.closes, now).includes(body.hour.slice(0, 2)))
    throw new AppError(
      'OUT_OF_TIME',
      `${body.hour} is not an hour of polling day (${day.heldOn}, ${day.day.opens}–${day.day.closes}) that has begun`,
    );
  const takenAt = new Date(Math.min(hourStart.getTime() + HOUR_MS / 2, now.getTime())).toISOString();
  const wanted = station.districts.map((d) => d.toUpperCase());
  const issues: FieldIssue[] = [];
  const parsed = body.numbers
    .split(/[\s,;]+/)
    .filter(Boolean)
    .map((entered, i) => {
      const typed = parseTyped(entered);
      if (!typed)
        issues.push({ field: `numbers.${i + 1}`, message: `“${entered}” is not an elector number` });
      else if (typed.district && !wanted.includes(typed.district) && !body.otherDistricts)
        issues.push({
          field: `numbers.${i + 1}`,
          message: `${entered} is in district ${typed.district}, not ${station.name}’s (${station.districts.join(', ')}): tick “record numbers of other districts” to record it`,
        });
      return { entered, keys: typed ? candidateKeys(typed, station.districts) : [] };
    });
  if (parsed.length > 2000)
    issues.push({ field: 'numbers', message: `has ${parsed.length} numbers; a slip has at most 2,000` });
  if (issues.length > 0)
    throw new AppError(
      'IMPORT_INVALID',
      `The slip was not recorded: ${issues.length} numbers to check`,
      issues,
    );
  const found = await electorsByKeys(ctx.db, day.branchPath, [...new Set(parsed.flatMap((p) => p.keys))]);
  const rows = parsed.map((p) => {
    const matches = p.keys.map((k) => found.get(k)).filter((x): x is string => x !== undefined);
    return {
      id: newId(),
      stationId: station.id,
      entered: p.entered,
      electorId: matches.length === 1 ? (matches[0] ?? null) : null,
      takenAt,
      undone: false,
    };
  });
  await audited(ctx.db, async (tx, record) => {
    await upsertTelling(tx, electionId, actor.memberId, rows, 'slip');
    record({
      actorId: actor.memberId,
      action: 'create',
      subjectType: 'telling_entries',
      subjectId: electionId,
      branchId: day.branch.id,
      detail: { slip: station.id, hour: body.hour, entries: rows.length },
    });
  });
  return { stored: rows.length, unmatched: rows.filter((r) => r.electorId === null).map((r) => r.entered) };
}

/** Per station and hour so far, the numbers from phones and from slips: an hour with none is a slip to find. */
export async function tellingHours(ctx: ServiceContext, actor: Actor, electionId: string, now = new Date()) {
  const day = await dayFor(ctx, actor, electionId);
  const onTheDay = ukNow(now).day >= day.heldOn;
  const hours = onTheDay ? hoursSoFar(day.heldOn, day.day.opens, day.day.closes, now) : [];
  const [stations, counts] = await Promise.all([
    stationsOf(ctx.db, electionId),
    repo.numbersByHour(ctx.db, electionId),
  ]);
  const count = (stationId: string, hour: string, source: 'phone' | 'slip') =>
    counts.find((c) => c.stationId === stationId && c.hour === hour && c.source === source)?.n ?? 0;
  return {
    hours: hours.map((h) => `${h}:00`),
    stations: stations.map((s) => ({
      id: s.id,
      name: s.name,
      phone: hours.map((h) => count(s.id, h, 'phone')),
      slip: hours.map((h) => count(s.id, h, 'slip')),
    })),
  };
}

export async function drivers(ctx: ServiceContext, actor: Actor, electionId: string) {
  await dayFor(ctx, actor, electionId);
  return { drivers: await repo.driversOf(ctx.db, electionId) };
}

/** Puts a member of the branch on (or off) duty as a driver for the day. */
export async function setDriver(
  ctx: ServiceContext,
  actor: Actor,
  electionId: string,
  memberId: string,
  on: boolean,
) {
  const day = await dayFor(ctx, actor, electionId);
  const member = await memberById(ctx.db, memberId);
  if (!member || member.status !== 'active') throw notFound('Member');
  if (!isWithin(member.wardPath, day.branchPath))
    throw new AppError('VALIDATION_FAILED', 'Drivers are members of the branch', [
      { field: 'memberId', message: `is not a member of ${day.branch.name}` },
    ]);
  await audited(ctx.db, async (tx, record) => {
    await repo.setDriver(tx, electionId, member.id, actor.memberId, on);
    record({
      actorId: actor.memberId,
      action: on ? 'create' : 'change',
      subjectType: 'polling_driver',
      subjectId: electionId,
      branchId: day.branch.id,
      detail: { member: member.id, onDuty: on },
    });
  });
  return { drivers: await repo.driversOf(ctx.db, electionId) };
}

/** The day, for an organiser of it or one of its drivers; "not found" for anyone else. */
async function liftAccess(ctx: ServiceContext, actor: Actor, electionId: string) {
  const day = await dayRow(ctx, electionId);
  if (!day) throw notFound('Polling day');
  const organiser = can(actor, 'canvass.organise', day.branchPath);
  if (!organiser && !(await repo.isDriver(ctx.db, electionId, actor.memberId))) throw notFound('Polling day');
  return { day, organiser };
}

const iso = (t: Date | string | null) => (t === null ? null : new Date(t).toISOString());

function liftView(r: NonNullable<Awaited<ReturnType<typeof repo.liftOf>>>): Lift {
  return {
    electorId: r.electorId,
    name: r.name,
    address: r.address,
    number: electorNumber(r),
    wantedAt: r.wantedAt,
    requestedAt: new Date(r.requestedAt).toISOString(),
    driver: r.driverId ? { id: r.driverId, name: r.driverName ?? '' } : null,
    takenAt: iso(r.takenAt),
    doneAt: iso(r.doneAt),
  };
}

/** The day's lift requests (they name pledges: each read is audited). */
export async function lifts(ctx: ServiceContext, actor: Actor, electionId: string) {
  const { day } = await liftAccess(ctx, actor, electionId);
  const rows = await audited(ctx.db, async (tx, record) => {
    const found = await repo.liftsOf(tx, electionId);
    record({
      actorId: actor.memberId,
      action: 'view',
      subjectType: 'lift_requests',
      subjectId: electionId,
      branchId: day.branch.id,
      detail: { lifts: found.length },
    });
    return found;
  });
  return { lifts: rows.map(liftView) };
}

/** A driver takes a lift, or says it is done: one driver a lift, and only its driver finishes it. */
export async function driveLift(
  ctx: ServiceContext,
  actor: Actor,
  electionId: string,
  electorId: string,
  step: 'take' | 'done',
): Promise<Lift> {
  const { day } = await liftAccess(ctx, actor, electionId);
  if (!(await repo.liftOf(ctx.db, electionId, electorId))) throw notFound('Lift');
  const ok = await audited(ctx.db, async (tx, record) => {
    const mine =
      step === 'take'
        ? await repo.takeLift(tx, electionId, electorId, actor.memberId)
        : await repo.finishLift(tx, electionId, electorId, actor.memberId);
    if (!mine) record.nothing('another driver has the lift: nothing changed');
    else
      record({
        actorId: actor.memberId,
        action: 'change',
        subjectType: 'lift_requests',
        subjectId: electorId,
        branchId: day.branch.id,
        detail: { step },
      });
    return mine;
  });
  if (!ok) throw new AppError('LIFT_TAKEN', 'Another driver has this lift');
  const now = await repo.liftOf(ctx.db, electionId, electorId);
  if (!now) throw notFound('Lift');
  return liftView(now);
}

const PHONE_RESULT = { voted: 'voted', called: 'promised', no_answer: 'not_in' } as const;
const FROM_KNOCKUP = { voted: 'voted', promised: 'called', not_in: 'no_answer', lift: 'called' } as const;

/** The phone bank's list for the day (pledges not voted with a number to call); each read is audited. */
export async function phoneBank(ctx: ServiceContext, actor: Actor, electionId: string): Promise<PhoneBank> {
  const day = await dayFor(ctx, actor, electionId);
  const rows = await audited(ctx.db, async (tx, record) => {
    const found = await phoneBankElectors(tx, day);
    record({
      actorId: actor.memberId,
      action: 'view',
      subjectType: 'phone_bank',
      subjectId: electionId,
      branchId: day.branch.id,
      detail: { electors: found.length },
    });
    return found;
  });
  return {
    at: new Date().toISOString(),
    electors: rows.map((r) => ({
      id: r.id,
      name: r.name,
      address: r.address,
      number: electorNumber(r),
      phone: r.phone,
      last:
        r.lastResult && r.lastAt
          ? { result: FROM_KNOCKUP[r.lastResult], at: new Date(r.lastAt).toISOString() }
          : null,
    })),
  };
}

/** What a call found, kept as a knock-up record made by phone ("voted" strikes the pledge off every list). */
export async function recordCall(
  ctx: ServiceContext,
  actor: Actor,
  electionId: string,
  body: z.infer<typeof phoneCallBody>,
  now = new Date(),
): Promise<PhoneBank> {
  const day = await dayFor(ctx, actor, electionId);
  if (ukNow(now).day !== day.heldOn)
    throw new AppError('OUT_OF_TIME', `Calls are recorded on polling day (${day.heldOn})`);
  const listed = (await phoneBank(ctx, actor, electionId)).electors.some((e) => e.id === body.electorId);
  if (!listed) throw notFound('Pledge on the phone bank’s list');
  await audited(ctx.db, async (tx, record) => {
    await insertKnockups(
      tx,
      electionId,
      actor.memberId,
      [
        {
          id: newId(),
          walkId: null,
          electorId: body.electorId,
          result: PHONE_RESULT[body.result],
          madeAt: now.toISOString(),
        },
      ],
      'phone',
    );
    record({
      actorId: actor.memberId,
      action: 'create',
      subjectType: 'knockup_records',
      subjectId: electionId,
      branchId: day.branch.id,
      detail: { phone: body.result },
    });
  });
  return phoneBank(ctx, actor, electionId);
}

/** The polling days to come in the branches the actor organises (their home page shows them). */
export async function organisingDays(ctx: ServiceContext, actor: Actor, now = new Date()) {
  return {
    days: await repo.upcomingDaysWithin(ctx.db, scopeOf(actor, 'canvass.organise'), ukNow(now).day),
  };
}

export async function drivingDays(ctx: ServiceContext, actor: Actor) {
  return { days: await repo.drivingDaysOf(ctx.db, actor.memberId) };
}
