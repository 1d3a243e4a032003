/** Canvass sessions: the sessions, their walks and who signed up, and the reminders' claims. */
import { and, asc, count, eq, gt, inArray, isNull, lte, sql } from 'drizzle-orm';
import { naturalOrder, queryRows, type Db, type Executor } from '../db/client.ts';
import { branches, canvassSessions, sessionSignups, sessionWalks, walks } from '../db/schema/index.ts';
import { branchIdWithin } from '../core/branch-tree.repo.ts';

/** Which of these walk ids are walks of the branch at `branchPath` or below it. */
export async function walksWithin(db: Db, walkIds: string[], branchPath: string): Promise<Set<string>> {
  const found = await queryRows<{ id: string }>(
    db,
    sql`select w.id from walks w
        where w.id in (${sql.join(
          walkIds.map((id) => sql`${id}::uuid`),
          sql`, `,
        )}) and ${branchIdWithin(sql`w.branch_id`, branchPath)}`,
  );
  return new Set(found.map((w) => w.id));
}

export async function insertSession(
  db: Db,
  session: typeof canvassSessions.$inferInsert & { id: string },
  walkIds: string[],
): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.insert(canvassSessions).values(session);
    if (walkIds.length > 0)
      await tx
        .insert(sessionWalks)
        .values([...new Set(walkIds)].map((walkId) => ({ sessionId: session.id, walkId })));
  });
}

/** A session with its branch's name and path, or undefined. */
export async function sessionRow(db: Db, id: string) {
  const [row] = await db
    .select({ session: canvassSessions, branch: branches.name, path: branches.path })
    .from(canvassSessions)
    .innerJoin(branches, eq(branches.id, canvassSessions.branchId))
    .where(eq(canvassSessions.id, id));
  return row;
}
export type SessionRow = NonNullable<Awaited<ReturnType<typeof sessionRow>>>;

export const sessionWalksOf = (db: Db, sessionId: string) =>
  db
    .select({ id: walks.id, name: walks.name, doors: walks.doors })
    .from(sessionWalks)
    .innerJoin(walks, eq(walks.id, sessionWalks.walkId))
    .where(eq(sessionWalks.sessionId, sessionId))
    .orderBy(naturalOrder(sql`${walks.name}`));

export const signupsOf = (db: Db, sessionId: string) =>
  db
    .select({
      id: sessionSignups.id,
      name: sessionSignups.name,
      email: sessionSignups.email,
      phone: sessionSignups.phone,
      memberId: sessionSignups.memberId,
      remindedAt: sessionSignups.remindedAt,
    })
    .from(sessionSignups)
    .where(eq(sessionSignups.sessionId, sessionId))
    .orderBy(asc(sessionSignups.createdAt));

/** Sessions of a branch and below that ended less than 30 days ago or are still to come, with counts. */
export const sessionsWithin = async (db: Db, branchPath: string) =>
  queryRows<{
    id: string;
    title: string;
    startsAt: Date;
    endsAt: Date;
    meetingPoint: string;
    cancelledAt: Date | string | null;
    signups: number;
    walks: number;
  }>(
    db,
    sql`select s.id, s.title, s.starts_at as "startsAt", s.ends_at as "endsAt", s.meeting_point as "meetingPoint",
          s.cancelled_at as "cancelledAt",
          (select count(*)::int from session_signups u where u.session_id = s.id) as signups,
          (select count(*)::int from session_walks w where w.session_id = s.id) as walks
        from canvass_sessions s
        where ${branchIdWithin(sql`s.branch_id`, branchPath)} and s.ends_at > now() - interval '30 days'
        order by s.starts_at`,
  );

export async function countSignups(db: Db, sessionId: string): Promise<number> {
  const [n] = await db
    .select({ n: count() })
    .from(sessionSignups)
    .where(eq(sessionSignups.sessionId, sessionId));
  return n?.n ?? 0;
}

/** Adds a sign-up; false if this email had already signed up to the session. */
export async function insertSignup(
  db: Executor,
  signup: typeof sessionSignups.$inferInsert,
): Promise<boolean> {
  const inserted = await db
    .insert(sessionSignups)
    .values(signup)
    .onConflictDoNothing()
    .returning({ id: sessionSignups.id });
  return inserted.length > 0;
}

/** Up to 10 sessions still to end at branches with these paths, and whether the member signed up. */
export const upcomingAt = (db: Db, memberId: string, branchPaths: string[]) =>
  db
    .select({ session: canvassSessions, branch: branches.name, path: branches.path, mine: sessionSignups.id })
    .from(canvassSessions)
    .innerJoin(branches, eq(branches.id, canvassSessions.branchId))
    .leftJoin(
      sessionSignups,
      and(eq(sessionSignups.sessionId, canvassSessions.id), eq(sessionSignups.memberId, memberId)),
    )
    .where(
      and(
        inArray(branches.path, branchPaths),
        gt(canvassSessions.endsAt, new Date()),
        isNull(canvassSessions.cancelledAt),
      ),
    )
    .orderBy(asc(canvassSessions.startsAt))
    .limit(10);

/** Up to 500 sign-ups not yet reminded, to sessions starting after `now` and before `until`. */
export const dueReminders = (db: Db, now: Date, until: Date) =>
  db
    .select({ signup: sessionSignups, session: canvassSessions })
    .from(sessionSignups)
    .innerJoin(canvassSessions, eq(canvassSessions.id, sessionSignups.sessionId))
    .where(
      and(
        isNull(sessionSignups.remindedAt),
        isNull(canvassSessions.cancelledAt),
        gt(canvassSessions.startsAt, now),
        lte(canvassSessions.startsAt, until),
      ),
    )
    .limit(500);

/** Marks a sign-up reminded; false if another process already did (so nobody is reminded twice). */
export async function claimReminder(db: Executor, signupId: string, now: Date): Promise<boolean> {
  const claimed = await db
    .update(sessionSignups)
    .set({ remindedAt: now })
    .where(and(eq(sessionSignups.id, signupId), isNull(sessionSignups.remindedAt)))
    .returning({ id: sessionSignups.id });
  return claimed.length > 0;
}

/** Changes a session's title, times or meeting point. */
export async function updateSession(
  db: Executor,
  id: string,
  set: Partial<Pick<typeof canvassSessions.$inferInsert, 'title' | 'startsAt' | 'endsAt' | 'meetingPoint'>>,
): Promise<void> {
  await db.update(canvassSessions).set(set).where(eq(canvassSessions.id, id));
}

/** Cancels a session; false if it was cancelled already. */
export async function cancelSession(db: Executor, id: string): Promise<boolean> {
  const rows = await db
    .update(canvassSessions)
    .set({ cancelledAt: sql`now()` })
    .where(and(eq(canvassSessions.id, id), isNull(canvassSessions.cancelledAt)))
    .returning({ id: canvassSessions.id });
  return rows.length > 0;
}
