/**
 * Polling day: an organiser sets up an election's day (stations, districts, hours, who counts as a pledge)
 * and assigns tellers; tellers' numbers arrive from their phones. Organisers reach polling days of their
 * branches (`canvass.organise`); a teller reaches only the stations they are assigned to, and anything else
 * is "not found".
 */
import type { z } from 'zod';
import type { ServiceContext } from '../lib/context.ts';
import { newId } from '../lib/ids.ts';
import { AppError, notFound } from '../core/errors.ts';
import { audited } from '../core/audited.ts';
import { isWithin } from '../core/branch-tree.ts';
import { can, type Actor } from '../core/permissions.ts';
import { memberById } from '../members/index.ts';
import type {
  pledgeRule,
  pollingDayBody,
  tellingEntry,
  PollingDay,
  TellingResult,
} from '../contract/polling-day.ts';
import { segmentById, branchFor } from '../canvass/index.ts';
import { branchById } from '../members/index.ts';
import * as repo from './polling-day.repo.ts';
import { candidateKeys, parseTyped } from './telling-number.ts';
import { onPollingDay } from './uk-clock.ts';

type RuleBody = z.infer<typeof pledgeRule>;

/** A rule as asked for: its segment, when it names one, must be a saved segment of the branch. */
async function ruleOf(ctx: ServiceContext, branchPath: string, rule: RuleBody): Promise<repo.PledgeRule> {
  if (!rule.segmentId) return { codes: rule.codes, minStrength: rule.minStrength };
  const segment = await segmentById(ctx.db, rule.segmentId);
  const branch = segment ? await branchById(ctx.db, segment.branchId) : null;
  if (!segment || !branch || !isWithin(branch.path, branchPath))
    throw new AppError('VALIDATION_FAILED', 'That is not a segment of this branch', [
      { field: 'rule.segmentId', message: 'is not a saved segment of the branch' },
    ]);
  return { ...rule, segment: segment.filter };
}

/** Pledges a rule would find in a branch, by district: counted before a polling day is saved. */
export async function countPledges(ctx: ServiceContext, actor: Actor, branchId: string, body: RuleBody) {
  const branch = await branchFor(ctx.db, actor, branchId, 'canvass.organise');
  const rule = await ruleOf(ctx, branch.path, body);
  const byDistrict = await repo.countPledges(ctx.db, branch.path, rule);
  return { pledges: byDistrict.reduce((s, d) => s + d.pledges, 0), byDistrict };
}

export async function createPollingDay(
  ctx: ServiceContext,
  actor: Actor,
  branchId: string,
  body: z.infer<typeof pollingDayBody>,
): Promise<PollingDay> {
  const branch = await branchFor(ctx.db, actor, branchId, 'canvass.organise');
  await ruleOf(ctx, branch.path, body.rule);
  const id = await audited(ctx.db, async (tx, record) => {
    const electionId = await repo.insertPollingDay(
      tx,
      { ...body, segmentId: body.rule.segmentId, branchId: branch.id, createdBy: actor.memberId },
      body.stations.map((s) => ({ id: newId(), ...s })),
      newId(),
    );
    if (!electionId)
      throw new AppError('POLLING_DAY_EXISTS', `${branch.name} already runs polling day for “${body.name}”`);
    record([
      {
        actorId: actor.memberId,
        action: 'create',
        subjectType: 'polling_day',
        subjectId: electionId,
        branchId: branch.id,
        detail: { stations: body.stations.length },
      },
    ]);
    return electionId;
  });
  return pollingDayView(ctx, id);
}

export async function listPollingDays(ctx: ServiceContext, actor: Actor, branchId: string) {
  const branch = await branchFor(ctx.db, actor, branchId, 'canvass.organise');
  return { pollingDays: await repo.pollingDaysWithin(ctx.db, branch.path) };
}

/** A polling day with its branch, whoever asks (callers check who may see it). */
export async function dayRow(ctx: ServiceContext, electionId: string) {
  const row = await repo.pollingDayRow(ctx.db, electionId);
  const branch = row ? await branchById(ctx.db, row.day.branchId) : null;
  if (!row || !branch) return null;
  return {
    ...row,
    branch,
    electionId,
    branchPath: branch.path,
    rule: await savedRule(ctx, row.day),
  };
}

/** A polling day's rule as saved: its segment's filter as it stands now, when it has one. */
async function savedRule(
  ctx: ServiceContext,
  day: { pledgeCodes: string[]; minStrength: number; pledgeSegmentId: string | null },
): Promise<repo.PledgeRule> {
  const segment = day.pledgeSegmentId ? await segmentById(ctx.db, day.pledgeSegmentId) : null;
  return {
    codes: day.pledgeCodes,
    minStrength: day.minStrength,
    segment: segment ? segment.filter : null,
  };
}

/** A polling day the actor organises (its branch within their reach), or "not found". */
export async function dayFor(ctx: ServiceContext, actor: Actor, electionId: string) {
  const day = await dayRow(ctx, electionId);
  if (!day || !can(actor, 'canvass.organise', day.branchPath)) throw notFound('Polling day');
  return day;
}

/** A polling day as organisers see it; `row` when the caller has just read it (else it is read here). */
async function pollingDayView(
  ctx: ServiceContext,
  electionId: string,
  known?: Awaited<ReturnType<typeof repo.pollingDayRow>>,
): Promise<PollingDay> {
  const row = known ?? (await repo.pollingDayRow(ctx.db, electionId));
  if (!row) throw notFound('Polling day');
  const [stations, tellers] = await Promise.all([
    repo.stationsOf(ctx.db, electionId),
    repo.tellersOf(ctx.db, electionId),
  ]);
  return {
    id: electionId,
    branchId: row.day.branchId,
    name: row.name,
    heldOn: row.heldOn,
    opens: row.day.opens,
    closes: row.day.closes,
    rule: {
      codes: row.day.pledgeCodes,
      minStrength: row.day.minStrength,
      segmentId: row.day.pledgeSegmentId,
    },
    target: row.day.target,
    rounds: row.day.rounds,
    retentionDays: row.day.retentionDays,
    stations: stations.map((s) => ({
      id: s.id,
      name: s.name,
      address: s.address,
      districts: s.districts,
      tellers: tellers.filter((t) => t.stationId === s.id).map(({ id, name }) => ({ id, name })),
    })),
  };
}

export async function getPollingDay(ctx: ServiceContext, actor: Actor, electionId: string) {
  const day = await dayFor(ctx, actor, electionId);
  return pollingDayView(ctx, electionId, day);
}

/** Puts a member of the branch on duty at a station (or takes them off it). */
export async function setTeller(
  ctx: ServiceContext,
  actor: Actor,
  electionId: string,
  stationId: string,
  memberId: string,
  onDuty: boolean,
): Promise<PollingDay> {
  const day = await dayFor(ctx, actor, electionId);
  const stations = await repo.stationsOf(ctx.db, electionId);
  if (!stations.some((s) => s.id === stationId)) throw notFound('Polling station');
  const member = await memberById(ctx.db, memberId);
  if (!member || member.status !== 'active') throw notFound('Member');
  if (!isWithin(member.wardPath, day.branchPath))
    throw new AppError('VALIDATION_FAILED', 'Tellers are members of the branch', [
      { field: 'memberId', message: `is not a member of ${day.branch.name}` },
    ]);
  await audited(ctx.db, async (tx, record) => {
    if (onDuty) await repo.insertTeller(tx, stationId, member.id, actor.memberId);
    else await repo.deleteTeller(tx, stationId, member.id);
    record([
      {
        actorId: actor.memberId,
        action: onDuty ? 'create' : 'change',
        subjectType: 'polling_teller',
        subjectId: stationId,
        branchId: day.branch.id,
        detail: { member: member.id, onDuty },
      },
    ]);
  });
  return pollingDayView(ctx, electionId);
}

/** The walks the actor may knock up: theirs now, on the branch of a polling day not yet past. */
export async function myKnockupWalks(ctx: ServiceContext, actor: Actor) {
  return { walks: await repo.knockupWalksOf(ctx.db, actor.memberId) };
}

/** The stations the actor tells at (today's and later), with what the phone needs to read numbers. */
export async function myStations(ctx: ServiceContext, actor: Actor) {
  const rows = await repo.stationsOfTeller(ctx.db, actor.memberId);
  return { stations: rows.map(({ branchPath: _, branchId: __, ...s }) => s) };
}

/**
 * Tellers' numbers from a phone's queue. Each is read against the register (a bare number in the station's
 * districts); one that matches no one is kept all the same and answered as unmatched, for checking. An entry
 * sent again is stored once; sent again undone, it stays undone. Refused only at a station the actor does
 * not tell at.
 */
export async function syncTelling(
  ctx: ServiceContext,
  actor: Actor,
  entries: z.infer<typeof tellingEntry>[],
  now = new Date(),
): Promise<TellingResult> {
  const stations = new Map((await repo.stationsOfTeller(ctx.db, actor.memberId)).map((s) => [s.id, s]));
  const result: TellingResult = { accepted: [], unmatched: [], refused: [] };
  const byElection = new Map<
    string,
    { path: string; branchId: string; rows: ((typeof entries)[number] & { keys: string[] })[] }
  >();
  for (const e of entries) {
    const station = stations.get(e.stationId);
    if (!station) {
      result.refused.push({
        id: e.id,
        code: 'NOT_TELLING_THERE',
        message: 'You are not telling at this station',
      });
      continue;
    }
    if (!onPollingDay(e.takenAt, station.heldOn, now)) {
      result.refused.push({
        id: e.id,
        code: 'OUT_OF_TIME',
        message: `A number can only be taken on polling day (${station.heldOn}), and not later than now: check the phone’s clock`,
      });
      continue;
    }
    const typed = parseTyped(e.entered);
    const wanted = station.districts.map((d) => d.toUpperCase());
    if (typed?.district && !wanted.includes(typed.district) && !e.otherDistrict && !e.undone) {
      result.refused.push({
        id: e.id,
        code: 'OTHER_DISTRICT',
        message: `This elector is in district ${typed.district}, not one of ${station.name}’s (${station.districts.join(', ')}): record anyway?`,
      });
      continue;
    }
    const keys = typed ? candidateKeys(typed, station.districts) : [];
    const group = byElection.get(station.electionId) ?? {
      path: station.branchPath,
      branchId: station.branchId,
      rows: [],
    };
    group.rows.push({ ...e, keys });
    byElection.set(station.electionId, group);
  }
  for (const [electionId, group] of byElection) {
    const found = await repo.electorsByKeys(ctx.db, group.path, [
      ...new Set(group.rows.flatMap((r) => r.keys)),
    ]);
    const rows = group.rows.map((r) => {
      // A bare number must stand for exactly one elector among the station's districts.
      const matches = r.keys.map((k) => found.get(k)).filter((x): x is string => x !== undefined);
      return {
        id: r.id,
        stationId: r.stationId,
        entered: r.entered,
        electorId: matches.length === 1 ? (matches[0] ?? null) : null,
        takenAt: r.takenAt,
        undone: r.undone,
      };
    });
    const stored = await audited(ctx.db, async (tx, record) => {
      const ids = await repo.upsertTelling(tx, electionId, actor.memberId, rows);
      record([
        {
          actorId: actor.memberId,
          action: 'create',
          subjectType: 'telling_entries',
          subjectId: electionId,
          branchId: group.branchId,
          detail: { entries: ids.size },
        },
      ]);
      return ids;
    });
    for (const r of rows) {
      if (!stored.has(r.id)) {
        result.refused.push({
          id: r.id,
          code: 'NOT_TELLING_THERE',
          message: 'That entry belongs to another teller',
        });
        continue;
      }
      result.accepted.push(r.id);
      if (r.electorId === null) result.unmatched.push(r.id);
    }
  }
  return result;
}
