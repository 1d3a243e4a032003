/**
 * Telling members what happened. A request that causes a notification writes one fan-out row in its own
 * transaction (`notify`) and returns; the background job expands each fan-out — a branch of thousands in
 * one statement — into the in-app list and the mail queue by each member's choice for the topic, and the
 * sender works through the queue: claimed with FOR UPDATE SKIP LOCKED under a lease, retried with
 * backoff, marked sent once.
 */
import type { Executor } from '../db/client.ts';
import type { Audience, NotificationParams } from '../db/schema/index.ts';
import type { ServiceContext } from '../lib/context.ts';
import { newId } from '../lib/ids.ts';
import type { Actor } from '../core/permissions.ts';
import { AppError } from '../core/errors.ts';
import { safeError } from '../lib/safe-log.ts';
import {
  MAIL_ONLY_KINDS,
  NOTIFICATION_TOPICS,
  type MailKind,
  type MailOnlyKind,
  type NotificationChannel,
  type NotificationKind,
  type NotificationTopic,
  type Language,
} from '../contract/vocabulary.ts';
import type { NotificationList, Preferences } from '../contract/notifications.ts';
import { messageFor, say, TOPIC_OF } from './messages.ts';
import * as repo from './notification.repo.ts';
import { readUnsubscribeToken, UNSUBSCRIBE_LINK_DAYS, unsubscribeToken } from './unsubscribe.ts';

/** Tells an audience, in the caller's transaction (so nothing is told about what was rolled back). */
export async function notify(
  db: Executor,
  n: { kind: NotificationKind; audience: Audience; params: NotificationParams; link: string; dueAt?: Date },
): Promise<void> {
  await repo.insertFanout(db, { id: newId(), ...n });
}

/** Expands every waiting fan-out; returns how many members were told and mails queued. */
export async function expandFanouts(ctx: ServiceContext): Promise<{ told: number; mailed: number }> {
  const total = { told: 0, mailed: 0 };
  for (;;) {
    const done = await ctx.db.transaction(async (tx) => {
      const f = await repo.claimFanout(tx);
      if (!f) return null;
      return repo.expandFanout(tx, f, TOPIC_OF[f.kind]);
    });
    if (!done) return total;
    total.told += done.told;
    total.mailed += done.mailed;
  }
}

/**
 * What the queue keeps of a failed send: the error's class, code and SMTP reply code — never its message,
 * which may carry an address or a server's words.
 */
function mailError(err: unknown): string {
  const safe = safeError(err);
  const reply =
    typeof err === 'object' && err !== null && 'responseCode' in err && typeof err.responseCode === 'number'
      ? `SMTP ${err.responseCode}`
      : null;
  return [safe.type, safe.code, reply].filter(Boolean).join(' ');
}

const MAX_ATTEMPTS = 6;
/** Seconds before the next try: 1 min, 4 min, 16 min, about an hour, then four hours. */
const backoffSeconds = (attempts: number) => Math.min(60 * 4 ** (attempts - 1), 4 * 3600);

/** The name someone gave with their address (a sign-up's confirmation greets them by it). */
const nameGiven = (m: repo.ClaimedMail): string | null =>
  typeof m.params.name === 'string' ? m.params.name : null;

const isMailOnly = (kind: MailKind): kind is MailOnlyKind =>
  (MAIL_ONLY_KINDS as readonly string[]).includes(kind);

/** Why someone gets a mail that answers something done (theirs, or a stranger's at their sign-in). */
const whyMailOnly = (kind: MailKind) =>
  kind.startsWith('erasure_')
    ? 'mail.whyErasure'
    : kind === 'sign_in_paused'
      ? 'mail.whySignIn'
      : 'mail.whySession';

/** A notification's mail in the reader's language: every line a whole message from the catalogue. */
function mailText(
  ctx: ServiceContext,
  m: repo.ClaimedMail,
  to: { name: string | null; language: Language | null },
): { subject: string; text: string; headers?: Record<string, string> } {
  const lang = to.language ?? m.language ?? 'en';
  const { title, body } = messageFor(m.kind, m.params, lang);
  const base = ctx.config.publicUrl;
  const greeting = to.name ? say(lang, 'mail.greeting', { name: to.name }) : say(lang, 'mail.greetingNoName');
  const open = say(lang, 'mail.open', { link: `${base}${m.link}` });
  if (!m.memberId || isMailOnly(m.kind))
    return {
      subject: title,
      text: `${greeting}\n\n${body}\n\n${open}\n\n--\n${say(lang, whyMailOnly(m.kind))}\n`,
    };
  const topic = TOPIC_OF[m.kind];
  const token = encodeURIComponent(unsubscribeToken(ctx.config.authSecret, m.memberId, topic));
  const footer = [
    say(lang, 'mail.whyTopic', { topic }),
    say(lang, 'mail.stop', { link: `${base}/unsubscribe?token=${token}` }),
    say(lang, 'mail.choose', { link: `${base}/me` }),
  ];
  return {
    subject: title,
    text: `${greeting}\n\n${body}\n\n${open}\n\n--\n${footer.join('\n')}\n`,
    headers: {
      'List-Unsubscribe': `<${base}/api/notifications/unsubscribe?token=${token}>`,
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    },
  };
}

/**
 * Sends the mail that is due, `batch` at a time, until none is left or `budgetMs` has passed. Each mail
 * is marked sent as soon as the transport took it.
 */
export async function deliverMail(
  ctx: ServiceContext,
  opts: { batch?: number; leaseSeconds?: number; budgetMs?: number } = {},
): Promise<{ sent: number; failed: number }> {
  const started = Date.now();
  const result = { sent: 0, failed: 0 };
  const messageDomain = new URL(ctx.config.publicUrl).hostname;
  while (Date.now() - started < (opts.budgetMs ?? 20_000)) {
    const claimed = await repo.claimMail(
      ctx.db,
      opts.batch ?? 25 * ctx.config.mail.connections,
      opts.leaseSeconds ?? 30,
    );
    if (claimed.length === 0) break;
    const contacts = new Map(
      (
        await repo.contactsOf(
          ctx.db,
          claimed.flatMap((m) => (m.memberId ? [m.memberId] : [])),
        )
      ).map((c) => [c.id, c]),
    );
    const sendOne = async (m: (typeof claimed)[number]) => {
      const contact = m.memberId ? contacts.get(m.memberId) : undefined;
      const to = m.memberId ? contact?.email : m.toAddress;
      if (!to) {
        // Erased, or their address removed, since it was queued: nothing to send, ever.
        await repo.markFailed(ctx.db, m.id, 'no address', null);
        result.failed++;
        return;
      }
      try {
        await ctx.mailer.send({
          to,
          ...mailText(ctx, m, {
            // A member's name as the party holds it; for an address, the name given with it on the page.
            name: contact?.name ?? (m.memberId ? null : nameGiven(m)),
            language: contact?.language ?? null,
          }),
          // One identity per queued mail (a member and a message), the same on a retry after a crash.
          messageId: `<mail-${m.id}@${messageDomain}>`,
        });
        // Marked as each is accepted: a crash leaves unsent only the mails on the wire at that moment.
        await repo.markSent(ctx.db, m.id);
        result.sent++;
      } catch (err) {
        const reason = mailError(err);
        await repo.markFailed(
          ctx.db,
          m.id,
          reason,
          m.attempts >= MAX_ATTEMPTS ? null : backoffSeconds(m.attempts),
        );
        result.failed++;
      }
    };
    // As many at once as the mailer keeps connections to the relay (which also paces them).
    const queue = [...claimed];
    await Promise.all(
      Array.from({ length: Math.min(queue.length, ctx.config.mail.connections) }, async () => {
        for (let m = queue.shift(); m; m = queue.shift()) await sendOne(m);
      }),
    );
  }
  return result;
}

/** The member's notifications, written in the language the page is read in. */
export async function myNotifications(
  ctx: ServiceContext,
  actor: Actor,
  limit: number,
  lang: Language,
): Promise<NotificationList> {
  const [rows, unread] = await Promise.all([
    repo.listFor(ctx.db, actor.memberId, limit),
    repo.unreadCount(ctx.db, actor.memberId),
  ]);
  return {
    unread,
    items: rows.map((r) => ({
      id: r.id,
      kind: r.kind,
      topic: TOPIC_OF[r.kind],
      ...messageFor(r.kind, r.params, lang),
      link: r.link,
      createdAt: r.createdAt.toISOString(),
      read: r.readAt !== null,
    })),
  };
}

export async function markRead(ctx: ServiceContext, actor: Actor, ids: string[] | undefined) {
  await repo.markRead(ctx.db, actor.memberId, ids);
  return { unread: await repo.unreadCount(ctx.db, actor.memberId) };
}

async function preferencesFor(db: Executor, memberId: string): Promise<Preferences> {
  const chosen = new Map((await repo.preferencesOf(db, memberId)).map((p) => [p.topic, p.channel]));
  return {
    topics: NOTIFICATION_TOPICS.map((topic) => ({ topic, channel: chosen.get(topic) ?? 'mail' })),
  };
}

export const myPreferences = (ctx: ServiceContext, actor: Actor) => preferencesFor(ctx.db, actor.memberId);

export async function choose(
  ctx: ServiceContext,
  actor: Actor,
  topic: NotificationTopic,
  channel: NotificationChannel,
): Promise<Preferences> {
  await repo.setPreference(ctx.db, actor.memberId, topic, channel);
  return preferencesFor(ctx.db, actor.memberId);
}

function tokenSubject(ctx: ServiceContext, token: string) {
  const link = readUnsubscribeToken(ctx.config.authSecret, token);
  if (link.state === 'expired')
    throw new AppError(
      'LINK_EXPIRED',
      `This unsubscribe link is more than ${UNSUBSCRIBE_LINK_DAYS} days old and no longer works. Sign in and choose which mails you get on your profile.`,
    );
  if (link.state === 'invalid')
    throw new AppError('LINK_INVALID', 'This unsubscribe link is not whole or has been changed', [
      { field: 'token', message: 'is not a link we sent; copy the whole link from the mail' },
    ]);
  return link;
}

/** What an unsubscribe link is about, and the member's choice now (the page shows it before asking). */
export async function unsubscribeState(ctx: ServiceContext, token: string) {
  const { memberId, topic } = tokenSubject(ctx, token);
  const prefs = await preferencesFor(ctx.db, memberId);
  return { topic, channel: prefs.topics.find((t) => t.topic === topic)?.channel ?? 'mail' };
}

/** One click: no more mail on the link's topic (the in-app list keeps it). */
export async function unsubscribe(ctx: ServiceContext, token: string) {
  const { memberId, topic } = tokenSubject(ctx, token);
  const prefs = await preferencesFor(ctx.db, memberId);
  const now = prefs.topics.find((t) => t.topic === topic)?.channel ?? 'mail';
  const channel: NotificationChannel = now === 'off' ? 'off' : 'app';
  await repo.setPreference(ctx.db, memberId, topic, channel);
  return { topic, channel };
}
