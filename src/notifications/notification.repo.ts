/**
 * Notifications' SQL: fan-outs written by requests and expanded by the job (one statement per fan-out,
 * whatever the audience's size), the in-app list, preferences, and the mail queue's claims.
 */
import { and, desc, eq, inArray, isNull, lte, sql, type SQL } from 'drizzle-orm';
import { queryRows, type Executor } from '../db/client.ts';
import {
  mailQueue,
  members,
  notificationFanouts,
  notificationPreferences,
  notifications,
  type Audience,
  type NotificationParams,
} from '../db/schema/index.ts';
import type {
  Language,
  MailKind,
  NotificationChannel,
  NotificationKind,
  NotificationTopic,
} from '../contract/vocabulary.ts';

export interface NewFanout {
  id: string;
  kind: NotificationKind;
  audience: Audience;
  params: NotificationParams;
  link: string;
}

export async function insertFanout(db: Executor, row: NewFanout & { dueAt?: Date }): Promise<void> {
  await db.insert(notificationFanouts).values(row);
}

/** The oldest fan-out not yet expanded that no other process holds, locked until the transaction ends. */
export async function claimFanout(tx: Executor): Promise<NewFanout | null> {
  const [row] = await tx
    .select({
      id: notificationFanouts.id,
      kind: notificationFanouts.kind,
      audience: notificationFanouts.audience,
      params: notificationFanouts.params,
      link: notificationFanouts.link,
    })
    .from(notificationFanouts)
    .where(and(isNull(notificationFanouts.expandedAt), lte(notificationFanouts.dueAt, sql`now()`)))
    .orderBy(notificationFanouts.dueAt)
    .limit(1)
    .for('update', { skipLocked: true });
  return row ?? null;
}

/** Who an audience is: members (by id) and, for a session's public sign-ups, bare addresses. */
function recipients(a: Audience): SQL {
  switch (a.type) {
    case 'branch':
      return sql`select m.id as member_id, null::text as to_address, null::text as language
        from members m join branches w on w.id = m.home_ward_id
        where w.path like (select path from branches where id = ${a.branchId}) || '%'
          and m.status = 'active' ${a.except ? sql`and m.id <> ${a.except}` : sql``}`;
    case 'ballot':
      return sql`select e.member_id, null::text as to_address, null::text as language
        from ballot_electorate e join members m on m.id = e.member_id and m.status in ('active', 'lapsed')
        where e.ballot_id = ${a.ballotId}
        ${
          a.notVoted
            ? sql`and not exists (select 1 from ballot_voters v
                    where v.ballot_id = e.ballot_id and v.member_id = e.member_id)`
            : sql``
        }`;
    case 'election':
      return sql`select e.member_id, null::text as to_address, null::text as language
        from election_electorate e join members m on m.id = e.member_id and m.status in ('active', 'lapsed')
        where e.election_id = ${a.electionId}`;
    case 'session':
      return sql`select su.member_id, case when su.member_id is null then su.email end as to_address,
          su.language
        from session_signups su where su.session_id = ${a.sessionId}`;
    case 'member':
      return sql`select m.id as member_id, null::text as to_address, null::text as language
        from members m where m.id = ${a.memberId} and m.status <> 'erased'`;
  }
}

/**
 * Writes the notifications (everyone whose choice for the topic is not "off") and queues the mail (those
 * whose choice is mail and who have an address) of one fan-out, and marks it expanded.
 */
export async function expandFanout(
  tx: Executor,
  f: NewFanout,
  topic: NotificationTopic,
): Promise<{ told: number; mailed: number }> {
  const params = JSON.stringify(f.params);
  const [counts] = await queryRows<{ told: number; mailed: number }>(
    tx,
    sql`with r as (${recipients(f.audience)}),
      c as (
        select r.member_id, r.to_address, r.language, coalesce(p.channel, 'mail') as channel
        from r left join notification_preferences p on p.member_id = r.member_id and p.topic = ${topic}
      ),
      n as (
        insert into notifications (id, member_id, fanout_id, kind, params, link)
        select gen_random_uuid(), c.member_id, ${f.id}, ${f.kind}, ${params}::jsonb, ${f.link}
        from c where c.member_id is not null and c.channel <> 'off'
        returning 1
      ),
      q as (
        insert into mail_queue (id, member_id, to_address, fanout_id, kind, params, link, language)
        select gen_random_uuid(), c.member_id, c.to_address, ${f.id}, ${f.kind}, ${params}::jsonb, ${f.link},
          c.language
        from c
        where c.channel = 'mail'
          and (c.to_address is not null
               or exists (select 1 from members m where m.id = c.member_id and m.email is not null))
        returning 1
      )
      select (select count(*) from n)::int as told, (select count(*) from q)::int as mailed`,
  );
  const result = { told: counts?.told ?? 0, mailed: counts?.mailed ?? 0 };
  await tx
    .update(notificationFanouts)
    .set({ expandedAt: sql`now()`, recipients: result.told + result.mailed })
    .where(eq(notificationFanouts.id, f.id));
  return result;
}

export async function listFor(db: Executor, memberId: string, limit: number) {
  return db
    .select({
      id: notifications.id,
      kind: notifications.kind,
      params: notifications.params,
      link: notifications.link,
      createdAt: notifications.createdAt,
      readAt: notifications.readAt,
    })
    .from(notifications)
    .where(eq(notifications.memberId, memberId))
    .orderBy(desc(notifications.createdAt), desc(notifications.id))
    .limit(limit);
}

export async function unreadCount(db: Executor, memberId: string): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(notifications)
    .where(and(eq(notifications.memberId, memberId), isNull(notifications.readAt)));
  return row?.n ?? 0;
}

/** Marks a member's own notifications read (those given, or all). */
export async function markRead(db: Executor, memberId: string, ids: string[] | undefined): Promise<void> {
  await db
    .update(notifications)
    .set({ readAt: sql`now()` })
    .where(
      and(
        eq(notifications.memberId, memberId),
        isNull(notifications.readAt),
        ids ? inArray(notifications.id, ids) : undefined,
      ),
    );
}

export async function preferencesOf(db: Executor, memberId: string) {
  return db
    .select({ topic: notificationPreferences.topic, channel: notificationPreferences.channel })
    .from(notificationPreferences)
    .where(eq(notificationPreferences.memberId, memberId));
}

export async function setPreference(
  db: Executor,
  memberId: string,
  topic: NotificationTopic,
  channel: NotificationChannel,
): Promise<void> {
  await db
    .insert(notificationPreferences)
    .values({ memberId, topic, channel })
    .onConflictDoUpdate({
      target: [notificationPreferences.memberId, notificationPreferences.topic],
      set: { channel, updatedAt: sql`now()` },
    });
}

export interface ClaimedMail {
  id: string;
  memberId: string | null;
  toAddress: string | null;
  kind: MailKind;
  params: NotificationParams;
  link: string;
  language: Language | null;
  attempts: number;
}

/**
 * Claims up to `limit` mails that are due and that no other process holds, for `leaseSeconds`: a process
 * that dies while sending lets its claims lapse, and another takes them up.
 */
export async function claimMail(db: Executor, limit: number, leaseSeconds: number): Promise<ClaimedMail[]> {
  const rows = await queryRows<{
    id: string;
    member_id: string | null;
    to_address: string | null;
    kind: MailKind;
    params: NotificationParams | string;
    link: string;
    language: Language | null;
    attempts: number;
    due_at: string | Date;
    created_at: string | Date;
  }>(
    db,
    sql`update mail_queue q
        set claimed_until = now() + make_interval(secs => ${leaseSeconds}), attempts = q.attempts + 1
        where q.id in (
          select id from mail_queue
          where sent_at is null and failed_at is null and due_at <= now()
            and (claimed_until is null or claimed_until < now())
          order by due_at limit ${limit}
          for update skip locked)
        returning q.id, q.member_id, q.to_address, q.kind, q.params, q.link, q.language, q.attempts,
          q.due_at, q.created_at`,
  );
  // An UPDATE returns its rows in no set order: mail goes out in the order it became due.
  const at = (d: string | Date) => new Date(d).getTime();
  rows.sort((a, b) => at(a.due_at) - at(b.due_at) || at(a.created_at) - at(b.created_at));
  return rows.map((r) => ({
    id: r.id,
    memberId: r.member_id,
    toAddress: r.to_address,
    kind: r.kind,
    params: typeof r.params === 'string' ? (JSON.parse(r.params) as NotificationParams) : r.params,
    link: r.link,
    language: r.language,
    attempts: r.attempts,
  }));
}

/**
 * Queues one mail that answers what someone did (a sign-up, say), in the caller's transaction: it goes out
 * with the rest of the queue, retried until sent, so a slow or failing mail server never fails the request.
 */
export async function queueMail(
  db: Executor,
  m: {
    kind: MailKind;
    params: NotificationParams;
    link: string;
    memberId?: string | null;
    toAddress?: string | null;
    language?: Language | null;
  },
): Promise<void> {
  await db.insert(mailQueue).values({
    id: crypto.randomUUID(),
    memberId: m.memberId ?? null,
    toAddress: m.toAddress ?? null,
    kind: m.kind,
    params: m.params,
    link: m.link,
    language: m.language ?? null,
  });
}

/** The names and addresses of the members some mail is for, read as it is sent. */
export async function contactsOf(db: Executor, ids: string[]) {
  if (ids.length === 0) return [];
  return db
    .select({ id: members.id, name: members.name, email: members.email, language: members.language })
    .from(members)
    .where(and(inArray(members.id, ids), sql`${members.status} <> 'erased'`));
}

export async function markSent(db: Executor, id: string): Promise<void> {
  await db
    .update(mailQueue)
    .set({ sentAt: sql`now()`, claimedUntil: null, lastError: null })
    .where(eq(mailQueue.id, id));
}

/** A failed try: again after `retryInSeconds`, or given up (`retryInSeconds` null). */
export async function markFailed(
  db: Executor,
  id: string,
  error: string,
  retryInSeconds: number | null,
): Promise<void> {
  await db
    .update(mailQueue)
    .set(
      retryInSeconds === null
        ? { failedAt: sql`now()`, claimedUntil: null, lastError: error }
        : {
            dueAt: sql`now() + make_interval(secs => ${retryInSeconds})`,
            claimedUntil: null,
            lastError: error,
          },
    )
    .where(eq(mailQueue.id, id));
}

/** How much mail waits, is sent and has failed (for the health of the queue, and tests). */
export async function queueCounts(db: Executor) {
  const [row] = await queryRows<{ waiting: number; sent: number; failed: number }>(
    db,
    sql`select count(*) filter (where sent_at is null and failed_at is null)::int as waiting,
               count(*) filter (where sent_at is not null)::int as sent,
               count(*) filter (where failed_at is not null)::int as failed
        from ${mailQueue}`,
  );
  return {
    waiting: row?.waiting ?? 0,
    sent: row?.sent ?? 0,
    failed: row?.failed ?? 0,
  };
}

export async function pendingFanouts(db: Executor): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(notificationFanouts)
    .where(isNull(notificationFanouts.expandedAt));
  return row?.n ?? 0;
}
