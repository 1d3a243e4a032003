/**
 * Polling day from the committee room: the live figures, knock-up lists for each round, knockers' records,
 * the absent voters list and, after the poll, the comparison with the marked register. Knock-up lists hold
 * personal data: an organiser's or an assigned knocker's, and audited.
 */
import type { Readable } from 'node:stream';
import type { z } from 'zod';
import type { ServiceContext } from '../lib/context.ts';
import { audited } from '../core/audited.ts';
import { notFound } from '../core/errors.ts';
import { isWithin } from '../core/branch-tree.ts';
import { can, type Actor } from '../core/permissions.ts';
import { branchById } from '../members/index.ts';
import { headerKey, type AbsentVoterKind } from '../contract/vocabulary.ts';
import type { CommitteeRoom, KnockupList, knockupRecord } from '../contract/polling-day.ts';
import {
  liveAssignment,
  Problems,
  readTable,
  onWalks,
  ALIASES,
  electorNumber,
  listedElector,
  numberKey,
  type RegisterField,
  currentElectorNumbers,
  storeWalks,
  walkById,
  cutWalks,
  parseAddress,
} from '../canvass/index.ts';
import * as figures from './figures.repo.ts';
import { insertKnockups, storeAbsentVoters, stationsOf } from './polling-day.repo.ts';
import { dayFor, dayRow } from './polling-day.service.ts';
import { currentRound, onPollingDay, ukNow, ukTime } from './uk-clock.ts';
import { insertLifts, latestTurnout } from './day-tools.repo.ts';

export async function committeeRoom(
  ctx: ServiceContext,
  actor: Actor,
  electionId: string,
): Promise<CommitteeRoom> {
  const day = await dayFor(ctx, actor, electionId);
  const [{ districts, walks }, telling, tellers, stations, turnout] = await Promise.all([
    figures.pledgeFigures(ctx.db, day),
    figures.tellingByStation(ctx.db, electionId),
    figures.tellersLastSync(ctx.db, electionId),
    stationsOf(ctx.db, electionId),
    latestTurnout(ctx.db, electionId),
  ]);
  const now = new Date();
  const closes = ukTime(day.heldOn, day.day.closes).getTime();
  const hoursLeft =
    ukNow(now).day === day.heldOn ? Math.max(0, Math.round((closes - now.getTime()) / 360_000) / 10) : 0;
  const sum = (xs: { pledges: number; voted: number }[]) => ({
    pledges: xs.reduce((s, x) => s + x.pledges, 0),
    voted: xs.reduce((s, x) => s + x.voted, 0),
  });
  const iso = (t: string | Date | null) => (t === null ? null : new Date(t).toISOString());
  return {
    at: new Date().toISOString(),
    target: day.day.target,
    rounds: day.day.rounds,
    round: currentRound(day.heldOn, day.day.rounds, new Date()),
    totals: {
      ...sum(districts),
      postal: districts.reduce((s, d) => s + d.postal, 0),
      unmatched: telling.reduce((s, t) => s + t.unmatched, 0),
      numbers: telling.reduce((s, t) => s + t.numbers, 0),
    },
    districts: districts.map(({ district, pledges, voted }) => ({ district, pledges, voted })),
    stations: stations.map((s) => {
      const told = telling.find((t) => t.stationId === s.id);
      return {
        id: s.id,
        name: s.name,
        districts: s.districts,
        ...sum(districts.filter((d) => s.districts.includes(d.district))),
        numbersThisHour: told?.thisHour ?? 0,
        turnout: ((t) => (t ? { voted: t.voted, at: new Date(t.at).toISOString() } : null))(
          turnout.find((t) => t.stationId === s.id),
        ),
        tellers: tellers
          .filter((t) => t.stationId === s.id)
          .map((t) => ({ id: t.id, name: t.name, lastSync: iso(t.lastSync) })),
      };
    }),
    hoursLeft,
    // In walk order as people count ("2." before "10.").
    walks: walks
      .map((w) => ({ ...w, left: w.pledges - w.voted }))
      .sort((a, b) => a.name.localeCompare(b.name, 'en', { numeric: true })),
  };
}

/**
 * The polling day and walk a knock-up request is about: an organiser of the day, or a knocker with the walk
 * assigned now; the walk on the day's branch. Anything else is "not found".
 */
async function knockupAccess(ctx: ServiceContext, actor: Actor, electionId: string, walkId: string) {
  const day = await dayRow(ctx, electionId);
  if (!day) throw notFound('Walk');
  if (can(actor, 'canvass.organise', day.branchPath)) {
    const walk = await walkById(ctx.db, walkId);
    const branch = walk ? await branchById(ctx.db, walk.branchId) : null;
    if (!walk || !branch || !isWithin(branch.path, day.branchPath)) throw notFound('Walk');
    return { day, walk };
  }
  const live = await liveAssignment(ctx.db, actor.memberId, walkId);
  if (!live || !isWithin(live.branchPath, day.branchPath)) throw notFound('Walk');
  return { day, walk: live.walk };
}

/**
 * A street as its residents write it: the register's street key ("CASTLE WAY|MB46") found in the address
 * ("69 Castle Way"), or the key's name in title case when no line holds it.
 */
function streetName(key: string, address: readonly string[]): string {
  const name = key.split('|')[0] ?? '';
  for (const line of address) {
    const at = line.toUpperCase().indexOf(name);
    if (name && at >= 0) return line.slice(at, at + name.length);
  }
  return name.toLowerCase().replace(/\b\p{L}/gu, (c) => c.toUpperCase());
}

/** A round's knock-up list: the walk's pledges who have not voted (nor vote by post), in walking order. */
export async function knockupList(
  ctx: ServiceContext,
  actor: Actor,
  electionId: string,
  walkId: string,
): Promise<KnockupList> {
  const { day, walk } = await knockupAccess(ctx, actor, electionId, walkId);
  const rows = await audited(ctx.db, async (tx, record) => {
    const found = await figures.knockupElectors(tx, day, walk.id);
    record({
      actorId: actor.memberId,
      action: 'view',
      subjectType: 'knockup_list',
      subjectId: walk.id,
      branchId: walk.branchId,
      detail: { election: electionId, electors: found.filter((r) => !r.voted).length },
    });
    return found;
  });
  const left = rows.filter((r) => !r.voted);
  return {
    walk: { id: walk.id, name: walk.name },
    at: new Date().toISOString(),
    round: currentRound(day.heldOn, day.day.rounds, new Date()),
    pledges: rows.length,
    voted: rows.length - left.length,
    electors: left.map((r) => ({
      id: r.id,
      door: r.door,
      name: r.name,
      address: r.address,
      street: streetName(r.street, r.address),
      number: electorNumber(r),
      proxy: r.proxy,
      lastResult: r.lastResult,
    })),
  };
}

/** Knockers-up's records from their phones: each on a walk they have now, of an elector on it. */
export async function syncKnockups(
  ctx: ServiceContext,
  actor: Actor,
  records: z.infer<typeof knockupRecord>[],
  now = new Date(),
) {
  const result: {
    accepted: string[];
    refused: { id: string; code: 'NOT_ASSIGNED' | 'NOT_ON_WALK' | 'OUT_OF_TIME'; message: string }[];
  } = { accepted: [], refused: [] };
  /** Each election and walk: the day it is held on, or null when the walk is not the actor's. */
  const allowed = new Map<string, string | null>();
  for (const r of records) {
    const key = `${r.electionId}|${r.walkId}`;
    if (!allowed.has(key))
      allowed.set(
        key,
        await knockupAccess(ctx, actor, r.electionId, r.walkId).then(
          ({ day }) => day.heldOn,
          () => null,
        ),
      );
  }
  const onWalk = await onWalks(
    ctx.db,
    [...new Set(records.map((r) => r.walkId))],
    [...new Set(records.map((r) => r.electorId))],
  );
  const byElection = new Map<string, typeof records>();
  for (const r of records) {
    const heldOn = allowed.get(`${r.electionId}|${r.walkId}`);
    if (!heldOn)
      result.refused.push({
        id: r.id,
        code: 'NOT_ASSIGNED',
        message: 'This walk is not yours for polling day',
      });
    else if (!onPollingDay(r.madeAt, heldOn, now))
      result.refused.push({
        id: r.id,
        code: 'OUT_OF_TIME',
        message: `A knock-up can only be recorded on polling day (${heldOn}), and not later than now: check the phone’s clock`,
      });
    else if (!onWalk.has(`${r.walkId}|${r.electorId}`))
      result.refused.push({ id: r.id, code: 'NOT_ON_WALK', message: 'That elector is not on this walk' });
    else byElection.set(r.electionId, [...(byElection.get(r.electionId) ?? []), r]);
  }
  for (const [electionId, rows] of byElection) {
    await audited(ctx.db, async (tx, record) => {
      await insertKnockups(tx, electionId, actor.memberId, rows);
      // "Needs a lift": a request the committee room and the day's drivers see.
      await insertLifts(
        tx,
        electionId,
        actor.memberId,
        rows
          .filter((r) => r.result === 'lift')
          .map((r) => ({ electorId: r.electorId, requestedAt: r.madeAt, wantedAt: r.liftAt ?? null })),
      );
      record([
        {
          actorId: actor.memberId,
          action: 'create',
          subjectType: 'knockup_records',
          subjectId: electionId,
          branchId: null,
          detail: { records: rows.length },
        },
      ]);
    });
    result.accepted.push(...rows.map((r) => r.id));
  }
  return result;
}

type AbsentField = RegisterField | 'kind';
const ABSENT_ALIASES: Record<string, AbsentField> = {
  ...ALIASES,
  ...Object.fromEntries(
    ['type', 'absenttype', 'avtype', 'votertype', 'absentvotertype'].map((h) => [h, 'kind']),
  ),
};
const KINDS: Record<string, AbsentVoterKind> = {
  p: 'postal',
  pv: 'postal',
  postal: 'postal',
  x: 'proxy',
  px: 'proxy',
  proxy: 'proxy',
  pp: 'postal_proxy',
  postalproxy: 'postal_proxy',
};

/**
 * The absent voters list the returning officer gives candidates: elector numbers with a type (postal,
 * proxy, or a proxy voting by post). Every row is checked first; the file is refused whole with each bad
 * line, else the election's list is replaced in one transaction.
 */
export async function importAbsentVoters(
  ctx: ServiceContext,
  actor: Actor,
  electionId: string,
  input: Readable | string,
) {
  const day = await dayFor(ctx, actor, electionId);
  const current = new Map(
    (await currentElectorNumbers(ctx.db, day.branch.id)).map((e) => [numberKey(e), e.id]),
  );
  const problems = new Problems();
  const seen = new Map<string, { electorId: string; kind: AbsentVoterKind; line: number }>();
  let rows = 0;
  const required = [
    [['district'], 'Elector Number Prefix'],
    [['number'], 'Elector Number'],
    [['kind'], 'Type'],
  ] as const;
  for await (const { line, get } of readTable<AbsentField>(input, ABSENT_ALIASES, undefined, required)) {
    rows++;
    const found = listedElector(get, line, current, seen);
    if ('problem' in found) {
      problems.add(found.problem);
      continue;
    }
    const kind = KINDS[headerKey(get('kind'))];
    if (!kind) {
      problems.add({
        line,
        field: 'Type',
        message: `"${get('kind').slice(0, 20)}" is not postal (P), proxy (X) or postal proxy (PP)`,
      });
      continue;
    }
    const id = found.id;
    seen.set(id, { electorId: id, kind, line });
  }
  if (problems.lines > 0) problems.refuse(rows);
  const list = [...seen.values()];
  await audited(ctx.db, async (tx, record) => {
    await storeAbsentVoters(tx, electionId, list);
    record([
      {
        actorId: actor.memberId,
        action: 'import',
        subjectType: 'absent_voters',
        subjectId: electionId,
        branchId: day.branch.id,
        detail: { rows },
      },
    ]);
  });
  const count = (k: AbsentVoterKind) => list.filter((r) => r.kind === k).length;
  return { rows, postal: count('postal'), proxy: count('proxy'), postalProxy: count('postal_proxy') };
}

/**
 * The postal-vote pledges, cut into walks (named "Postal chase") to remind them to send their ballots
 * before the day; assigned like any walk.
 */
export async function postalChaseWalks(
  ctx: ServiceContext,
  actor: Actor,
  electionId: string,
  doorsPerWalk: number,
) {
  const day = await dayFor(ctx, actor, electionId);
  const walkables = (await figures.postalPledges(ctx.db, day)).map((r) => ({
    id: r.id,
    district: r.district,
    number: r.number,
    ...parseAddress(r.address, r.postcode),
  }));
  const cut = cutWalks(walkables, doorsPerWalk).map((w) => ({ ...w, name: `Postal chase · ${w.name}` }));
  const made = await audited(ctx.db, async (tx, record) => {
    const stored = await storeWalks(tx, day.branch.id, null, cut);
    record([
      {
        actorId: actor.memberId,
        action: 'create',
        subjectType: 'walk',
        subjectId: electionId,
        branchId: day.branch.id,
        detail: { postalChase: true, walks: stored.length, electors: walkables.length },
      },
    ]);
    return stored;
  });
  return { walks: made.length, electors: walkables.length };
}

/** Numbers that matched no one on the register, for the committee room to check (the latest 500). */
export async function unmatched(ctx: ServiceContext, actor: Actor, electionId: string) {
  await dayFor(ctx, actor, electionId);
  const rows = await figures.unmatchedEntries(ctx.db, electionId);
  return { entries: rows.map((r) => ({ ...r, takenAt: new Date(r.takenAt).toISOString() })) };
}

/** After the poll, with the marked register imported: pledges who voted, and how much tellers caught. */
export async function afterThePoll(ctx: ServiceContext, actor: Actor, electionId: string) {
  const day = await dayFor(ctx, actor, electionId);
  const [districts, marked] = await Promise.all([
    figures.comparedWithMarked(ctx.db, day),
    figures.hasMarkedRegister(ctx.db, electionId),
  ]);
  return { marked, districts };
}
