/**
 * The background work's queue. Each task (tasks.ts) is a job that, once done, queues its own next run;
 * a run that fails is tried again after a growing pause, and the jobs that are failing are listed for the
 * admin (the dead-letter view), who can ask for another try at once.
 *
 * On server PostgreSQL the queue is graphile-worker's, in the database: any number of worker processes
 * share it (each job runs in one of them), a queued job wakes them through LISTEN/NOTIFY, each task's next
 * run is one job (its job key), and an API process reads the failing jobs from the same tables. On PGlite
 * (one process) the same tasks run on timers in the process, with the same retries, and the failing ones
 * are known to that process.
 */
import { Logger, run, type Runner, type TaskList } from 'graphile-worker';
import type { ServiceContext } from '../lib/context.ts';
import type { Log } from '../lib/log.ts';
import { safeErrorText } from '../lib/safe-log.ts';
import { TASKS, type Task } from './tasks.ts';

/** Tries of a failing run before it is given up (the pause grows to e^10 s, about six hours, and stays). */
export const MAX_ATTEMPTS = 25;
/** graphile-worker's schema. */
export const SCHEMA = 'graphile_worker';

/** A job that has failed: trying again after a pause, or given up. */
export interface FailingJob {
  id: string;
  task: string;
  attempts: number;
  maxAttempts: number;
  lastError: string;
  /** When it is tried next (null: given up). */
  nextTry: string | null;
}

/** A started queue: its stop waits for the runs under way. */
export interface JobQueue {
  stop(): Promise<void>;
}

/** What this process holds of the queue: the embedded one, when the process runs it (PGlite). */
export class JobsMemory {
  embedded: EmbeddedJobs | null = null;
}

declare module '../lib/process-state.ts' {
  interface ProcessState {
    jobs: JobsMemory;
  }
}

/** The pause before try `attempt` + 1, in ms: graphile-worker's own (e^min(attempt, 10) seconds). */
export const retryPauseMs = (attempt: number): number => Math.round(Math.exp(Math.min(attempt, 10)) * 1000);

/** Starts the queue's worker on server PostgreSQL (graphile-worker), the tasks of `tasks`. */
export async function startGraphileQueue(
  ctx: ServiceContext,
  connectionString: string,
  log: Log,
  tasks: readonly Task[] = TASKS,
): Promise<JobQueue> {
  const taskList: TaskList = {};
  for (const task of tasks) {
    taskList[task.name] = async (_payload, helpers) => {
      // What the queue keeps of a failure is what the logs may show: no query parameters, no addresses.
      await task.run(ctx).catch((err: unknown) => {
        throw new Error(safeErrorText(err));
      });
      // The next run: a job of its own, under the task's key (one per task, however many workers).
      await helpers.addJob(
        task.name,
        {},
        { jobKey: task.name, runAt: new Date(Date.now() + task.everyMs), maxAttempts: MAX_ATTEMPTS },
      );
    };
  }
  const logger = new Logger(() => (level, message) => {
    if (level === 'error') log(`job queue: ${message}`);
  });
  const runner: Runner = await run({
    connectionString,
    schema: SCHEMA,
    taskList,
    concurrency: 2,
    maxPoolSize: 4,
    noHandleSignals: true,
    // New jobs arrive by LISTEN/NOTIFY; the poll only catches jobs falling due.
    pollInterval: 1_000,
    logger,
  });
  for (const task of tasks) {
    // Kept as queued if another worker has queued it already; a failing one is tried again from now.
    await runner.addJob(
      task.name,
      {},
      {
        jobKey: task.name,
        jobKeyMode: 'preserve_run_at',
        runAt: new Date(Date.now() + (task.firstAfterMs ?? 0)),
        maxAttempts: MAX_ATTEMPTS,
      },
    );
  }
  return { stop: () => runner.stop() };
}

/** A task's state in the embedded queue. */
interface Embedded {
  task: Task;
  attempts: number;
  lastError: string | null;
  nextAt: number;
  timer: NodeJS.Timeout | null;
  running: Promise<void> | null;
}

/** The failing jobs and the retry of the process's embedded queue (PGlite), for the dead-letter view. */
export interface EmbeddedJobs {
  failing(): FailingJob[];
  retry(id: string): boolean;
}

/** Starts the same tasks on timers in this process (PGlite: the database belongs to this process alone). */
export function startEmbeddedQueue(
  ctx: ServiceContext,
  log: Log,
  tasks: readonly Task[] = TASKS,
): JobQueue & EmbeddedJobs {
  let stopped = false;
  const states = new Map<string, Embedded>();
  const schedule = (s: Embedded, inMs: number) => {
    if (stopped) return;
    if (s.timer) clearTimeout(s.timer);
    s.nextAt = Date.now() + inMs;
    s.timer = setTimeout(() => void runOnce(s), inMs);
    s.timer.unref();
  };
  const runOnce = async (s: Embedded) => {
    s.timer = null;
    if (s.running || stopped) return;
    s.running = (async () => {
      try {
        await s.task.run(ctx);
        s.attempts = 0;
        s.lastError = null;
        schedule(s, s.task.everyMs);
      } catch (err) {
        s.attempts++;
        s.lastError = safeErrorText(err);
        log(`job ${s.task.name} failed (try ${s.attempts})`, err);
        if (s.attempts < MAX_ATTEMPTS) schedule(s, retryPauseMs(s.attempts));
      }
    })();
    await s.running;
    s.running = null;
  };
  for (const task of tasks) {
    const s: Embedded = { task, attempts: 0, lastError: null, nextAt: 0, timer: null, running: null };
    states.set(task.name, s);
    schedule(s, task.firstAfterMs ?? 0);
  }
  return {
    failing: () =>
      [...states.values()]
        .filter((s) => s.lastError !== null)
        .map((s) => ({
          id: s.task.name,
          task: s.task.name,
          attempts: s.attempts,
          maxAttempts: MAX_ATTEMPTS,
          lastError: s.lastError ?? '',
          nextTry: s.timer ? new Date(s.nextAt).toISOString() : null,
        })),
    retry: (id) => {
      const s = states.get(id);
      if (!s || s.lastError === null) return false;
      if (s.attempts >= MAX_ATTEMPTS) s.attempts = 0;
      schedule(s, 0);
      return true;
    },
    stop: async () => {
      stopped = true;
      for (const s of states.values()) if (s.timer) clearTimeout(s.timer);
      await Promise.all([...states.values()].map((s) => s.running ?? Promise.resolve()));
    },
  };
}
