/** The platform's own endpoints: liveness, readiness, and what the sign-in page may say about this instance. */
import { z } from 'zod';

export const health = z.object({ ok: z.literal(true) });
export const ready = z.object({ ok: z.literal(true), database: z.literal('reachable') });

/** A background job that has failed: tried again after a pause (nextTry), or given up (nextTry null). */
export const failingJob = z.object({
  id: z.string(),
  task: z.string(),
  attempts: z.number().int(),
  maxAttempts: z.number().int(),
  lastError: z.string(),
  nextTry: z.iso.datetime().nullable(),
});
export const failingJobs = z.object({ jobs: z.array(failingJob) });
export const jobParams = z.object({ id: z.string().min(1).max(100) });
export const jobRetried = z.object({ id: z.string(), retried: z.literal(true) });
export const instance = z.object({
  /** Demo content is loaded: the sign-in page may say which addresses to try. */
  demo: z.boolean(),
  /** Mail goes to the development outbox (loopback only). */
  outbox: z.boolean(),
});
export type Instance = z.infer<typeof instance>;
