/**
 * Amendments: during the draft's amendment window, members of its branch propose to replace a clause's
 * text, add a clause to a section, or delete a clause. Each proposal is a statement of the draft's
 * amendment conversation, so members deliberate on it like any statement; the list is ranked by the
 * engine's bridging score. The drafting committee accepts (the draft changes) or declines, always with a
 * reason.
 */
import type { z } from 'zod';
import {
  insertConversation,
  loadConversation,
  phase,
  statementEvidence,
  type StatementEvidence,
  postStatement,
} from '../deliberation/index.ts';
import type { ServiceContext } from '../lib/context.ts';
import { newId } from '../lib/ids.ts';
import { audited } from '../core/audited.ts';
import { can, type Actor } from '../core/permissions.ts';
import { AppError, forbidden, notFound } from '../core/errors.ts';
import { readable } from './manifesto.service.ts';
import * as repo from './manifesto.repo.ts';
import { notify } from '../notifications/index.ts';
import type { decideBody, openWindowBody, proposeBody } from '../contract/manifesto.ts';

/** Opens the amendment window: a conversation of the draft's branch that closes when the window does. */
export async function openWindow(
  ctx: ServiceContext,
  actor: Actor,
  id: string,
  body: z.infer<typeof openWindowBody>,
) {
  const m = await readable(ctx.db, actor, id);
  if (!can(actor, 'manifesto.draft', m.branchPath))
    throw forbidden("Only the branch's drafting committee can open the amendment window");
  if (m.amendmentConversationId) {
    const c = await loadConversation(ctx, m.amendmentConversationId);
    if (phase(c) !== 'closed') throw new AppError('AMENDMENTS_OPEN', 'The amendment window is already open');
  }
  const conversationId = await audited(ctx.db, async (tx, record) => {
    const cid = await insertConversation(tx, {
      branchId: m.branchId,
      title: `Amendments: ${m.title}`,
      question: 'Which amendments should the drafting committee accept?',
      description: 'Each statement here is a proposed amendment to the draft manifesto. Vote on each one.',
      opensAt: new Date(),
      closesAt: new Date(body.closesAt),
      access: 'branch',
      moderation: 'post',
      createdBy: actor.memberId,
    });
    await repo.setAmendmentConversation(tx, m.id, cid);
    record([
      {
        actorId: actor.memberId,
        action: 'change',
        subjectType: 'manifesto',
        subjectId: m.id,
        branchId: m.branchId,
        detail: { amendmentWindowUntil: body.closesAt },
      },
    ]);
    await notify(tx, {
      kind: 'amendments_opened',
      audience: { type: 'branch', branchId: m.branchId, except: actor.memberId },
      params: { manifesto: m.title, closesAt: body.closesAt },
      link: `/manifestos/${m.id}`,
    });
    return cid;
  });
  return { conversationId, closesAt: body.closesAt };
}

/** Proposes an amendment (a member of the branch, while the window is open). */
export async function propose(
  ctx: ServiceContext,
  actor: Actor,
  id: string,
  body: z.infer<typeof proposeBody>,
) {
  const m = await readable(ctx.db, actor, id);
  const conversationId = m.amendmentConversationId;
  if (!conversationId || phase(await loadConversation(ctx, conversationId)) !== 'open')
    throw new AppError('AMENDMENTS_NOT_OPEN', 'The amendment window is not open');
  let statementText: string;
  let clauseId: string | null = null;
  let sectionId: string | null;
  if (body.kind === 'add') {
    const section = await repo.sectionOf(ctx.db, m.id, body.sectionId);
    if (!section) throw notFound('Section');
    sectionId = section.id;
    statementText = `Add to ${section.title}: ${body.text}`;
  } else {
    const clause = await repo.clauseOf(ctx.db, m.id, body.clauseId);
    if (!clause) throw notFound('Clause');
    clauseId = clause.id;
    sectionId = clause.sectionId;
    statementText =
      body.kind === 'replace' ? `Replace “${clause.text}” with: ${body.text}` : `Delete: “${clause.text}”`;
  }
  const posted = await postStatement(
    ctx,
    { actor, linkToken: null, visitorKey: null },
    conversationId,
    statementText,
  );
  if (!posted.created) throw new AppError('DUPLICATE_AMENDMENT', 'You have already proposed this amendment');
  const amendmentId = newId();
  await repo.insertAmendment(ctx.db, {
    id: amendmentId,
    manifestoId: m.id,
    kind: body.kind,
    clauseId,
    sectionId,
    text: body.kind === 'delete' ? null : body.text,
    statementId: posted.statement.id,
    proposedBy: actor.memberId,
  });
  return listAmendments(ctx, actor, id);
}

/** The draft's amendments, the most bridging first (their support in the amendment conversation). */
export async function listAmendments(ctx: ServiceContext, actor: Actor, id: string) {
  const m = await readable(ctx.db, actor, id);
  const rows = await repo.amendmentsOf(ctx.db, m.id);
  const conversationId = m.amendmentConversationId;
  const evidence: Map<string, StatementEvidence> = conversationId
    ? (await statementEvidence(ctx, conversationId, new Set(rows.map((a) => a.statementId)))).evidence
    : new Map<string, StatementEvidence>();
  const conversation = conversationId ? await loadConversation(ctx, conversationId) : null;
  const list = rows.map((a) => {
    const support = evidence.get(a.statementId) ?? null;
    return {
      id: a.id,
      kind: a.kind,
      clauseId: a.clauseId,
      sectionId: a.sectionId,
      text: a.text,
      statementId: a.statementId,
      status: a.status,
      reason: a.reason,
      decidedAt: a.decidedAt?.toISOString() ?? null,
      bridging: support?.bridging ?? null,
      support,
    };
  });
  list.sort((x, y) => (y.bridging ?? -Infinity) - (x.bridging ?? -Infinity));
  return {
    window: conversation
      ? {
          conversationId: conversation.id,
          closesAt: conversation.closesAt?.toISOString() ?? null,
          open: phase(conversation) === 'open',
        }
      : null,
    canDecide: can(actor, 'manifesto.draft', m.branchPath),
    amendments: list,
  };
}

/** Accepts (the draft changes) or declines an amendment, with a reason (the drafting committee). */
export async function decide(
  ctx: ServiceContext,
  actor: Actor,
  id: string,
  amendmentId: string,
  body: z.infer<typeof decideBody>,
) {
  const m = await readable(ctx.db, actor, id);
  if (!can(actor, 'manifesto.draft', m.branchPath))
    throw forbidden("Only the branch's drafting committee can decide on amendments");
  await audited(ctx.db, async (tx, record) => {
    const a = await repo.amendmentForUpdate(tx, m.id, amendmentId);
    if (!a) throw notFound('Amendment');
    if (a.status !== 'pending')
      throw new AppError('ALREADY_DECIDED', `This amendment was already ${a.status}`);
    if (body.decision === 'accept') {
      if (a.kind === 'add') {
        if (!a.sectionId) throw new AppError('TARGET_GONE', 'The section of this amendment no longer exists');
        await repo.appendClause(tx, {
          id: newId(),
          sectionId: a.sectionId,
          text: a.text ?? '',
          source: 'written',
          createdBy: actor.memberId,
        });
      } else {
        if (!a.clauseId) throw new AppError('TARGET_GONE', 'The clause of this amendment no longer exists');
        if (a.kind === 'delete') await repo.deleteClause(tx, m.id, a.clauseId);
        // An amended clause is the committee's wording now: it no longer stands for the statement it came from.
        else await repo.rewordClause(tx, a.clauseId, a.text ?? '');
      }
      await repo.touch(tx, m.id);
    }
    await repo.recordAmendmentDecision(tx, a.id, {
      status: body.decision === 'accept' ? 'accepted' : 'declined',
      reason: body.reason,
      decidedBy: actor.memberId,
    });
    record([
      {
        actorId: actor.memberId,
        action: 'change',
        subjectType: 'amendment',
        subjectId: a.id,
        branchId: m.branchId,
        detail: { decision: body.decision, reason: body.reason },
      },
    ]);
  });
  return listAmendments(ctx, actor, id);
}
