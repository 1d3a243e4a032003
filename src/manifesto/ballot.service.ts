/**
 * Ratification: one member, one vote, in secret.
 *
 * - A ballot on a draft is on each clause or on the whole document; the clauses put to the vote are fixed
 *   when it opens. Members of the draft's branch who joined on or before the cut-off date may vote.
 * - Casting writes two rows in one transaction: `ballot_voters` (that the member voted: its primary key
 *   makes a second vote impossible, however many arrive at once) and a paper with the choices, a random id
 *   and the hash of a receipt — no member, no time. The receipt (shown once to the voter) proves later that
 *   their paper was counted, and as what.
 * - When the ballot closes, its papers are rewritten in random order in the closing transaction, so
 *   neither their order on disk nor the transaction that wrote them links them to voters any longer.
 * - Results (after closing): turnout and, per clause or for the document, approvals and rejections.
 */
import crypto from 'node:crypto';
import { and, desc, eq, sql } from 'drizzle-orm';
import type { z } from 'zod';
import { queryRows, type Executor } from '../db/client.ts';
import { ballotPapers, ballots, ballotVoters, members } from '../db/schema/index.ts';
import type { ServiceContext } from '../lib/context.ts';
import { newId } from '../lib/ids.ts';
import { recordAudit } from '../members/audit.repo.ts';
import { can, isMemberOf, type Actor } from '../members/policy.ts';
import { AppError, forbidden, notFound } from '../server/errors.ts';
import { getManifesto, readable } from './manifesto.service.ts';
import type { castBody, openBallotBody } from './manifesto.schema.ts';

type Ballot = typeof ballots.$inferSelect;

const hashOf = (receipt: string) => crypto.createHash('sha256').update(receipt).digest('hex');

async function loadBallot(db: Executor, id: string): Promise<Ballot> {
  const [b] = await db.select().from(ballots).where(eq(ballots.id, id));
  if (!b) throw notFound('Ballot');
  return b;
}

const isClosed = (b: Ballot, now = new Date()) =>
  b.closedAt !== null || (b.closesAt !== null && b.closesAt <= now);

/** Opens a ratification ballot on a draft (its drafting committee). */
export async function openBallot(
  ctx: ServiceContext,
  actor: Actor,
  manifestoId: string,
  body: z.infer<typeof openBallotBody>,
) {
  const draft = await getManifesto(ctx, actor, manifestoId);
  if (!draft.canDraft) throw forbidden("Only the branch's drafting committee can hold a ballot");
  const put = draft.sections.flatMap((s) =>
    s.clauses.map((c) => ({ id: c.id, text: c.text, section: s.title })),
  );
  if (put.length === 0) throw new AppError('CONFLICT', 'The draft has no clauses to vote on');
  const id = newId();
  await ctx.db.transaction(async (tx) => {
    await tx.insert(ballots).values({
      id,
      manifestoId,
      mode: body.mode,
      cutoff: body.cutoff,
      clauses: put,
      closesAt: body.closesAt ? new Date(body.closesAt) : null,
      createdBy: actor.memberId,
    });
    await recordAudit(tx, [
      {
        actorId: actor.memberId,
        action: 'create',
        subjectType: 'ballot',
        subjectId: id,
        branchId: draft.branch.id,
        detail: { mode: body.mode, cutoff: body.cutoff, clauses: put.length },
      },
    ]);
  });
  return getBallot(ctx, actor, id);
}

/** A draft's ballots, newest first. */
export async function listBallots(ctx: ServiceContext, actor: Actor, manifestoId: string) {
  const m = await readable(ctx.db, actor, manifestoId);
  const rows = await ctx.db
    .select({
      id: ballots.id,
      mode: ballots.mode,
      opensAt: ballots.opensAt,
      closesAt: ballots.closesAt,
      closedAt: ballots.closedAt,
    })
    .from(ballots)
    .where(eq(ballots.manifestoId, m.id))
    .orderBy(desc(ballots.opensAt));
  return {
    ballots: rows.map((b) => ({
      id: b.id,
      mode: b.mode,
      opensAt: b.opensAt.toISOString(),
      closed: b.closedAt !== null || (b.closesAt !== null && b.closesAt <= new Date()),
    })),
  };
}

/** May this member vote (leaving aside whether they already have)? */
async function eligibility(
  db: Executor,
  actor: Actor,
  b: Ballot,
  branchPath: string,
): Promise<string | null> {
  if (!isMemberOf(actor, branchPath)) return 'This ballot is for members of another branch';
  const [m] = await db
    .select({ joinedOn: members.joinedOn, status: members.status })
    .from(members)
    .where(eq(members.id, actor.memberId));
  if (!m || m.status !== 'active') return 'Only active members may vote';
  if (m.joinedOn > b.cutoff) return `Only members who joined by ${b.cutoff} may vote in this ballot`;
  return null;
}

/** The ballot as a member sees it: what is put to the vote, whether they may vote or have voted; results once closed. */
export async function getBallot(ctx: ServiceContext, actor: Actor, id: string) {
  const b = await loadBallot(ctx.db, id);
  const m = await readable(ctx.db, actor, b.manifestoId);
  const [voted] = await ctx.db
    .select()
    .from(ballotVoters)
    .where(and(eq(ballotVoters.ballotId, b.id), eq(ballotVoters.memberId, actor.memberId)));
  const closed = isClosed(b);
  return {
    id: b.id,
    manifesto: { id: m.id, title: m.title, branch: m.branchName },
    mode: b.mode,
    cutoff: b.cutoff,
    clauses: b.clauses,
    opensAt: b.opensAt.toISOString(),
    closesAt: b.closesAt?.toISOString() ?? null,
    closed,
    voted: voted !== undefined,
    refusal: voted
      ? 'You have voted'
      : closed
        ? 'The ballot has closed'
        : await eligibility(ctx.db, actor, b, m.branchPath),
    canClose: !closed && can(actor, 'manifesto.draft', m.branchPath),
    results: closed ? await results(ctx.db, b, m.branchPath) : null,
  };
}

/** Casts the member's vote; answers with the receipt (shown once: only its hash is kept). */
export async function castVote(
  ctx: ServiceContext,
  actor: Actor,
  id: string,
  body: z.infer<typeof castBody>,
) {
  const b = await loadBallot(ctx.db, id);
  const m = await readable(ctx.db, actor, b.manifestoId);
  if (isClosed(b)) throw new AppError('CONFLICT', 'The ballot has closed');
  const refusal = await eligibility(ctx.db, actor, b, m.branchPath);
  if (refusal) throw forbidden(refusal);
  let choices: Record<string, 'approve' | 'reject'>;
  if (b.mode === 'document') {
    if (!body.document)
      throw new AppError('VALIDATION_FAILED', 'Approve or reject the document', [
        { field: 'body.document', message: 'is required' },
      ]);
    choices = { document: body.document };
  } else {
    const given = body.clauses ?? {};
    const missing = b.clauses.filter((c) => !given[c.id]);
    const unknown = Object.keys(given).filter((k) => !b.clauses.some((c) => c.id === k));
    if (missing.length > 0 || unknown.length > 0)
      throw new AppError('VALIDATION_FAILED', 'Approve or reject each clause on the ballot, and only those', [
        ...missing.map((c) => ({ field: `body.clauses.${c.id}`, message: 'is required' })),
        ...unknown.map((k) => ({ field: `body.clauses.${k}`, message: 'is not on this ballot' })),
      ]);
    choices = given;
  }
  const receipt = crypto.randomBytes(16).toString('base64url');
  await ctx.db.transaction(async (tx) => {
    const first = await tx
      .insert(ballotVoters)
      .values({ ballotId: b.id, memberId: actor.memberId })
      .onConflictDoNothing()
      .returning({ ballotId: ballotVoters.ballotId });
    if (first.length === 0) throw new AppError('CONFLICT', 'You have already voted in this ballot');
    await tx
      .insert(ballotPapers)
      .values({ id: crypto.randomUUID(), ballotId: b.id, receiptHash: hashOf(receipt), choices });
    // The audit trail says who voted and when, as `ballot_voters` does; never how.
    await recordAudit(tx, [
      {
        actorId: actor.memberId,
        action: 'create',
        subjectType: 'ballot_vote',
        subjectId: b.id,
        branchId: m.branchId,
      },
    ]);
  });
  return { receipt };
}

/** Was the paper with this receipt counted, and as what? Anyone who can read the draft may check a receipt. */
export async function verifyReceipt(ctx: ServiceContext, actor: Actor, id: string, receipt: string) {
  const b = await loadBallot(ctx.db, id);
  await readable(ctx.db, actor, b.manifestoId);
  const [paper] = await ctx.db
    .select({ choices: ballotPapers.choices })
    .from(ballotPapers)
    .where(and(eq(ballotPapers.ballotId, b.id), eq(ballotPapers.receiptHash, hashOf(receipt))));
  return { counted: paper !== undefined, choices: paper?.choices ?? null };
}

/** Closes the ballot now (its drafting committee), shuffling its papers; answers with the results. */
export async function closeBallot(ctx: ServiceContext, actor: Actor, id: string) {
  const b = await loadBallot(ctx.db, id);
  const m = await readable(ctx.db, actor, b.manifestoId);
  if (!can(actor, 'manifesto.draft', m.branchPath))
    throw forbidden("Only the branch's drafting committee can close it");
  if (b.closedAt) throw new AppError('CONFLICT', 'The ballot has already closed');
  await ctx.db.transaction(async (tx) => {
    await tx.update(ballots).set({ closedAt: new Date() }).where(eq(ballots.id, b.id));
    // Rewritten in random order under new random ids, by this transaction.
    const papers = await tx.delete(ballotPapers).where(eq(ballotPapers.ballotId, b.id)).returning();
    const shuffled = papers
      .map((p) => ({ p, key: crypto.randomInt(2 ** 32) }))
      .sort((x, y) => x.key - y.key)
      .map(({ p }) => ({ ...p, id: crypto.randomUUID() }));
    for (let k = 0; k < shuffled.length; k += 1000)
      await tx.insert(ballotPapers).values(shuffled.slice(k, k + 1000));
    await recordAudit(tx, [
      {
        actorId: actor.memberId,
        action: 'change',
        subjectType: 'ballot',
        subjectId: b.id,
        detail: { closed: true, papers: papers.length },
      },
    ]);
  });
  return getBallot(ctx, actor, id);
}

/** Turnout (voters of the eligible members) and the count for the document or each clause. */
async function results(db: Executor, b: Ballot, branchPath: string) {
  const [eligible] = await queryRows<{ n: number }>(
    db,
    sql`select count(*)::int as n from members m join branches w on w.id = m.home_ward_id
        where w.path like ${`${branchPath}%`} and m.joined_on <= ${b.cutoff} and m.status = 'active'`,
  );
  const [voted] = await queryRows<{ n: number }>(
    db,
    sql`select count(*)::int as n from ${ballotVoters} where ballot_id = ${b.id}`,
  );
  const papers = await db
    .select({ choices: ballotPapers.choices })
    .from(ballotPapers)
    .where(eq(ballotPapers.ballotId, b.id));
  const count = (key: string) => ({
    approve: papers.filter((p) => p.choices[key] === 'approve').length,
    reject: papers.filter((p) => p.choices[key] === 'reject').length,
  });
  const tally = (key: string) => {
    const c = count(key);
    return { ...c, carried: c.approve > c.reject };
  };
  const e = eligible?.n ?? 0;
  const v = voted?.n ?? 0;
  return {
    eligible: e,
    voted: v,
    turnout: e > 0 ? v / e : 0,
    document: b.mode === 'document' ? tally('document') : null,
    clauses: b.mode === 'clauses' ? b.clauses.map((c) => ({ id: c.id, text: c.text, ...tally(c.id) })) : [],
  };
}
