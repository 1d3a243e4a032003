/**
 * Manifesto drafts: a branch's drafting committee (or an admin) makes sections and fills them with clauses,
 * each a Common Ground statement (carrying its live evidence: agreement in every opinion group, vote counts,
 * the conversation it came from) or a clause written by a member. Members of the branch read the draft.
 */
import type { z } from 'zod';
import type { Executor } from '../db/client.ts';
import {
  loadConversation,
  mayTakePart,
  statementById,
  statementEvidence,
  type StatementEvidence,
} from '../deliberation/index.ts';
import type { ServiceContext } from '../lib/context.ts';
import { newId } from '../lib/ids.ts';
import { audited } from '../core/audited.ts';
import { branchById } from '../members/index.ts';
import { can, isMemberOf, scopeOf, type Actor } from '../core/permissions.ts';
import { AppError, forbidden, notFound } from '../core/errors.ts';
import type { addClauseBody, addSectionBody, createManifestoBody } from '../contract/manifesto.ts';
import { isWithin } from '../core/branch-tree.ts';
import * as repo from './manifesto.repo.ts';

type Manifesto = repo.ManifestoRow;

async function loadManifesto(db: Executor, id: string): Promise<Manifesto> {
  const row = await repo.manifestoById(db, id);
  if (!row) throw notFound('Manifesto');
  return row;
}

const mayDraft = (actor: Actor, m: { branchPath: string }) => can(actor, 'manifesto.draft', m.branchPath);

/** A draft the actor may read: members of its branch (and below) and its drafters. */
export async function readable(db: Executor, actor: Actor, id: string): Promise<Manifesto> {
  const m = await loadManifesto(db, id);
  if (!isMemberOf(actor, m.branchPath) && !mayDraft(actor, m))
    throw forbidden('This manifesto belongs to another branch');
  return m;
}

async function draftable(db: Executor, actor: Actor, id: string): Promise<Manifesto> {
  const m = await readable(db, actor, id);
  if (!mayDraft(actor, m)) throw forbidden("Only the branch's drafting committee can change its manifesto");
  return m;
}

/** Drafts of the branches the actor belongs to or drafts for. */
export async function listManifestos(ctx: ServiceContext, actor: Actor) {
  const rows = await repo.allManifestos(ctx.db);
  const draftsFor = scopeOf(actor, 'manifesto.draft');
  return {
    manifestos: rows
      .filter((m) => isMemberOf(actor, m.branchPath) || draftsFor.some((p) => m.branchPath.startsWith(p)))
      .map(({ branchPath, branchId, branchName, updatedAt, ...m }) => ({
        ...m,
        branch: { id: branchId, name: branchName },
        updatedAt: updatedAt.toISOString(),
        canDraft: mayDraft(actor, { branchPath }),
      })),
  };
}

export async function createManifesto(
  ctx: ServiceContext,
  actor: Actor,
  body: z.infer<typeof createManifestoBody>,
) {
  const branch = await branchById(ctx.db, body.branchId);
  if (!branch) throw notFound('Branch');
  if (!mayDraft(actor, { branchPath: branch.path }))
    throw forbidden("Only the branch's drafting committee can start its manifesto");
  const id = newId();
  await audited(ctx.db, async (tx, record) => {
    await repo.insertManifesto(
      tx,
      { id, branchId: branch.id, title: body.title, createdBy: actor.memberId },
      body.sections.map((title) => ({ id: newId(), title })),
    );
    record([
      {
        actorId: actor.memberId,
        action: 'create',
        subjectType: 'manifesto',
        subjectId: id,
        branchId: branch.id,
      },
    ]);
  });
  return getManifesto(ctx, actor, id);
}

/**
 * The draft: its sections in order, each clause with its evidence. A clause from a statement shows the
 * statement's support now (the conversation's latest analysis), as the conversation's report shows it.
 */
export async function getManifesto(ctx: ServiceContext, actor: Actor, id: string) {
  const m = await readable(ctx.db, actor, id);
  const sections = await repo.sectionsOf(ctx.db, m.id);
  const rows = await repo.clausesOfSections(
    ctx.db,
    sections.map((s) => s.id),
  );
  // Evidence, one analysis read per conversation the clauses came from.
  const wanted = new Map<string, Set<string>>();
  for (const { clause } of rows)
    if (clause.conversationId && clause.statementId)
      wanted.set(
        clause.conversationId,
        (wanted.get(clause.conversationId) ?? new Set()).add(clause.statementId),
      );
  const evidence = new Map<string, { version: number; evidence: Map<string, StatementEvidence> }>();
  for (const [conversationId, ids] of wanted)
    evidence.set(conversationId, await statementEvidence(ctx, conversationId, ids));
  const present = (r: (typeof rows)[number]) => {
    const { clause } = r;
    const fromStatement =
      clause.conversationId && clause.statementId
        ? {
            conversation: { id: clause.conversationId, title: r.conversationTitle ?? '' },
            statementId: clause.statementId,
            statementNumber: r.statementNumber,
            analysisVersion: evidence.get(clause.conversationId)?.version ?? 0,
            support: evidence.get(clause.conversationId)?.evidence.get(clause.statementId) ?? null,
          }
        : null;
    return {
      id: clause.id,
      text: clause.text,
      source: clause.source,
      evidence: fromStatement,
      createdAt: clause.createdAt.toISOString(),
    };
  };
  return {
    id: m.id,
    title: m.title,
    branch: { id: m.branchId, name: m.branchName },
    updatedAt: m.updatedAt.toISOString(),
    canDraft: mayDraft(actor, m),
    sections: sections.map((s) => ({
      id: s.id,
      title: s.title,
      clauses: rows.filter((r) => r.clause.sectionId === s.id).map(present),
    })),
  };
}

export async function addSection(
  ctx: ServiceContext,
  actor: Actor,
  id: string,
  body: z.infer<typeof addSectionBody>,
) {
  const m = await draftable(ctx.db, actor, id);
  const existing = await repo.sectionsOf(ctx.db, m.id);
  if (existing.some((s) => s.title.toLowerCase() === body.title.toLowerCase()))
    throw new AppError('SECTION_EXISTS', `There is already a section called “${body.title}”`);
  const position = existing.reduce((p, s) => Math.max(p, s.position + 1), 0);
  await repo.insertSection(ctx.db, { id: newId(), manifestoId: m.id, position, title: body.title });
  await repo.touch(ctx.db, m.id);
  return getManifesto(ctx, actor, m.id);
}

/**
 * Adds a clause at the end of a section: written text, or a Common Ground statement the drafter may see,
 * from a conversation of the manifesto's branch, above it or below it, accepted by its moderators.
 */
export async function addClause(
  ctx: ServiceContext,
  actor: Actor,
  id: string,
  body: z.infer<typeof addClauseBody>,
) {
  const m = await draftable(ctx.db, actor, id);
  const section = await repo.sectionOf(ctx.db, m.id, body.sectionId);
  if (!section) throw notFound('Section');
  let values: {
    text: string;
    source: 'statement' | 'written';
    conversationId?: string;
    statementId?: string;
  };
  if ('statementId' in body) {
    const st = await statementById(ctx.db, body.statementId);
    if (!st) throw notFound('Statement');
    const c = await loadConversation(ctx, st.conversationId);
    if (!mayTakePart({ actor, linkToken: null, visitorKey: null }, c)) throw notFound('Statement');
    if (!isWithin(c.branchPath, m.branchPath) && !isWithin(m.branchPath, c.branchPath))
      throw new AppError('OTHER_BRANCH', 'That statement comes from a conversation of another branch');
    if (st.status !== 'accepted')
      throw new AppError(
        'STATEMENT_NOT_ACCEPTED',
        'Only statements accepted by the moderators can become clauses',
      );
    values = { text: st.text, source: 'statement', conversationId: c.id, statementId: st.id };
  } else {
    values = { text: body.text, source: 'written' };
  }
  const clauseId = newId();
  await ctx.db.transaction(async (tx) => {
    const inserted = await repo.appendClause(tx, {
      id: clauseId,
      sectionId: section.id,
      ...values,
      createdBy: actor.memberId,
    });
    if (!inserted)
      throw new AppError('ALREADY_A_CLAUSE', `That statement is already a clause of “${section.title}”`);
    await repo.touch(tx, m.id);
  });
  return getManifesto(ctx, actor, m.id);
}

export async function removeClause(ctx: ServiceContext, actor: Actor, id: string, clauseId: string) {
  const m = await draftable(ctx.db, actor, id);
  const removed = await repo.deleteClause(ctx.db, m.id, clauseId);
  if (!removed) throw notFound('Clause');
  await repo.touch(ctx.db, m.id);
  return getManifesto(ctx, actor, m.id);
}
