/**
 * Conversations: creating and listing them, who may take part, and the pseudonymous participant that
 * stands for a member (or a link visitor) inside one conversation.
 */
import crypto from 'node:crypto';
import type { z } from 'zod';
import type { Executor } from '../db/client.ts';
import { newId } from '../lib/ids.ts';
import type { ServiceContext } from '../lib/context.ts';
import { audited } from '../core/audited.ts';
import { branchById } from '../members/index.ts';
import { can, isMemberOf, type Actor } from '../core/permissions.ts';
import { ancestorPaths } from '../core/branch-tree.ts';
import { AppError, forbidden, notFound } from '../core/errors.ts';
import { useBudget } from '../core/budgets.repo.ts';
import { isFlagged } from './abuse.ts';
import type { Deps } from './memory.ts';
import type { createConversationBody, updateConversationBody } from '../contract/deliberation.ts';
import {
  conversationById,
  conversationIdByLink,
  conversationsFor,
  insertConversation,
  insertParticipant,
  participantCounts,
  participantOf,
  statementCounts,
  takeNumber,
  updateConversationRow,
  type Conversation,
  type ConversationRow,
} from './conversation.repo.ts';
import { insertStatements } from './statement.repo.ts';
import { notify } from '../notifications/index.ts';

export { insertConversation, takeNumber, type Conversation, type ConversationRow };

/** Who is taking part: a signed-in member, or a visitor holding the conversation's link. */
export interface Caller {
  actor: Actor | null;
  /** The secret from the share link, when the caller came through it. */
  linkToken: string | null;
  /** A random key kept in the visitor's cookie; stands for a signed-out participant. */
  visitorKey: string | null;
  /** The client's address: new visitors are throttled per address. */
  address?: string;
}

const hashKey = (key: string): string => crypto.createHash('sha256').update(key).digest('base64url');

// Conversations change rarely; each process keeps them a moment (CONVERSATION_TTL_MS, memory.ts), and
// changes here clear the entry at once. (Participants never change number or id: they are kept for the life of the process, bounded.)

function forgetConversation(deps: Deps, id: string): void {
  deps.state.deliberation.conversations.forget(id);
}

export async function loadConversation(deps: Deps, id: string): Promise<Conversation> {
  return deps.state.deliberation.conversations.get(id, () => readConversation(deps.db, id));
}

async function readConversation(db: Executor, id: string): Promise<Conversation> {
  const c = await conversationById(db, id);
  if (!c) throw notFound('Conversation');
  return c;
}

export const canModerate = (actor: Actor | null, c: Conversation): boolean =>
  can(actor, 'conversations.moderate', c.branchPath) || can(actor, 'conversations.create', c.branchPath);

/** May this caller see the conversation and take part in it? */
export function mayTakePart(caller: Caller, c: Conversation): boolean {
  if (isMemberOf(caller.actor, c.branchPath) || canModerate(caller.actor, c)) return true;
  return c.access === 'link' && caller.linkToken !== null && safeEqual(caller.linkToken, c.linkToken);
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && crypto.timingSafeEqual(x, y);
}

/** The conversation, if the caller may take part; otherwise 403 (or 401 when signing in would help). */
export async function conversationFor(deps: Deps, caller: Caller, id: string): Promise<Conversation> {
  const c = await loadConversation(deps, id);
  if (!mayTakePart(caller, c)) {
    if (!caller.actor) throw new AppError('UNAUTHENTICATED', 'Sign in to take part in this conversation');
    throw forbidden('This conversation is for members of another branch');
  }
  return c;
}

export function phase(c: ConversationRow, now = new Date()): 'upcoming' | 'open' | 'closed' {
  if (now < c.opensAt) return 'upcoming';
  if (c.closesAt && now >= c.closesAt) return 'closed';
  return 'open';
}

/** The conversation as the caller sees it; those who run it also see who is taking part, by kind. */
export async function getConversation(ctx: ServiceContext, caller: Caller, id: string) {
  const c = await conversationFor(ctx, caller, id);
  const view = presentConversation(c, caller);
  if (!view.canModerate) return { ...view, takingPart: null };
  const { total, members, visitors } = await participantCounts(ctx.db, c.id);
  // The rest came with an imported conversation, or were members whose accounts have since been erased.
  return { ...view, takingPart: { members, visitors, others: total - members - visitors } };
}

export function presentConversation(c: Conversation, caller: Caller) {
  const moderator = canModerate(caller.actor, c);
  return {
    id: c.id,
    branch: { id: c.branchId, name: c.branchName },
    title: c.title,
    question: c.question,
    description: c.description,
    opensAt: c.opensAt.toISOString(),
    closesAt: c.closesAt?.toISOString() ?? null,
    phase: phase(c),
    access: c.access,
    moderation: c.moderation,
    canModerate: moderator,
    // Only those who run the conversation may hand out its link.
    link: moderator && c.access === 'link' ? `/join/${c.linkToken}` : null,
  };
}

/** The branch to start a conversation in, if the actor may start one there. */
export async function branchToStartIn(db: Executor, actor: Actor, branchId: string) {
  const branch = await branchById(db, branchId);
  if (!branch) throw notFound('Branch');
  if (!can(actor, 'conversations.create', branch.path))
    throw forbidden('Only organisers of this branch can start a conversation here');
  return branch;
}

export async function createConversation(
  ctx: ServiceContext,
  actor: Actor,
  body: z.infer<typeof createConversationBody>,
) {
  const branch = await branchToStartIn(ctx.db, actor, body.branchId);
  const unique = new Set<string>();
  const seeds = body.seedStatements.filter((s) => !unique.has(s) && unique.add(s));
  const id = await audited(ctx.db, async (tx, record) => {
    const id = await insertConversation(tx, {
      branchId: branch.id,
      title: body.title,
      question: body.question,
      description: body.description,
      opensAt: body.opensAt ? new Date(body.opensAt) : new Date(),
      closesAt: body.closesAt ? new Date(body.closesAt) : null,
      access: body.access,
      moderation: body.moderation,
      nextStatement: seeds.length,
      createdBy: actor.memberId,
    });
    await insertStatements(
      tx,
      seeds.map((text, number) => ({
        id: newId(),
        conversationId: id,
        number,
        text,
        status: 'accepted' as const,
        seed: true,
        flagged: isFlagged(text),
      })),
    );
    record([
      {
        actorId: actor.memberId,
        action: 'create',
        subjectType: 'conversation',
        subjectId: id,
        branchId: branch.id,
      },
    ]);
    // The branch's members hear of it when it opens; a conversation by link is for those given the link.
    if (body.access === 'branch')
      await notify(tx, {
        kind: 'conversation_opened',
        audience: { type: 'branch', branchId: branch.id, except: actor.memberId },
        params: { title: body.title, branch: branch.name },
        link: `/conversations/${id}`,
        ...(body.opensAt ? { dueAt: new Date(body.opensAt) } : {}),
      });
    return id;
  });
  const caller: Caller = { actor, linkToken: null, visitorKey: null };
  return presentConversation(await loadConversation(ctx, id), caller);
}

export async function updateConversation(
  ctx: ServiceContext,
  actor: Actor,
  id: string,
  body: z.infer<typeof updateConversationBody>,
) {
  const c = await loadConversation(ctx, id);
  if (!can(actor, 'conversations.create', c.branchPath))
    throw forbidden('Only organisers of this branch can change the conversation');
  const closesAt = body.closesAt === undefined ? undefined : body.closesAt ? new Date(body.closesAt) : null;
  if (closesAt && closesAt <= c.opensAt)
    throw new AppError('VALIDATION_FAILED', 'The closing time must be after the opening time', [
      { field: 'closesAt', message: 'must be after the opening time' },
    ]);
  await updateConversationRow(ctx.db, id, {
    ...(body.title ? { title: body.title } : {}),
    ...(body.question ? { question: body.question } : {}),
    ...(body.description !== undefined ? { description: body.description } : {}),
    ...(closesAt !== undefined ? { closesAt } : {}),
  });
  forgetConversation(ctx, id);
  return presentConversation(await loadConversation(ctx, id), {
    actor,
    linkToken: null,
    visitorKey: null,
  });
}

/** The link conversation a share link opens (any other conversation: not found). */
export async function joinByLink(ctx: ServiceContext, actor: Actor | null, token: string) {
  const found = await conversationIdByLink(ctx.db, token);
  const c = found ? await loadConversation(ctx, found) : undefined;
  if (c?.access !== 'link') throw notFound('Conversation');
  return presentConversation(c, { actor, linkToken: token, visitorKey: null });
}

/** Conversations the actor can take part in or run: their own branches' and those above them. */
export async function listConversations(ctx: ServiceContext, actor: Actor) {
  // Branches above the home ward (and the ward itself) are exactly the prefixes of its path.
  const ancestors = ancestorPaths(actor.homeWardPath);
  const runs = actor.assignments.filter(
    (a) => a.role === 'moderator' || a.role === 'organiser' || a.role === 'admin',
  );
  const rows = await conversationsFor(
    ctx.db,
    ancestors,
    runs.map((a) => a.branchPath),
    200,
  );
  const caller: Caller = { actor, linkToken: null, visitorKey: null };
  const counts = await statementCounts(
    ctx.db,
    rows.map((c) => c.id),
  );
  return {
    conversations: rows.map((c) => ({
      ...presentConversation(c, caller),
      statements: counts.get(c.id) ?? 0,
    })),
  };
}

/** Who the caller is in a conversation, as the caches key it (null: nobody yet). */
function participantKey(c: Conversation, caller: Caller): string | null {
  if (caller.actor) return `${c.id}:m:${caller.actor.memberId}`;
  return caller.visitorKey ? `${c.id}:v:${hashKey(caller.visitorKey)}` : null;
}

/** The caller's participant row in the conversation, if they have one. */
export async function findParticipant(deps: Deps, c: Conversation, caller: Caller) {
  const participantCache = deps.state.deliberation.participants;
  const key = participantKey(c, caller);
  const hit = key ? participantCache.get(key) : undefined;
  if (hit) return hit;
  const found = await readParticipant(deps.db, c, caller);
  if (found && key) {
    if (participantCache.size > 200_000) participantCache.clear();
    participantCache.set(key, found);
  }
  return found;
}

/** How long a caller found to have no participant yet is not looked up again for the live map. */
const LOOK_AGAIN_MS = 10_000;

/**
 * The caller's participant for showing them on the live map: like findParticipant, but someone who has not
 * voted yet is looked up again after five to fifteen seconds, so thousands of open maps of people who only
 * watch do not each query the database at every new map version.
 */
export function participantToShow(deps: Deps, c: Conversation, caller: Caller) {
  const { noParticipant, lookingUp } = deps.state.deliberation;
  const key = participantKey(c, caller);
  if (!key) return Promise.resolve(undefined);
  const until = noParticipant.get(key);
  if (until !== undefined && until > Date.now()) return Promise.resolve(undefined);
  // One lookup however many of the caller's streams ask at the same moment.
  let pending = lookingUp.get(key);
  if (!pending) {
    pending = findParticipant(deps, c, caller).then((found) => {
      if (found) noParticipant.delete(key);
      else {
        if (noParticipant.size > 200_000) noParticipant.clear();
        // At a random point of the next five to fifteen seconds, so maps opened together do not all ask at once.
        noParticipant.set(key, Date.now() + LOOK_AGAIN_MS * (0.5 + Math.random()));
      }
      return found;
    });
    lookingUp.set(key, pending);
    void pending.finally(() => lookingUp.delete(key)).catch(() => undefined);
  }
  return pending;
}

async function readParticipant(db: Executor, c: Conversation, caller: Caller) {
  if (caller.actor) return participantOf(db, c.id, { memberId: caller.actor.memberId });
  return caller.visitorKey
    ? participantOf(db, c.id, { visitorKeyHash: hashKey(caller.visitorKey) })
    : undefined;
}

/**
 * A new visitor (no account) from this address may join a conversation: at most LINK_VISITORS_PER_MINUTE
 * and LINK_VISITORS_PER_HOUR from one address, so one client cannot flood a link conversation with
 * made-up participants. The budgets are shared by every process.
 */
async function admitVisitor(ctx: ServiceContext, address: string): Promise<void> {
  const { perMinute, perHour } = ctx.config.linkVisitors;
  const minute = await useBudget(ctx.db, `visitor-minute:${address}`, 60);
  const hour = await useBudget(ctx.db, `visitor-hour:${address}`, 3600);
  if (minute.used > perMinute || hour.used > perHour)
    throw new AppError(
      'RATE_LIMITED',
      'Many people have joined this conversation from your network just now. Wait a minute and try again, or sign in.',
    );
}

/** The caller's participant, made on first use (a number taken from the conversation's counter). */
export async function participantFor(ctx: ServiceContext, c: Conversation, caller: Caller) {
  const found = await findParticipant(ctx, c, caller);
  if (found) return found;
  if (!caller.actor && !caller.visitorKey)
    throw new AppError('UNAUTHENTICATED', 'Sign in, or open the conversation from its link, to take part');
  if (!caller.actor) await admitVisitor(ctx, caller.address ?? 'unknown');
  return ctx.db.transaction(async (tx) => {
    // The counter's row lock orders concurrent first votes; a repeat finds the row made by the first.
    const number = await takeNumber(tx, c.id, 'participant');
    const again = await findParticipant({ ...ctx, db: tx }, c, caller);
    if (again) return again;
    const row = {
      id: newId(),
      conversationId: c.id,
      number,
      memberId: caller.actor?.memberId ?? null,
      visitorKeyHash: caller.actor || !caller.visitorKey ? null : hashKey(caller.visitorKey),
    };
    await insertParticipant(tx, row);
    // Their live maps in this process show them from the next version on.
    const key = participantKey(c, caller);
    if (key) ctx.state.deliberation.noParticipant.delete(key);
    return { id: row.id, number: row.number };
  });
}
