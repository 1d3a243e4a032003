/**
 * Canvass sessions: an organiser sets a time, a meeting point and walks; anyone can sign up from the public
 * page (a name and an email, e.g. after a rally) and members in two taps; everyone signed up gets a
 * confirmation and a reminder, in the language of the page they signed up on, through the mail queue.
 */
import type { z } from 'zod';
import type { Db } from '../db/client.ts';
import type { ServiceContext } from '../lib/context.ts';
import { newId } from '../lib/ids.ts';
import { memberById } from '../members/index.ts';
import type { Actor } from '../core/permissions.ts';
import { AppError, notFound } from '../core/errors.ts';
import { branchFor } from './access.ts';
import { ancestorPaths } from '../core/branch-tree.ts';
import * as repo from './session.repo.ts';
import { notify, queueMail } from '../notifications/index.ts';
import { useBudget } from '../core/budgets.repo.ts';
import { emailKey } from '../core/budget-keys.ts';
import type { Language } from '../contract/vocabulary.ts';
import type { sessionChangeBody } from '../contract/canvass.ts';

export async function createSession(
  ctx: ServiceContext,
  actor: Actor,
  branchId: string,
  body: { title: string; startsAt: string; endsAt: string; meetingPoint: string; walkIds: string[] },
) {
  const branch = await branchFor(ctx.db, actor, branchId, 'canvass.organise');
  if (body.walkIds.length > 0) {
    const known = await repo.walksWithin(ctx.db, body.walkIds, branch.path);
    const unknown = body.walkIds.filter((id) => !known.has(id));
    if (unknown.length > 0)
      throw new AppError(
        'VALIDATION_FAILED',
        'Some walks are not walks of this branch',
        unknown.map((id) => ({ field: 'walkIds', message: `unknown walk ${id}` })),
      );
  }
  const id = newId();
  await repo.insertSession(
    ctx.db,
    {
      id,
      branchId: branch.id,
      title: body.title,
      startsAt: new Date(body.startsAt),
      endsAt: new Date(body.endsAt),
      meetingPoint: body.meetingPoint,
      createdBy: actor.memberId,
    },
    body.walkIds,
  );
  return getSession(ctx, actor, id);
}

async function sessionRow(db: Db, id: string): Promise<repo.SessionRow> {
  const row = await repo.sessionRow(db, id);
  if (!row) throw notFound('Canvass session');
  return row;
}

/** The organiser's view: the session, its walks and who signed up. */
export async function getSession(ctx: ServiceContext, actor: Actor, id: string) {
  const row = await sessionRow(ctx.db, id);
  await branchFor(ctx.db, actor, row.session.branchId, 'canvass.organise');
  const sessionWalkRows = await repo.sessionWalksOf(ctx.db, id);
  const signups = await repo.signupsOf(ctx.db, id);
  return {
    ...presentPublic(row),
    walks: sessionWalkRows,
    signups: signups.map((s) => ({ ...s, remindedAt: s.remindedAt?.toISOString() ?? null })),
  };
}

const presentPublic = (row: repo.SessionRow) => ({
  id: row.session.id,
  title: row.session.title,
  branch: row.branch,
  startsAt: row.session.startsAt.toISOString(),
  endsAt: row.session.endsAt.toISOString(),
  meetingPoint: row.session.meetingPoint,
  cancelledAt: row.session.cancelledAt?.toISOString() ?? null,
});

/**
 * Changes a session's title, time or meeting point (its organisers); everyone signed up is told the new
 * time and place.
 */
export async function changeSession(
  ctx: ServiceContext,
  actor: Actor,
  id: string,
  body: z.infer<typeof sessionChangeBody>,
) {
  const row = await sessionRow(ctx.db, id);
  await branchFor(ctx.db, actor, row.session.branchId, 'canvass.organise');
  if (row.session.cancelledAt) throw new AppError('SESSION_CANCELLED', 'This canvass session was cancelled');
  const startsAt = body.startsAt ? new Date(body.startsAt) : row.session.startsAt;
  const endsAt = body.endsAt ? new Date(body.endsAt) : row.session.endsAt;
  if (endsAt <= startsAt)
    throw new AppError('VALIDATION_FAILED', 'The session must end after it starts', [
      { field: 'endsAt', message: 'must be after the start' },
    ]);
  const title = body.title ?? row.session.title;
  const meetingPoint = body.meetingPoint ?? row.session.meetingPoint;
  const unchanged =
    title === row.session.title &&
    meetingPoint === row.session.meetingPoint &&
    startsAt.getTime() === row.session.startsAt.getTime() &&
    endsAt.getTime() === row.session.endsAt.getTime();
  // Nothing to tell anyone: no mail saying "it has changed" when it has not.
  if (unchanged) return getSession(ctx, actor, id);
  await ctx.db.transaction(async (tx) => {
    await repo.updateSession(tx, id, { title, startsAt, endsAt, meetingPoint });
    await notify(tx, {
      kind: 'session_changed',
      audience: { type: 'session', sessionId: id },
      params: { title, startsAt: startsAt.toISOString(), meetingPoint },
      link: `/s/${id}`,
    });
  });
  return getSession(ctx, actor, id);
}

/** Cancels a session (its organisers); everyone signed up is told. */
export async function cancelSession(ctx: ServiceContext, actor: Actor, id: string) {
  const row = await sessionRow(ctx.db, id);
  await branchFor(ctx.db, actor, row.session.branchId, 'canvass.organise');
  await ctx.db.transaction(async (tx) => {
    if (!(await repo.cancelSession(tx, id)))
      throw new AppError('SESSION_CANCELLED', 'This canvass session was cancelled already');
    await notify(tx, {
      kind: 'session_cancelled',
      audience: { type: 'session', sessionId: id },
      params: { title: row.session.title, startsAt: row.session.startsAt.toISOString() },
      link: `/s/${id}`,
    });
  });
  return getSession(ctx, actor, id);
}

export async function listSessions(ctx: ServiceContext, actor: Actor, branchId: string) {
  const branch = await branchFor(ctx.db, actor, branchId, 'canvass.organise');
  const rows = await repo.sessionsWithin(ctx.db, branch.path);
  return {
    sessions: rows.map((r) => ({
      ...r,
      startsAt: new Date(r.startsAt).toISOString(),
      endsAt: new Date(r.endsAt).toISOString(),
      cancelledAt: r.cancelledAt === null ? null : new Date(r.cancelledAt).toISOString(),
    })),
  };
}

/** The public page: what, when, where and how many are going; never who. */
export async function publicSession(ctx: ServiceContext, id: string) {
  const row = await sessionRow(ctx.db, id);
  const going = await repo.countSignups(ctx.db, id);
  return {
    ...presentPublic(row),
    going,
    open: row.session.endsAt.getTime() > Date.now() && row.session.cancelledAt === null,
  };
}

/**
 * Anyone signs up with a name, an email and (if they like) a phone; the same email twice is one sign-up.
 * The answer is the same either way, so nobody can learn from the page whether an address had signed up
 * (that someone canvasses for a party is political opinion): a repeat gets a mail saying they already
 * are, instead of a second confirmation.
 */
export async function signUp(
  ctx: ServiceContext,
  id: string,
  body: { name: string; email: string; phone?: string | undefined; language?: Language | undefined },
  memberId: string | null = null,
) {
  const row = await sessionRow(ctx.db, id);
  if (row.session.endsAt.getTime() < Date.now())
    throw new AppError('SESSION_OVER', 'This canvass session is over');
  if (row.session.cancelledAt) throw new AppError('SESSION_CANCELLED', 'This canvass session was cancelled');
  await ctx.db.transaction(async (tx) => {
    const inserted = await repo.insertSignup(tx, {
      id: newId(),
      sessionId: id,
      memberId,
      name: body.name,
      email: body.email,
      phone: body.phone ?? null,
      language: body.language ?? null,
    });
    // Each address gets a few such mails an hour at most, whoever asks (a public page must not become a
    // way to flood someone's inbox); the answer to the request is the same either way.
    const budget = await useBudget(tx, `signup-mail|${emailKey(ctx.config.authSecret, body.email)}`, 3600);
    if (budget.used > SIGNUP_MAILS_PER_HOUR) return;
    await queueMail(
      tx,
      sessionMail(
        inserted ? 'session_signed_up' : 'session_already_signed_up',
        row.session,
        { memberId, email: body.email, language: body.language ?? null },
        inserted ? body.name : null,
      ),
    );
  });
  return { signedUp: true, ...(await publicSession(ctx, id)) };
}

/**
 * A mail about a session to someone signed up to it. A member's goes to the address the party holds for
 * them, in their language, and stops if they are erased; anyone else's to the address they gave, in the
 * language of the page they signed up on. `name` greets them (only when they gave it themselves).
 */
function sessionMail(
  kind: 'session_signed_up' | 'session_already_signed_up' | 'session_reminder',
  session: { id: string; title: string; startsAt: Date; meetingPoint: string },
  to: { memberId: string | null; email: string; language: Language | null },
  name: string | null,
) {
  return {
    kind,
    params: {
      session: session.id,
      title: session.title,
      startsAt: session.startsAt.toISOString(),
      meetingPoint: session.meetingPoint,
      ...(name === null ? {} : { name }),
    },
    link: `/s/${session.id}`,
    ...(to.memberId ? { memberId: to.memberId } : { toAddress: to.email, language: to.language }),
  };
}

/** Confirmation mails one address may be sent from sign-ups in an hour. */
export const SIGNUP_MAILS_PER_HOUR = 10;

/** A signed-in member signs up in one tap, with the name and email the party holds. */
export async function signUpMember(ctx: ServiceContext, actor: Actor, id: string) {
  const me = await memberById(ctx.db, actor.memberId);
  if (!me?.email)
    throw new AppError('VALIDATION_FAILED', 'Add an email to your profile to sign up', [
      { field: 'email', message: 'is missing' },
    ]);
  return signUp(ctx, id, { name: me.name, email: me.email }, me.id);
}

/** RFC 5545 text: backslash, semicolon, comma and line breaks escaped. */
const icsText = (s: string) => s.replace(/[\\;,]/g, (c) => `\\${c}`).replace(/\r?\n/g, '\\n');
const icsTime = (d: Date) =>
  d
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');

/** The session as a calendar file (.ics) anyone can add to their calendar; a cancelled one says so. */
export async function sessionCalendar(ctx: ServiceContext, id: string): Promise<string> {
  const { session, branch } = await sessionRow(ctx.db, id);
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Broadchurch//Canvass sessions//EN',
    'METHOD:PUBLISH',
    'BEGIN:VEVENT',
    `UID:${session.id}@broadchurch`,
    `DTSTAMP:${icsTime(new Date())}`,
    `DTSTART:${icsTime(session.startsAt)}`,
    `DTEND:${icsTime(session.endsAt)}`,
    `SUMMARY:${icsText(session.title)}`,
    `LOCATION:${icsText(session.meetingPoint)}`,
    `DESCRIPTION:${icsText(`Canvassing with ${branch}. ${ctx.config.publicUrl}/s/${session.id}`)}`,
    `STATUS:${session.cancelledAt ? 'CANCELLED' : 'CONFIRMED'}`,
    'END:VEVENT',
    'END:VCALENDAR',
  ];
  return `${lines.join('\r\n')}\r\n`;
}

/** Sessions a member can sign up to: upcoming ones of the branches they belong to. */
export async function upcomingForMember(ctx: ServiceContext, actor: Actor) {
  const prefixes = ancestorPaths(actor.homeWardPath);
  if (prefixes.length === 0) return { sessions: [] };
  const rows = await repo.upcomingAt(ctx.db, actor.memberId, prefixes);
  return { sessions: rows.map((r) => ({ ...presentPublic(r), signedUp: r.mine !== null })) };
}

/**
 * Queues a reminder for everyone signed up to a session starting within `hours`, once each: the claim and
 * the queued mail are one transaction, so a reminder is never marked done without its mail waiting to go.
 */
export async function sendReminders(db: Db, hours: number, now = new Date()) {
  const due = await repo.dueReminders(db, now, new Date(now.getTime() + hours * 3_600_000));
  let sent = 0;
  for (const { signup, session } of due) {
    const queued = await db.transaction(async (tx) => {
      // Claimed first, so two processes never remind the same person twice.
      if (!(await repo.claimReminder(tx, signup.id, now))) return false;
      await queueMail(tx, sessionMail('session_reminder', session, signup, signup.name));
      return true;
    });
    if (queued) sent++;
  }
  return { sent };
}
