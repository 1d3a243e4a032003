/** Better Auth's tables, handed to its Drizzle adapter, and the one query its hooks make. */
import { drizzleAdapter } from 'better-auth/adapters/drizzle';
import { eq } from 'drizzle-orm';
import type { Db, Executor } from './client.ts';
import { account, members, passkey, session, user, verification, type MemberStatus } from './schema/index.ts';

export const authAdapter = (db: Db) =>
  drizzleAdapter(db, { provider: 'pg', schema: { user, session, account, verification, passkey } });

/** The status of the member a sign-in (Better Auth's user) belongs to, or null. */
export async function memberStatusOfUser(db: Executor, userId: string): Promise<MemberStatus | null> {
  const rows = await db
    .select({ status: members.status })
    .from(members)
    .where(eq(members.userId, userId))
    .limit(1);
  return rows[0]?.status ?? null;
}
