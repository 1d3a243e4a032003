/** Invitations, found only by the hash of their token. */
import { and, eq, isNull } from 'drizzle-orm';
import type { Executor } from '../db/client.ts';
import { invitations } from '../db/schema/index.ts';
import type { Audited } from '../core/audited.ts';

export type InvitationRow = typeof invitations.$inferSelect;

export async function insertInvitation(db: Audited, row: typeof invitations.$inferInsert): Promise<void> {
  await db.insert(invitations).values(row);
}

export async function invitationByTokenHash(
  db: Executor,
  tokenHash: string,
): Promise<InvitationRow | undefined> {
  const [row] = await db.select().from(invitations).where(eq(invitations.tokenHash, tokenHash)).limit(1);
  return row;
}

/** Marks an invitation accepted; false if it already was (so a double submission accepts only once). */
export async function claimInvitation(tx: Executor, id: string): Promise<boolean> {
  const claimed = await tx
    .update(invitations)
    .set({ acceptedAt: new Date(), acceptedMemberId: null })
    .where(and(eq(invitations.id, id), isNull(invitations.acceptedAt)))
    .returning({ id: invitations.id });
  return claimed.length > 0;
}

export async function linkAcceptedMember(tx: Executor, id: string, memberId: string): Promise<void> {
  await tx.update(invitations).set({ acceptedMemberId: memberId }).where(eq(invitations.id, id));
}
