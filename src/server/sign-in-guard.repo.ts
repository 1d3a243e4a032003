/** The sign-in guard's own query (its budgets are in core/budgets.repo.ts). */
import { eq } from 'drizzle-orm';
import type { Executor } from '../db/client.ts';
import { members, user } from '../db/schema/index.ts';

/** The account this (normalised) email belongs to, if any, and its member (whose language mail is in). */
export async function accountOf(db: Executor, email: string): Promise<{ memberId: string | null } | null> {
  const rows = await db
    .select({ memberId: members.id })
    .from(user)
    .leftJoin(members, eq(members.userId, user.id))
    .where(eq(user.email, email))
    .limit(1);
  return rows[0] ?? null;
}
