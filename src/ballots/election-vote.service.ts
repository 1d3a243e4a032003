/**
 * Voting in an election and counting it.
 *
 * - **Opening** (a returning officer, after nominations close and once the freeze date has begun): the
 *   candidates with enough nominations go on the paper (in alphabetical order, as on a printed paper); the
 *   roll is frozen from the platform's own record of when each membership entered it (electorate.ts); the
 *   box's key pair is made and its private key split into the key holders' shares, returned once and
 *   stored nowhere (box.ts).
 * - **Voting**: a ranking, sealed to the public key with a receipt inside, on a paper of one length
 *   whatever the ranking (one byte a candidate), added to the box's hash chain; `election_voters` says
 *   who voted (its primary key refuses a second vote), never how.
 * - **Counting** (a returning officer, with enough key holders' shares): the box is checked (its chain
 *   against the head recorded, its papers against the voters), opened, counted by the election's method
 *   and quota (src/math), and emptied; only the anonymised rankings are kept, grouped, for the BLT file
 *   anyone can count again. Everyone on the roll is told the result with turnout.
 */
import crypto from 'node:crypto';
import type { z } from 'zod';
import type { ServiceContext } from '../lib/context.ts';
import { audited } from '../core/audited.ts';
import type { Actor } from '../core/permissions.ts';
import { AppError, forbidden } from '../core/errors.ts';
import { notify } from '../notifications/index.ts';
import { CountError, type Election } from '../math/count.ts';
import { countWithQuota } from '../math/count-quota.ts';
import { writeBlt } from '../math/io/blt.ts';
import type { countBody, ElectionView, openVotingBody, rankBody } from '../contract/elections.ts';
import {
  emptyHead,
  keyFromShares,
  KeyShareError,
  newBoxKeys,
  nextHead,
  openWith,
  boxTag,
  sealTo,
} from './box.ts';
import { canonicalReceipt, newReceipt, shuffled } from './seal.ts';
import * as repo from './election.repo.ts';
import {
  candidatesWithNominations,
  electionFor,
  getElection,
  mayRun,
  nominationsNeeded,
  phaseOf,
  wrongPhase,
} from './election.service.ts';

const RECEIPT_BYTES = 16;
const ukToday = () => new Date().toLocaleDateString('en-CA', { timeZone: 'Europe/London' });

export async function openVoting(
  ctx: ServiceContext,
  actor: Actor,
  id: string,
  body: z.infer<typeof openVotingBody>,
): Promise<ElectionView & { keyShares: string[] }> {
  const holders = body?.keyHolders ?? 1;
  const threshold = body?.keyThreshold ?? (holders === 1 ? 1 : 2);
  if (threshold > holders)
    throw new AppError('VALIDATION_FAILED', 'More shares are needed to count than there are key holders', [
      { field: 'body.keyThreshold', message: 'must not be more than the key holders' },
    ]);
  const { publicKey, shares } = await newBoxKeys(holders, threshold);
  await audited(ctx.db, async (tx, record) => {
    const e = await electionFor(tx, actor, id, true);
    if (!mayRun(actor, e)) throw forbidden("Only the election's returning officers can open voting");
    const phase = phaseOf(e);
    if (phase !== 'nominations-closed')
      throw wrongPhase(phase === 'nominations' ? 'Nominations are still open' : 'Voting has already opened');
    if (e.freezeOn > ukToday())
      throw wrongPhase(`The roll freezes on ${e.freezeOn}: voting cannot open before that day`);
    if (e.votingClosesAt <= new Date()) throw wrongPhase('The time set for voting to close has passed');
    const size = await repo.nominatingBodySize(tx, e.branchPath, e.nominatingRole);
    const qualified = (await candidatesWithNominations(tx, e, nominationsNeeded(e.nominationPercent, size)))
      .filter((c) => c.qualified)
      .sort((a, b) => a.name.localeCompare(b.name, 'en-GB'));
    if (qualified.length === 0)
      throw new AppError('CANNOT_COUNT', 'No candidate has enough nominations to be on the paper');
    const eligible = await repo.freezeRoll(tx, id, e.branchId, e.freezeOn);
    await repo.updateElection(tx, id, {
      openedAt: new Date(),
      paper: qualified.map((c) => c.id),
      publicKey,
      keyHolders: holders,
      keyThreshold: threshold,
      boxHead: emptyHead(id),
      roll: await repo.rollByBranch(tx, id),
    });
    record({
      actorId: actor.memberId,
      action: 'change',
      subjectType: 'election',
      subjectId: id,
      branchId: e.branchId,
      detail: {
        opened: true,
        candidates: qualified.length,
        eligible,
        keyHolders: holders,
        keyThreshold: threshold,
      },
    });
    await notify(tx, {
      kind: 'election_opened',
      audience: { type: 'election', electionId: id },
      params: { post: e.post, candidates: qualified.length, closesAt: e.votingClosesAt.toISOString() },
      link: `/elections/${id}`,
    });
  });
  // The shares are in this answer alone: the server keeps none of them.
  return { ...(await getElection(ctx, actor, id)), keyShares: shares };
}

export async function vote(ctx: ServiceContext, actor: Actor, id: string, body: z.infer<typeof rankBody>) {
  return audited(ctx.db, async (tx, record) => {
    // Locked: each paper extends the chain from the head before it, and a count cannot start meanwhile.
    const e = await electionFor(tx, actor, id, true);
    if (phaseOf(e) !== 'voting')
      throw wrongPhase(e.countedAt ? 'Voting has closed' : 'Voting has not opened');
    if (e.votingClosesAt <= new Date()) throw wrongPhase('Voting has closed');
    if (!(await repo.onRoll(tx, id, actor.memberId)))
      throw forbidden(
        `You are not on this election's roll: it holds the members recorded here by ${e.freezeOn}`,
      );
    const paper = e.paper ?? [];
    const unknown = body.ranking.filter((c) => !paper.includes(c));
    if (unknown.length)
      throw new AppError('VALIDATION_FAILED', 'Rank only the candidates on the paper', [
        {
          field: 'body.ranking',
          message: `${unknown.length} of the ranked are not candidates in this election`,
        },
      ]);
    if (!(await repo.recordVoter(tx, id, actor.memberId)))
      throw new AppError('ALREADY_VOTED', 'You have already voted in this election');
    const receipt = newReceipt();
    const plain = Buffer.alloc(RECEIPT_BYTES + paper.length);
    Buffer.from(receipt.canonical, 'base64url').copy(plain, 0, 0, RECEIPT_BYTES);
    body.ranking.forEach((c, i) => {
      plain[RECEIPT_BYTES + i] = paper.indexOf(c) + 1;
    });
    const publicKey = e.publicKey ?? '';
    const sealed = sealTo(publicKey, plain);
    const tag = boxTag(publicKey, receipt.canonical);
    const head = nextHead(e.boxHead ?? '', tag, sealed);
    await repo.addToBox(tx, { electionId: id, seq: e.boxPapers + 1, tag, sealed });
    await repo.updateElection(tx, id, { boxHead: head, boxPapers: e.boxPapers + 1 });
    // Who voted, never how.
    record({
      actorId: actor.memberId,
      action: 'create',
      subjectType: 'election_vote',
      subjectId: id,
      branchId: e.branchId,
    });
    return { receipt: receipt.shown, head };
  });
}

/** A ranking from an opened paper: candidate indices (from 0) in the voter's order. */
function rankingOf(plain: Buffer): number[] {
  const out: number[] = [];
  for (const byte of plain.subarray(RECEIPT_BYTES)) {
    if (byte === 0) break;
    out.push(byte - 1);
  }
  return out;
}

/** Names as the count shows them: a name two candidates share gets the later one's number after it. */
function countNames(names: string[]): string[] {
  const seen = new Map<string, number>();
  return names.map((n) => {
    const k = (seen.get(n) ?? 0) + 1;
    seen.set(n, k);
    return k === 1 ? n : `${n} (${k})`;
  });
}

export async function closeAndCount(
  ctx: ServiceContext,
  actor: Actor,
  id: string,
  body: z.infer<typeof countBody>,
): Promise<ElectionView> {
  await audited(ctx.db, async (tx, record) => {
    const e = await electionFor(tx, actor, id, true);
    if (!mayRun(actor, e)) throw forbidden("Only the election's returning officers can count it");
    if (phaseOf(e) !== 'voting')
      throw wrongPhase(e.countedAt ? 'The election has been counted' : 'Voting has not opened');
    let key: crypto.KeyObject;
    try {
      key = await keyFromShares(body.shares, e.publicKey ?? '');
    } catch (err) {
      if (err instanceof KeyShareError)
        throw new AppError('BAD_KEY_SHARES', `The key shares were refused: ${err.message}`);
      throw err;
    }
    const box = await repo.boxOf(tx, id);
    const voters = await repo.votersCount(tx, id);
    const head = box.reduce((h, p) => nextHead(h, p.tag, p.sealed), emptyHead(id));
    if (head !== e.boxHead || box.length !== e.boxPapers || box.length !== voters)
      throw new AppError(
        'BOX_TAMPERED',
        `The ballot box is not as the votes left it (${box.length} papers, ${voters} voters, chain ${head === e.boxHead ? 'intact' : 'broken'}); nothing was counted`,
      );
    const grouped = new Map<string, number>();
    for (const p of box) {
      const k = rankingOf(openWith(key, p.sealed)).join(' ');
      grouped.set(k, (grouped.get(k) ?? 0) + 1);
    }
    const papers = [...grouped.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([k, weight]) => ({ weight, ranking: k ? k.split(' ').map(Number) : [] }))
      .filter((p) => p.ranking.length > 0);
    const all = await repo.candidatesOf(tx, id);
    const onPaper = (e.paper ?? []).map(
      (cid) => all.find((c) => c.id === cid) ?? { id: cid, name: '?', woman: false },
    );
    const names = countNames(onPaper.map((c) => c.name));
    const election: Election = {
      title: e.post,
      candidates: names,
      seats: e.seats,
      withdrawn: [],
      ballots: papers.map((p) => ({ weight: p.weight, prefs: p.ranking })),
    };
    const women = new Set(onPaper.flatMap((c, i) => (c.woman ? [i] : [])));
    const seed = crypto.randomBytes(8).toString('hex');
    let counted: ReturnType<typeof countWithQuota>;
    try {
      counted = countWithQuota(election, e.method, women, e.minWomen, seed);
    } catch (err) {
      if (err instanceof CountError) throw new AppError('CANNOT_COUNT', err.message);
      throw err;
    }
    const eligible = (e.roll ?? []).reduce((n, r) => n + r.members, 0);
    await repo.insertReceipts(tx, id, shuffled(box.map((p) => p.tag)));
    await repo.emptyBox(tx, id);
    await repo.updateElection(tx, id, {
      countedAt: new Date(),
      outcome: {
        count: counted.result,
        voted: voters,
        eligible,
        papers,
        candidates: onPaper.map((c, i) => ({ id: c.id, name: names[i] ?? c.name })),
        withdrawn: counted.withdrawn.map((n) => names.indexOf(n)),
        quota: e.minWomen
          ? { minWomen: e.minWomen, women: counted.inGroup, met: counted.met, withdrawn: counted.withdrawn }
          : null,
      },
    });
    record({
      actorId: actor.memberId,
      action: 'change',
      subjectType: 'election',
      subjectId: id,
      branchId: e.branchId,
      detail: { counted: true, papers: box.length, head },
    });
    const turnout = eligible ? Math.round((1000 * voters) / eligible) / 10 : 0;
    await notify(tx, {
      kind: 'election_result',
      audience: { type: 'election', electionId: id },
      params: { post: e.post, elected: counted.result.elected.join(', '), voted: voters, eligible, turnout },
      link: `/elections/${id}`,
    });
  });
  return getElection(ctx, actor, id);
}

/** The counted papers as a BLT file: counted again by any tool, it gives the published result. */
export async function papersBlt(ctx: ServiceContext, actor: Actor, id: string): Promise<string> {
  const e = await electionFor(ctx.db, actor, id);
  const o = e.outcome;
  if (!o) throw wrongPhase('The papers are published once the election has been counted');
  return writeBlt({
    title: e.post,
    candidates: o.candidates.map((c) => c.name),
    seats: e.seats,
    // Candidates the quota withdrew: the file counts as the final count did.
    withdrawn: o.withdrawn,
    ballots: o.papers.map((p) => ({ weight: p.weight, prefs: p.ranking })),
  });
}

/**
 * Where is the paper with this receipt? `sealed`: in the box while voting is open; `counted`: among the
 * papers counted; `unknown`: no paper has it. Never the ranking. Anyone who may see the election may ask.
 */
export async function verifyReceipt(ctx: ServiceContext, actor: Actor, id: string, given: string) {
  const e = await electionFor(ctx.db, actor, id);
  const receipt = canonicalReceipt(given);
  if (!receipt || !e.publicKey) return { status: 'unknown' as const };
  const tag = boxTag(e.publicKey, receipt);
  const counted = e.countedAt !== null;
  if (!(await repo.receiptIn(ctx.db, id, tag, counted))) return { status: 'unknown' as const };
  return { status: counted ? ('counted' as const) : ('sealed' as const) };
}
