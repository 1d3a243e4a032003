/**
 * Moving between Polis and Broadchurch: export a conversation as a Polis export (votes.csv, comments.csv,
 * participants-votes.csv) and as the analysis JSON, and start a conversation from a Polis export.
 *
 * Exports carry participant numbers, never who they are; they are for the people who run the conversation,
 * and each one is audited. An import is all-or-nothing: a bad row is reported with its file and line.
 */
import path from 'node:path';
import type { z } from 'zod';
import { newId } from '../lib/ids.ts';
import type { ServiceContext } from '../lib/context.ts';
import {
  PolisInputError,
  polisExportFiles,
  readPolisData,
  type PolisData,
  type PolisExport,
  type PolisFile,
} from '../math/io/polis-csv.ts';
import type { Vote } from '../math/matrix.ts';
import { audited } from '../core/audited.ts';
import { scopeOf, type Actor } from '../core/permissions.ts';
import { AppError, forbidden } from '../core/errors.ts';
import { latestAnalysis, requestAnalysis } from './analysis.service.ts';
import { statementsChanged } from './statement-cache.ts';
import type { importPolisFields } from '../contract/deliberation.ts';
import * as repo from './polis.repo.ts';
import {
  branchToStartIn,
  canModerate,
  insertConversation,
  loadConversation,
  presentConversation,
  type Conversation,
} from './conversation.service.ts';

/** The conversation, for one who runs it (exports, Polis's groups beside ours). */
export async function runConversation(ctx: ServiceContext, actor: Actor, id: string) {
  const c = await loadConversation(ctx, id);
  if (!canModerate(actor, c)) throw forbidden('Only those who run this conversation can export it');
  return c;
}

/** Records an export of the conversation (pseudonymous: participant numbers, no member). */
const auditExport = (
  ctx: ServiceContext,
  actor: Actor,
  c: Conversation,
  detail: Record<string, string | number>,
) =>
  audited(ctx.db, (_tx, record) => {
    record({
      actorId: actor.memberId,
      action: 'export',
      subjectType: 'conversation',
      subjectId: c.id,
      branchId: c.branchId,
      detail,
    });
    return Promise.resolve();
  });

/** The conversation as Polis would export it. */
export async function exportPolis(
  ctx: ServiceContext,
  actor: Actor,
  id: string,
): Promise<Record<PolisFile, string>> {
  const c = await runConversation(ctx, actor, id);
  const events = await repo.voteEventsByNumber(ctx.db, c.id);
  // Polis has no "no vote": an undone vote takes that participant's earlier votes on the statement with it.
  const kept: { participant: string; statement: string; vote: Vote; time: number }[] = [];
  const undone = new Set<string>();
  for (let k = events.length - 1; k >= 0; k--) {
    const e = events[k];
    if (!e) continue;
    const key = `${e.p}:${e.s}`;
    if (e.v === null) undone.add(key);
    else if (!undone.has(key))
      kept.push({
        participant: String(e.p),
        statement: String(e.s),
        vote: e.v as Vote,
        time: new Date(e.at).getTime(),
      });
  }
  kept.reverse();
  const stmts = await repo.statementsByNumber(ctx.db, c.id);
  const data: PolisExport = {
    votes: kept,
    statements: stmts.map((s) => ({
      id: String(s.number),
      text: s.text,
      author: s.author === null ? '' : String(s.author),
      status: s.status === 'accepted' ? 'accepted' : s.status === 'rejected' ? 'rejected' : 'unmoderated',
      meta: s.meta,
      seed: s.seed,
    })),
    polisGroups: new Map(),
  };
  const analysis = await latestAnalysis(ctx, c.id);
  const groups = new Map(analysis?.report.participants.map((p) => [p.id, p.group]) ?? []);
  await auditExport(ctx, actor, c, { format: 'polis', votes: kept.length });
  return polisExportFiles(data, groups);
}

/** The stored analysis report, as `bin/broadchurch analyze` writes it. */
export async function exportAnalysis(ctx: ServiceContext, actor: Actor, id: string) {
  const c = await runConversation(ctx, actor, id);
  const analysis = await latestAnalysis(ctx, c.id);
  if (!analysis)
    throw new AppError('NO_ANALYSIS_YET', 'There is no analysis yet: it appears once people have voted');
  await auditExport(ctx, actor, c, { format: 'analysis', version: analysis.version });
  return analysis.report;
}

/** Votes are written this many to a statement. */
const VOTE_BATCH = 5000;

/** Polis ids are numbers; keep them when they are, or number them in order of appearance. */
function numbering(ids: string[]): Map<string, number> {
  const all = ids.every((x) => /^\d{1,9}$/.test(x));
  return new Map(ids.map((x, i) => [x, all ? Number(x) : i]));
}

/**
 * Starts a conversation from a Polis export whose files were uploaded into `dir` (comments.csv with
 * votes.csv or participants-votes.csv): statements, participants and every vote with its time. The votes
 * are read in chunks into compact columns and written in batches; the latest vote of each participant on
 * each statement is derived in SQL. All in one transaction: a bad row refuses the whole export.
 */
/**
 * Refuses, before a byte of the upload is read, a caller who may start a conversation nowhere (the branch
 * named in the form is checked once the form has arrived).
 */
export function mayImportAnywhere(actor: Actor): void {
  if (scopeOf(actor, 'conversations.create').length === 0)
    throw forbidden('Only organisers can import a conversation');
}

export async function importPolis(
  ctx: ServiceContext,
  actor: Actor,
  body: z.infer<typeof importPolisFields>,
  dir: string,
) {
  const branch = await branchToStartIn(ctx.db, actor, body.branchId);
  let data: PolisData;
  try {
    data = readPolisData(dir);
  } catch (e) {
    if (e instanceof PolisInputError)
      throw new AppError('IMPORT_INVALID', `The Polis export was not imported: ${e.message}`, [
        { field: path.basename(e.file), message: e.message, ...(e.line ? { line: e.line } : {}) },
      ]);
    throw e;
  }
  const cols = data.columns;
  const sNum = numbering(data.statements.map((s) => s.id));
  const authorIds = data.statements.map((s) => s.author).filter(Boolean);
  const pIds = [...new Set([...cols.participants, ...authorIds])];
  const pNum = numbering(pIds);
  let firstVote = Infinity;
  for (let k = 0; k < cols.length; k++) firstVote = Math.min(firstVote, cols.t[k] ?? Infinity);
  // Not Math.max(...values): an export of 100k participants would overflow the call stack.
  const nextOf = (numbers: Map<string, number>) =>
    [...numbers.values()].reduce((m, n) => Math.max(m, n + 1), 0);
  const id = await audited(ctx.db, async (tx, record) => {
    const id = await insertConversation(tx, {
      branchId: branch.id,
      title: body.title,
      question: body.question,
      description: body.description,
      opensAt: Number.isFinite(firstVote) ? new Date(firstVote) : new Date(),
      closesAt: null,
      access: 'branch',
      moderation: 'post',
      nextStatement: nextOf(sNum),
      nextParticipant: nextOf(pNum),
      createdBy: actor.memberId,
    });
    const pRow = new Map(pIds.map((p) => [p, newId()]));
    const people = pIds.map((p) => ({
      id: pRow.get(p) ?? '',
      conversationId: id,
      number: pNum.get(p) ?? 0,
      polisGroup: data.polisGroups.get(p) ?? null,
    }));
    await repo.insertParticipants(tx, people);
    const sRow = new Map(data.statements.map((s) => [s.id, newId()]));
    const rows = data.statements.map((s) => ({
      id: sRow.get(s.id) ?? '',
      conversationId: id,
      number: sNum.get(s.id) ?? 0,
      text: s.text,
      authorId: s.author ? (pRow.get(s.author) ?? null) : null,
      status:
        s.status === 'accepted'
          ? ('accepted' as const)
          : s.status === 'rejected'
            ? ('rejected' as const)
            : ('pending' as const),
      meta: s.meta ?? false,
      seed: s.seed ?? false,
    }));
    await repo.insertStatementRows(tx, rows);
    // Every vote, in the export's order, a batch at a time; then the latest of each pair from them.
    const pUuid = cols.participants.map((p) => pRow.get(p) ?? '');
    const sUuid = cols.statements.map((x) => sRow.get(x) ?? '');
    for (let k = 0; k < cols.length; k += VOTE_BATCH) {
      const batch = [];
      for (let i = k; i < Math.min(cols.length, k + VOTE_BATCH); i++)
        batch.push({ p: pUuid[cols.p[i] ?? 0], s: sUuid[cols.s[i] ?? 0], v: cols.v[i], t: cols.t[i] });
      await repo.insertVoteEvents(tx, id, batch);
    }
    await repo.votesFromEvents(tx, id);
    record([
      {
        actorId: actor.memberId,
        action: 'import',
        subjectType: 'conversation',
        subjectId: id,
        branchId: branch.id,
        detail: {
          format: 'polis',
          statements: rows.length,
          participants: people.length,
          votes: cols.length,
        },
      },
    ]);
    return id;
  });
  statementsChanged(ctx, id);
  await requestAnalysis(ctx, id);
  return {
    conversation: presentConversation(await loadConversation(ctx, id), {
      actor,
      linkToken: null,
      visitorKey: null,
    }),
    imported: { statements: data.statements.length, participants: pIds.length, votes: cols.length },
  };
}
