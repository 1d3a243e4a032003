/**
 * Counting a ratification ballot: the box checked (its hash chain against the head the ballot recorded, its
 * papers against the members marked as voted), opened with the key holders' shares, its papers and receipts
 * written apart in random order, the box emptied and vacuumed, and everyone who could vote told the result.
 * The job closes ballots whose time has passed; only older ballots, sealed under the server's key, does it
 * count alone. See docs/BALLOT-THREAT-MODEL.md.
 */
import crypto from 'node:crypto';
import type { Executor } from '../db/client.ts';
import type { ServiceContext } from '../lib/context.ts';
import { audited } from '../core/audited.ts';
import { AppError } from '../core/errors.ts';
import { notify } from '../notifications/index.ts';
import * as repo from './ratification.repo.ts';
import type { BallotRow } from './ratification.repo.ts';
import { emptyHead, keyFromShares, KeyShareError, nextHead, openWith } from './box.ts';
import { openPaper, readPaper, receiptHash, shuffled, unwrapBallotKey, type Choice } from './seal.ts';
import { results } from './ratification-results.ts';

export const isClosed = (b: BallotRow, now = new Date()) =>
  b.closedAt !== null || b.countedAt !== null || (b.closesAt !== null && b.closesAt <= now);

/** The order of choices on a sealed paper. */
export const choiceKeys = (b: BallotRow): string[] =>
  b.mode === 'document' ? ['document'] : b.clauses.map((c) => c.id);

/** The box's papers, checked: their chain leads to the ballot's head, and there is one a voter. */
async function checkedBox(tx: Executor, b: BallotRow): Promise<string[]> {
  const rows = await repo.boxInOrder(tx, b.id);
  let head = emptyHead(b.id);
  const broken = rows.some((r, i) => {
    head = nextHead(head, r.tag, r.sealed);
    return r.seq !== i + 1 || r.head !== head;
  });
  const voters = await repo.voterCount(tx, b.id);
  if (broken || head !== b.boxHead || rows.length !== b.boxPapers || rows.length !== voters)
    throw new AppError(
      'BOX_TAMPERED',
      `The ballot box is not as the votes left it (${rows.length} papers, ${voters} members marked as voted, ${b.boxPapers} papers recorded; its chain ${broken || head !== b.boxHead ? 'breaks' : 'holds'}): it is not counted`,
    );
  return rows.map((r) => r.sealed);
}

/**
 * Counts a ballot: closes it (by hand when `by` is a member, else only if its time has passed), opens its
 * sealed papers and writes them and their receipts in random order, destroys its key, and vacuums the box.
 * Safe to call from several processes at once: the ballot's row lock lets one count, and the others find
 * it counted. Returns the number of papers counted, or null when there was nothing to do.
 */
export async function countBallot(
  ctx: ServiceContext,
  id: string,
  by: string | null,
  shares: string[] = [],
): Promise<number | null> {
  const counted = await audited(ctx.db, async (tx, record) => {
    const b = await repo.ballotForCount(tx, id);
    // Another process counted it first, or its time has not come: nothing done, nothing to record.
    if (!b || b.countedAt || (by === null && !isClosed(b))) {
      record.nothing('not counted: counted already, or still open');
      return null;
    }
    const keys = choiceKeys(b);
    let opened: { receipt: string; choices: Record<string, Choice> }[];
    if (b.publicKey) {
      // Sealed to key holders: never counted without their shares, nor from a box that is not as cast.
      if (by === null) {
        record.nothing('not counted: a key-held ballot waits for its key holders');
        return null;
      }
      let key: crypto.KeyObject;
      try {
        key = await keyFromShares(shares, b.publicKey);
      } catch (e) {
        if (e instanceof KeyShareError)
          throw new AppError('BAD_KEY_SHARES', `The key shares given: ${e.message}`);
        throw e;
      }
      const sealed = await checkedBox(tx, b);
      await repo.emptyBox(tx, b.id);
      opened = sealed.map((s) => readPaper(keys, openWith(key, s)));
    } else {
      const sealed = await repo.emptyBox(tx, b.id);
      const key = b.sealingKey ? unwrapBallotKey(ctx.config.authSecret, b.id, b.sealingKey) : null;
      opened = key ? sealed.map((s) => openPaper(key, keys, s)) : [];
    }
    await repo.writeCounted(
      tx,
      b.id,
      shuffled(opened).map((p) => ({ id: crypto.randomUUID(), choices: p.choices })),
      shuffled(opened.map((p) => receiptHash(p.receipt))),
    );
    await repo.markCounted(tx, b.id, b.publicKey ? b.boxHead : null);
    // Everyone who could vote is told the result, by their choices (in the app, by mail, or not).
    const r = await results(tx, b);
    await notify(tx, {
      kind: 'ballot_result',
      audience: { type: 'ballot', ballotId: b.id },
      params: {
        manifesto: (await repo.subjectTitle(tx, b.manifestoId)) ?? '',
        voted: r.voted,
        eligible: r.eligible,
        outcome: r.document ? (r.document.carried ? 'carried' : 'lost') : 'clauses',
        quorate: r.quorate ? 'yes' : 'no',
        quorum: b.quorumPercent === null ? 'none' : b.quorumPercent,
        carried: r.clauses.filter((c) => c.carried).length,
        put: r.clauses.length,
      },
      link: `/ballots/${b.id}`,
    });
    record([
      {
        actorId: by,
        action: 'change',
        subjectType: 'ballot',
        subjectId: b.id,
        detail: { closed: true, counted: opened.length, by: by ? 'hand' : 'time' },
      },
    ]);
    return opened.length;
  });
  if (counted !== null) await repo.vacuumBox(ctx.db);
  return counted;
}

/**
 * The server's job, every few seconds: closes every ballot whose closing time has passed (its key holders
 * count it), and counts those older ballots sealed under the server's own key. Returns how many it did.
 */
export async function countDueBallots(ctx: ServiceContext): Promise<number> {
  let n = (await repo.closeDue(ctx.db)).length;
  for (const id of await repo.dueForCounting(ctx.db)) if ((await countBallot(ctx, id, null)) !== null) n++;
  return n;
}
