/** When the retention job last ran (`retention_runs`). */
import { desc } from 'drizzle-orm';
import type { Executor } from '../db/client.ts';
import { retentionRuns } from '../db/schema/index.ts';

export async function lastRetentionRunAt(db: Executor): Promise<Date | null> {
  const [last] = await db
    .select({ ranAt: retentionRuns.ranAt })
    .from(retentionRuns)
    .orderBy(desc(retentionRuns.ranAt))
    .limit(1);
  return last?.ranAt ?? null;
}
