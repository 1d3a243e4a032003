/** The retention job's deletions and its log (`retention_runs`). */
import { desc, sql } from 'drizzle-orm';
import { queryRows, type Executor } from '../db/client.ts';
import { retentionRuns } from '../db/schema/index.ts';

export async function lastRetentionRunAt(db: Executor): Promise<Date | null> {
  const [last] = await db
    .select({ ranAt: retentionRuns.ranAt })
    .from(retentionRuns)
    .orderBy(desc(retentionRuns.ranAt))
    .limit(1);
  return last?.ranAt ?? null;
}

/** Deletes canvass records made before `cutoff` and sign-ups to sessions that ended before it. */
export async function deleteBefore(tx: Executor, cutoff: Date) {
  const records = await queryRows<{ id: string }>(
    tx,
    sql`delete from canvass_records where made_at < ${cutoff.toISOString()} returning id`,
  );
  const signups = await queryRows<{ id: string }>(
    tx,
    sql`delete from session_signups s using canvass_sessions c
        where c.id = s.session_id and c.ends_at < ${cutoff.toISOString()} returning s.id`,
  );
  return { canvassRecords: records.length, signups: signups.length };
}

export async function logRetentionRun(tx: Executor, run: typeof retentionRuns.$inferInsert): Promise<void> {
  await tx.insert(retentionRuns).values(run);
}

export const recentRetentionRuns = (db: Executor) =>
  db.select().from(retentionRuns).orderBy(desc(retentionRuns.ranAt)).limit(10);
