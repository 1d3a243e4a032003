/** The development mail outbox (`mail_outbox`): mail stored instead of sent, newest first when read. */
import { desc, eq } from 'drizzle-orm';
import type { Executor } from '../db/client.ts';
import { mailOutbox } from '../db/schema/index.ts';
import { newId } from './ids.ts';

export async function storeMail(
  db: Executor,
  mail: { to: string; subject: string; text: string; headers?: Record<string, string> },
): Promise<void> {
  await db.insert(mailOutbox).values({ id: newId(), ...mail, headers: mail.headers ?? {} });
}

/** The latest mail (to one address, when given). */
export async function latestMail(db: Executor, to: string | undefined, limit: number) {
  return db
    .select()
    .from(mailOutbox)
    .where(to ? eq(mailOutbox.to, to) : undefined)
    .orderBy(desc(mailOutbox.createdAt), desc(mailOutbox.id))
    .limit(limit);
}
