/** The sign-in guard's own query (its budgets are in core/budgets.repo.ts). */
import { eq } from 'drizzle-orm';
import type { Executor } from '../db/client.ts';
import { user } from '../db/schema/index.ts';

/** Does this (normalised) email belong to an account? */
export async function hasAccount(db: Executor, email: string): Promise<boolean> {
  const rows = await db.select({ id: user.id }).from(user).where(eq(user.email, email)).limit(1);
  return rows.length > 0;
}
