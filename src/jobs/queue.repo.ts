/** The failing jobs in graphile-worker's tables, and another try of one (the dead-letter view's queries). */
import { sql } from 'drizzle-orm';
import { queryRows, type Executor } from '../db/client.ts';
import { SCHEMA, type FailingJob } from './queue.ts';

/** The failing jobs in graphile-worker's tables (none while no worker has made them). */
export async function failingGraphileJobs(db: Executor): Promise<FailingJob[]> {
  const [made] = await queryRows<{ made: boolean }>(
    db,
    sql`select to_regclass(${`${SCHEMA}.jobs`}) is not null as made`,
  );
  if (!made?.made) return [];
  const rows = await queryRows<{
    id: string;
    task_identifier: string;
    attempts: number;
    max_attempts: number;
    last_error: string | null;
    run_at: Date | string;
  }>(
    db,
    sql`select id::text, task_identifier, attempts, max_attempts, last_error, run_at
        from graphile_worker.jobs where last_error is not null order by updated_at desc limit 200`,
  );
  return rows.map((r) => ({
    id: r.id,
    task: r.task_identifier,
    attempts: r.attempts,
    maxAttempts: r.max_attempts,
    lastError: firstLine(r.last_error ?? ''),
    nextTry: r.attempts >= r.max_attempts ? null : new Date(r.run_at).toISOString(),
  }));
}

/** Asks for another try of a failing job now; false if there is no such job. */
export async function retryGraphileJob(db: Executor, id: string): Promise<boolean> {
  if (!/^\d{1,18}$/.test(id)) return false;
  const rows = await queryRows<{ id: string }>(
    db,
    sql`select id::text from graphile_worker.reschedule_jobs(
          array[${id}::bigint], run_at := now(), attempts := 0::smallint)`,
  );
  return rows.length > 0;
}

/** An error's first line: a stack or a query's parameters never reach the view. */
const firstLine = (text: string): string => (text.split('\n')[0] ?? '').slice(0, 500);
