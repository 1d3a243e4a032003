/**
 * Ratification: one member, one vote, in secret — secret even from someone holding the database.
 *
 * - A ballot on a draft is on each clause or on the whole document; the clauses put to the vote are fixed
 *   when it opens, and so is the electorate: the active members of the branch who had joined by the
 *   cut-off at that moment (`ballot_electorate`). Nobody imported or edited later can vote in it.
 * - Casting writes, in one transaction, `ballot_voters` (that the member voted: its primary key makes a
 *   second vote impossible, however many arrive at once), the paper *sealed* in `ballot_box` to the
 *   ballot's public key, at the end of the box's hash chain (see src/ballots/box.ts), and an audit entry (who
 *   voted, never how). The private key exists only as the key holders' shares, handed out at opening: no
 *   one holding the database and the running server can open a paper (docs/BALLOT-THREAT-MODEL.md). No readable paper is
 *   written while the ballot is open, so nothing that shares the voter's transaction, time or position
 *   on disk says how they voted; and no running tally exists to be read.
 * - Counting (when the drafting committee closes it with enough key holders' shares; at its closing time the
 *   job only closes it) checks the box's chain against its head and its papers against the voters, opens
 *   every sealed paper in one transaction, writes the choices to `ballot_papers` and the receipts' hashes to
 *   `ballot_receipts`, each in its own random order, empties the box, destroys the ballot's key, and then
 *   vacuums the box so the sealed rows do not linger as dead tuples.
 * - A receipt (shown once to the voter) proves inclusion — "sealed in the box", then "counted" — and never
 *   the choices, so a voter cannot prove to anyone how they voted.
 * - Results (after counting): turnout of the frozen electorate and, per clause or for the document,
 *   approvals and rejections.
 */
import crypto from 'node:crypto';
import type { z } from 'zod';
import type { Db, Executor } from '../db/client.ts';
import type { ServiceContext } from '../lib/context.ts';
import { newId } from '../lib/ids.ts';
import { audited } from '../core/audited.ts';
import { isMemberOf, type Actor } from '../core/permissions.ts';
import { AppError, forbidden, notFound } from '../core/errors.ts';
import { boxTag, emptyHead, newBoxKeys, nextHead, sealTo } from './box.ts';
import {
  newBallotKey,
  canonicalReceipt,
  newReceipt,
  receiptHash,
  receiptTag,
  sealPaper,
  unwrapBallotKey,
  type Choice,
  paperBytes,
} from './seal.ts';
import * as repo from './ratification.repo.ts';
import { choiceKeys, countBallot, isClosed } from './ratification-count.service.ts';
import type { BallotRow } from './ratification.repo.ts';
import { results } from './ratification-results.ts';
import type { BallotSubject, SubjectReader } from './subject.ts';
import type { castBody, closeBody, openBallotBody, Ratification } from '../contract/manifesto.ts';
import { notify } from '../notifications/index.ts';

async function loadBallot(db: Db, id: string): Promise<BallotRow> {
  const b = await repo.ballotById(db, id);
  if (!b) throw notFound('Ballot');
  return b;
}

const today = () => new Date().toISOString().slice(0, 10);
/** The end of a cut-off day in the UK (as electorate.repo.ts's `enteredBy`), in milliseconds. */
function cutoffEnd(cutoff: string): number {
  const next = new Date(`${cutoff}T00:00:00Z`);
  next.setUTCDate(next.getUTCDate() + 1);
  // London is UTC or one hour ahead: the day ends at 00:00 UK time, which is 23:00 UTC in summer.
  const offset = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', timeZoneName: 'shortOffset' })
    .formatToParts(next)
    .find((p) => p.type === 'timeZoneName')?.value;
  return next.getTime() - (offset === 'GMT+1' ? 3_600_000 : 0);
}

/**
 * Opens a ratification ballot on a subject (a draft, with the clauses put to the vote, as its domain read
 * them for the asker), freezing its electorate.
 */
export async function openBallot(
  ctx: ServiceContext,
  actor: Actor,
  draft: BallotSubject & { clauses: { id: string; text: string; section: string }[] },
  body: z.infer<typeof openBallotBody>,
  read: SubjectReader,
) {
  if (!draft.mayRun) throw forbidden("Only the branch's drafting committee can hold a ballot");
  const manifestoId = draft.id;
  if (body.cutoff > today())
    throw new AppError('VALIDATION_FAILED', 'The cut-off cannot be after today', [
      {
        field: 'body.cutoff',
        message: 'must not be after today: the electorate is fixed when the ballot opens',
      },
    ]);
  if (body.closesAt && new Date(body.closesAt) <= new Date())
    throw new AppError('VALIDATION_FAILED', 'The closing time has already passed', [
      { field: 'body.closesAt', message: 'must be in the future' },
    ]);
  const put = draft.clauses;
  if (put.length === 0) throw new AppError('DRAFT_EMPTY', 'The draft has no clauses to vote on');
  const id = newId();
  const holders = body.keyHolders ?? 1;
  const threshold = body.keyThreshold ?? (holders === 1 ? 1 : 2);
  const { publicKey, shares } = await newBoxKeys(holders, threshold);
  await audited(ctx.db, async (tx, record) => {
    await repo.insertBallot(tx, {
      id,
      manifestoId,
      mode: body.mode,
      cutoff: body.cutoff,
      clauses: put,
      closesAt: body.closesAt ? new Date(body.closesAt) : null,
      quorumPercent: body.quorumPercent ?? null,
      publicKey,
      keyHolders: holders,
      keyThreshold: threshold,
      boxHead: emptyHead(id),
      createdBy: actor.memberId,
    });
    const electorate = await repo.snapshotElectorate(tx, id, draft.branchId, body.cutoff);
    record([
      {
        actorId: actor.memberId,
        action: 'create',
        subjectType: 'ballot',
        subjectId: id,
        branchId: draft.branchId,
        detail: {
          mode: body.mode,
          cutoff: body.cutoff,
          clauses: put.length,
          electorate,
          keyHolders: holders,
          keyThreshold: threshold,
        },
      },
    ]);
    await notify(tx, {
      kind: 'ballot_opened',
      audience: { type: 'ballot', ballotId: id },
      params: { manifesto: draft.title, branch: draft.branchName, closesAt: body.closesAt ?? null },
      link: `/ballots/${id}`,
    });
  });
  // The shares are in this answer alone: the server keeps none of them.
  return { ...(await getBallot(ctx, actor, id, read)), keyShares: shares };
}

/** A draft's ballots, newest first. */
export async function listBallots(ctx: ServiceContext, m: BallotSubject) {
  const rows = await repo.ballotsOfDraft(ctx.db, m.id);
  return {
    ballots: rows.map((b) => ({
      id: b.id,
      mode: b.mode,
      opensAt: b.opensAt.toISOString(),
      closed: isClosed(b),
    })),
  };
}

/** Why this member may not vote in this ballot, or null when they may (leaving aside whether they have). */
async function refusalFor(db: Db, actor: Actor, b: BallotRow, branchPath: string): Promise<string | null> {
  if (await repo.mayVote(db, b.id, actor.memberId)) return null;
  if (!isMemberOf(actor, branchPath)) return 'This ballot is for members of another branch';
  const m = await repo.memberStanding(db, actor.memberId);
  if (!m || m.status !== 'active') return 'Only active members may vote';
  if (m.joinedOn > b.cutoff) return `Only members who joined by ${b.cutoff} may vote in this ballot`;
  if (m.enteredAt.getTime() >= cutoffEnd(b.cutoff))
    return `Only members on the roll by ${b.cutoff} may vote in this ballot: your membership was recorded here on ${m.enteredAt.toISOString().slice(0, 10)}, whatever joining date an import gave`;
  return 'Only members on the roll when the ballot opened may vote in it';
}

/** The ballot as a member sees it: what is put to the vote, whether they may vote or have voted; results once counted. */
export async function getBallot(ctx: ServiceContext, actor: Actor, id: string, read: SubjectReader) {
  let b = await loadBallot(ctx.db, id);
  const m = await read(ctx.db, actor, b.manifestoId);
  if (isClosed(b) && !b.countedAt && !b.publicKey) {
    // An older ballot (sealed under the server's key) closed by its time: count it now.
    await countBallot(ctx, b.id, null);
    b = await loadBallot(ctx.db, id);
  }
  const voted = await repo.hasVoted(ctx.db, b.id, actor.memberId);
  const byBranch = await repo.rollByBranch(ctx.db, b.id);
  const closed = isClosed(b);
  return {
    id: b.id,
    manifesto: { id: m.id, title: m.title, branch: m.branchName },
    mode: b.mode,
    cutoff: b.cutoff,
    clauses: b.clauses,
    opensAt: b.opensAt.toISOString(),
    closesAt: b.closesAt?.toISOString() ?? null,
    quorumPercent: b.quorumPercent,
    closed,
    voted,
    refusal: voted
      ? 'You have voted'
      : closed
        ? 'The ballot has closed'
        : await refusalFor(ctx.db, actor, b, m.branchPath),
    canClose: !b.countedAt && m.mayRun,
    keys: b.keyHolders && b.keyThreshold ? { holders: b.keyHolders, threshold: b.keyThreshold } : null,
    awaitingCount: closed && !b.countedAt,
    roll: {
      size: byBranch.reduce((s, r) => s + r.members, 0),
      byBranch,
      onRoll: await repo.mayVote(ctx.db, b.id, actor.memberId),
    },
    box: { papers: b.boxPapers, head: b.boxHead },
    results: b.countedAt ? { ...(await results(ctx.db, b)), countedHead: b.countedHead } : null,
  };
}

function choicesOf(b: BallotRow, body: z.infer<typeof castBody>): Record<string, Choice> {
  if (b.mode === 'document') {
    if (!body.document)
      throw new AppError('VALIDATION_FAILED', 'Approve or reject the document', [
        { field: 'body.document', message: 'is required' },
      ]);
    return { document: body.document };
  }
  const given = body.clauses ?? {};
  const missing = b.clauses.filter((c) => !given[c.id]);
  const unknown = Object.keys(given).filter((k) => !b.clauses.some((c) => c.id === k));
  if (missing.length > 0 || unknown.length > 0)
    throw new AppError('VALIDATION_FAILED', 'Approve or reject each clause on the ballot, and only those', [
      ...missing.map((c) => ({ field: `body.clauses.${c.id}`, message: 'is required' })),
      ...unknown.map((k) => ({ field: `body.clauses.${k}`, message: 'is not on this ballot' })),
    ]);
  return given;
}

/** Casts the member's vote, sealed; answers with the receipt (shown once: it is kept only inside the seal). */
export async function castVote(
  ctx: ServiceContext,
  actor: Actor,
  id: string,
  body: z.infer<typeof castBody>,
  read: SubjectReader,
) {
  const b = await loadBallot(ctx.db, id);
  const m = await read(ctx.db, actor, b.manifestoId);
  if (isClosed(b)) throw new AppError('BALLOT_CLOSED', 'The ballot has closed');
  const refusal = await refusalFor(ctx.db, actor, b, m.branchPath);
  if (refusal) throw forbidden(refusal);
  const choices = choicesOf(b, body);
  const { shown, canonical: receipt } = newReceipt();
  const box = await audited(ctx.db, async (tx, record) => {
    // Held until this vote commits, so a count cannot begin between the check and the box.
    const locked = await repo.ballotForVote(tx, b.id);
    if (!locked || isClosed(locked)) throw new AppError('BALLOT_CLOSED', 'The ballot has closed');
    if (!(await repo.recordVoter(tx, b.id, actor.memberId)))
      throw new AppError('ALREADY_VOTED', 'You have already voted in this ballot');
    let place: { paper: number; head: string } | null = null;
    if (locked.publicKey) {
      const tag = boxTag(locked.publicKey, receipt);
      const sealed = sealTo(locked.publicKey, paperBytes(choiceKeys(locked), receipt, choices));
      place = { paper: locked.boxPapers + 1, head: nextHead(locked.boxHead ?? emptyHead(b.id), tag, sealed) };
      await repo.appendToBox(tx, {
        id: crypto.randomUUID(),
        ballotId: b.id,
        tag,
        sealed,
        seq: place.paper,
        head: place.head,
      });
    } else {
      const key = await ballotKey(ctx, tx, locked);
      await repo.putInBox(tx, {
        id: crypto.randomUUID(),
        ballotId: b.id,
        tag: receiptTag(key, receipt),
        sealed: sealPaper(key, choiceKeys(locked), receipt, choices),
      });
    }
    record([
      {
        actorId: actor.memberId,
        action: 'create',
        subjectType: 'ballot_vote',
        subjectId: b.id,
        branchId: m.branchId,
      },
    ]);
    return place;
  });
  return { receipt: shown, box };
}

/** The ballot's sealing key (a ballot opened before papers were sealed gets one on its first sealed vote). */
async function ballotKey(ctx: ServiceContext, tx: Executor, b: BallotRow): Promise<Buffer> {
  if (b.sealingKey) return unwrapBallotKey(ctx.config.authSecret, b.id, b.sealingKey);
  const { key, wrapped } = newBallotKey(ctx.config.authSecret, b.id);
  await repo.setSealingKey(tx, b.id, wrapped);
  return key;
}

/**
 * Where is the paper with this receipt? `sealed`: in the box of an open ballot; `counted`: among the
 * counted papers; `unknown`: no paper has it. Never the choices. Anyone who can read the draft may ask.
 */
export async function verifyReceipt(
  ctx: ServiceContext,
  actor: Actor,
  id: string,
  given: string,
  read: SubjectReader,
): Promise<{ status: 'sealed' | 'counted' | 'unknown'; box: { paper: number; head: string } | null }> {
  const b = await loadBallot(ctx.db, id);
  await read(ctx.db, actor, b.manifestoId);
  const receipt = canonicalReceipt(given);
  const unknown = { status: 'unknown' as const, box: null };
  if (!receipt) return unknown;
  if (b.countedAt)
    return (await repo.receiptCounted(ctx.db, b.id, receiptHash(receipt)))
      ? { status: 'counted', box: null }
      : unknown;
  if (b.publicKey) {
    const place = await repo.placeInBox(ctx.db, b.id, boxTag(b.publicKey, receipt));
    return place?.seq && place.head
      ? { status: 'sealed', box: { paper: place.seq, head: place.head } }
      : unknown;
  }
  if (!b.sealingKey) return unknown;
  const key = unwrapBallotKey(ctx.config.authSecret, b.id, b.sealingKey);
  return (await repo.inBox(ctx.db, b.id, receiptTag(key, receipt)))
    ? { status: 'sealed', box: null }
    : unknown;
}

/**
 * Closes the ballot now (its drafting committee) or, closed by its time, counts it, with its key holders'
 * shares; answers with the results. Wrong shares, or a box that is not as the votes left it, change nothing.
 */
export async function closeBallot(
  ctx: ServiceContext,
  actor: Actor,
  id: string,
  body: z.infer<typeof closeBody>,
  read: SubjectReader,
) {
  const b = await loadBallot(ctx.db, id);
  const m = await read(ctx.db, actor, b.manifestoId);
  if (!m.mayRun) throw forbidden("Only the branch's drafting committee can close it");
  if (b.countedAt || (b.closedAt && !b.publicKey))
    throw new AppError('BALLOT_CLOSED', 'The ballot has already closed');
  const shares = (body?.shares ?? []).filter((s) => s.trim() !== '');
  if (b.publicKey && b.keyThreshold && shares.length < b.keyThreshold)
    throw new AppError('VALIDATION_FAILED', 'Counting needs the key holders’ shares', [
      {
        field: 'body.shares',
        message: `needs ${b.keyThreshold} of the ${b.keyHolders ?? b.keyThreshold} key shares handed out when the ballot opened`,
      },
    ]);
  await countBallot(ctx, b.id, actor.memberId, shares);
  return getBallot(ctx, actor, id, read);
}

/**
 * Reminds the electorate of each ballot closing within a day who have not voted, once per ballot (the
 * ballot's row is claimed in the same transaction as the fan-out is written).
 */
export async function remindClosingBallots(ctx: ServiceContext, withinHours = 24): Promise<number> {
  return ctx.db.transaction(async (tx) => {
    const due = await repo.claimReminders(tx, withinHours);
    for (const b of due)
      await notify(tx, {
        kind: 'ballot_reminder',
        audience: { type: 'ballot', ballotId: b.id, notVoted: true },
        params: { manifesto: b.title, closesAt: b.closesAt.toISOString() },
        link: `/ballots/${b.id}`,
      });
    return due.length;
  });
}

/** How the members ratified a draft: its latest counted ballot's result, or null if none was counted. */
export async function ratificationOf(ctx: ServiceContext, manifestoId: string): Promise<Ratification | null> {
  const counted = (await repo.ballotsOfDraft(ctx.db, manifestoId)).filter((b) => b.countedAt);
  const latest = counted.sort((a, b) => (b.countedAt?.getTime() ?? 0) - (a.countedAt?.getTime() ?? 0))[0];
  if (!latest?.countedAt) return null;
  const r = await results(ctx.db, latest);
  const carriedClauses = r.clauses.filter((c) => c.carried).length;
  return {
    countedAt: latest.countedAt.toISOString(),
    mode: latest.mode,
    eligible: r.eligible,
    voted: r.voted,
    turnout: r.turnout,
    quorate: r.quorate,
    carried: r.document ? r.document.carried : r.clauses.length > 0 && carriedClauses === r.clauses.length,
    clausesCarried: r.document ? null : carriedClauses,
    clausesPut: r.document ? null : r.clauses.length,
  };
}
