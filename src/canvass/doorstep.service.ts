/**
 * The canvasser's side: their live walks, a walk downloaded for the doorstep (only the fields the work
 * needs), one elector of a live walk, and the upload of doorstep records.
 *
 * Records are append-only and carry an id made on the phone: an upload repeated after a lost answer stores
 * nothing twice. A record is taken when its canvasser holds (or held, within a day of its expiry) the walk's
 * assignment, the record was made while it ran, and the elector is on the walk; otherwise it is refused
 * with a reason, so the phone can say so instead of retrying for ever.
 */
import type { ServiceContext } from '../lib/context.ts';
import { findNul } from '../core/nul-guard.ts';
import { audited } from '../core/audited.ts';
import type { Actor } from '../core/permissions.ts';
import { notFound } from '../core/errors.ts';
import type { CanvassRecordInput } from '../contract/canvass.ts';
import { branchFor, liveWalkFor } from './access.ts';
import { walkElectorsOf } from './walk.repo.ts';
import { scriptOfWalk } from './segment.repo.ts';
import {
  assignmentsOf,
  codeRows,
  insertRecords,
  liveAssignmentsOf,
  onWalks,
  replaceCodes,
  warnedElectors,
  absentOnWalk,
  type RecordRow,
} from './doorstep.repo.ts';

/** Records may arrive up to a day after the assignment ended, if they were made while it ran. */
export const UPLOAD_GRACE_MS = 24 * 3_600_000;
/** Phones' clocks drift: a record may be stamped this much outside its assignment. */
const CLOCK_SKEW_MS = 10 * 60_000;

export const DEFAULT_INTENTION_CODES = [
  { code: 'US', label: 'Us' },
  { code: 'LAB', label: 'Labour' },
  { code: 'CON', label: 'Conservative' },
  { code: 'LD', label: 'Liberal Democrat' },
  { code: 'GRN', label: 'Green' },
  { code: 'REF', label: 'Reform' },
  { code: 'OTH', label: 'Other' },
  { code: 'UND', label: 'Undecided' },
  { code: 'NV', label: 'Won’t vote' },
];

/** The intention codes in force at a branch: its own, or the nearest branch's above it, or the defaults. */
export async function codesFor(ctx: ServiceContext, branchPath: string) {
  const ids = branchPath.split('/').filter(Boolean);
  if (ids.length === 0) return DEFAULT_INTENTION_CODES;
  const rows = await codeRows(ctx.db, ids);
  for (const id of [...ids].reverse()) {
    const own = rows.filter((r) => r.branchId === id && r.position >= 0);
    if (own.length > 0) return own.map(({ code, label }) => ({ code, label }));
  }
  return DEFAULT_INTENTION_CODES;
}

/**
 * Codes a record may carry: those in force, and any this branch or those above it used before (retired
 * codes keep position -1), and the defaults: a phone that downloaded its walk before the codes changed
 * must not have its records refused.
 */
async function acceptedCodes(ctx: ServiceContext, branchPath: string): Promise<Set<string>> {
  const rows = await codeRows(ctx.db, branchPath.split('/').filter(Boolean));
  return new Set([...DEFAULT_INTENTION_CODES.map((c) => c.code), ...rows.map((r) => r.code)]);
}

/** The codes in force at a branch, for those who canvass or run canvassing there. */
export async function codesAt(ctx: ServiceContext, actor: Actor, branchId: string) {
  const branch = await branchFor(ctx.db, actor, branchId, 'canvass.work');
  return { codes: await codesFor(ctx, branch.path) };
}

/** Sets a branch's own intention codes (organisers); branches below it use them unless they set their own. */
export async function setCodes(
  ctx: ServiceContext,
  actor: Actor,
  branchId: string,
  codes: { code: string; label: string }[],
) {
  const branch = await branchFor(ctx.db, actor, branchId, 'canvass.organise');
  await audited(ctx.db, async (tx, record) => {
    await replaceCodes(tx, branch.id, codes);
    record([
      {
        actorId: actor.memberId,
        action: 'change',
        subjectType: 'intention_codes',
        branchId: branch.id,
        detail: { codes: codes.length },
      },
    ]);
  });
  return { codes: await codesFor(ctx, branch.path) };
}

/** The caller's live assignments. */
export async function myWalks(ctx: ServiceContext, actor: Actor) {
  const rows = await liveAssignmentsOf(ctx.db, actor.memberId);
  const seen = new Set<string>();
  return {
    walks: rows
      .filter((r) => !seen.has(r.id) && seen.add(r.id))
      .map((r) => ({ ...r, expiresAt: r.expiresAt.toISOString() })),
  };
}

/** A walk for the doorstep: its electors in order with names, addresses and a do-not-knock warning. */
export async function downloadWalk(ctx: ServiceContext, actor: Actor, walkId: string) {
  const { walk, branchPath, expiresAt } = await liveWalkFor(ctx, actor, walkId);
  const { list, warned, absent } = await audited(ctx.db, async (tx, record) => {
    const list = await walkElectorsOf(tx, walk.id);
    record({
      actorId: actor.memberId,
      action: 'view',
      subjectType: 'walk',
      subjectId: walk.id,
      branchId: walk.branchId,
      detail: { electors: list.length },
    });
    return { list, warned: await warnedElectors(tx, walk.id), absent: await absentOnWalk(tx, walk.id) };
  });
  return {
    walk: {
      id: walk.id,
      name: walk.name,
      doors: walk.doors,
      expiresAt: expiresAt.toISOString(),
      script: await scriptOfWalk(ctx.db, walk.segmentId),
    },
    codes: await codesFor(ctx, branchPath),
    electors: list.map((e) => ({ ...e, warning: warned.has(e.id), absent: absent.get(e.id) ?? null })),
  };
}

/** One elector, only through a live walk of the caller's that holds them; otherwise "not found". */
export async function electorOnWalk(ctx: ServiceContext, actor: Actor, walkId: string, electorId: string) {
  const { walk } = await liveWalkFor(ctx, actor, walkId);
  return audited(ctx.db, async (tx, record) => {
    const [elector] = await walkElectorsOf(tx, walkId, electorId);
    if (!elector) throw notFound('Elector');
    record({
      actorId: actor.memberId,
      action: 'view',
      subjectType: 'elector',
      subjectId: elector.id,
      branchId: walk.branchId,
    });
    return elector;
  });
}

export interface SyncResult {
  /** Ids now stored (including ones stored by an earlier upload): the phone may forget them. */
  accepted: string[];
  /** Ids that will never be taken, with why; the phone keeps them and shows them. */
  refused: {
    id: string;
    code: 'NOT_ASSIGNED' | 'ASSIGNMENT_ENDED' | 'NOT_ON_WALK' | 'UNKNOWN_CODE' | 'UNSTORABLE_TEXT';
    message: string;
  }[];
}

export async function syncRecords(
  ctx: ServiceContext,
  actor: Actor,
  records: CanvassRecordInput[],
): Promise<SyncResult> {
  const walkIds = [...new Set(records.map((r) => r.walkId))];
  const assignments = await assignmentsOf(ctx.db, actor.memberId, walkIds);
  const onWalk = await onWalks(ctx.db, walkIds, [...new Set(records.map((r) => r.electorId))]);
  const now = Date.now();
  const result: SyncResult = { accepted: [], refused: [] };
  const rows: RecordRow[] = [];
  const codesByPath = new Map<string, Set<string>>();
  for (const r of records) {
    const nul = findNul(r, 'record');
    if (nul) {
      result.refused.push({
        id: r.id,
        code: 'UNSTORABLE_TEXT',
        message: `${nul === 'record.note' ? 'The note' : 'The record'} holds a character (NUL) that cannot be stored`,
      });
      continue;
    }
    const made = Date.parse(r.madeAt);
    const mine = assignments.filter((a) => a.walkId === r.walkId);
    if (mine.length === 0) {
      result.refused.push({ id: r.id, code: 'NOT_ASSIGNED', message: 'This walk is not assigned to you' });
      continue;
    }
    const covering = mine.find((a) => {
      const end = Math.min(a.expiresAt.getTime(), a.revokedAt?.getTime() ?? Infinity);
      return (
        made >= a.createdAt.getTime() - CLOCK_SKEW_MS &&
        made <= end + CLOCK_SKEW_MS &&
        now <= end + UPLOAD_GRACE_MS
      );
    });
    if (!covering) {
      result.refused.push({
        id: r.id,
        code: 'ASSIGNMENT_ENDED',
        message: 'Made outside your assignment of this walk, or sent more than a day after it ended',
      });
      continue;
    }
    if (!onWalk.has(`${r.walkId}|${r.electorId}`)) {
      result.refused.push({ id: r.id, code: 'NOT_ON_WALK', message: 'That elector is not on this walk' });
      continue;
    }
    if (r.intention !== null) {
      let codes = codesByPath.get(covering.branchPath);
      if (!codes) {
        codes = await acceptedCodes(ctx, covering.branchPath);
        codesByPath.set(covering.branchPath, codes);
      }
      if (!codes.has(r.intention)) {
        result.refused.push({
          id: r.id,
          code: 'UNKNOWN_CODE',
          message: `"${r.intention}" is not one of the branch's intention codes`,
        });
        continue;
      }
    }
    rows.push({ ...r, branchId: covering.branchId });
  }
  if (rows.length > 0) {
    await audited(ctx.db, async (tx, record) => {
      const inserted = await insertRecords(tx, actor.memberId, rows);
      if (inserted.length === 0) record.nothing('every record was stored before (a batch sent again)');
      else
        record([
          {
            actorId: actor.memberId,
            action: 'create',
            subjectType: 'canvass_records',
            branchId: rows[0]?.branchId ?? null,
            detail: { records: inserted.length, walks: [...new Set(rows.map((r) => r.walkId))] },
          },
        ]);
    });
    result.accepted = rows.map((r) => r.id);
  }
  return result;
}
